import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// Parsed expressions by where they are written, kept per file: a rebuild puts in the tables of
/// the files it did not parse again as they are, without parsing them again (a source's hash is
/// worked out once, when it is made, so adding them to the table of all files costs little).
public struct ExpressionTable: Sendable {
    private var byFile: [String: [ExpressionSource: Rules.Expression]] = [:]
    /// Every file's expressions in one table, for the lookups of every stamp and condition of
    /// every page: one hash of the source (worked out when it was made), not one of its file
    /// name as well.
    private var all: [ExpressionSource: Rules.Expression] = [:]

    /// An empty table.
    public init() {}

    /// The parsed expression written at `source`, if it parsed.
    public subscript(source: ExpressionSource) -> Rules.Expression? {
        all[source]
    }

    /// The first expression written in `file`, by line and column, for which `test` holds.
    func first(in file: String, where test: (Rules.Expression) -> Bool) -> ExpressionSource? {
        byFile[file]?.filter { test($0.value) }.keys.min {
            ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
        }
    }

    /// The first expression for which `test` holds, by file name, then line and column.
    func first(where test: (Rules.Expression) -> Bool) -> ExpressionSource? {
        for file in byFile.keys.sorted() {
            if let source = first(in: file, where: test) { return source }
        }
        return nil
    }

    /// Every parsed expression, in no particular order.
    public var values: [Rules.Expression] { byFile.values.flatMap(\.values) }

    /// `parsed` split by file, ready for ``add(_:)``.
    static func grouped(_ parsed: [ExpressionSource: Rules.Expression]) -> [String: [ExpressionSource: Rules.Expression]] {
        var grouped: [String: [ExpressionSource: Rules.Expression]] = [:]
        for (source, expression) in parsed { grouped[source.location.file, default: [:]][source] = expression }
        return grouped
    }

    /// Adds tables made by ``grouped(_:)``; where a place is there already, the first stays.
    mutating func add(_ grouped: [String: [ExpressionSource: Rules.Expression]]) {
        for (file, table) in grouped {
            if byFile[file] == nil { byFile[file] = table } else { byFile[file]!.merge(table) { first, _ in first } }
            all.merge(table) { first, _ in first }
        }
    }

    /// Adds `parsed`; where a place is there already, the first stays.
    mutating func merge(_ parsed: [ExpressionSource: Rules.Expression]) {
        add(Self.grouped(parsed))
    }
}

import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// Parsed expressions by where they are written, kept per file: a rebuild puts in the tables of
/// the files it did not parse again as they are, without hashing every expression again.
public struct ExpressionTable: Sendable {
    private var byFile: [String: [ExpressionSource: Rules.Expression]] = [:]

    /// An empty table.
    public init() {}

    /// The parsed expression written at `source`, if it parsed.
    public subscript(source: ExpressionSource) -> Rules.Expression? {
        byFile[source.location.file]?[source]
    }

    /// The first expression written in `file`, by line and column, for which `test` holds.
    func first(in file: String, where test: (Rules.Expression) -> Bool) -> ExpressionSource? {
        byFile[file]?.filter { test($0.value) }.keys.min {
            ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
        }
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
        }
    }

    /// Adds `parsed`; where a place is there already, the first stays.
    mutating func merge(_ parsed: [ExpressionSource: Rules.Expression]) {
        add(Self.grouped(parsed))
    }
}

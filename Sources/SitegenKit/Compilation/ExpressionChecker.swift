import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// Parses and type-checks each directive expression once, and remembers the result.
struct ExpressionChecker {
    let rules: RulesLibrary
    let formats: [String: String]
    /// Whether `formats` are site.yml's own; when site.yml could not be read, a named format is
    /// not reported as unknown, since the file's error says why.
    let formatsKnown: Bool
    /// Formats site.yml names with a pattern reported there as wrong (not reported again).
    let brokenFormats: Set<String>
    private(set) var parsed: [ExpressionSource: Rules.Expression] = [:]
    private var checked: Set<ExpressionSource> = []

    init(rules: RulesLibrary, formats: [String: String], formatsKnown: Bool = true, brokenFormats: Set<String> = []) {
        self.rules = rules
        self.formats = formats
        self.formatsKnown = formatsKnown
        self.brokenFormats = brokenFormats
    }

    mutating func check(_ document: DirectiveDocument, diagnostics: inout [Diagnostic]) {
        document.forEachNode { node in
            switch node {
            case .stamp(let stamp):
                guard let type = check(stamp.expression, diagnostics: &diagnostics) else { return }
                if type == .bool {
                    diagnostics.append(ExpressionProblem.stampBool(at: parsed[stamp.expression]?.range ?? stamp.expression.range))
                }
                if let format = stamp.format {
                    if type != .date {
                        diagnostics.append(ExpressionProblem.formatType(type, at: stamp.range))
                    } else if case .pattern(let pattern) = format, let problem = DateStamper.patternProblem(pattern) {
                        diagnostics.append(ExpressionProblem.dateFormat(problem, at: stamp.range))
                    } else if case .named(let name) = format, formats[name] == nil, formatsKnown, !brokenFormats.contains(name) {
                        diagnostics.append(ExpressionProblem.unknownFormat(name, formats: formats.keys.sorted(), at: stamp.range))
                    }
                }
            case .conditional(let branches, _):
                for branch in branches {
                    guard let condition = branch.condition, let type = check(condition, diagnostics: &diagnostics) else { continue }
                    if type != .bool {
                        diagnostics.append(ExpressionProblem.conditionType(type, at: parsed[condition]?.range ?? condition.range))
                    }
                }
            default:
                break
            }
        }
    }

    /// Parses and checks one expression; `nil` if it has errors.
    private mutating func check(_ source: ExpressionSource, diagnostics: inout [Diagnostic]) -> ValueType? {
        guard !checked.contains(source) else { return nil }
        checked.insert(source)
        guard let expression = ExpressionParser.parse(source.text, at: source.location, diagnostics: &diagnostics) else {
            return nil
        }
        parsed[source] = expression
        return rules.typeCheck(expression, diagnostics: &diagnostics)
    }

    /// The rule and fact names a document's expressions use, in every branch.
    func names(in document: DirectiveDocument) -> Set<String> {
        ExpressionChecker.names(in: document, parsed: parsed, rules: rules)
    }

    /// The names a document uses, looking its expressions up in `table`.
    static func names(in document: DirectiveDocument, parsed table: ExpressionTable, rules: RulesLibrary) -> Set<String> {
        names(in: document, lookup: { table[$0] }, rules: rules)
    }

    /// The names a document uses, looking its expressions up in `parsed`.
    static func names(
        in document: DirectiveDocument, parsed: [ExpressionSource: Rules.Expression], rules: RulesLibrary
    ) -> Set<String> {
        names(in: document, lookup: { parsed[$0] }, rules: rules)
    }

    /// The names a document uses, looking its expressions up with `lookup`.
    static func names(
        in document: DirectiveDocument, lookup parsed: (ExpressionSource) -> Rules.Expression?, rules: RulesLibrary
    ) -> Set<String> {
        var names: Set<String> = []
        document.forEachNode { node in
            switch node {
            case .stamp(let stamp):
                if let expression = parsed(stamp.expression) { names.formUnion(rules.names(in: expression)) }
            case .conditional(let branches, _):
                for condition in branches.compactMap(\.condition) {
                    if let expression = parsed(condition) { names.formUnion(rules.names(in: expression)) }
                }
            default:
                break
            }
        }
        return names
    }
}

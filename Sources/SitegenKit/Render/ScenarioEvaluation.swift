import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// Evaluates one page's directives for one scenario: conditions pick branches, stamps become
/// tokens that the Markdown tree pass swaps for their text (README.md, "Directives").
struct ScenarioEvaluation: DirectiveContext {
    /// What a token stands for.
    enum TokenValue: Sendable {
        case stamp(text: String, date: CivilDate?, source: ExpressionSource)
        case step(label: String, range: SourceRange)
        case ref(label: String, range: SourceRange)
    }

    /// What evaluation reads of the checked site, kept apart rather than the whole site: an
    /// evaluation is made for every page body and title, and copying the site's dozen tables
    /// into each counted a reference for every one of them.
    private let expressions: ExpressionTable
    private let partialDocuments: [String: DirectiveDocument]
    let environment: Environment
    let stamper: DateStamper
    /// Whether stamps give their text directly (titles) instead of tokens (Markdown bodies).
    let plainText: Bool
    /// Whether a stamp's token reads to Markdown like the text it stands for (a Markdown body
    /// about to be parsed), rather than as a bare token that is looked up in the expanded text.
    var matchesText = false
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var tokens: [TokenValue] = []
    /// Which branch each conditional took, for `sitegen explain`.
    private(set) var decisions: [BranchDecision] = []
    /// The expression of every stamp met, in order, whatever its value: which facts a page
    /// writes follows from its stamps' expressions (``ScenarioCase/stamped``).
    private(set) var everyStamp: [ExpressionSource] = []

    init(checked: CheckedSite, environment: Environment, stamper: DateStamper, plainText: Bool = false) {
        expressions = checked.expressions
        partialDocuments = checked.partialDocuments
        self.environment = environment
        self.stamper = stamper
        self.plainText = plainText
    }

    mutating func condition(_ expression: ExpressionSource) -> Bool? {
        guard let value = evaluate(expression) else { return nil }
        guard case .bool(let holds) = value else { return nil }
        decisions.append(BranchDecision(condition: expression, value: holds))
        return holds
    }

    mutating func stamp(_ stamp: Stamp) -> String {
        everyStamp.append(stamp.expression)
        guard let value = evaluate(stamp.expression) else { return "" }
        let text: String
        do {
            text = try stamper.stampText(value, format: stamp.format)
        } catch {
            diagnostics.append(RenderProblem.stamp(error, at: stamp.range))
            return ""
        }
        if plainText { return text }
        // An empty value stands for nothing, and nothing is what Markdown must see: any token
        // would read as a word to the emphasis rules around it.
        if matchesText && text.isEmpty { return "" }
        let shown = InlineToken.neutralize(text)
        var date: CivilDate?
        if case .date(let day) = value { date = day }
        return token(.stamp(text: shown, date: date, source: stamp.expression), standingFor: shown)
    }

    mutating func step(_ label: String, range: SourceRange) -> String {
        guard !plainText else {
            diagnostics.append(RenderProblem.stepPlace(reference: false, at: range))
            return ""
        }
        return token(.step(label: label, range: range))
    }

    mutating func ref(_ label: String, range: SourceRange) -> String {
        guard !plainText else {
            diagnostics.append(RenderProblem.stepPlace(reference: true, at: range))
            return ""
        }
        return token(.ref(label: label, range: range))
    }

    mutating func partial(_ name: String, range: SourceRange) -> DirectiveDocument? {
        if let problem = CheckedSite.partialNameProblem(name) {
            diagnostics.append(RenderProblem.includeOutside(problem, at: range))
            return nil
        }
        guard let document = partialDocuments[name] else {
            diagnostics.append(RenderProblem.includeMissing(name, at: range))
            return nil
        }
        return document
    }

    private mutating func token(_ value: TokenValue, standingFor text: String? = nil) -> String {
        tokens.append(value)
        if matchesText, let text { return InlineToken.make(tokens.count - 1, standingFor: text) }
        return InlineToken.make(tokens.count - 1)
    }

    private mutating func evaluate(_ source: ExpressionSource) -> Value? {
        // Expressions that did not parse or check were reported in the check phase.
        guard let expression = expressions[source] else { return nil }
        do throws(EvaluationError) {
            return try environment.evaluate(expression)
        } catch {
            diagnostics.append(error.diagnostic)
            return nil
        }
    }
}

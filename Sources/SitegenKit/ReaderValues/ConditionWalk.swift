import Diagnostics
import Directives
import Foundation
import Rules

/// Evaluates only the conditions of a text, so that its decisions and diagnostics are the
/// conditions' own: the case a scenario stands for, without writing the page.
struct ConditionWalk: DirectiveContext {
    var inner: ScenarioEvaluation
    /// The expressions of the stamps in the kept branches, in order. They are not evaluated:
    /// which facts a page writes follows from the expressions alone, and formatting every
    /// stamp of every scenario twice (here and on its page) was a tenth of a build's time.
    private(set) var stamped: [ExpressionSource] = []

    /// The decisions of `document` (a guide's body, with its partials) for `environment`.
    static func decisions(
        of document: DirectiveDocument, checked: CheckedSite, environment: Environment, stamper: DateStamper
    ) -> ConditionWalk {
        var walk = ConditionWalk(inner: ScenarioEvaluation(checked: checked, environment: environment, stamper: stamper))
        var ignored: [Diagnostic] = []
        var expander = DirectiveExpander()
        // Only the branches taken are wanted: building the page's text here would be done again
        // by the page itself.
        expander.keepsText = false
        _ = expander.expand(document, context: &walk, diagnostics: &ignored)
        return walk
    }

    mutating func condition(_ expression: ExpressionSource) -> Bool? { inner.condition(expression) }
    mutating func stamp(_ stamp: Stamp) -> String {
        stamped.append(stamp.expression)
        return ""
    }
    mutating func step(_ label: String, range: SourceRange) -> String { "" }
    mutating func ref(_ label: String, range: SourceRange) -> String { "" }
    mutating func partial(_ name: String, range: SourceRange) -> DirectiveDocument? { inner.partial(name, range: range) }
}

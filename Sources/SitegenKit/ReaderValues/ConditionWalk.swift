import Diagnostics
import Directives
import Foundation
import Rules

/// Evaluates only the conditions of a text, so that its decisions and diagnostics are the
/// conditions' own: the case a scenario stands for, without writing the page.
struct ConditionWalk: DirectiveContext {
    var inner: ScenarioEvaluation

    /// The decisions of `document` (a guide's body, with its partials) for `environment`.
    static func decisions(
        of document: DirectiveDocument, checked: CheckedSite, environment: Environment, stamper: DateStamper
    ) -> ConditionWalk {
        var walk = ConditionWalk(inner: ScenarioEvaluation(checked: checked, environment: environment, stamper: stamper))
        var ignored: [Diagnostic] = []
        _ = DirectiveExpander().expand(document, context: &walk, diagnostics: &ignored)
        return walk
    }

    mutating func condition(_ expression: ExpressionSource) -> Bool? { inner.condition(expression) }
    mutating func stamp(_ stamp: Stamp) -> String { "" }
    mutating func step(_ label: String, range: SourceRange) -> String { "" }
    mutating func ref(_ label: String, range: SourceRange) -> String { "" }
    mutating func partial(_ name: String, range: SourceRange) -> DirectiveDocument? { inner.partial(name, range: range) }
}

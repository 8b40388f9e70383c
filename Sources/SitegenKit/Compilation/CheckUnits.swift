import Diagnostics
import Directives
import Foundation
import Rules

/// A guide's parsed title, description and body.
struct GuideDocuments: Sendable {
    var body: DirectiveDocument
    var title: DirectiveDocument
    var description: DirectiveDocument
}

/// A file's directive expressions, parsed and type-checked, and the names they use.
struct CheckedExpressions: Sendable {
    var parsed: [String: [ExpressionSource: Rules.Expression]]
    var names: Set<String>
}

/// The scenarios of one scenario file that name one guide, in file order.
struct ScenarioGroup: Sendable {
    var guide: String
    var scenarios: [ScenarioDeclaration]
}

/// A scenario group resolved against its guide's facts, with the problems found doing so; no
/// scenarios when the group names a guide the site lacks (reported when the results are taken).
struct ResolvedGroup: Sendable {
    var group: ScenarioGroup
    var scenarios: [ResolvedScenario]?
    var diagnostics: [Diagnostic]
}

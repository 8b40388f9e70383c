import Diagnostics
import Rules

/// The problems of the check stage that are not a document's or an expression's own: how
/// guides, steps and scenarios refer to each other.
enum ContentProblem {
    /// A `ref` names a step that no branch of its guide has.
    static func unknownStepReference(_ label: String, guide: String, steps: [String], at range: SourceRange) -> Diagnostic {
        var message = "no step of guide '\(guide)' is named '\(label)'"
        if let suggestion = Suggestion.closest(to: label, among: Set(steps)) {
            message += "; did you mean '\(suggestion)'?"
        } else if !steps.isEmpty {
            message += " (steps: \(steps.joined(separator: ", ")))"
        }
        return .error("step.unknown-ref", message, at: range)
    }

    /// A scenario names a guide that does not exist.
    static func unknownGuide(_ slug: String, scenario: ScenarioDeclaration, guides: [String]) -> Diagnostic {
        .error(
            "scenario.unknown-guide",
            "scenario '\(scenario.id)' is for guide '\(slug)', which does not exist (guides: \(guides.joined(separator: ", ")))",
            at: scenario.idRange)
    }

    /// A guide without scenarios uses facts that have no default.
    static func noScenarios(guide: Guide, facts: [String]) -> Diagnostic {
        .error(
            "guide.no-scenarios",
            "guide '\(guide.slug)' uses facts \(facts.joined(separator: ", ")) but no scenario is given for it in Content/scenarios/",
            at: SourceRange(guide.titleLocation))
    }

    /// A table wider than ``TableWidth/maximumColumns``, at its delimiter row.
    static func tableTooWide(columns: Int, at location: SourceLocation) -> Diagnostic {
        .error(
            "guide.table-too-wide",
            "this table has \(columns) columns, more than the \(TableWidth.maximumColumns) a table may have; split it into narrower tables",
            at: location)
    }
}

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

    /// Scenarios of one file name a guide that does not exist: one error, at the first of
    /// them, with a note naming them all.
    static func unknownGuide(_ slug: String, scenarios: [ScenarioDeclaration], guides: [String]) -> Diagnostic {
        let suggestion = Suggestion.closest(to: slug, among: guides).map { "; did you mean '\($0)'?" } ?? ""
        let ids = scenarios.map(\.id)
        let noun = ids.count == 1 ? "scenario '\(ids[0])' is" : "the scenarios of this file are"
        var diagnostic = Diagnostic.error(
            "scenario.unknown-guide",
            "\(noun) for guide '\(slug)', which does not exist\(suggestion) (guides: \(guides.joined(separator: ", ")))",
            at: scenarios.first?.idRange)
        if ids.count > 1 {
            let named = ids.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            diagnostic.notes.append(.init("the file's scenarios: \(named)" + (ids.count > 5 ? " and \(ids.count - 5) more" : "")))
        }
        return diagnostic
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

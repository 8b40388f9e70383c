import Diagnostics
import Foundation
import Rules

/// What `sitegen explain` prints: a scenario's facts and the values of the rules its guide uses,
/// and the branch each directive took, each with its file and line (SPEC §12).
public enum Explainer {
    /// The explanation, or the problems that prevented it.
    public static func explain(
        guide slug: String, scenario id: String, options: BuildOptions
    ) -> (text: String, diagnostics: [Diagnostic], sources: SourceFiles) {
        var diagnostics: [Diagnostic] = []
        let site = Site.load(root: options.root, diagnostics: &diagnostics)
        let checked = CheckedSite.check(site, diagnostics: &diagnostics)
        guard !diagnostics.containsErrors else { return ("", diagnostics.sortedForDisplay(), site.sources) }
        guard let guide = site.guides.first(where: { $0.slug == slug }) else {
            let known = site.guides.map(\.slug).joined(separator: ", ")
            return ("", [Diagnostic(.error, "explain.unknown-guide", "no guide '\(slug)' (guides: \(known))", file: nil)], site.sources)
        }
        let scenarios = checked.scenarios[slug, default: []]
        guard let scenario = scenarios.first(where: { $0.id == id }) else {
            let known = scenarios.map(\.id).joined(separator: ", ")
            return ("", [Diagnostic(.error, "explain.unknown-scenario", "guide '\(slug)' has no scenario '\(id)' (scenarios: \(known))", file: nil)], site.sources)
        }
        guard let today = Today.resolve(asOf: options.asOf, timeZone: site.configuration.timeZone) else {
            return ("", [Diagnostic(.error, "build.as-of", "--as-of is not a valid date", file: nil)], site.sources)
        }
        let environment = site.rules.environment(for: scenario, today: today)
        let renderer = PageRenderer(checked: checked, plan: BuildPlan(checked: checked), today: today)
        var text = "guide \(slug) (\(guide.path)), scenario \(id) (\(scenario.declaration.file):\(scenario.declaration.idRange.start.line))\n"
        text += "today: \(today.isoString)\n\nfacts:\n"
        let given = Dictionary(scenario.declaration.facts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let needed = Set(checked.requiredFacts[slug, default: []])
        for (name, value) in environment.factValues where needed.contains(name) {
            let place = given[name].map { "\($0.valueRange.start.file):\($0.valueRange.start.line)" }
                ?? site.rules.facts[name].map { "default, \($0.range.start.file):\($0.range.start.line)" } ?? ""
            text += "  \(name) = \(display(value, renderer.stamper))    \(place)\n"
        }
        text += "\nrules:\n"
        // Only the rules this guide's page reaches: a library shared by many guides would
        // otherwise bury them among rules the page never evaluates.
        let used = site.rules.reachableNames(from: checked.guideNames[slug, default: []])
        for (name, value) in environment.ruleValues where used.contains(name) {
            let place = site.rules.rules[name].map { "\($0.range.start.file):\($0.range.start.line)" } ?? ""
            text += "  \(name) = \(display(value, renderer.stamper))    \(place)\n"
        }
        var pageDiagnostics: [Diagnostic] = []
        let body = ScenarioBodyRenderer(checked: checked, stamper: renderer.stamper, options: renderer.markdownOptions)
            .render(guide: guide, environment: environment, scenarioID: id, diagnostics: &pageDiagnostics)
        text += "\nbranches:\n"
        for decision in body.decisions {
            let location = decision.condition.location
            text += "  \(location.file):\(location.line): \(decision.condition.text.trimmingCharacters(in: .whitespaces)) → \(decision.value ? "taken" : "not taken")\n"
        }
        return (text, pageDiagnostics.sortedForDisplay(), site.sources)
    }

    private static func display(_ value: Value, _ stamper: DateStamper) -> String {
        switch value {
        case .date(let date): "\(date.isoString) (\((try? stamper.stampText(value, format: nil)) ?? ""))"
        case .choice(_, let key, let label): "\(key) (\(label))"
        case .bool(let flag): flag ? "true" : "false"
        case .string(let text): "\"\(text)\""
        default: (try? stamper.stampText(value, format: nil)) ?? "\(value)"
        }
    }
}

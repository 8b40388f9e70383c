import Diagnostics
import Foundation
import Rules

/// What `sitegen explain` prints: a scenario's facts and the values of the rules its guide uses,
/// and the branch each directive took, each with its file and line (README.md, "Commands").
public enum Explainer {
    /// The explanation, or the problems that prevented it.
    public static func explain(
        guide slug: String, scenario id: String, options: BuildOptions
    ) -> (text: String, diagnostics: [Diagnostic], sources: SourceFiles) {
        let compilation = SiteCompilation.compile(options.compilation, through: .check)
        let site = compilation.site
        guard compilation.succeeded(through: .check) else { return ("", compilation.sortedDiagnostics, site.sources) }
        guard let guide = compilation.guide(slug) else {
            return ("", [CompilationProblem.unknownGuide(slug, known: site.guides.map(\.slug), in: .explain)], site.sources)
        }
        let scenarios = compilation.scenarios(ofGuide: slug)
        guard let scenario = scenarios.first(where: { $0.id == id }) else {
            return ("", [CompilationProblem.unknownScenario(id, guide: slug, known: scenarios.map(\.id), in: .explain)], site.sources)
        }
        compilation.run(through: .date)
        guard compilation.succeeded(through: .date) else { return ("", compilation.sortedDiagnostics, site.sources) }
        var pageDiagnostics: [Diagnostic] = []
        let text = explanation(of: scenario, guide: guide, compilation: compilation, diagnostics: &pageDiagnostics)
        return (text, Array(Set(pageDiagnostics)).sortedForDisplay(), site.sources)
    }

    /// The text of the explanation; the body's problems go to `diagnostics`.
    private static func explanation(
        of scenario: ResolvedScenario, guide: Guide, compilation: SiteCompilation, diagnostics: inout [Diagnostic]
    ) -> String {
        let site = compilation.site
        let slug = guide.slug
        let today = compilation.today
        let stamper = compilation.stamper
        let environment = compilation.environment(for: scenario)
        var text =
            "guide \(slug) (\(guide.path)), scenario \(scenario.id) (\(scenario.declaration.file):\(scenario.declaration.idRange.start.line))\n"
        text += "today: \(today.isoString)\n\nfacts:\n"
        let given = Dictionary(scenario.declaration.facts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let needed = Set(compilation.requiredFacts(ofGuide: slug))
        for (name, value) in environment.factValues where needed.contains(name) {
            let place =
                given[name].map { "\($0.valueRange.start.file):\($0.valueRange.start.line)" }
                ?? site.rules.facts[name].map { "default, \($0.range.start.file):\($0.range.start.line)" } ?? ""
            text += "  \(name) = \(display(value, stamper))    \(place)\n"
        }
        text += "\nrules:\n"
        // Only the rules this guide's page reaches: a library shared by many guides would
        // otherwise bury them among rules the page never evaluates.
        let used = site.rules.reachableNames(from: compilation.checked.guideNames[slug, default: []])
        for (name, value) in environment.ruleValues where used.contains(name) {
            let place = site.rules.rules[name].map { "\($0.range.start.file):\($0.range.start.line)" } ?? ""
            text += "  \(name) = \(display(value, stamper))    \(place)\n"
        }
        // The body is rendered as its page renders it, for the problems a page would have.
        _ = ScenarioBodyRenderer(checked: compilation.checked, stamper: stamper, options: compilation.markdownOptions)
            .render(guide: guide, environment: environment, scenarioID: scenario.id, diagnostics: &diagnostics)
        text += "\nbranches:\n"
        for decision in compilation.scenarioCase(of: scenario, guide: slug, environment: environment).decisions {
            let location = decision.condition.location
            text +=
                "  \(location.file):\(location.line): \(decision.condition.text.trimmingCharacters(in: .whitespaces)) → \(decision.value ? "taken" : "not taken")\n"
        }
        return text
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

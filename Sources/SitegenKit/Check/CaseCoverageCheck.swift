import Diagnostics
import Directives
import Foundation
import Rules

/// Two scenarios of a guide that are the same case, and every reachable case that no scenario
/// has (``CaseExplorer``).
enum CaseCoverageCheck {
    /// A scenario's case: its decisions by expression number, and their key.
    private struct Signature {
        var id: String
        var range: SourceRange
        var decisions: [Int: Bool]
        var key: [Int]
    }

    /// The situations no scenario's page serves, each with a warning. The guides are explored on
    /// `jobs` threads (exploring is nearly all of `check`'s time on a large site); what each
    /// found is reported in the order of the guides, whatever the order they finished in.
    static func run(_ compilation: SiteCompilation, jobs: Int = 1, diagnostics: inout [Diagnostic]) -> [UncoveredCase] {
        let guides = compilation.site.guides.filter { guide in
            !compilation.scenarios(ofGuide: guide.slug).isEmpty && compilation.checked.guideDocuments[guide.slug] != nil
        }
        let explored = explore(guides, compilation: compilation, jobs: jobs)
        var uncovered: [UncoveredCase] = []
        for (guide, (data, outcome)) in zip(guides, explored) {
            let signatures = self.signatures(
                of: compilation.scenarios(ofGuide: guide.slug), guide: guide.slug, data: data, compilation: compilation,
                diagnostics: &diagnostics)
            uncovered += uncoveredCases(
                of: guide, data: data, outcome: outcome, signatures: signatures, compilation: compilation, diagnostics: &diagnostics)
        }
        return uncovered
    }

    /// Each guide's rules data and exploration, in the order of `guides`, worked out on up to
    /// `jobs` threads.
    static func explore(
        _ guides: [Guide], compilation: SiteCompilation, jobs: Int
    ) -> [(data: GuideRulesData, outcome: CaseExplorer.Outcome)] {
        let checked = compilation.checked
        let today = compilation.today
        // The rules numbered once for every guide.
        let evaluator = IncrementalEvaluator(library: checked.site.rules, today: today)
        return ResultSlots.map(count: guides.count, jobs: jobs) { index in
            let data = GuideRulesData(checked: checked, guide: guides[index].slug)
            let outcome = CaseExplorer(checked: checked, guide: guides[index].slug, data: data, today: today, evaluator: evaluator)
                .explore()
            return (data, outcome)
        }
    }

    /// Each scenario's case, the build's own decisions numbered as the page's evaluator numbers
    /// them; warns of two scenarios with the same case.
    private static func signatures(
        of scenarios: [ResolvedScenario], guide slug: String, data: GuideRulesData, compilation: SiteCompilation,
        diagnostics: inout [Diagnostic]
    ) -> [Signature] {
        var signatures: [Signature] = []
        var byKey: [[Int]: Int] = [:]
        for scenario in scenarios {
            let decisions = compilation.scenarioCase(of: scenario, guide: slug).decisions.compactMap { decision in
                data.expressionNumber(of: decision.condition).map { ($0, decision.value) }
            }
            let key = decisions.flatMap { [$0.0, $0.1 ? 1 : 0] }
            if let first = byKey[key] {
                diagnostics.append(
                    CheckWarning.sameCase(
                        signatures[first].id, scenario.id, guide: slug, at: scenario.declaration.idRange, first: signatures[first].range))
            } else {
                byKey[key] = signatures.count
            }
            signatures.append(
                Signature(
                    id: scenario.id, range: scenario.declaration.idRange, decisions: Dictionary(decisions, uniquingKeysWith: { $1 }),
                    key: key))
        }
        return signatures
    }

    /// The cases readers can reach that no signature has, each with a warning at the first
    /// condition it decides differently from the nearest scenario.
    private static func uncoveredCases(
        of guide: Guide, data: GuideRulesData, outcome: CaseExplorer.Outcome, signatures: [Signature], compilation: SiteCompilation,
        diagnostics: inout [Diagnostic]
    ) -> [UncoveredCase] {
        if outcome.incomplete {
            diagnostics.append(CheckWarning.casesIncomplete(guide: guide))
        }
        let known = Set(signatures.map(\.key))
        let sources = data.expressionSources
        var uncovered: [UncoveredCase] = []
        for found in outcome.cases {
            let key = found.decisions.flatMap { [$0.0, $0.1 ? 1 : 0] }
            guard !known.contains(key) else { continue }
            // The nearest scenario: the most decisions in common.
            let nearest = signatures.max { a, b in
                found.decisions.filter { a.decisions[$0.0] == $0.1 }.count < found.decisions.filter { b.decisions[$0.0] == $0.1 }.count
            }
            let differing = found.decisions.filter { nearest?.decisions[$0.0] != $0.1 }
            let example = found.example.map { "\($0.fact): \($0.text)" }.joined(separator: ", ")
            let notes = differing.map { condition, value in
                CheckWarning.differenceNote(takes: value, unlike: nearest?.id, at: sources[condition].range)
            }
            let place = differing.first.map { sources[$0.0].range } ?? SourceRange(guide.titleLocation)
            diagnostics.append(CheckWarning.uncoveredCase(guide: guide.slug, example: example, at: place, notes: notes))
            uncovered.append(
                UncoveredCase(
                    guide: guide.slug, example: Dictionary(found.example.map { ($0.fact, $0.text) }, uniquingKeysWith: { $1 }),
                    differs: differing.map { "\(sources[$0.0].range.start) \($0.1)" }, nearest: nearest?.id))
        }
        return uncovered
    }
}

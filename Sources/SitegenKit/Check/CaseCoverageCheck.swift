import Diagnostics
import Directives
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

    /// The situations no scenario's page serves, each with a warning.
    static func run(_ compilation: SiteCompilation, diagnostics: inout [Diagnostic]) -> [UncoveredCase] {
        var uncovered: [UncoveredCase] = []
        for guide in compilation.site.guides {
            let scenarios = compilation.scenarios(ofGuide: guide.slug)
            guard !scenarios.isEmpty, compilation.checked.guideDocuments[guide.slug] != nil else { continue }
            let data = GuideRulesData(checked: compilation.checked, guide: guide.slug)
            let signatures = self.signatures(
                of: scenarios, guide: guide.slug, data: data, compilation: compilation, diagnostics: &diagnostics)
            uncovered += uncoveredCases(
                of: guide, data: data, signatures: signatures, compilation: compilation, diagnostics: &diagnostics)
        }
        return uncovered
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
        of guide: Guide, data: GuideRulesData, signatures: [Signature], compilation: SiteCompilation, diagnostics: inout [Diagnostic]
    ) -> [UncoveredCase] {
        let outcome = CaseExplorer(checked: compilation.checked, guide: guide.slug, data: data, today: compilation.today).explore()
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

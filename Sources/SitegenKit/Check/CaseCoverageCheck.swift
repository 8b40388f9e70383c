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
            let facts = scenarioFacts(of: found.example, guide: guide, compilation: compilation)
            let example = facts.map { "\($0.fact): \($0.text)" }.joined(separator: ", ")
            let notes = differing.map { condition, value in
                CheckWarning.differenceNote(takes: value, unlike: nearest?.id, at: sources[condition].range)
            }
            let place = differing.first.map { sources[$0.0].range } ?? SourceRange(guide.titleLocation)
            diagnostics.append(CheckWarning.uncoveredCase(guide: guide.slug, example: example, at: place, notes: notes))
            uncovered.append(
                UncoveredCase(
                    guide: guide.slug, example: Dictionary(facts.map { ($0.fact, $0.text) }, uniquingKeysWith: { $1 }),
                    differs: differing.map { "\(sources[$0.0].range.start) \($0.1)" }, nearest: nearest?.id))
        }
        return uncovered
    }

    /// The facts a scenario of the case gives, from `example` (the facts exploring chose to
    /// reach it): a fact that does not apply in that situation is left out, as a scenario must
    /// leave it, and each fact the guide needs there that exploring never chose (no condition
    /// of the case reads it) is added after the others with a value of its type, which decides
    /// nothing in this case: the date of the check, the first choice, `false`, `0`. Pasted into a
    /// scenario file, the facts make a scenario `check` accepts.
    static func scenarioFacts(
        of example: [(fact: String, text: String)], guide: Guide, compilation: SiteCompilation
    ) -> [(fact: String, text: String)] {
        let rules = compilation.checked.site.rules
        let required = compilation.requiredFacts(ofGuide: guide.slug)
        var facts = example
        let declaration = guide.factlessScenario
        // Each round adds or removes facts that apply or not given the ones before; a fact's
        // applies_when reads other facts, so a fact added can make another apply.
        for _ in 0...required.count {
            var values: [String: Value] = [:]
            for (fact, text) in facts { values[fact] = rules.factValue(text, for: fact) }
            let environment = rules.environment(
                for: ResolvedScenario(declaration: declaration, givenFacts: values), today: compilation.today)
            var changed = false
            for name in required {
                guard let fact = rules.facts[name] else { continue }
                var applies = true
                if let condition = fact.appliesWhen {
                    // Undecided (it reads a fact not given yet): known in a later round.
                    guard case .bool(let holds) = try? environment.evaluate(condition) else { continue }
                    applies = holds
                }
                let given = facts.contains { $0.fact == name }
                if !applies && given {
                    facts.removeAll { $0.fact == name }
                    changed = true
                } else if applies && !given && fact.defaultExpression == nil, let text = placeholder(for: fact, today: compilation.today) {
                    facts.append((name, text))
                    changed = true
                }
            }
            if !changed { break }
        }
        return facts
    }

    /// A value of `fact`'s type, as a scenario file writes it.
    private static func placeholder(for fact: FactDeclaration, today: CivilDate) -> String? {
        switch fact.type {
        case .bool: "false"
        case .int: "0"
        case .date: today.isoString
        case .choice: fact.choices.first?.key
        case .string: "\"\""
        default: nil
        }
    }
}

import Diagnostics
import Directives
import Foundation
import Rules
import SeededRandom
import Testing

@testable import SitegenKit

/// For random situations over each sample guide, the case a reader is in (the branch decisions
/// the build takes for their facts) is either a scenario's — the page the picker opens — or one
/// of the cases `check` reports as served by no page. So `check`'s exploration misses no case
/// that random readers reach. (That the picker's walk in the page gives the same decisions as
/// the build is EvaluatorDifferentialTests'.)
@Suite struct CaseExplorationPropertyTests {
    @Test(arguments: ["switch-to-external-certificate", "move-certificate-to-new-server", "check-contract"])
    func everyReachedCaseIsAScenarioOrReported(_ slug: String) throws {
        let checked = try EvaluatorDifferentialTests.checkedSite(root: SampleContentTests.root)
        let today = CivilDate(iso: "2026-01-15")!
        let data = GuideRulesData(checked: checked, guide: slug)
        let rules = checked.site.rules
        let configuration = checked.site.configuration
        let stamper = DateStamper(language: configuration.language, timeZone: configuration.timeZone, formats: configuration.dateFormats)
        let body = try #require(checked.guideDocuments[slug])
        func signature(_ environment: Environment) -> (key: [Int], failed: Bool) {
            let walk = ConditionWalk.decisions(of: body, checked: checked, environment: environment, stamper: stamper)
            let key = walk.inner.decisions.flatMap { decision -> [Int] in
                guard let number = data.expressionNumber(of: decision.condition) else { return [] }
                return [number, decision.value ? 1 : 0]
            }
            return (key, !walk.inner.diagnostics.isEmpty)
        }
        var known: Set<[Int]> = []
        for scenario in checked.scenarios[slug, default: []] {
            known.insert(signature(rules.environment(for: scenario, today: today)).key)
        }
        let explored = CaseExplorer(checked: checked, guide: slug, data: data, today: today).explore()
        #expect(!explored.incomplete)
        for found in explored.cases { known.insert(found.decisions.flatMap { [$0.0, $0.1 ? 1 : 0] }) }

        var generator = SeededGenerator(seed: UInt64(slug.utf8.count) &* 31)
        let facts = rules.factNames.filter(data.reachable.contains)
        var missed: [String] = []
        var reached = 0
        for _ in 0..<3_000 {
            var given: [String: Value] = [:]
            for name in facts {
                guard let fact = rules.facts[name] else { continue }
                if fact.defaultExpression != nil, Bool.random(using: &generator) { continue }
                if let value = rules.factValue(FactTexts.random(for: fact, using: &generator), for: name) { given[name] = value }
            }
            let declaration = ScenarioDeclaration(
                id: "random", idRange: SourceRange(SourceLocation(file: "random", line: 1, column: 1)), guides: [slug], title: nil,
                titleLocation: nil, facts: [], file: "random")
            let environment = rules.environment(for: ResolvedScenario(declaration: declaration, givenFacts: given), today: today)
            let (key, failed) = signature(environment)
            // A situation missing a fact some condition needs is not a case yet; one whose rules
            // fail (a business day outside the calendar) is reported by the build.
            guard !failed else { continue }
            reached += 1
            if !known.contains(key), missed.count < 5 {
                missed.append(given.sorted { $0.key < $1.key }.map { "\($0.key)=\(Picker.key(of: $0.value))" }.joined(separator: " "))
            }
        }
        #expect(reached > 500, "too few complete situations: \(reached)")
        #expect(missed.isEmpty, "cases neither a scenario's nor reported by check: \(missed)")
    }
}

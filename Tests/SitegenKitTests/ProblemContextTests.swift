import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// An error says what it affects and why: a ref to a removed step once for all the scenarios
/// whose pages lack it, a missing fact with the rule that needs it.
@Suite struct ProblemContextTests {
    func errors(_ site: FixtureSite) -> [Diagnostic] {
        Builder.build(BuildOptions(root: site.root, jobs: 2, asOf: "2026-02-20"), into: MemoryOutput()).diagnostics
            .filter { $0.severity == .error }
    }

    /// The scenario site with guide `g` holding a step only cloud scenarios keep and a ref to it,
    /// and the scenarios `ids`, those in `cloud` with `cloud: true`.
    func siteWithRef(ids: [String], cloud: Set<String> = []) throws -> FixtureSite {
        let site = try ScenarioSiteTests().makeSite()
        try site.write("Content/guides/g.md", """
            ---
            title: 手順
            ---
            1. 申し込む
            {% if cloud %}
            1. {% step "cloud" %}クラウドの手順
            {% endif %}

            手順{% ref "cloud" %}のあとで
            """)
        let scenarios = ids.map { "  - id: \($0)\n    facts: {service: web, cloud: \(cloud.contains($0)), expiry: 2026-03-10}\n" }
        try site.write("Content/scenarios/g.yml", "guide: g\nscenarios:\n" + scenarios.joined())
        return site
    }

    @Test func aRefToARemovedStepIsReportedOnceNamingItsScenarios() throws {
        let errors = errors(try siteWithRef(ids: ["a", "b", "c"], cloud: ["b"]))
        #expect(errors.count == 1, "\(errors)")
        let error = try #require(errors.first)
        #expect(error.id == "step.missing-ref")
        #expect(
            error.message
                == "step 'cloud' is not in 2 scenarios of guide 'g': a, c (its branch is not taken, or no step has that name)")
        #expect(error.range?.start == SourceLocation(file: "Content/guides/g.md", line: 9, column: 3))
    }

    @Test func aRefMissingFromEveryScenarioSaysSoAndNamesTheFirstFive() throws {
        let ids = ["s1", "s2", "s3", "s4", "s5", "s6", "s7"]
        let errors = errors(try siteWithRef(ids: ids))
        #expect(errors.count == 1, "\(errors)")
        #expect(
            errors.first?.message
                == "step 'cloud' is not in any of the 7 scenarios of guide 'g': s1, s2, s3, s4, s5, … (its branch is not taken, or no step has that name)")
        #expect(errors.first?.range?.start == SourceLocation(file: "Content/guides/g.md", line: 9, column: 3))
    }

    @Test func aRefMissingFromOneScenarioNamesIt() throws {
        let errors = errors(try siteWithRef(ids: ["a", "b"], cloud: ["b"]))
        #expect(errors.map(\.message) == ["step 'cloud' is not in scenario 'a' of guide 'g' (its branch is not taken, or no step has that name)"])
    }

    @Test func aMissingFactNamesTheRuleThatNeedsItAndTheRulesBetween() throws {
        let site = try ScenarioSiteTests().makeSite()
        try site.write("Content/rules/notice.yml", "rules:\n  notice_by: cancel_by - 1 day\n")
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n通知は {{ notice_by }} までに。\n")
        try site.write("Content/scenarios/g.yml", "guide: g\nscenarios:\n  - id: without-expiry\n    facts: {service: web}\n")
        let errors = errors(site)
        let first = try #require(errors.first)
        #expect(first.id == "scenario.missing-fact", "\(errors)")
        #expect(
            first.message
                == "scenario 'without-expiry' does not give fact 'expiry', which guide 'g' needs for rule 'notice_by' (via 'cancel_by')")
        #expect(first.range?.start == SourceLocation(file: "Content/scenarios/g.yml", line: 3, column: 9))
        #expect(first.notes.first?.message == "'notice_by', which the guide uses, is defined here")
        #expect(first.notes.first?.range?.start == SourceLocation(file: "Content/rules/notice.yml", line: 2, column: 3))
        #expect(errors.count == 1, "\(errors)")
    }

    @Test func aMissingFactTheGuideUsesItselfIsWordedAsBefore() throws {
        let site = try ScenarioSiteTests().makeSite()
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n期限は {{ expiry }}。\n")
        try site.write("Content/scenarios/g.yml", "guide: g\nscenarios:\n  - id: without-expiry\n    facts: {service: web}\n")
        let errors = errors(site)
        #expect(errors.map(\.message) == ["scenario 'without-expiry' does not give fact 'expiry', which guide 'g' needs"])
        // Where the guide reads it, so the writer sees which text needs it.
        #expect(errors.first?.notes.map(\.message) == ["guide 'g' reads 'expiry' here"])
        #expect(errors.first?.notes.first?.range?.start == SourceLocation(file: "Content/guides/g.md", line: 4, column: 5))
    }

    @Test func aMissingFactABranchReadsPointsAtTheBranchInAPartial() throws {
        let site = try ScenarioSiteTests().makeSite()
        try site.write("Content/partials/cloud.md", "前置き\n\n{% if cloud %}\nクラウドの場合\n{% endif %}\n")
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n手順です。\n\n{% include \"cloud\" %}\n")
        try site.write("Content/scenarios/g.yml", "guide: g\nscenarios:\n  - id: no-cloud\n    facts: {service: web}\n")
        let error = try #require(errors(site).first { $0.id == "scenario.missing-fact" })
        #expect(error.message == "scenario 'no-cloud' does not give fact 'cloud', which guide 'g' needs")
        #expect(error.notes.map(\.message) == ["guide 'g' reads 'cloud' here"])
        #expect(error.notes.first?.range?.start == SourceLocation(file: "Content/partials/cloud.md", line: 3, column: 1))
    }
}

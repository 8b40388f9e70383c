import Diagnostics
import Foundation
import Rules
import Testing

@testable import SitegenKit

/// `check` finds the situations no page serves: it explores each guide's facts (every answer,
/// and dates at the rules' boundaries), walks the guide's conditionals as a build does, and
/// reports each reachable case (branch decisions) that no scenario has, with an example; and it
/// reports two scenarios that are the same case.
@Suite struct CaseCoverageTests {
    /// The transfer site of the browser tests: .jp and gTLD domains, where only gTLD readers
    /// are asked the registration date and Whois privacy. Its scenarios miss one case: a gTLD
    /// domain registered less than 60 days ago with Whois privacy.
    static func transferSite() throws -> FixtureSite {
        let site = try FixtureSite("basic")
        let source = NodeRunner.repositoryRoot.appendingPathComponent("Tests/browser/sites/transfer/Content")
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content"))
        try FileManager.default.copyItem(at: source, to: site.root.appendingPathComponent("Content"))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Templates"))
        try FileManager.default.copyItem(
            at: NodeRunner.repositoryRoot.appendingPathComponent("Templates"), to: site.root.appendingPathComponent("Templates"))
        return site
    }

    static func check(_ site: FixtureSite) -> CheckResult {
        SiteCheck.run(BuildOptions(root: site.root, jobs: 2, asOf: "2026-01-15"))
    }

    @Test func reportsExactlyTheMissingCaseWithAnExampleThatBuilds() throws {
        let site = try Self.transferSite()
        let result = Self.check(site)
        let uncovered = result.uncovered
        try #require(uncovered.count == 1, "\(uncovered)")
        let example = uncovered[0].example
        #expect(example["tld"] == "gtld")
        #expect(example["whois_private"] == "true")
        // The example is locked: its transfer date is within 60 days of registration.
        let registered = try #require(example["registered_on"].flatMap { CivilDate(iso: $0) })
        let transfer = try #require(example["transfer_date"].flatMap { CivilDate(iso: $0) })
        #expect(transfer < registered.adding(days: 60))
        let warnings = result.diagnostics.filter { $0.id == "check.uncovered-case" }
        #expect(warnings.count == 1)
        #expect(warnings.first?.range?.start.line == 6, "the warning points at {% if locked %}")
        #expect(warnings.first?.notes.first?.message.contains("gtld-open-private") == true)
        #expect(result.failed(strict: true))

        // A scenario with the example's facts is that case: it builds, and nothing is missing.
        var scenario = "  - id: gtld-locked-private\n    title: gTLD / 登録から60日未満 / 代行あり\n    facts:\n"
        for (fact, text) in example.sorted(by: { $0.key < $1.key }) { scenario += "      \(fact): \(text)\n" }
        let file = site.root.appendingPathComponent("Content/scenarios/transfer.yml")
        try Data((try String(contentsOf: file, encoding: .utf8) + scenario).utf8).write(to: file)
        let again = Self.check(site)
        #expect(!again.diagnostics.containsErrors, "\(again.diagnostics)")
        #expect(again.uncovered.isEmpty, "\(again.uncovered)")
        #expect(!again.diagnostics.contains { $0.id == "check.uncovered-case" })
    }

    /// The example is what a scenario of the case gives: a fact exploring chose that does not
    /// apply in the end is left out, and a fact the guide needs that no condition of the case
    /// reads is added; pasted into the scenario file, it is a scenario `check` accepts.
    @Test func theExampleIsAScenarioCheckAccepts() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/site.yml", "title: 例\ncalendar: jp\n")
        // `extra` comes first in the rules files, so exploring chooses it before `plan`.
        try site.write("Content/rules/r.yml", """
            facts:
              extra:
                type: bool
                question: 追加しますか?
                applies_when: plan == "b"
              plan:
                type: choice
                question: プランは?
                choices: {a: A, b: B}
              start:
                type: date
                question: 開始日は?
            """)
        try site.write("Content/guides/first.md", """
            ---
            title: 手順
            ---
            {{ start }}に始めます。
            {% if plan == "b" and extra %}
            追加の手続き。
            {% endif %}
            {% if plan == "a" %}
            Aの手続き。
            {% endif %}
            """)
        try site.write("Content/guides/second.md", "---\ntitle: 別\n---\n本文\n")
        let scenarios = "guide: first\nscenarios:\n  - id: b-extra\n    title: B\n    facts: {plan: b, extra: true, start: 2026-03-01}\n"
        try site.write("Content/scenarios/first.yml", scenarios)
        let result = Self.check(site)
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")
        let planA = try #require(result.uncovered.first { $0.example["plan"] == "a" }, "\(result.uncovered)")
        #expect(planA.example == ["plan": "a", "start": "2026-01-15"])
        let warning = try #require(result.diagnostics.first { $0.id == "check.uncovered-case" && $0.message.contains("plan: a") })
        #expect(warning.message.contains("with plan: a, start: 2026-01-15;"), "\(warning.message)")

        let facts = planA.example.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        try site.write("Content/scenarios/first.yml", scenarios + "  - id: a\n    title: A\n    facts: {\(facts)}\n")
        let again = Self.check(site)
        #expect(!again.diagnostics.contains { $0.severity == .error || $0.id.hasPrefix("scenario.") }, "\(again.diagnostics)")
        #expect(!again.uncovered.contains { $0.example["plan"] == "a" }, "\(again.uncovered)")
    }

    @Test func twoScenariosOfTheSameCaseAreReported() throws {
        let site = try Self.transferSite()
        let file = site.root.appendingPathComponent("Content/scenarios/transfer.yml")
        let twin = """
              - id: gtld-open-again
                title: gTLD / もう一つ
                facts:
                  tld: gtld
                  registered_on: 2019-05-05
                  whois_private: false
                  transfer_date: 2026-01-21

            """
        try Data((try String(contentsOf: file, encoding: .utf8) + twin).utf8).write(to: file)
        let result = Self.check(site)
        let same = result.diagnostics.filter { $0.id == "check.same-case" }
        try #require(same.count == 1, "\(result.diagnostics)")
        #expect(same[0].message.contains("'gtld-open'") && same[0].message.contains("'gtld-open-again'"))
        #expect(same[0].notes.first?.range != nil)
    }

    @Test func allowedWarningsDoNotFailStrict() throws {
        let result = Self.check(try Self.transferSite())
        #expect(result.failed(strict: true))
        #expect(!result.failed(strict: true, allowing: ["check.uncovered-case", "check.identical-pages"]))
        #expect(result.failed(strict: true, allowing: ["check.uncovered-case"]))
    }

    /// Guides are explored on several threads; what they find comes back in the order of the
    /// guides, and the report is the same as one thread's.
    @Test func guidesExploredInParallelAreReportedInGuideOrder() throws {
        var options = CompilationOptions(root: SampleContentTests.root, asOf: "2026-01-15")
        options.includesDrafts = true
        let compilation = SiteCompilation.compile(options)
        let guides = compilation.site.guides.filter { guide in
            !compilation.scenarios(ofGuide: guide.slug).isEmpty && compilation.checked.guideDocuments[guide.slug] != nil
        }
        try #require(guides.count >= 2)
        let explored = CaseCoverageCheck.explore(guides, compilation: compilation, jobs: 3)
        #expect(explored.map(\.data.slug) == guides.map(\.slug))
        #expect(explored.contains { !$0.outcome.cases.isEmpty })

        var oneThread: [Diagnostic] = []
        let alone = CaseCoverageCheck.run(compilation, jobs: 1, diagnostics: &oneThread)
        var threads: [Diagnostic] = []
        let together = CaseCoverageCheck.run(compilation, jobs: 3, diagnostics: &threads)
        #expect(together == alone)
        #expect(threads == oneThread)
        for (found, expected) in zip(explored, guides) {
            let cases = found.outcome.cases.map { "\($0.decisions) \($0.example)" }
            let again = CaseExplorer(
                checked: compilation.checked, guide: expected.slug, data: found.data, today: compilation.today
            ).explore().cases.map { "\($0.decisions) \($0.example)" }
            #expect(cases == again, "\(expected.slug)")
        }
    }
}

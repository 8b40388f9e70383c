import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// Facts that apply only sometimes (`applies_when:`): in the transfer site, the registration
/// date and Whois privacy apply to gTLD domains only.
@Suite struct ApplicabilityTests {
    static func build(_ site: FixtureSite) -> (result: BuildResult, files: [String: String]) {
        let output = MemoryOutput()
        let result = Builder.build(BuildOptions(root: site.root, jobs: 2, asOf: "2026-01-15"), into: output)
        return (result, output.files.mapValues { String(decoding: $0, as: UTF8.self) })
    }

    @Test func aScenarioNeedNotGiveAFactThatDoesNotApplyAndItsPageDoesNotShowIt() throws {
        let site = try CaseCoverageTests.transferSite()
        let (result, files) = Self.build(site)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let jp = try #require(files["guides/transfer/jp/index.html"])
        #expect(!jp.contains("ドメインを登録した日"))
        #expect(!jp.contains("Whois 情報公開代行を使っていますか"))
        let gtld = try #require(files["guides/transfer/gtld-open/index.html"])
        #expect(gtld.contains("ドメインを登録した日"))
    }

    @Test func usingTheFactWhereItMayNotApplyIsATypeErrorAtItsPlace() throws {
        let site = try CaseCoverageTests.transferSite()
        try site.write("Content/guides/transfer.md", """
            ---
            title: ドメインを移管する
            ---
            1. **認証コードを用意する**
            {% if locked %}
            1. **待つ**
            {% endif %}
            {% if is_gtld %}
            1. {{ lock_ends }}より後に申し込んでください。
            {% endif %}
            """)
        let (result, _) = Self.build(site)
        let errors = result.diagnostics.filter { $0.severity == .error }
        try #require(errors.count == 1, "\(result.diagnostics)")
        #expect(errors[0].id == "rules.not-applicable")
        #expect(errors[0].message.hasPrefix("fact 'registered_on' applies only when is_gtld"))
        #expect(errors[0].message.contains("{% if is_gtld %}"))
        #expect(errors[0].range?.start.file == "Content/guides/transfer.md")
        #expect(errors[0].range?.start.line == 5 && errors[0].range?.start.column == 7)
        // The stamp inside {% if is_gtld %} is fine.
    }

    @Test func anAndBeforeItGuardsItToo() throws {
        let site = try CaseCoverageTests.transferSite()
        try site.write("Content/guides/transfer.md", """
            ---
            title: ドメインを移管する
            ---
            {% if is_gtld and locked %}待つ{% endif %}{% if tld == "gtld" and whois_private %}外す{% endif %}
            """)
        let (result, _) = Self.build(site)
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")
    }

    @Test func aScenarioMustGiveTheFactWhereItAppliesAndShouldNotGiveItElsewhere() throws {
        let site = try CaseCoverageTests.transferSite()
        try site.write("Content/scenarios/transfer.yml", """
            guide: transfer
            scenarios:
              - id: jp
                title: .jp
                facts:
                  tld: jp
                  whois_private: true
              - id: gtld
                title: gTLD
                facts:
                  tld: gtld
                  registered_on: 2020-01-01
            """)
        let (result, _) = Self.build(site)
        let missing = result.diagnostics.filter { $0.id == "scenario.missing-fact" }
        #expect(missing.count == 1 && missing.first?.message.contains("'whois_private'") == true, "\(result.diagnostics)")
        #expect(missing.first?.range?.start.line == 8)
        let extra = result.diagnostics.filter { $0.id == "scenario.fact-not-applicable" }
        #expect(extra.count == 1 && extra.first?.message.contains("'whois_private'") == true)
        #expect(extra.first?.range?.start.line == 7)
    }

    /// A fact the guide needs through a rule names that rule, beside the condition under which
    /// the fact applies.
    @Test func aMissingFactThatAppliesNamesTheRuleThatNeedsIt() throws {
        let site = try CaseCoverageTests.transferSite()
        try site.write("Content/scenarios/transfer.yml", """
            guide: transfer
            scenarios:
              - id: gtld
                title: gTLD
                facts:
                  tld: gtld
                  whois_private: false
            """)
        let (result, _) = Self.build(site)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(
            errors.map(\.message) == [
                "scenario 'gtld' does not give fact 'registered_on', which guide 'transfer' needs for rule 'lock_ends' and which applies to it"
            ], "\(result.diagnostics)")
        #expect(errors.first?.range?.start.line == 3)
        #expect(errors.first?.notes.map(\.message) == ["'lock_ends', which the guide uses, is defined here", "'registered_on' applies when this holds"])
    }

    @Test func appliesWhenMustBeABool() throws {
        let site = try CaseCoverageTests.transferSite()
        let path = "Content/rules/transfer.yml"
        let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        try site.write(path, text.replacingOccurrences(of: "applies_when: is_gtld\n  whois", with: "applies_when: tld\n  whois"))
        let (result, _) = Self.build(site)
        #expect(result.diagnostics.first?.message == "applies_when of fact 'registered_on' must be a bool, but this is choice of tld", "\(result.diagnostics)")
    }
}

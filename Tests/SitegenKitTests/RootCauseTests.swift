import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// A file that cannot be read is reported first, and what it would have defined causes no
/// follow-on errors and no suggestions.
@Suite struct RootCauseTests {
    /// The fixture `rules` with a guide and a scenario file that use the names of `extra.yml`.
    func site(extraRules: String, siteYAML: String? = nil, guide: String) throws -> FixtureSite {
        let site = try FixtureSite("rules")
        try site.write("Content/rules/extra.yml", extraRules)
        if let siteYAML { try site.write("Content/site.yml", siteYAML) }
        try site.write("Content/guides/a.md", "---\ntitle: A\n---\n" + guide)
        return site
    }

    func errors(_ site: FixtureSite) -> [Diagnostic] {
        Builder.build(BuildOptions(root: site.root, jobs: 1), toFolder: site.output).diagnostics.filter { $0.severity == .error }
    }

    @Test func yamlErrorInARulesFileComesFirstAndItsNamesAreSilent() throws {
        let extra = "rules:\n  jp_expiry: expiry - 1 day\n  jp_total: fee + 1\n   bad: [\n"
        let guide = "{{ jp_expiry }} {{ jp_total }}\n\n{{ expirey }}\n"
        let site = try site(extraRules: extra, guide: guide)
        try site.write("Content/scenarios/a.yml", "guide: a\nscenarios:\n  - id: one\n    facts:\n      jp_expiry: 2026-01-01\n")
        let errors = errors(site)
        let first = try #require(errors.first)
        #expect(first.id == "yaml.syntax", "\(errors)")
        #expect(first.file == "Content/rules/extra.yml")
        #expect(first.message.hasSuffix("this key is indented by 3 spaces, the key 'jp_total' above it by 2 spaces: keys of one mapping start in the same column"), "\(first.message)")
        // The names the broken file defines are never called unknown, nor suggested.
        #expect(!errors.dropFirst().contains { $0.message.contains("jp_") }, "\(errors)")
        // A name no file defines is still an error, with a suggestion from the files that loaded.
        #expect(errors.contains { $0.id == "rules.unknown-name" && $0.message.contains("did you mean 'expiry'") }, "\(errors)")
    }

    @Test func yamlErrorInSiteYAMLComesFirstAndItsFormatsAreSilent() throws {
        let siteYAML = "title: t\ndate_formats:\n  era: \"GGGGy年M月d日\n"
        let site = try site(extraRules: "rules:\n  x: 1\n", siteYAML: siteYAML, guide: "{{ expiry | date: era }} {{ nope }}\n")
        let errors = errors(site)
        let first = try #require(errors.first)
        #expect(first.id == "yaml.syntax", "\(errors)")
        #expect(first.file == "Content/site.yml")
        #expect(!errors.contains { $0.id == "directive.unknown-format" }, "\(errors)")
        #expect(errors.contains { $0.id == "rules.unknown-name" })
    }

    /// A string fact's default written as plain text is read as a rule and fails: that is the
    /// one error, with the quoting to write; scenarios that leave the fact to its default are
    /// not also told to give it.
    @Test func aStringDefaultWithoutQuotesIsTheOnlyError() throws {
        let extra = "facts:\n  hostname:\n    type: string\n    question: ホスト名は?\n    default: www.example.jp\n"
        let site = try site(extraRules: extra, guide: "{{ hostname }}\n")
        try site.write("Content/scenarios/a.yml", "guide: a\nscenarios:\n  - id: one\n    facts: {}\n  - id: two\n    facts: {}\n")
        let errors = errors(site)
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].range?.start.file == "Content/rules/extra.yml" && errors[0].range?.start.line == 5, "\(errors)")
        #expect(
            errors[0].notes.map(\.message).contains(
                "a string is written in double quotes, kept inside the YAML value's own quotes: default: '\"www.example.jp\"'"),
            "\(errors[0].notes)")
    }

    /// A date format whose pattern is wrong is one error, in site.yml: the stamps that name it
    /// are not also told it is no format of site.yml.
    @Test func aWrongDatePatternIsTheOnlyErrorNotItsUses() throws {
        let siteYAML = "title: t\ndate_formats:\n  short: \"MM/dd HH:mm\"\n  empty: \"\"\ncalendar: jp\n"
        let guide = "{{ expiry | date: short }} {{ expiry | date: empty }} {{ expiry | date: nope }}\n"
        let site = try site(extraRules: "rules:\n  x: 1\n", siteYAML: siteYAML, guide: guide)
        let errors = errors(site)
        #expect(errors.filter { $0.file == "Content/site.yml" }.count == 2, "\(errors)")
        // A name site.yml does not give at all is still reported.
        #expect(errors.filter { $0.id == "directive.unknown-format" }.map(\.message).allSatisfy { $0.hasPrefix("'nope'") }, "\(errors)")
        #expect(errors.filter { $0.id == "directive.unknown-format" }.count == 1, "\(errors)")
    }

    /// `rules:` written twice: the second is the only error, at its line, and the names of
    /// both blocks (in block or flow style) cause nothing else.
    @Test(arguments: [
        ("rules:\n  jp_expiry: expiry - 1 day\nfacts:\n  jp_fee:\n    type: int\n    question: q\nrules:\n  jp_total: jp_fee + 1\n", 7),
        ("rules: {jp_expiry: expiry - 1 day, jp_fee: 1}\nrules: {jp_total: jp_fee + 1}\n", 2),
    ])
    func rulesWrittenTwiceIsTheOnlyError(extra: String, line: Int) throws {
        let site = try site(extraRules: extra, guide: "{{ jp_expiry }} {{ jp_total }}\n\n{% if jp_fee > 1 %}x{% endif %}\n")
        try site.write("Content/scenarios/a.yml", "guide: a\nscenarios:\n  - id: one\n    facts:\n      jp_fee: 3\n")
        let errors = errors(site)
        let first = try #require(errors.first)
        #expect(first.id == "rules.duplicate", "\(errors)")
        #expect(first.message == "'rules' is defined twice")
        #expect(first.range?.start == SourceLocation(file: "Content/rules/extra.yml", line: line, column: 1))
        // The fixture has no templates; of the content, this is the one error.
        let content = errors.filter { $0.file?.hasPrefix("Content/") == true }
        #expect(content.count == 1, "\(content)")
    }

    @Test func aRuleThatFailsToParseDoesNotCascade() throws {
        let extra = "rules:\n  moved_on: + 2026/01/20\n  notice_by: moved_on - 1 day\n"
        let site = try site(extraRules: extra, guide: "{{ moved_on }} {{ notice_by }}\n")
        let errors = errors(site)
        let first = try #require(errors.first)
        #expect(first.file == "Content/rules/extra.yml", "\(errors)")
        #expect(first.range?.start.line == 2)
        #expect(!errors.contains { $0.id == "rules.unknown-name" }, "\(errors)")
    }
}

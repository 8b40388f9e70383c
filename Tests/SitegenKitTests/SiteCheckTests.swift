import Diagnostics
import Foundation
import Templating
import Testing

@testable import SitegenKit

/// `sitegen check`'s warnings, each with its file and line, on a site that has every fault.
@Suite struct SiteCheckTests {
    static func makeSite() throws -> FixtureSite {
        let site = try FixtureSite("rules")
        let templates = try #require(Bundle.module.url(forResource: "Fixtures/basic/Templates", withExtension: nil))
        try FileManager.default.copyItem(at: templates, to: site.root.appendingPathComponent("Templates"))
        try site.write("Templates/glossary.mustache", "{{<layout}}{{$main}}\n<a href=\"{{root}}help/missing.html\">?</a>\n{{#terms}}<p id=\"{{id}}\">{{term}}</p>{{/terms}}{{/main}}{{/layout}}\n")
        try site.write("Content/assets/site.css", "body {}\n")
        try site.write("Content/glossary.yml", "秘密鍵:\n  definition: 鍵。\n未使用語:\n  definition: どこにも出ない。\n")
        try site.write("Content/rules/extra.yml", "rules:\n  spare: expiry + 1 day\n")
        try site.write("Content/partials/unused.md", "使われない部品\n")
        try site.write("Content/guides/g.md", """
            ---
            title: 手順
            ---
            {% if cloud %}
            クラウドの説明。
            {% elif service == "other" %}
            その他の説明。
            {% endif %}
            {% if expiry > 2000-01-01 %}
            いつも出る説明。秘密鍵を使います。
            {% endif %}
            [別の手順](../nowhere/index.html) と [節](#missing-anchor) と [外部](https://example.jp/)

            ![図](../../assets/missing.png)

            {{ service }}
            """)
        try site.write("Content/scenarios/g.yml", """
            guide: g
            scenarios:
              - id: a
                facts: {service: web, cloud: false, expiry: 2026-03-10}
              - id: b
                facts: {service: web, cloud: false, expiry: 2026-03-10}
              - id: c
                facts: {service: other, cloud: false, expiry: 2026-03-10}
            """)
        return site
    }

    @Test func everyWarningWithItsPlace() throws {
        let site = try Self.makeSite()
        let result = SiteCheck.run(BuildOptions(root: site.root, asOf: "2026-01-15"))
        #expect(!result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics)")
        func first(_ id: String) -> Diagnostic? { result.diagnostics.first { $0.id == id } }
        let guide = "Content/guides/g.md"
        #expect(first("check.branch-never-taken")?.range?.start == SourceLocation(file: guide, line: 4, column: 1))
        #expect(first("check.branch-always-taken")?.range?.start == SourceLocation(file: guide, line: 9, column: 1))
        #expect(first("check.identical-pages")?.range?.start == SourceLocation(file: "Content/scenarios/g.yml", line: 5, column: 9))
        #expect(first("check.unused-rule")?.message == "rule 'spare' is not used by any guide")
        #expect(first("check.unused-rule")?.range?.start.file == "Content/rules/extra.yml")
        // complete_by, cancel_by and the others are not used by g either; fee and host facts too.
        #expect(result.diagnostics.contains { $0.id == "check.unused-fact" && $0.message.contains("'fee'") })
        #expect(result.diagnostics.contains { $0.id == "check.unused-partial" && $0.file == "Content/partials/unused.md" })
        #expect(first("check.unused-term")?.range?.start == SourceLocation(file: "Content/glossary.yml", line: 3, column: 1))
        #expect(first("check.unused-calendar")?.file == "Content/calendars/jp.yml")
        let links = result.diagnostics.filter { $0.id == "check.dead-link" }
        #expect(links.map { $0.range?.start } == [
            SourceLocation(file: guide, line: 12, column: 8),
            SourceLocation(file: guide, line: 12, column: 37),
            SourceLocation(file: guide, line: 14, column: 6),
            // A template's link built from variables is found by its literal last part.
            SourceLocation(file: "Templates/glossary.mustache", line: 2, column: 23),
        ], "\(links.map(\.description))")
        #expect(!result.diagnostics.contains { $0.message.contains("example.jp") })
        #expect(!result.failed(strict: false))
        #expect(result.failed(strict: true))
    }

    /// A link whose address the guide stamps is reported at the link in the guide, though its
    /// address is written nowhere as it came out; not at a template's letter that happens to
    /// match its last part.
    @Test func aDeadLinkWithAStampedAddressIsReportedWhereItIsWritten() throws {
        let site = try Self.makeSite()
        try site.write("Content/guides/g.md", """
            ---
            title: 手順
            ---
            本文。

            [資料](files/{{ expiry | date: "yyyyMMdd" }}.pdf) と [期限]({{ host }}/x)
            """)
        let links = SiteCheck.run(BuildOptions(root: site.root, asOf: "2026-01-15")).diagnostics
            .filter { $0.id == "check.dead-link" && $0.message.contains("leads nowhere") && !$0.message.contains("missing.html") }
        #expect(links.map { $0.range?.start } == [
            SourceLocation(file: "Content/guides/g.md", line: 6, column: 6),
            SourceLocation(file: "Content/guides/g.md", line: 6, column: 56),
        ], "\(links.map(\.description))")
    }

    /// Business days counted on a Japanese site that names no holiday calendar skip only
    /// weekends: a warning at the first place that counts them, with the fix; none once the site
    /// has a calendar, or when it is in another language.
    @Test func businessDaysWithoutACalendarOnAJapaneseSite() throws {
        let site = try FixtureSite("rules")
        try site.write("Content/site.yml", "title: 営業日\n")
        try site.write("Content/rules/days.yml", """
            facts:
              reply_start:
                type: date
                question: 受付日はいつですか?
            rules:
              plain_days: reply_start + 3 days
              reply_by: business_day_on_or_after(plain_days)
            """)
        try site.write("Content/guides/b.md", "---\ntitle: 営業日\n---\n{{ reply_by }}までに返信します。\n")
        try site.write("Content/scenarios/b.yml", "guide: b\nscenarios:\n  - id: a\n    title: 例\n    facts: {reply_start: 2027-04-30}\n")
        func warnings() -> [Diagnostic] {
            SiteCheck.run(BuildOptions(root: site.root, asOf: "2026-01-15")).diagnostics.filter { $0.id == "check.no-calendar" }
        }
        let found = warnings()
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.range?.start == SourceLocation(file: "Content/rules/days.yml", line: 7, column: 3))
        #expect(found.first?.notes.first?.message.contains("'calendar: jp'") == true)
        // A build says it too: a writer may publish without running check.
        let build = Builder.build(BuildOptions(root: site.root, asOf: "2026-01-15"), into: MemoryOutput())
        #expect(build.succeeded && build.diagnostics.map(\.id) == ["check.no-calendar"], "\(build.diagnostics)")
        // Counted only in the guide's own text: the warning points there.
        try site.write("Content/rules/days.yml", "facts:\n  reply_start:\n    type: date\n    question: 受付日はいつですか?\n")
        try site.write("Content/guides/b.md", "---\ntitle: 営業日\n---\n本文。\n\n{{ reply_start + 2 business days }}までに返信します。\n")
        #expect(warnings().map { $0.range?.start.file } == ["Content/guides/b.md"])
        #expect(warnings().first?.range?.start.line == 6)
        try site.write("Content/site.yml", "title: 営業日\ncalendar: jp\n")
        #expect(warnings().isEmpty)
        // A site.yml that could not be read is the one problem to fix: it may name a calendar.
        try site.write("Content/site.yml", "title: 営業日\ndate_formats:\n  default: \"y年M月d日\"\n short: \"M月d日\"\ncalendar: jp\n")
        let unread = SiteCheck.run(BuildOptions(root: site.root, asOf: "2026-01-15")).diagnostics
        #expect(unread.first?.id == "yaml.syntax" && unread.first?.file == "Content/site.yml", "\(unread)")
        #expect(warnings().isEmpty)
        try site.write("Content/site.yml", "title: Business days\nlanguage: en\n")
        #expect(warnings().isEmpty)
        // By the primary language subtag: ja-JP is Japanese, Javanese (jv, jav) is not.
        try site.write("Content/site.yml", "title: 営業日\nlanguage: ja-JP\n")
        #expect(warnings().count == 1)
        try site.write("Content/site.yml", "title: Business days\nlanguage: jav\n")
        #expect(warnings().isEmpty)
        // Nothing counts business days: no warning on a Japanese site without a calendar.
        try site.write("Content/site.yml", "title: 営業日\n")
        try site.write("Content/guides/b.md", "---\ntitle: 営業日\n---\n{{ reply_start + 2 days }}までに返信します。\n")
        #expect(warnings().isEmpty)
    }

    /// A root-relative link (`/guides/g/a/`) starts at the site's root, not beside the page, on a
    /// site without `base_url` and under the path a `base_url` names.
    @Test func rootRelativeLinksResolveAgainstTheSiteRoot() throws {
        let site = try Self.makeSite()
        try site.write("Content/site.yml", "title: 規則のテスト\ncalendar: jp\n")
        try site.write(
            "Templates/scenario.mustache",
            "{{<layout}}{{$main}}\n<a href=\"/guides/g/a/\">a</a> <a href=\"/glossary/\">g</a> <a href=\"/\">i</a>\n"
                + "<a href=\"/guides/g/zzz/\">?</a>\n{{{content}}}{{/main}}{{/layout}}\n")
        let result = SiteCheck.run(BuildOptions(root: site.root, asOf: "2026-01-15"))
        let links = result.diagnostics.filter { $0.id == "check.dead-link" }
        #expect(links.filter { $0.message.contains("'/") }.map(\.message) == [
            "'/guides/g/zzz/' leads nowhere: there is no guides/g/zzz/index.html in the output"
        ], "\(links.map(\.description))")
        #expect(links.first { $0.message.contains("zzz") }?.range?.start == SourceLocation(file: "Templates/scenario.mustache", line: 3, column: 10))

        let pages = ["index.html": "", "guides/g/index.html": "", "guides/g/a/index.html": "<h2 id=\"x\">"]
        let page = "guides/g/a/index.html"
        #expect(DeadLinksCheck.problem(with: "/guides/g/a/#x", from: page, pages: pages, root: "/") == nil)
        #expect(DeadLinksCheck.problem(with: "/ssl/guides/g/", from: page, pages: pages, root: "/ssl/") == nil)
        #expect(DeadLinksCheck.problem(with: "/ssl", from: page, pages: pages, root: "/ssl/") == nil)
        // Under another path of the host: another site, which check cannot see.
        #expect(DeadLinksCheck.problem(with: "/other/x.html", from: page, pages: pages, root: "/ssl/") == nil)
        #expect(
            DeadLinksCheck.problem(with: "/ssl/guides/h/", from: page, pages: pages, root: "/ssl/")
                == "'/ssl/guides/h/' leads nowhere: there is no guides/h/index.html in the output")
        #expect(DeadLinksCheck.rootPath(of: "https://help.example.jp/ssl/") == "/ssl/")
        #expect(DeadLinksCheck.rootPath(of: "/") == "/")
    }

    /// A variable no page gives renders as nothing: check warns of it at its tag, once per
    /// template, with the name it was probably meant to be.
    @Test func aTemplateVariableNoPageGivesIsAWarning() throws {
        let site = try Self.makeSite()
        try site.write("Templates/scenario.mustache", "{{<layout}}{{$main}}\n<h1>{{guide.title}}</h1>\n<p>{{ titel }} {{#scenario}}{{idd}}{{/scenario}} {{titel}}</p>\n{{{content}}}{{/main}}{{/layout}}\n")
        let result = SiteCheck.run(BuildOptions(root: site.root, asOf: "2026-01-15"))
        let warnings = result.diagnostics.filter { $0.id == "check.unknown-template-variable" }
        #expect(Set(warnings.compactMap { $0.range?.start }) == [
            SourceLocation(file: "Templates/scenario.mustache", line: 3, column: 7),
            SourceLocation(file: "Templates/scenario.mustache", line: 3, column: 31),
        ], "\(warnings.map(\.description))")
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.message == "template variable 'titel' is given by no page, so it renders as nothing; did you mean 'title'?" })

        // A misspelt part after a dot renders as nothing too.
        try site.write("Templates/partials/footer.mustache", "<footer>{{site.titel}} {{#site}}{{title}}{{/site}} {{site.title}}</footer>\n")
        let dotted = SiteCheck.run(BuildOptions(root: site.root, asOf: "2026-01-15")).diagnostics
            .filter { $0.id == "check.unknown-template-variable" && $0.file == "Templates/partials/footer.mustache" }
        #expect(dotted.map(\.message) == ["template variable 'site.titel' is given by no page, so it renders as nothing; did you mean 'site.title'?"])
        #expect(dotted.first?.range?.start == SourceLocation(file: "Templates/partials/footer.mustache", line: 1, column: 11))
    }

    /// TemplateKey.provided is every key the page contexts are made of (TemplateKeys.swift).
    @Test func theProvidedVariablesAreTheTemplateKeys() throws {
        let source = try String(
            contentsOf: SampleContentTests.root.appendingPathComponent("Sources/SitegenKit/Render/TemplateKeys.swift"), encoding: .utf8)
        let keys = Set(source.matches(of: #/static let \w+: TemplateKey = "([a-z_]+)"/#).map { String($0.output.1) })
        #expect(keys.count > 50)
        #expect(keys == TemplateKey.provided)
    }

    @Test func coverageSummarisesEachBranch() throws {
        let site = try Self.makeSite()
        let result = SiteCheck.run(BuildOptions(root: site.root, asOf: "2026-01-15"))
        let coverage = try #require(result.coverage.first { $0.guide == "g" })
        #expect(coverage.scenarioCount == 3)
        #expect(coverage.branches.map(\.scenarios) == [0, 1, 3])
        #expect(coverage.branches.map(\.condition) == ["{% if cloud %}", "{% elif service == \"other\" %}", "{% if expiry > 2000-01-01 %}"])
        #expect(coverage.untaken.map(\.location) == ["Content/guides/g.md:4:1"])
    }

    /// Clean when strict: every reader's case has its scenario, none twice, nothing unused.
    @Test func sampleContentIsCleanWhenStrict() {
        let result = SiteCheck.run(BuildOptions(root: SampleContentTests.root, asOf: "2026-01-15"))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        #expect(!result.failed(strict: true))
    }

    @Test func jsonRecordsCarryEveryField() throws {
        let diagnostic = Diagnostic.warning(
            "check.dead-link", "x", at: SourceRange(start: SourceLocation(file: "a.md", line: 2, column: 3), length: 4))
        let data = try JSONEncoder().encode(DiagnosticRecord(diagnostic))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["file"] as? String == "a.md")
        #expect(object["line"] as? Int == 2 && object["column"] as? Int == 3)
        #expect(object["endLine"] as? Int == 2 && object["endColumn"] as? Int == 7)
        #expect(object["severity"] as? String == "warning" && object["id"] as? String == "check.dead-link")
    }
}

import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// A small site with scenarios, built end to end: pages per scenario, the as-of date, `today`'s
/// sources, and scenario errors with their places.
@Suite struct ScenarioSiteTests {
    /// The `rules` fixture with the `basic` fixture's templates, one guide and two scenarios.
    /// The site's second rules file: `action_date` (today by default) and the rule `late`.
    static func todayRules(late: String) -> String {
        """
        facts:
          action_date:
            type: date
            question: 手続き日は?
            default: today
        rules:
          late: \(late)
        """
    }

    func makeSite(scenarios: String? = nil) throws -> FixtureSite {
        let site = try FixtureSite("rules")
        let templates = try #require(Bundle.module.url(forResource: "Fixtures/basic/Templates", withExtension: nil))
        try FileManager.default.copyItem(at: templates, to: site.root.appendingPathComponent("Templates"))
        try site.write("Templates/scenario.mustache", """
            {{<layout}}{{$main}}
            <h1>{{guide.title}}</h1><p>{{scenario.title}}</p>{{#as_of}}<p class="as-of">{{as_of}}</p>{{/as_of}}
            {{#scenario.facts}}<dt>{{question}}</dt><dd>{{answer}}</dd>{{/scenario.facts}}
            {{{content}}}{{/main}}{{/layout}}
            """)
        try site.write("Content/rules/today.yml", Self.todayRules(late: "action_date > complete_by"))
        try site.write("Content/guides/g.md", """
            ---
            title: '手順 {{ expiry | date: "M月d日" }} 期限'
            ---
            {% if late %}
            遅れています。
            {% else %}
            間に合います。
            {% endif %}
            """)
        try site.write("Content/scenarios/g.yml", scenarios ?? """
            guide: g
            scenarios:
              - id: given
                title: 日付あり
                facts:
                  service: web
                  expiry: 2026-03-10
                  action_date: 2026-01-05
              - id: from-today
                title: 今日から
                facts:
                  service: other
                  expiry: 2026-03-10
            """)
        return site
    }

    func build(_ site: FixtureSite, asOf: String? = "2026-02-20") -> (BuildResult, [String: String]) {
        let output = MemoryOutput()
        let result = Builder.build(BuildOptions(root: site.root, jobs: 2, asOf: asOf), into: output)
        return (result, output.files.mapValues { String(decoding: $0, as: UTF8.self) })
    }

    /// The guide's page lists each scenario with its answer to each question, as the choice's
    /// label, escaped like any text.
    @Test func theGuidePageListsEachScenariosAnswersByTheirLabels() throws {
        let site = try makeSite(scenarios: """
            guide: g
            scenarios:
              - id: web
                title: ウェブ
                facts: {service: web, expiry: 2026-03-10, action_date: 2026-01-05, cloud: false}
              - id: other
                title: その他
                facts: {service: other, expiry: 2026-03-10, action_date: 2026-01-05, cloud: true}
              - id: web-cloud
                title: ウェブとクラウド
                facts: {service: web, expiry: 2026-03-10, action_date: 2026-01-05, cloud: true}
            """)
        try site.write("Content/guides/g.md", """
            ---
            title: 手順
            ---
            {% if service == "web" and not cloud %}ウェブ{% elif service == "web" %}ウェブ(クラウド){% else %}その他{% endif %}
            """)
        try site.write("Templates/guide.mustache", """
            {{<layout}}{{$main}}{{#scenarios}}
            [{{title}}: {{#answers}}{{question}}={{label}}; {{/answers}}]{{/scenarios}}
            {{/main}}{{/layout}}
            """)
        let (result, files) = build(site)
        #expect(!result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics)")
        let page = try #require(files["guides/g/index.html"])
        #expect(page.contains("[ウェブ: サービスは?=Web; クラウド証明書ですか?=いいえ; ]"), "\(page)")
        let other = "[その他: サービスは?=その他 | *強調* &lt;b&gt; `code`; クラウド証明書ですか?=はい; ]"
        #expect(page.contains(other), "\(page)")
        #expect(page.contains("[ウェブとクラウド: サービスは?=Web; クラウド証明書ですか?=はい; ]"), "\(page)")
    }

    @Test func onePagePerScenarioAndTheGuideListsThem() throws {
        let (result, files) = build(try makeSite())
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.scenarioCount == 2)
        let given = try #require(files["guides/g/given/index.html"])
        let fromToday = try #require(files["guides/g/from-today/index.html"])
        #expect(given.contains("間に合います。") && !given.contains("遅れています。"))
        // as of 2026-02-20, after complete_by (2026-02-10): late.
        #expect(fromToday.contains("遅れています。") && !fromToday.contains("間に合います。"))
        // Every scenario page says as of when it was built.
        #expect(fromToday.contains("<p class=\"as-of\">2026年2月20日(金)</p>"))
        #expect(given.contains("<p class=\"as-of\">2026年2月20日(金)</p>"))
        // The title stamps the scenario's values; the facts are summarised.
        #expect(given.contains("<h1>手順 3月10日 期限</h1>"))
        // Only the facts the guide uses are summarised: it never looks at the service.
        #expect(given.contains("<dt>有効期限は?</dt><dd>2026年3月10日(火)</dd><dt>手続き日は?</dt><dd>2026年1月5日(月)</dd>"))
        #expect(!given.contains("サービスは?"))
        let guidePage = try #require(files["guides/g/index.html"])
        // Without a scenario there is no expiry to stamp: the guide page shows an ellipsis.
        #expect(guidePage.contains("<h1>手順 … 期限</h1>"))
    }

    @Test func todayComesFromAsOfThenSourceDateEpochThenTheClock() throws {
        #expect(Today.resolve(asOf: "2026-02-20", timeZone: "Asia/Tokyo", environment: ["SOURCE_DATE_EPOCH": "0"])?.isoString == "2026-02-20")
        // 2026-01-31T15:30:00Z is already 2026-02-01 in Tokyo, and still 2026-01-31 in UTC.
        let epoch = ["SOURCE_DATE_EPOCH": "1769873400"]
        #expect(Today.resolve(asOf: nil, timeZone: "Asia/Tokyo", environment: epoch)?.isoString == "2026-02-01")
        #expect(Today.resolve(asOf: nil, timeZone: "UTC", environment: epoch)?.isoString == "2026-01-31")
        #expect(Today.resolve(asOf: nil, timeZone: "Asia/Tokyo", environment: [:]) != nil)
    }

    /// A SOURCE_DATE_EPOCH that is not a number of seconds is an error naming the variable and
    /// its value, not a silent fall back to the clock.
    @Test func aSourceDateEpochThatIsNoNumberIsAnError() throws {
        for bad in ["abc", "1.5", "-1", "1769873400x", "99999999999999999999"] {
            #expect(Today.invalidEpoch(environment: ["SOURCE_DATE_EPOCH": bad]) == bad)
        }
        #expect(Today.invalidEpoch(environment: ["SOURCE_DATE_EPOCH": "1769873400"]) == nil)
        #expect(Today.invalidEpoch(environment: ["SOURCE_DATE_EPOCH": ""]) == nil)
        #expect(Today.invalidEpoch(environment: [:]) == nil)
        let error = SettingsProblem.sourceDateEpoch("abc")
        #expect(error.id == "build.source-date-epoch" && error.severity == .error)
        #expect(error.message.hasPrefix("SOURCE_DATE_EPOCH is 'abc', which is not a number of seconds"))
    }

    /// language reaches <html lang>: it must look like a language tag. unsafe_html and search
    /// are booleans: a quoted "true" is text, and an error at its place.
    @Test func languageMustBeATagAndFlagsMustBeBooleans() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/site.yml", "title: t\nlanguage: \"ja\\0\\u001B\"\nunsafe_html: \"true\"\nsearch: yes\n")
        let errors = Builder.build(BuildOptions(root: site.root), into: MemoryOutput()).diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.id) == ["site.invalid", "site.invalid", "site.invalid"], "\(errors)")
        #expect(errors.map { $0.range?.start.line } == [2, 3, 4])
        #expect(errors.first?.message.hasPrefix("language must be a BCP 47 language tag") == true)
        #expect(errors.dropFirst().first?.message == "unsafe_html must be true or false, without quotes (a quoted value is text)")
        #expect(errors.last?.message == "search must be true or false")
        for tag in ["ja", "en-US", "zh-Hant-TW", "de-CH-1996"] { #expect(SiteConfiguration.isLanguageTag(tag), "\(tag)") }
        for tag in ["", "j", "ja-", "ja_JP", "ja\u{0}", "日本語", "en US", "abcdefghi"] { #expect(!SiteConfiguration.isLanguageTag(tag), "\(tag)") }
    }

    /// A regional tag (`ja-JP`, `en-US`) is written into `<html lang>` as it is, and otherwise
    /// makes the site as its language does: default date format, dates and answers.
    @Test func aRegionalLanguageTagWritesAsItsLanguage() throws {
        let site = try makeSite(scenarios: """
            guide: g
            scenarios:
              - id: web
                title: Web
                facts: {service: web, expiry: 2026-05-07, action_date: 2026-01-05, cloud: false}
            """)
        try site.write("Content/guides/g.md", "---\ntitle: Steps\n---\nBy {{ expiry }}.{% if cloud %} Cloud.{% endif %}\n")
        let expected = [
            ("ja-JP", "2026年5月7日(木)", "いいえ"), ("en-US", "May 7, 2026", "No"), ("en-GB", "May 7, 2026", "No"),
        ]
        for (language, date, answer) in expected {
            try site.write("Content/site.yml", "title: t\nlanguage: \(language)\ncalendar: jp\n")
            let (result, files) = build(site)
            #expect(!result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics)")
            let page = try #require(files["guides/g/web/index.html"])
            #expect(page.contains("<html lang=\"\(language)\">"), "\(page)")
            #expect(page.contains("<dd>\(date)</dd>"), "\(language): \(page)")
            #expect(page.contains(">\(date)</time>."), "\(language): \(page)")
            #expect(page.contains("<dt>クラウド証明書ですか?</dt><dd>\(answer)</dd>"), "\(language): \(page)")
        }
    }

    /// A scenario id names a folder: one too long for a file name is an error at its line when
    /// the site loads, not a failure to write its page.
    @Test func aTooLongScenarioIDIsAnErrorAtItsLine() throws {
        let site = try FixtureSite("rules")
        try site.write("Content/guides/g.md", "---\ntitle: t\n---\n{{ service }}\n")
        let long = String(repeating: "a", count: 300)
        try site.write("Content/scenarios/g.yml", "guide: g\nscenarios:\n  - id: ok\n    facts: {service: web}\n  - id: \(long)\n    facts: {service: web}\n")
        let result = Builder.build(BuildOptions(root: site.root, asOf: "2026-01-15"), into: MemoryOutput())
        let error = try #require(result.diagnostics.first { $0.id == "scenario.invalid-id" })
        #expect(error.range?.start == SourceLocation(file: "Content/scenarios/g.yml", line: 5, column: 9))
        #expect(error.message == "scenario id is 300 characters long; an id names a folder and may have at most 200")
        #expect(!result.diagnostics.contains { $0.id == "output.write" })
    }

    @Test func scenarioErrorsNameFileLineScenarioAndFact() throws {
        let site = try makeSite(scenarios: """
            guide: g
            scenarios:
              - id: broken
                facts:
                  service: otehr
                  expiry: 2026-02-30
                  colour: blue
              - id: missing
                facts:
                  service: web
              - id: missing
                facts:
                  service: web
                  expiry: 2026-03-10
            """)
        let errors = build(site).0.diagnostics.filter { $0.severity == .error }
        func error(_ id: String) -> Diagnostic? { errors.first { $0.id == id } }
        #expect(error("scenario.unknown-choice")?.range?.start == SourceLocation(file: "Content/scenarios/g.yml", line: 5, column: 16))
        #expect(error("scenario.unknown-fact")?.range?.start.line == 7)
        #expect(error("scenario.missing-fact")?.message.contains("expiry") == true)
        #expect(error("scenario.duplicate-id")?.range?.start.line == 11)
        #expect(errors.contains { $0.range?.start.line == 6 })
        #expect(errors.first?.id == "scenario.unknown-choice", "\(errors)")
    }

    /// A step named twice is the same mistake on every scenario's page that keeps both: one
    /// error at the second, with notes at the first and at the scenarios.
    @Test func aStepNamedTwiceIsOneErrorNamingTheScenarios() throws {
        let site = try makeSite()
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n1. {% step \"csr\" %}作る\n1. {% step \"csr\" %}送る\n")
        let errors = build(site).0.diagnostics.filter { $0.id == "step.duplicate" }
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].message == "step 'csr' is named twice in a page of guide 'g'")
        #expect(errors[0].range?.start == SourceLocation(file: "Content/guides/g.md", line: 5, column: 4))
        #expect(errors[0].notes.map(\.message) == ["in scenarios 'given', 'from-today'", "'csr' is first named here"])
        #expect(errors[0].notes.last?.range?.start == SourceLocation(file: "Content/guides/g.md", line: 4, column: 4))
    }

    @Test func scenarioForAnUnknownGuideIsAnError() throws {
        let site = try makeSite(scenarios: "guide: nope\nscenarios:\n  - id: a\n    facts: {}\n")
        let diagnostics = build(site).0.diagnostics
        let error = try #require(diagnostics.first { $0.id == "scenario.unknown-guide" })
        #expect(diagnostics.first?.id == error.id, "\(diagnostics)")
        #expect(error.message.contains("'nope'"))

        // Every scenario of a file names the guide once: one error, with the nearest name.
        try site.write("Content/scenarios/g.yml", "guide: gg\nscenarios:\n  - id: a\n    facts: {}\n  - id: b\n    facts: {}\n")
        let misspelt = build(site).0.diagnostics.filter { $0.id == "scenario.unknown-guide" }
        try #require(misspelt.count == 1, "\(misspelt)")
        #expect(misspelt[0].message.hasPrefix("the scenarios of this file are for guide 'gg', which does not exist; did you mean 'g'?"), "\(misspelt[0].message)")
        #expect(misspelt[0].range?.start.line == 3)
        #expect(misspelt[0].notes.map(\.message) == ["the file's scenarios: 'a', 'b'"])
    }

    /// Scenario files are resolved on several threads: every file's problems are reported, each
    /// at its place (the report is sorted by place), and each missing fact still points at where
    /// the guide reads it, as when the files were resolved one by one.
    @Test func scenarioFilesResolvedInParallelReportEveryProblemAtItsPlace() throws {
        let site = try makeSite()
        var expected: [(path: String, id: String)] = []
        for index in 0..<12 {
            let path = "Content/scenarios/f\(String(format: "%02d", index)).yml"
            if index % 3 == 0 {
                try site.write(path, "guide: nope\nscenarios:\n  - id: a\(index)\n    facts: {}\n  - id: b\(index)\n    facts: {}\n")
                expected += [(path, "scenario.unknown-guide")]
            } else {
                try site.write(path, """
                    guide: g
                    scenarios:
                      - id: s\(index)
                        facts:
                          service: otehr
                          expiry: 2026-03-10
                      - id: t\(index)
                        facts:
                          service: web
                    """)
                expected += [(path, "scenario.unknown-choice"), (path, "scenario.missing-fact")]
            }
        }
        let diagnostics = build(site).0.diagnostics.filter { $0.range?.start.file.hasPrefix("Content/scenarios/f") == true }
        let found = diagnostics.map { (path: $0.range?.start.file ?? "", id: $0.id) }
        #expect(found.map(\.path) == expected.map(\.path), "\(found)")
        #expect(found.map(\.id) == expected.map(\.id), "\(found)")
        // The guide's title reads `expiry`: each missing one points there, as when resolved alone.
        let missing = diagnostics.filter { $0.id == "scenario.missing-fact" }
        #expect(missing.count == 8)
        #expect(missing.allSatisfy { $0.notes.contains { $0.message.contains("guide 'g' reads 'expiry'") } }, "\(missing)")
    }

    @Test func symbolicLinksOutOfPartialsAndOutOfTheSiteAreRefused() throws {
        let site = try makeSite()
        let fileManager = FileManager.default
        try fileManager.createSymbolicLink(
            atPath: site.root.appendingPathComponent("Content/partials/rules.md").path,
            withDestinationPath: site.root.appendingPathComponent("Content/rules/r.yml").path)
        try fileManager.createSymbolicLink(
            atPath: site.root.appendingPathComponent("Content/guides/passwd.md").path, withDestinationPath: "/etc/passwd")
        let errors = build(site).0.diagnostics.filter { $0.severity == .error }
        #expect(errors.contains { $0.id == "include.outside" && $0.file == "Content/partials/rules.md" })
        #expect(errors.contains { $0.id == "site.outside-link" && $0.file == "Content/guides/passwd.md" })
        #expect(errors.first?.id == "site.outside-link", "\(errors)")
    }
}

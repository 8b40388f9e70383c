import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

@Suite struct DiagnosticLocationTests {
    func diagnostics(of site: FixtureSite) -> [Diagnostic] {
        Builder.build(BuildOptions(root: site.root), into: MemoryOutput()).diagnostics
    }

    @Test func yamlErrorInFrontMatterPointsAtTheLine() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/guides/first.md", "---\ntitle: 手順\ndescription: [未完了\norder: 1\n---\n本文\n")
        let errors = diagnostics(of: site).filter { $0.severity == .error }
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.id == "yaml.syntax")
        // libyaml stops at the next key; the note points where the unclosed list began.
        #expect(error.range?.start == SourceLocation(file: "Content/guides/first.md", line: 4, column: 6))
        #expect(error.notes.first?.range?.start == SourceLocation(file: "Content/guides/first.md", line: 3, column: 14))
    }

    /// A rule's value that cannot be worked out for some scenarios is one error at the rule,
    /// with a note at the first of those scenarios naming each of them: whether it fails
    /// depends on the scenario's values, and a guide may have dozens.
    @Test func aValueThatFailsForSomeScenariosNamesThem() throws {
        let site = try FixtureSite("rules")
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n{{ complete_by }}までに申し込む。\n")
        func scenario(_ id: String, _ expiry: String) -> String {
            "  - id: \(id)\n    facts: {service: web, cloud: true, expiry: \(expiry)}\n"
        }
        let fine = scenario("fine", "2026-03-10")
        try site.write(
            "Content/scenarios/g.yml",
            "guide: g\nscenarios:\n" + fine + scenario("early", "0001-01-15") + scenario("earlier", "0001-01-02"))
        var errors = diagnostics(of: site).filter { $0.severity == .error }
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].id == "rules.date-out-of-range")
        #expect(errors[0].range?.start.file == "Content/rules/r.yml")
        #expect(errors[0].notes.first?.message == "in scenarios 'early', 'earlier'")
        #expect(errors[0].notes.first?.range?.start == SourceLocation(file: "Content/scenarios/g.yml", line: 5, column: 9))

        // One scenario: named alone. Many: the first five named, the rest counted.
        try site.write("Content/scenarios/g.yml", "guide: g\nscenarios:\n" + fine + scenario("early", "0001-01-15"))
        errors = diagnostics(of: site).filter { $0.severity == .error }
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].notes.first?.message == "in scenario 'early'")
        let many = (1...7).map { scenario("s\($0)", "0001-01-0\($0)") }.joined()
        try site.write("Content/scenarios/g.yml", "guide: g\nscenarios:\n" + fine + many)
        errors = diagnostics(of: site).filter { $0.severity == .error }
        try #require(errors.count == 1, "\(errors)")
        #expect(errors[0].notes.first?.message == "in scenarios 's1', 's2', 's3', 's4', 's5' and 2 more")
    }

    @Test func yamlErrorInSiteFilePointsAtLineAndColumn() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/site.yml", "title: テスト\nlanguage: ja\n  time_zone: Asia/Tokyo\n")
        let error = try #require(diagnostics(of: site).first { $0.severity == .error })
        #expect(error.id == "yaml.syntax")
        #expect(error.range?.start == SourceLocation(file: "Content/site.yml", line: 3, column: 12))
    }

    /// A value after an anchor or a tag, inside a quoted scalar with escapes or `''`, or in a
    /// block scalar is reported where its text is, with a caret as wide as its source; and a
    /// name inside a title with such constructs is found at its own column.
    @Test func valuesAfterYAMLAnchorsTagsEscapesAndBlockScalarsAreLocatedExactly() throws {
        let site = try FixtureSite("rules")
        let templates = try #require(Bundle.module.url(forResource: "Fixtures/basic/Templates", withExtension: nil))
        try FileManager.default.copyItem(at: templates, to: site.root.appendingPathComponent("Templates"))
        try site.write("Content/site.yml", """
            title: t
            time_zone: &z 東京
            date_formats:
              escaped: "\\u00e9\\tGGGGy年H"
              quoted: 'it''s H'
              folded: >-
                yyyy H
              tagged: !!str yyyy H
              both: &b !!str yyyy H
            calendar: jp

            """)
        try site.write("Content/guides/g.md", """
            ---
            title: &t "\\u00e9\\t{{ expiri }}"
            description: !!str 'it''s {{ expiri }}'
            ---
            {{ service }}

            """)
        try site.write("Content/scenarios/g.yml", """
            guide: g
            scenarios:
              - id: a
                title: >-
                  folded {{ expiri }}
                facts: {service: "\\u00e9\\t", cloud: &c tru, expiry: !!str 2026-03-1}
              - id: b
                facts: {service: web, cloud: *c, expiry: 2026-03-10}

            """)
        let errors = diagnostics(of: site).filter { $0.severity == .error }
        func place(_ file: String, _ line: Int, _ column: Int, _ length: Int) -> String { "\(file):\(line):\(column)+\(length)" }
        let places = errors.compactMap { error in error.range.map { place($0.start.file, $0.start.line, $0.start.column, $0.end.column - $0.start.column) } }
        let site_ = "Content/site.yml", guide = "Content/guides/g.md", scenarios = "Content/scenarios/g.yml"
        for expected in [
            place(site_, 2, 15, 2),  // 東京 after &z
            place(site_, 4, 13, 15),  // the text between the quotes, escapes as written
            place(site_, 5, 12, 7),  // it''s H
            place(site_, 7, 5, 6),  // the folded text, on the line below >-
            place(site_, 8, 17, 6),  // after !!str
            place(site_, 9, 18, 6),  // after &b !!str
            place(guide, 2, 23, 6),  // expiri, after &t and the escapes
            place(guide, 3, 30, 6),  // expiri, after !!str and ''
            place(scenarios, 5, 17, 6),  // expiri in the folded title
            place(scenarios, 6, 23, 8),  // "\u00e9\t" as written
            place(scenarios, 6, 44, 3),  // tru after &c
            place(scenarios, 6, 63, 9),  // 2026-03-1 after !!str
        ] {
            #expect(places.contains(expected), "\(expected) not in \(places)")
        }
        // A value reached through an alias is reported where its text is written, the anchored
        // value (Yams keeps no place for the alias itself), for the scenario that uses it.
        let aliased = try #require(errors.first { $0.message.hasPrefix("scenario 'b' gives fact 'cloud'") })
        #expect(aliased.range.map { place($0.start.file, $0.start.line, $0.start.column, $0.end.column - $0.start.column) } == place(scenarios, 6, 44, 3))
    }

    @Test func badSettingValuesPointAtTheValue() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/site.yml", "title: テスト\ntime_zone: 東京/Tokyo\nbase_url: help.example.jp\n")
        let errors = diagnostics(of: site).filter { $0.severity == .error }
        #expect(errors.map(\.id) == ["site.time-zone", "site.base-url"])
        #expect(errors.map { $0.range?.start.line } == [2, 3])
        #expect(errors.map { $0.range?.start.column } == [12, 11])
    }

    @Test func frontMatterValueErrorUsesFileLines() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/guides/first.md", "---\ntitle: 手順\norder: 一\n---\n本文\n")
        let error = try #require(diagnostics(of: site).first { $0.severity == .error })
        #expect(error.id == "guide.front-matter")
        #expect(error.range?.start == SourceLocation(file: "Content/guides/first.md", line: 3, column: 8))
    }

    @Test func invalidUTF8IsAnErrorNotACrash() throws {
        let site = try FixtureSite("basic")
        try Data([0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: site.root.appendingPathComponent("Content/guides/first.md"))
        let error = try #require(diagnostics(of: site).first { $0.severity == .error })
        #expect(error.id == "site.encoding")
        #expect(error.file == "Content/guides/first.md")
    }

    /// The first byte that is not UTF-8 is reported at its line and column (in characters).
    @Test func invalidUTF8IsReportedAtItsFirstBadByte() throws {
        let site = try FixtureSite("basic")
        let bytes = Array("---\ntitle: 手順\n---\nあいc".utf8) + [0xE3, 0x81] + Array("d\n".utf8) + [0xFF]
        try Data(bytes).write(to: site.root.appendingPathComponent("Content/guides/first.md"))
        let error = try #require(diagnostics(of: site).first { $0.id == "site.encoding" })
        #expect(error.range?.start == SourceLocation(file: "Content/guides/first.md", line: 4, column: 4))
        #expect(error.message == "'Content/guides/first.md' is not valid UTF-8 text: byte 0xE3 here is not UTF-8; save the file as UTF-8")
        #expect(SiteFiles.firstInvalidUTF8(in: Data("ok\n".utf8), file: "a") == nil)
    }

    /// A list or a mapping where text belongs is an error at its place, not empty text.
    @Test func aListWhereTextBelongsIsAnErrorAtItsLine() throws {
        let site = try FixtureSite("rules")
        try site.write("Content/glossary.yml", "秘密鍵:\n  definition: [鍵, b]\nCSR: [x]\n")
        try site.write("Content/rules/z.yml", "facts:\n  zz:\n    type: choice\n    question: [a, b]\n    choices:\n      a: [x]\n    explain:\n      a: {b: c}\n")
        try site.write("Content/guides/g.md", "---\ntitle: t\n---\n{{ service }}\n")
        try site.write("Content/scenarios/g.yml", "guide: g\nscenarios:\n  - id: a\n    title: [x, y]\n    facts: {service: web}\n")
        let errors = diagnostics(of: site).filter { $0.message.hasPrefix("expected text") }
        #expect(errors.map { "\($0.file ?? ""):\($0.range?.start.line ?? 0):\($0.range?.start.column ?? 0)" }.sorted() == [
            "Content/glossary.yml:2:15", "Content/glossary.yml:3:6",
            "Content/rules/z.yml:4:15", "Content/rules/z.yml:6:10", "Content/rules/z.yml:8:10",
            "Content/scenarios/g.yml:4:12",
        ], "\(errors)")
        #expect(errors.contains { $0.message == "expected text for the question of fact 'zz', found a list" })
        #expect(errors.contains { $0.message == "expected text for the title, found a list" && $0.id == "scenario.syntax" })
        #expect(!diagnostics(of: site).contains { $0.message.contains("has no definition") })
    }

    @Test func everyProblemIsReportedInOneRun() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/guides/first.md", "---\ntitle: [\n---\n")
        try site.write("Content/guides/second.md", "no front matter\n")
        try site.write("Content/guides/Bad Name.md", "---\ntitle: x\n---\n")
        let ids = diagnostics(of: site).filter { $0.severity == .error }.map(\.id)
        #expect(ids.sorted() == ["guide.front-matter", "guide.slug", "yaml.syntax"])
    }
}

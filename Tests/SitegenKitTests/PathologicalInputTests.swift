import Diagnostics
import Foundation
import Rules
import Testing

@testable import SitegenKit

/// Input built to break a parser: clear errors, never a stack overflow (these crashed before
/// the nesting limits existed).
@Suite struct PathologicalInputTests {
    func errors(_ markdown: String) throws -> [Diagnostic] {
        let site = try FixtureSite("rules")
        return DraftRenderer.render(markdown: markdown, path: "t.md", root: site.root, facts: ["service=web", "cloud=true", "expiry=2026-03-10"])
            .diagnostics.filter { $0.severity == .error }
    }

    @Test func tenThousandNestedParenthesesAreAnError() throws {
        let text = "{{ " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + " }}"
        #expect(try errors(text).map(\.id) == ["rules.too-deep"])
    }

    /// A table of 10,000 columns is one error at its row, reported once for the guide (not once
    /// per scenario), and no page is made, so cmark-gfm never parses it for each scenario.
    @Test func aTenThousandColumnTableIsOneErrorAtItsRow() throws {
        let site = try FixtureSite("rules")
        let templates = try #require(Bundle.module.url(forResource: "Fixtures/basic/Templates", withExtension: nil))
        try FileManager.default.copyItem(at: templates, to: site.root.appendingPathComponent("Templates"))
        let header = "|" + String(repeating: " a |", count: 10_000)
        let delimiter = "|" + String(repeating: "---|", count: 10_000)
        try site.write("Content/guides/wide.md", "---\ntitle: 表\n---\n{{ service }}\n\n\(header)\n\(delimiter)\n")
        try site.write("Content/partials/wide.md", "a | b\n" + String(repeating: "--|", count: 300) + "--\n")
        try site.write("Content/guides/narrow.md", "---\ntitle: 狭い表\n---\n{% include \"wide\" %}\n")
        let scenarios = (0..<40).map { "  - id: s\($0)\n    facts: {service: web}\n" }.joined()
        try site.write("Content/scenarios/wide.yml", "guides: [wide, narrow]\nscenarios:\n" + scenarios)
        let result = Builder.build(BuildOptions(root: site.root, asOf: "2026-01-15"), into: MemoryOutput())
        let wide = result.diagnostics.filter { $0.id == "guide.table-too-wide" }
        #expect(wide.map { $0.range?.start } == [
            SourceLocation(file: "Content/guides/wide.md", line: 7, column: 1),
            SourceLocation(file: "Content/partials/wide.md", line: 2, column: 1),
        ], "\(wide.map(\.description))")
        #expect(wide.first?.message == "this table has 10000 columns, more than the 256 a table may have; split it into narrower tables")
        #expect(wide.last?.message.hasPrefix("this table has 301 columns") == true)
        #expect(!result.succeeded)

        // The shapes of a delimiter row cmark-gfm accepts, at and past the limit.
        let row = { (cells: Int) in Array(repeating: ":--", count: cells).joined(separator: " | ") }
        #expect(TableWidth.firstTooWide(in: "x\n" + row(256) + "\n") == nil)
        #expect(TableWidth.firstTooWide(in: "x\n| " + row(256) + " |\n")?.columns == nil)
        #expect(TableWidth.firstTooWide(in: "x\n> | " + row(257) + " |\r\n")?.columns == 257)
        #expect(TableWidth.firstTooWide(in: "x\n" + row(257))?.line == 1)
        // Prose with many pipes is no table.
        #expect(TableWidth.firstTooWide(in: String(repeating: "a|", count: 1_000)) == nil)
    }

    /// ICU writes nothing for a pattern of thousands of letters: a pattern over 200 characters
    /// is an error, in a stamp and in site.yml, without quoting the pattern.
    @Test func aHugeDatePatternIsAnError() throws {
        let huge = String(repeating: "G", count: 100_000)
        let found = try errors("{{ expiry | date: \"\(huge)\" }}")
        #expect(found.map(\.id) == ["directive.date-format"])
        #expect(found.first?.message == "date pattern is 100000 characters long; a date pattern may have at most 200")
        let site = try FixtureSite("basic")
        try site.write("Content/site.yml", "title: t\ndate_formats:\n  long: \"\(huge)\"\n")
        let settings = Builder.build(BuildOptions(root: site.root), into: MemoryOutput()).diagnostics.filter { $0.id == "site.date-format" }
        #expect(settings.map { $0.range?.start } == [SourceLocation(file: "Content/site.yml", line: 3, column: 10)])
        #expect(DateStamper.patternProblem(String(repeating: "G", count: 200)) == nil)
    }

    @Test func tenThousandNotsAreAnError() throws {
        let text = "{% if " + String(repeating: "not ", count: 10_000) + "cloud %}x{% endif %}"
        #expect(try errors(text).map(\.id) == ["rules.too-deep"])
    }

    @Test func aLongChainOfOperatorsIsAnError() throws {
        let text = "{{ 1" + String(repeating: " + 1", count: 20_000) + " }}"
        let found = try errors(text)
        #expect(found.map(\.id) == ["rules.syntax"])
        #expect(found.first?.message.contains("too deeply nested") == true)
    }

    @Test func reasonableNestingStillWorks() throws {
        let text = "{{ " + String(repeating: "(", count: 50) + "fee + 1" + String(repeating: ")", count: 50) + " }}"
        #expect(try errors(text).isEmpty)
    }

    @Test func tenThousandNestedIfsAreAnError() throws {
        let text = String(repeating: "{% if cloud %}\n", count: 10_000) + "x\n" + String(repeating: "{% endif %}\n", count: 10_000)
        #expect(try errors(text).map(\.id).contains("directive.nesting"))
    }

    @Test func aMegabyteLineIsQuotedAsAWindow() throws {
        let line = String(repeating: "あ", count: 500_000) + "{{ nope }}" + String(repeating: "い", count: 500_000)
        let site = try FixtureSite("rules")
        let output = DraftRenderer.render(markdown: line, path: "t.md", root: site.root)
        let rendered = DiagnosticRenderer(sources: output.sources).render(output.diagnostics)
        #expect(rendered.hasPrefix("t.md:1:500004: error: unknown name 'nope'"))
        #expect(rendered.count < 1_000)
    }
}

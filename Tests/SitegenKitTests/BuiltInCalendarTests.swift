import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// `calendar: jp` without a calendar file: the built-in national holidays count.
@Suite struct BuiltInCalendarTests {
    func site(calendarFile: String?) throws -> FixtureSite {
        let site = try FixtureSite("basic")
        try site.write("Content/site.yml", "title: t\ncalendar: jp\n")
        if let calendarFile { try site.write("Content/calendars/jp.yml", calendarFile) }
        try site.write("Content/rules/d.yml", "facts:\n  day:\n    type: date\nrules:\n  next_open: business_day_on_or_after(day)\n")
        try site.write("Content/guides/d.md", "---\ntitle: d\n---\n{{ next_open | date: \"yyyy-MM-dd\" }}\n")
        try site.write("Content/scenarios/d.yml", "guide: d\nscenarios:\n  - id: a\n    facts: {day: 2026-01-10}\n")
        return site
    }

    @Test func theBuiltInCalendarServesASiteWithoutAFile() throws {
        let output = MemoryOutput()
        let fixture = try site(calendarFile: nil)
        let result = withExtendedLifetime(fixture) {
            Builder.build(BuildOptions(root: fixture.root, asOf: "2026-01-15"), into: output)
        }
        #expect(!result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics)")
        let page = String(decoding: try #require(output.files["guides/d/a/index.html"]), as: UTF8.self)
        // Saturday 2026-01-10, Sunday, then 成人の日 on Monday the 12th: Tuesday the 13th.
        #expect(page.contains(">2026-01-13</time>"))
    }

    @Test func aSiteFileOfTheSameNameWins() throws {
        let output = MemoryOutput()
        let fixture = try site(calendarFile: "holidays:\n  2026-01-01: 元日\n")
        let result = withExtendedLifetime(fixture) {
            Builder.build(BuildOptions(root: fixture.root, asOf: "2026-01-15"), into: output)
        }
        #expect(!result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics)")
        let page = String(decoding: try #require(output.files["guides/d/a/index.html"]), as: UTF8.self)
        // This calendar has no 成人の日: Monday the 12th is a business day.
        #expect(page.contains(">2026-01-12</time>"))
    }

    /// A calendar that is neither a file nor built in is an error at site.yml's `calendar:`,
    /// with the nearest name among the site's files and the built-in ones.
    @Test func aMisspeltCalendarIsAnErrorAtItsLineWithTheNearestName() throws {
        let fixture = try site(calendarFile: nil)
        try fixture.write("Content/calendars/company.yml", "holidays:\n  2026-01-01: 元日\n")
        try fixture.write("Content/site.yml", "title: t\ncalendar: compnay\n")
        let result = Builder.build(BuildOptions(root: fixture.root, asOf: "2026-01-15"), into: MemoryOutput())
        let error = try #require(result.diagnostics.first { $0.id == "site.calendar" }, "\(result.diagnostics)")
        #expect(error.range?.start == SourceLocation(file: "Content/site.yml", line: 2, column: 11))
        #expect(error.message.hasSuffix("; did you mean 'company'?"), "\(error.message)")
        try fixture.write("Content/site.yml", "title: t\ncalendar: pj\n")
        let builtIn = Builder.build(BuildOptions(root: fixture.root, asOf: "2026-01-15"), into: MemoryOutput())
        #expect(builtIn.diagnostics.first { $0.id == "site.calendar" }?.message.hasSuffix("; did you mean 'jp'?") == true)
    }
}

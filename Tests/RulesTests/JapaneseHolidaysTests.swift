import Diagnostics
import Foundation
import Testing

@testable import Rules

/// The built-in calendar `jp` against an independent reference: PyPI's `holidays` package's
/// Japanese holidays, written to Tests/reference/jp-holidays.txt by
/// scripts/make-holiday-reference. Every day of every covered year must agree.
@Suite struct JapaneseHolidaysTests {
    static let reference: Set<CivilDate> = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("reference/jp-holidays.txt")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { CivilDate(iso: $0) })
    }()

    @Test func everyDayOfTheCoveredYearsAgreesWithTheReference() {
        #expect(Self.reference.count > 2000, "the reference file is missing or short")
        let ours = JapaneseHolidays.holidays()
        let extra = ours.keys.filter { !Self.reference.contains($0) }.sorted()
        let missing = Self.reference.filter { JapaneseHolidays.coveredYears.contains($0.year) && ours[$0] == nil }.sorted()
        #expect(extra.isEmpty, "not holidays in the reference: \(extra.prefix(20))")
        #expect(missing.isEmpty, "holidays of the reference sitegen misses: \(missing.prefix(20))")
    }

    @Test func namesOfDaysTheLawMoved() {
        let days = JapaneseHolidays.holidays(in: 2019...2021)
        func name(_ iso: String) -> String? { days[CivilDate(iso: iso)!] }
        #expect(name("2019-05-01") == "天皇の即位の日")
        #expect(name("2019-04-30") == "国民の休日")
        #expect(name("2019-05-06") == "振替休日")
        #expect(name("2020-07-24") == "スポーツの日")
        #expect(name("2021-08-09") == "振替休日")
        #expect(name("2020-02-24") == "振替休日")
        #expect(name("2019-12-23") == nil)
    }

    @Test func businessDaysOutsideTheCoveredYearsAreAnError() throws {
        let calendar = JapaneseHolidays.calendar
        #expect(calendar.coveredYears == 1980...2099)
        #expect(throws: CalendarError.self) {
            try calendar.nextBusinessDay(onOrAfter: CivilDate(iso: "2100-01-01")!)
        }
        // 2026-01-12 is 成人の日 (the second Monday of January).
        #expect(try calendar.nextBusinessDay(onOrAfter: CivilDate(iso: "2026-01-10")!) == CivilDate(iso: "2026-01-13")!)
    }
}

/// Calendar files that extend the built-in calendar with a company's own closures.
@Suite struct ExtendedCalendarTests {
    func load(_ text: String) -> (HolidayCalendar?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let calendar = HolidayCalendar.load(SourceFile(path: "Content/calendars/company.yml", text: text), diagnostics: &diagnostics)
        return (calendar, diagnostics)
    }

    @Test func closuresAddToTheNationalHolidaysForTheYearsTheyList() throws {
        let (loaded, diagnostics) = load("extends: jp\nholidays:\n  2025-12-29: 年末年始休業\n  2026-12-29: 年末年始休業\n")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let calendar = try #require(loaded)
        #expect(calendar.name == "company")
        #expect(calendar.holidays[CivilDate(iso: "2026-12-29")!] == "年末年始休業")
        #expect(calendar.holidays[CivilDate(iso: "2026-01-12")!] == "成人の日")
        // Only the years whose closures the file lists are known.
        #expect(calendar.coveredYears == 2025...2026)
        #expect(throws: CalendarError.self) { try calendar.nextBusinessDay(onOrAfter: CivilDate(iso: "2027-01-04")!) }
    }

    @Test func extendingAloneGivesTheBuiltInCalendar() throws {
        let calendar = try #require(load("extends: jp\n").0)
        #expect(calendar.coveredYears == JapaneseHolidays.coveredYears)
        #expect(calendar.holidays.count == JapaneseHolidays.calendar.holidays.count)
        #expect(HolidayCalendar.builtIn(named: "jp") != nil && HolidayCalendar.builtIn(named: "us") == nil)
    }

    @Test func aClosureOutsideTheBuiltInsYearsIsAnErrorAtItsDate() throws {
        // Before, a file whose own dates were all in 2200 covered 2200 alone, and business days
        // there were counted with its closures but without any national holiday.
        let (calendar, diagnostics) = load("holidays:\n  2026-12-29: 年末年始休業\n  2200-12-29: 年末年始休業\nextends: jp\n")
        #expect(diagnostics.map(\.id) == ["calendar.outside-base"])
        #expect(
            diagnostics.first?.message
                == "2200-12-29 is outside the years the built-in calendar 'jp' covers (1980–2099); business days cannot be counted in that year, so list closures within those years only")
        #expect(diagnostics.first?.range?.start == SourceLocation(file: "Content/calendars/company.yml", line: 3, column: 3))
        #expect(try #require(calendar).coveredYears == 2026...2026)
    }

    @Test func anUnknownBuiltInIsAnErrorAtItsName() {
        let (calendar, diagnostics) = load("extends: us\nholidays:\n  2026-01-01: x\n")
        #expect(calendar == nil)
        #expect(diagnostics.first?.id == "calendar.extends")
        #expect(diagnostics.first?.message == "'us' is no built-in calendar (built in: jp)")
        #expect(diagnostics.first?.range?.start == SourceLocation(file: "Content/calendars/company.yml", line: 1, column: 10))
    }
}

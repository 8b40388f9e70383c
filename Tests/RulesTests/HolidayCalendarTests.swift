import Diagnostics
import Testing

@testable import Rules

/// A small Japanese calendar: the holidays around Golden Week 2026 and the New Year, with
/// years 2025–2027 covered.
func japaneseTestCalendar() -> HolidayCalendar {
    var holidays: [CivilDate: String] = [:]
    let entries: [(String, String)] = [
        ("2025-01-01", "元日"),
        ("2025-12-23", "dummy"),
        ("2026-01-01", "元日"),
        ("2026-01-12", "成人の日"),
        ("2026-04-29", "昭和の日"),
        ("2026-05-03", "憲法記念日"),
        ("2026-05-04", "みどりの日"),
        ("2026-05-05", "こどもの日"),
        ("2026-05-06", "振替休日"),
        ("2027-01-01", "元日"),
        ("2027-12-31", "dummy"),
    ]
    for (day, name) in entries { holidays[CivilDate(iso: day)!] = name }
    return HolidayCalendar(name: "jp", holidays: holidays)
}

struct HolidayCalendarTests {
    let calendar = japaneseTestCalendar()
    private func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test func coveredYears() {
        #expect(calendar.coveredYears == 2025...2027)
        #expect(HolidayCalendar.weekendsOnly.coveredYears == nil)
    }

    @Test func businessDays() {
        #expect(calendar.isBusinessDay(date("2026-04-28")))  // Tuesday
        #expect(!calendar.isBusinessDay(date("2026-04-29")))  // 昭和の日, Wednesday
        #expect(!calendar.isBusinessDay(date("2026-05-02")))  // Saturday
        #expect(!calendar.isBusinessDay(date("2026-05-06")))  // 振替休日
        #expect(calendar.isBusinessDay(date("2026-05-07")))
    }

    @Test func acrossGoldenWeek() throws {
        // Thu 4/30, Fri 5/1 are business days; 5/2–5/6 are not; Thu 5/7 is.
        #expect(try calendar.adding(businessDays: 1, to: date("2026-04-28")) == date("2026-04-30"))
        #expect(try calendar.adding(businessDays: 2, to: date("2026-04-28")) == date("2026-05-01"))
        #expect(try calendar.adding(businessDays: 3, to: date("2026-04-28")) == date("2026-05-07"))
        #expect(try calendar.adding(businessDays: -3, to: date("2026-05-07")) == date("2026-04-28"))
        #expect(try calendar.adding(businessDays: -1, to: date("2026-05-07")) == date("2026-05-01"))
        #expect(try calendar.adding(businessDays: 0, to: date("2026-05-03")) == date("2026-05-03"))
    }

    @Test func acrossTheYearEnd() throws {
        // 2025-12-31 is a Wednesday and (in this calendar) a business day; 2026-01-01 is a
        // holiday, 01-02 a Friday, 01-03/04 a weekend.
        #expect(try calendar.adding(businessDays: 1, to: date("2025-12-30")) == date("2025-12-31"))
        #expect(try calendar.adding(businessDays: 2, to: date("2025-12-30")) == date("2026-01-02"))
        #expect(try calendar.adding(businessDays: 3, to: date("2025-12-30")) == date("2026-01-05"))
        #expect(try calendar.adding(businessDays: -2, to: date("2026-01-05")) == date("2025-12-31"))
    }

    @Test func nextAndPrevious() throws {
        #expect(try calendar.nextBusinessDay(onOrAfter: date("2026-05-03")) == date("2026-05-07"))
        #expect(try calendar.previousBusinessDay(onOrBefore: date("2026-05-03")) == date("2026-05-01"))
        #expect(try calendar.nextBusinessDay(onOrAfter: date("2026-01-31")) == date("2026-02-02"))  // Saturday
        #expect(try calendar.previousBusinessDay(onOrBefore: date("2026-02-01")) == date("2026-01-30"))
        #expect(try calendar.nextBusinessDay(onOrAfter: date("2026-04-28")) == date("2026-04-28"))
        #expect(try calendar.previousBusinessDay(onOrBefore: date("2026-01-12")) == date("2026-01-09"))
    }

    @Test func outOfCalendarIsAnError() {
        // 2027-12-31 is a holiday here and Jan 1–2 2028 lie outside the covered years.
        #expect(throws: CalendarError.outOfRange(date("2028-01-01"), 2025...2027)) {
            try calendar.adding(businessDays: 2, to: date("2027-12-29"))
        }
        #expect(throws: CalendarError.outOfRange(date("2024-12-31"), 2025...2027)) {
            try calendar.adding(businessDays: -1, to: date("2025-01-01"))
        }
        #expect(throws: CalendarError.outOfRange(date("2030-05-01"), 2025...2027)) {
            try calendar.nextBusinessDay(onOrAfter: date("2030-05-01"))
        }
        #expect(throws: CalendarError.self) {
            try calendar.previousBusinessDay(onOrBefore: date("2025-01-01"))
        }
    }

    @Test func weekendsOnlyHandlesLargeCounts() throws {
        let weekends = HolidayCalendar.weekendsOnly
        // Friday + 1 business day is Monday.
        #expect(try weekends.adding(businessDays: 1, to: date("2026-01-30")) == date("2026-02-02"))
        // 5 business days after a Monday is the next Monday; 10 the one after.
        #expect(try weekends.adding(businessDays: 5, to: date("2026-02-02")) == date("2026-02-09"))
        #expect(try weekends.adding(businessDays: 10, to: date("2026-02-02")) == date("2026-02-16"))
        #expect(try weekends.adding(businessDays: -6, to: date("2026-02-16")) == date("2026-02-06"))
        // From a Saturday: the next business day is Monday.
        #expect(try weekends.adding(businessDays: 1, to: date("2026-01-31")) == date("2026-02-02"))
        #expect(try weekends.adding(businessDays: 6, to: date("2026-01-31")) == date("2026-02-09"))
        #expect(try weekends.adding(businessDays: -1, to: date("2026-02-01")) == date("2026-01-30"))
        // 260 weekdays in 52 weeks.
        #expect(try weekends.adding(businessDays: 260, to: date("2026-02-02")) == date("2026-02-02").adding(days: 364))
    }

    @Test func loadsAFile() {
        let file = SourceFile(
            path: "Content/calendars/jp.yml",
            text: "holidays:\n  2026-01-01: 元日\n  2026-02-30: 嘘\n  2027-01-01: 元日\n")
        var diagnostics: [Diagnostic] = []
        let loaded = HolidayCalendar.load(file, diagnostics: &diagnostics)
        #expect(loaded?.name == "jp")
        #expect(loaded?.holidays[date("2026-01-01")] == "元日")
        #expect(loaded?.coveredYears == 2026...2027)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.id == "calendar.invalid-date")
        #expect(diagnostics.first?.range?.start == SourceLocation(file: "Content/calendars/jp.yml", line: 3, column: 3))
    }
}

import Testing

@testable import Rules

struct CivilDateTests {
    private func date(_ text: String) -> CivilDate {
        guard let date = CivilDate(iso: text) else {
            Issue.record("bad test date \(text)")
            return CivilDate(daysSinceEpoch: 0)
        }
        return date
    }

    @Test func epochAndComponents() {
        let epoch = CivilDate(daysSinceEpoch: 0)
        #expect(epoch.isoString == "1970-01-01")
        #expect(CivilDate(year: 2000, month: 3, day: 1)?.daysSinceEpoch == 11_017)
        let d = date("2026-02-01")
        #expect(d.year == 2026 && d.month == 2 && d.day == 1)
        #expect(d.description == "2026-02-01")
        #expect(CivilDate(year: 1, month: 1, day: 1)?.isoString == "0001-01-01")
    }

    @Test func spec43Examples() {
        #expect(date("2026-03-01").adding(days: -1) == date("2026-02-28"))
        #expect(date("2026-03-31").adding(months: -1) == date("2026-02-28"))
        #expect(date("2024-03-31").adding(months: -1) == date("2024-02-29"))
        #expect(date("2028-02-29").adding(years: 1) == date("2029-02-28"))
    }

    @Test func leapYears() {
        #expect(CivilDate.isLeapYear(2024))
        #expect(!CivilDate.isLeapYear(2100))
        #expect(CivilDate.isLeapYear(2000))
        #expect(!CivilDate.isLeapYear(2026))
        #expect(CivilDate(year: 2100, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(date("2100-03-01").adding(days: -1) == date("2100-02-28"))
        #expect(date("2000-03-01").adding(days: -1) == date("2000-02-29"))
        #expect(date("2024-02-29").adding(years: 4) == date("2028-02-29"))
        #expect(date("2024-02-29").adding(years: -1) == date("2023-02-28"))
    }

    @Test func monthEndsBothDirections() {
        #expect(date("2026-01-31").adding(months: 1) == date("2026-02-28"))
        #expect(date("2026-01-31").adding(months: 3) == date("2026-04-30"))
        #expect(date("2026-05-31").adding(months: -1) == date("2026-04-30"))
        #expect(date("2026-02-28").adding(months: 1) == date("2026-03-28"))
        #expect(date("2026-01-15").endOfMonth == date("2026-01-31"))
        #expect(date("2024-02-01").endOfMonth == date("2024-02-29"))
        #expect(date("2026-02-10").endOfMonth == date("2026-02-28"))
        #expect(date("2026-12-31").endOfMonth == date("2026-12-31"))
    }

    @Test func yearBoundaries() {
        #expect(date("2025-12-31").adding(days: 1) == date("2026-01-01"))
        #expect(date("2026-01-01").adding(days: -1) == date("2025-12-31"))
        #expect(date("2025-12-15").adding(months: 1) == date("2026-01-15"))
        #expect(date("2026-01-31").adding(months: -2) == date("2025-11-30"))
        #expect(date("2026-03-10").adding(months: -14) == date("2025-01-10"))
        #expect(date("2026-03-10").adding(months: 22) == date("2028-01-10"))
        #expect(date("2026-01-01").days(since: date("2025-12-31")) == 1)
        #expect(date("2026-03-10").days(since: date("2026-02-08")) == 30)
        #expect(date("2026-02-08").days(since: date("2026-03-10")) == -30)
        #expect(date("2025-01-01").days(since: date("2024-01-01")) == 366)
    }

    @Test func weekdays() {
        #expect(date("1970-01-01").weekday == 4)  // Thursday
        #expect(date("2026-01-31").weekday == 6)  // Saturday
        #expect(date("2026-02-01").weekday == 7)  // Sunday
        #expect(date("2026-02-02").weekday == 1)  // Monday
        #expect(date("2019-05-01").weekday == 3)  // Wednesday, first day of Reiwa
        #expect(date("2000-01-01").weekday == 6)  // Saturday
        #expect(date("1969-12-31").weekday == 3)  // Wednesday, before the epoch
    }

    @Test func strictISOParsing() {
        #expect(CivilDate(iso: "2026-02-30") == nil)
        #expect(CivilDate(iso: "2026-13-01") == nil)
        #expect(CivilDate(iso: "2026-00-10") == nil)
        #expect(CivilDate(iso: "2026-1-01") == nil)
        #expect(CivilDate(iso: "2026-01-1") == nil)
        #expect(CivilDate(iso: "2026/01/01") == nil)
        #expect(CivilDate(iso: " 2026-01-01") == nil)
        #expect(CivilDate(iso: "2026-01-01 ") == nil)
        #expect(CivilDate(iso: "２０２６-01-01") == nil)
        #expect(CivilDate(iso: "") == nil)
        #expect(CivilDate(iso: "2026-02-28") == CivilDate(year: 2026, month: 2, day: 28))
        #expect(CivilDate(iso: "2026-02-28"[...]) != nil)
    }

    @Test func ordering() {
        #expect(date("2025-12-31") < date("2026-01-01"))
        #expect(!(date("2026-01-01") < date("2026-01-01")))
    }
}

/// Text shaped like a date says what is wrong with its day, not with its format.
@Suite struct DateProblemTests {
    @Test(arguments: [
        ("2026-06-31", "'2026-06-31' does not exist: June 2026 has 30 days"),
        ("2026-02-29", "'2026-02-29' does not exist: February 2026 has 28 days"),
        ("2026-00-10", "'2026-00-10' is not a date: there is no month 00 (months are 01 to 12)"),
        ("2026/06/30", "'2026/06/30' is not a date (YYYY-MM-DD, such as 2026-01-31)"),
        ("26-6-30", "'26-6-30' is not a date (YYYY-MM-DD, such as 2026-01-31)"),
    ])
    func problems(_ text: String, _ message: String) {
        #expect(CivilDate.problem(iso: text) == message)
    }

    @Test func realDaysHaveNoProblem() {
        #expect(CivilDate.problem(iso: "2028-02-29") == nil)
        #expect(CivilDate.problem(iso: "2026-06-30") == nil)
    }

    @Test func isoStringIsTheGeneralFormForEveryYear() {
        // Years 0...9999 take a fast path; it must write what the general form writes, and read
        // back as the same day.
        var generator = SystemRandomNumberGenerator()
        let edges = [-800_000, -719_529, -719_528, -1, 0, 1, 2_932_896, 2_932_897, 3_000_000]
        let random = (0..<5_000).map { _ in Int.random(in: -1_000_000...4_000_000, using: &generator) }
        for day in edges + random {
            let date = CivilDate(daysSinceEpoch: day)
            let (year, month, dayOfMonth) = (date.year, date.month, date.day)
            #expect(date.isoString == CivilDate.generalISOString(year, month, dayOfMonth))
            if (1...9999).contains(year) { #expect(CivilDate(iso: date.isoString) == date) }
        }
        #expect(CivilDate(year: 2026, month: 2, day: 1)!.isoString == "2026-02-01")
        #expect(CivilDate(year: 7, month: 12, day: 31)!.isoString == "0007-12-31")
    }
}

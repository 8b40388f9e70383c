import Diagnostics
import Yams

/// The days on which nobody works, for business-day arithmetic (docs/language.md, Holiday calendars): Saturdays,
/// Sundays and the holidays of a calendar file such as `Content/calendars/jp.yml`.
public struct HolidayCalendar: Sendable {
    /// The calendar's name: the base name of its file (`jp`).
    public var name: String
    /// The holidays and their names.
    public var holidays: [CivilDate: String]
    /// The years the holidays are known for, from the earliest to the latest holiday's year;
    /// `nil` when only weekends are skipped and every year is known.
    public var coveredYears: ClosedRange<Int>?

    /// Creates a calendar whose covered years run from the earliest to the latest holiday.
    public init(name: String, holidays: [CivilDate: String]) {
        self.name = name
        self.holidays = holidays
        let years = holidays.keys.map(\.year)
        if let low = years.min(), let high = years.max() {
            coveredYears = low...high
        } else {
            coveredYears = nil
        }
    }

    /// Creates a calendar with explicit covered years, for a file that covers years in which
    /// it lists no holiday.
    public init(name: String, holidays: [CivilDate: String], coveredYears: ClosedRange<Int>?) {
        self.name = name
        self.holidays = holidays
        self.coveredYears = coveredYears
    }

    /// The calendar used without a `calendar:` in site.yml: weekends only, every year.
    public static let weekendsOnly = HolidayCalendar(
        name: "weekends", holidays: [:], coveredYears: nil)

    /// Whether `date` is Monday to Friday and not a holiday.
    public func isBusinessDay(_ date: CivilDate) -> Bool {
        date.weekday <= 5 && holidays[date] == nil
    }

    /// The business day `count` business days after `date`, not counting `date` itself;
    /// a negative count goes backwards; zero gives `date`.
    ///
    /// - Throws: `CalendarError.outOfRange` when the count passes a date outside the covered
    ///   years, where the holidays are unknown.
    public func adding(businessDays count: Int, to date: CivilDate) throws(CalendarError) -> CivilDate {
        try checkCovered(date)
        let step = count < 0 ? -1 : 1
        var remaining = abs(count)
        var current = date
        if coveredYears == nil {
            // Without holidays every full week holds five business days; jumping whole weeks
            // keeps a huge count from looping for ever.
            let weeks = max(remaining / 5 - 1, 0)
            current = current.adding(days: weeks * 7 * step)
            remaining -= weeks * 5
        }
        while remaining > 0 {
            current = current.adding(days: step)
            try checkCovered(current)
            if isBusinessDay(current) { remaining -= 1 }
        }
        return current
    }

    /// `date` if it is a business day, else the first business day after it.
    public func nextBusinessDay(onOrAfter date: CivilDate) throws(CalendarError) -> CivilDate {
        try scan(from: date, step: 1)
    }

    /// `date` if it is a business day, else the last business day before it.
    public func previousBusinessDay(onOrBefore date: CivilDate) throws(CalendarError) -> CivilDate {
        try scan(from: date, step: -1)
    }

    private func scan(from date: CivilDate, step: Int) throws(CalendarError) -> CivilDate {
        var current = date
        try checkCovered(current)
        while !isBusinessDay(current) {
            current = current.adding(days: step)
            try checkCovered(current)
        }
        return current
    }

    private func checkCovered(_ date: CivilDate) throws(CalendarError) {
        if let coveredYears, !coveredYears.contains(date.year) {
            throw .outOfRange(date, coveredYears)
        }
    }

    /// The calendars sitegen knows without a file: `jp`, Japan's national holidays
    /// (``JapaneseHolidays``). A site's `calendar: jp` uses it when the site has no
    /// `Content/calendars/jp.yml`; a calendar file adds to it with `extends: jp`.
    public static func builtIn(named name: String) -> HolidayCalendar? {
        name == "jp" ? japan : nil
    }

    /// The names of the built-in calendars, for messages.
    public static let builtInNames = ["jp"]

    // Computed once: 120 years of holidays are read by every build that uses them.
    private static let japan = JapaneseHolidays.calendar

    /// Reads a calendar file (`holidays:` mapping `YYYY-MM-DD: name`, and optionally
    /// `extends:` naming a built-in calendar whose holidays it adds to), reporting every bad
    /// entry. Returns `nil` when the file cannot be used at all.
    ///
    /// A file that extends a built-in calendar covers the built-in's years; when it lists
    /// holidays of its own (company closures), only the years from its earliest to its latest
    /// one, so that business days are never counted in a year whose closures nobody wrote.
    public static func load(_ file: SourceFile, diagnostics: inout [Diagnostic]) -> HolidayCalendar? {
        guard let root = YAMLSupport.compose(file, area: .calendar, diagnostics: &diagnostics)
        else { return nil }
        let name = baseName(of: file.path)
        guard root.mapping != nil else {
            diagnostics.append(CalendarProblem.fileNotMapping(at: YAMLSupport.location(of: root, in: file)))
            return nil
        }
        var holidaysNode: Node?
        var base: HolidayCalendar?
        var baseName = ""
        for (key, value) in YAMLSupport.pairs(root) {
            switch key.string {
            case "holidays":
                holidaysNode = value
            case "extends":
                guard let builtIn = value.string.flatMap(builtIn(named:)) else {
                    diagnostics.append(
                        CalendarProblem.unknownBase(value.string ?? "", builtIn: builtInNames, at: YAMLSupport.range(of: value, in: file)))
                    return nil
                }
                base = builtIn
                baseName = value.string ?? ""
            default:
                diagnostics.append(CalendarProblem.unknownKey(key.string ?? "", at: YAMLSupport.range(of: key, in: file)))
            }
        }
        guard let holidaysNode, !YAMLSupport.isNull(holidaysNode) else {
            if let base { return HolidayCalendar(name: name, holidays: base.holidays, coveredYears: base.coveredYears) }
            if holidaysNode != nil { return HolidayCalendar(name: name, holidays: [:]) }
            diagnostics.append(CalendarProblem.noHolidays(name, file: file.path))
            return nil
        }
        guard holidaysNode.mapping != nil else {
            diagnostics.append(
                CalendarProblem.holidaysNotMapping(
                    kind: YAMLSupport.kind(of: holidaysNode), at: YAMLSupport.location(of: holidaysNode, in: file)))
            return nil
        }
        var holidays: [CivilDate: String] = [:]
        for (key, value) in YAMLSupport.pairs(holidaysNode) {
            let text = key.string ?? ""
            guard let date = CivilDate(iso: text) else {
                diagnostics.append(CalendarProblem.invalidDate(text, at: YAMLSupport.range(of: key, in: file)))
                continue
            }
            // A closure in a year the built-in does not know would make that year look covered,
            // and business days there would be counted without the national holidays.
            if let years = base?.coveredYears, !years.contains(date.year) {
                diagnostics.append(CalendarProblem.outsideBase(date, base: baseName, years: years, at: YAMLSupport.range(of: key, in: file)))
                continue
            }
            holidays[date] = value.string ?? ""
        }
        guard let base else { return HolidayCalendar(name: name, holidays: holidays) }
        let own = HolidayCalendar(name: name, holidays: holidays).coveredYears
        var covered = base.coveredYears
        if let own, let years = covered {
            let low = max(own.lowerBound, years.lowerBound)
            covered = low...max(low, min(own.upperBound, years.upperBound))
        }
        return HolidayCalendar(name: name, holidays: base.holidays.merging(holidays) { _, mine in mine }, coveredYears: covered)
    }

    /// `Content/calendars/jp.yml` → `jp`.
    static func baseName(of path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = last.lastIndex(of: "."), dot != last.startIndex {
            return String(last[..<dot])
        }
        return last
    }
}

/// A calendar day with no time and no time zone, such as the `2026-01-31` of a rule or a
/// scenario (docs/language.md, Values and literals). Stored as a count of days since 1970-01-01 so that comparing and
/// subtracting dates is plain integer arithmetic.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int

    /// The day `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The given day of the proleptic Gregorian calendar, or `nil` when there is no such day
    /// (month 13, 30 February) or the year is outside 1…9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.daysSinceEpoch = CivilDate.days(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD` (ten characters, ASCII digits); anything else, including a
    /// day the month does not have, gives `nil`.
    public init?(iso text: some StringProtocol) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 10, scalars[4] == "-", scalars[7] == "-" else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let scalar = scalars[index]
                guard ("0"..."9").contains(scalar) else { return nil }
                value = value * 10 + Int(scalar.value - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
            return nil
        }
        self.init(year: year, month: month, day: day)
    }

    /// Why `text` is not a date, as words for a message, or `nil` when it is one. Text of the
    /// right shape says what is wrong with it (`2026-06-31`: June 2026 has 30 days), since the
    /// format is not the problem there.
    public static func problem(iso text: some StringProtocol) -> String? {
        if CivilDate(iso: text) != nil { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard isShapedLikeDate(text), let year = Int(parts[0]), let month = Int(parts[1]) else {
            return "'\(text)' is not a date (YYYY-MM-DD, such as 2026-01-31)"
        }
        if year < 1 { return "'\(text)' is not a date: there is no year 0" }
        guard (1...12).contains(month) else { return "'\(text)' is not a date: there is no month \(parts[1]) (months are 01 to 12)" }
        let days = daysInMonth(year: year, month: month)
        return "'\(text)' does not exist: \(monthNames[month - 1]) \(year) has \(days) days"
    }

    /// Whether `text` has a date's shape, four, two and two ASCII digits joined by `-`,
    /// whether or not that day exists.
    public static func isShapedLikeDate(_ text: some StringProtocol) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
            && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// The year, month and day, worked out together (Howard Hinnant's `civil_from_days`).
    public var components: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// The year, such as 2026.
    public var year: Int { components.year }
    /// The month, 1 (January) to 12.
    public var month: Int { components.month }
    /// The day of the month, 1 to 31.
    public var day: Int { components.day }

    /// The ISO weekday: 1 is Monday, 7 is Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (ISO 4).
        let mod = ((daysSinceEpoch % 7) + 7) % 7
        return (mod + 3) % 7 + 1
    }

    /// The day `days` days later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// The same day of the month `months` months later (earlier when negative), clamped to the
    /// last day of the target month: 2026-03-31 minus one month is 2026-02-28, never March 3.
    public func adding(months: Int) -> CivilDate {
        let (year, month, day) = components
        let monthIndex = year * 12 + (month - 1) + months
        let newYear = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
        let newMonth = monthIndex - newYear * 12 + 1
        let newDay = min(day, CivilDate.daysInMonth(year: newYear, month: newMonth))
        return CivilDate(daysSinceEpoch: CivilDate.days(year: newYear, month: newMonth, day: newDay))
    }

    /// The same day `years` years later (earlier when negative); 29 February becomes 28 February
    /// in a common year.
    public func adding(years: Int) -> CivilDate {
        adding(months: years * 12)
    }

    /// The date `duration` later (earlier for a negative amount) in days, weeks, months or
    /// years; `nil` for business days, which need a holiday calendar. Unchecked: the caller
    /// bounds the amount and the year.
    public func adding(calendarTime duration: CalendarDuration) -> CivilDate? {
        switch duration.unit {
        case .day: adding(days: duration.amount)
        case .week: adding(days: duration.amount * 7)
        case .month: adding(months: duration.amount)
        case .year: adding(years: duration.amount)
        case .businessDay: nil
        }
    }

    /// The number of days from `other` to this date: positive when this date is later.
    public func days(since other: CivilDate) -> Int {
        daysSinceEpoch - other.daysSinceEpoch
    }

    /// The last day of this date's month.
    public var endOfMonth: CivilDate {
        let (year, month, _) = components
        return CivilDate(
            daysSinceEpoch: CivilDate.days(
                year: year, month: month, day: CivilDate.daysInMonth(year: year, month: month)))
    }

    /// `YYYY-MM-DD`, such as `2026-02-01`.
    public var isoString: String {
        let (year, month, day) = components
        // Years 0...9999, all a site ever writes, as ten bytes at once: this runs for every date
        // on every page, and the general form below builds five Strings to join them.
        if (0...9999).contains(year) {
            return String(unsafeUninitializedCapacity: 10) { buffer in
                func write(_ value: Int, width: Int, at start: Int) {
                    var rest = value
                    for position in stride(from: start + width - 1, through: start, by: -1) {
                        buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                        rest /= 10
                    }
                }
                write(year, width: 4, at: 0)
                buffer[4] = UInt8(ascii: "-")
                write(month, width: 2, at: 5)
                buffer[7] = UInt8(ascii: "-")
                write(day, width: 2, at: 8)
                return 10
            }
        }
        return Self.generalISOString(year, month, day)
    }

    /// The ISO form of any year, negative or of more than four digits.
    static func generalISOString(_ year: Int, _ month: Int, _ day: Int) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(abs(value))
            let sign = value < 0 ? "-" : ""
            return sign + String(repeating: "0", count: max(width - digits.count, 0)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// The ISO form, `2026-02-01`.
    public var description: String { isoString }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }

    /// Whether `year` has a 29 February in the Gregorian calendar.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in `month` of `year`.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's `days_from_civil`, valid for every year, without range checks.
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

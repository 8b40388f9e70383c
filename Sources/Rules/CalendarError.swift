/// Why a business-day computation failed.
public enum CalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The computation reached `date`, outside the years \(calendar) covers, where it
    /// cannot know the holidays (docs/language.md, Holiday calendars).
    case outOfRange(CivilDate, ClosedRange<Int>)

    /// One sentence saying what went wrong.
    public var description: String { message(calendarName: nil) }

    /// One sentence saying what went wrong, naming the calendar when its name is given.
    public func message(calendarName: String?) -> String {
        let calendar = calendarName.map { "holiday calendar '\($0)'" } ?? "the holiday calendar"
        switch self {
        case .outOfRange(let date, let covered):
            let years =
                covered.lowerBound == covered.upperBound
                ? "\(covered.lowerBound)" : "\(covered.lowerBound)–\(covered.upperBound)"
            return "business-day arithmetic reached \(date), outside the years \(calendar) covers (\(years))"
        }
    }
}

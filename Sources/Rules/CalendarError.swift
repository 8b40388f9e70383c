/// Why a business-day computation failed.
public enum CalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The computation reached `date`, outside the years the holiday calendar covers, where it
    /// cannot know the holidays (SPEC §4.4).
    case outOfRange(CivilDate, ClosedRange<Int>)

    /// One sentence saying what went wrong.
    public var description: String {
        switch self {
        case .outOfRange(let date, let covered):
            let years =
                covered.lowerBound == covered.upperBound
                ? "\(covered.lowerBound)" : "\(covered.lowerBound)–\(covered.upperBound)"
            return "business-day arithmetic reached \(date), outside the years the holiday calendar covers (\(years))"
        }
    }
}

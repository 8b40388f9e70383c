/// An amount of calendar time such as `30 days` or `2 business days` (docs/language.md, Durations in detail). Named so as
/// not to shadow the standard library's `Duration`.
public struct CalendarDuration: Sendable, Hashable, CustomStringConvertible {
    /// What a duration counts.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        /// Calendar days.
        case day
        /// Weeks of seven days.
        case week
        /// Months, keeping the day of the month (clamped).
        case month
        /// Years, keeping the day and month (clamped).
        case year
        /// Business days of the site calendar.
        case businessDay

        /// The word used in expressions, singular or plural.
        func word(plural: Bool) -> String {
            let base = self == .businessDay ? "business day" : rawValue
            return plural ? base + "s" : base
        }
    }

    /// How many units; negative amounts come only from arithmetic.
    public var amount: Int
    /// The unit.
    public var unit: Unit

    /// Creates a duration.
    public init(_ amount: Int, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// As written in an expression: `30 days`, `1 business day`.
    public var description: String {
        "\(amount) \(unit.word(plural: abs(amount) != 1))"
    }
}

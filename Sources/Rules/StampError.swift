/// Why a value could not be stamped into a page (docs/language.md, Where expressions appear).
public enum StampError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A bool has no text; conditions belong in `{% if %}`.
    case boolNotStampable
    /// A duration has no agreed text.
    case durationNotStampable
    /// `date: name` names no format of `date_formats`.
    case unknownFormat(String, known: [String])
    /// A date format was given for a value that is not a date.
    case formatOnNonDate(ValueType)
    /// A date before 1873, when Japan took up the Gregorian calendar, in a Japanese-era pattern.
    case eraOutOfRange(CivilDate)

    /// A stable diagnostic id.
    public var id: String {
        switch self {
        case .boolNotStampable, .durationNotStampable: "stamp.not-stampable"
        case .unknownFormat: "stamp.unknown-format"
        case .formatOnNonDate: "stamp.format-on-non-date"
        case .eraOutOfRange: "stamp.era-out-of-range"
        }
    }

    /// One sentence, without a trailing full stop.
    public var description: String {
        switch self {
        case .boolNotStampable:
            "a bool cannot be stamped; use {% if %}"
        case .durationNotStampable:
            "a duration cannot be stamped; add it to a date"
        case .unknownFormat(let name, let known):
            "unknown date format '\(name)' (formats: \(known.joined(separator: ", ")))"
        case .formatOnNonDate(let type):
            "a date format cannot apply to \(type), only to a date"
        case .eraOutOfRange(let date):
            "\(date) is before 1873-01-01, so it cannot be written with a Japanese era (use a pattern without 'G')"
        }
    }
}

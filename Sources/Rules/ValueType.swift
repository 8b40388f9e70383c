/// The type of a fact, a rule or an expression (docs/language.md, Values and literals).
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    /// `true` or `false`.
    case bool
    /// A whole number.
    case int
    /// Text.
    case string
    /// A calendar day.
    case date
    /// An amount of days, weeks, months, years or business days.
    case duration
    /// One key of the choices of the fact named `fact`.
    case choice(fact: String)
    /// A list whose elements have one type.
    case list(ValueType)
    /// The type of `[]`, a list with no elements, which fits a list of any type.
    case emptyList

    /// How messages name the type: `date`, `choice of target_service`, `list of string`.
    public var description: String {
        switch self {
        case .bool: "bool"
        case .int: "int"
        case .string: "string"
        case .date: "date"
        case .duration: "duration"
        case .choice(let fact): "choice of \(fact)"
        case .list(let element): "list of \(element)"
        case .emptyList: "empty list"
        }
    }

    /// The element type of a list type; `nil` for the empty list and for non-lists.
    var elementType: ValueType? {
        if case .list(let element) = self { return element }
        return nil
    }

    /// Whether this is a list type, empty or not.
    var isList: Bool {
        switch self {
        case .list, .emptyList: true
        default: false
        }
    }
}

/// The value of a fact, a rule or an expression in one scenario.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number.
    case int(Int)
    /// Text.
    case string(String)
    /// A calendar day.
    case date(CivilDate)
    /// An amount of calendar time.
    case duration(CalendarDuration)
    /// One choice of the fact `fact`: its key and the label readers see.
    case choice(fact: String, key: String, label: String)
    /// A list of values.
    case list([Value])

    /// The value's type; a list takes the type of its first element.
    public var type: ValueType {
        switch self {
        case .bool: .bool
        case .int: .int
        case .string: .string
        case .date: .date
        case .duration: .duration
        case .choice(let fact, _, _): .choice(fact: fact)
        case .list(let elements): elements.first.map { .list($0.type) } ?? .emptyList
        }
    }

    /// How `sitegen explain` shows the value: dates in ISO form, strings and keys quoted.
    public var description: String {
        switch self {
        case .bool(let value): "\(value)"
        case .int(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .date(let value): value.isoString
        case .duration(let value): value.description
        case .choice(_, let key, let label): "\(key) (\(label))"
        case .list(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// Equality as the `==` operator sees it: a choice equals a string that is its key.
    func matches(_ other: Value) -> Bool {
        switch (self, other) {
        case (.choice(_, let key, _), .string(let text)), (.string(let text), .choice(_, let key, _)):
            key == text
        case (.choice(let a, let keyA, _), .choice(let b, let keyB, _)):
            a == b && keyA == keyB
        case (.list(let a), .list(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.matches($1) }
        default:
            self == other
        }
    }
}

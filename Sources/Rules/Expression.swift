import Diagnostics

/// A parsed expression of the rules language (SPEC §4.2), every node with its place.
public struct Expression: Sendable, Hashable {
    /// What a node is.
    public indirect enum Kind: Sendable, Hashable {
        /// `true` or `false`.
        case bool(Bool)
        /// An integer literal.
        case int(Int)
        /// A string literal, escapes resolved.
        case string(String)
        /// A date literal such as `2026-01-31`.
        case date(CivilDate)
        /// A duration literal such as `30 days`.
        case duration(CalendarDuration)
        /// A list literal.
        case list([Expression])
        /// A fact, a rule or `today`.
        case name(String)
        /// `not operand`.
        case not(Expression)
        /// `lhs op rhs`.
        case binary(BinaryOperator, Expression, Expression)
        /// A call of a built-in function.
        case call(Function, [Expression])
    }

    /// The binary operators.
    public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
        /// `or`
        case or = "or"
        /// `and`
        case and = "and"
        /// `==`
        case equal = "=="
        /// `!=`
        case notEqual = "!="
        /// `<`
        case less = "<"
        /// `<=`
        case lessOrEqual = "<="
        /// `>`
        case greater = ">"
        /// `>=`
        case greaterOrEqual = ">="
        /// `in`
        case `in` = "in"
        /// `not in`
        case notIn = "not in"
        /// `+`
        case plus = "+"
        /// `-`
        case minus = "-"

        /// Whether this operator compares two values and gives a bool.
        public var isComparison: Bool {
            switch self {
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in, .notIn: true
            default: false
            }
        }
    }

    /// The built-in functions.
    public enum Function: String, Sendable, Hashable, CaseIterable {
        /// `min(a, b)`
        case min = "min"
        /// `max(a, b)`
        case max = "max"
        /// `end_of_month(d)`
        case endOfMonth = "end_of_month"
        /// `next_business_day(d)`
        case nextBusinessDay = "next_business_day"
        /// `previous_business_day(d)`
        case previousBusinessDay = "previous_business_day"

        /// How many arguments the function takes.
        public var arity: Int {
            switch self {
            case .min, .max: 2
            default: 1
            }
        }
    }

    /// The node.
    public var kind: Kind
    /// The source text the node was parsed from.
    public var range: SourceRange

    /// Creates a node.
    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The names of facts, rules and `today` the expression mentions directly.
    public var referencedNames: Set<String> {
        var names: Set<String> = []
        collectNames(into: &names)
        return names
    }

    private func collectNames(into names: inout Set<String>) {
        switch kind {
        case .bool, .int, .string, .date, .duration: break
        case .name(let name): names.insert(name)
        case .list(let elements): for element in elements { element.collectNames(into: &names) }
        case .not(let operand): operand.collectNames(into: &names)
        case .binary(_, let lhs, let rhs):
            lhs.collectNames(into: &names)
            rhs.collectNames(into: &names)
        case .call(_, let arguments): for argument in arguments { argument.collectNames(into: &names) }
        }
    }
}

extension Expression {
    /// The height of the tree, computed without recursion so any tree can be measured.
    var depth: Int {
        var deepest = 0
        var stack: [(Expression, Int)] = [(self, 1)]
        while let (node, level) = stack.popLast() {
            deepest = Swift.max(deepest, level)
            switch node.kind {
            case .list(let items): stack += items.map { ($0, level + 1) }
            case .not(let operand): stack.append((operand, level + 1))
            case .binary(_, let left, let right): stack += [(left, level + 1), (right, level + 1)]
            case .call(_, let arguments): stack += arguments.map { ($0, level + 1) }
            default: break
            }
        }
        return deepest
    }
}

import Diagnostics

/// A parsed expression of the rules language (docs/language.md), every node with its place.
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
        /// `if condition then whenTrue else whenFalse`: only the branch taken is evaluated.
        case conditional(Expression, then: Expression, else: Expression)
        /// `choice.name` or `choice.label`: a text of the choice a choice value stands for.
        case attribute(Expression, ChoiceAttribute)
    }

    /// What `.name` and `.label` read from a choice value.
    public enum ChoiceAttribute: String, Sendable, Hashable, CaseIterable {
        /// The choice's short name for prose (`name:` in its declaration), or its label when it
        /// declares none.
        case name = "name"
        /// The label readers see in the picker, which is also what stamping the choice writes.
        case label = "label"
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
        /// `business_day_on_or_after(d)`: `d` itself when it is a business day, else the next one.
        case businessDayOnOrAfter = "business_day_on_or_after"
        /// `business_day_on_or_before(d)`: `d` itself when it is a business day, else the
        /// previous one.
        case businessDayOnOrBefore = "business_day_on_or_before"

        /// Names that still work but read as something else: `next_business_day(d)` returns `d`
        /// itself when `d` is a business day, which its name does not suggest. Each maps to the
        /// function it stands for; using one is a warning (`rules.deprecated`).
        public static let deprecatedNames: [String: Function] = [
            "next_business_day": .businessDayOnOrAfter,
            "previous_business_day": .businessDayOnOrBefore,
        ]

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
    public var range: SourceRange {
        get { place.range }
        set { place = Place(newValue) }
    }

    /// The range, in an object of its own: evaluating an expression copies each node it reads
    /// out of its parent, and a range in place (two file names and four numbers) was moved and
    /// counted with it every time, for a value read only to report an error.
    private var place: Place

    private final class Place: Sendable {
        let range: SourceRange

        init(_ range: SourceRange) { self.range = range }
    }

    /// Creates a node.
    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        place = Place(range)
    }

    /// Whether two nodes are the same expression parsed from the same place.
    public static func == (a: Expression, b: Expression) -> Bool {
        a.kind == b.kind && (a.place === b.place || a.place.range == b.place.range)
    }

    /// Hashes the node and its range, as `==` compares them.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(place.range)
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
        case .conditional(let condition, let whenTrue, let whenFalse):
            for part in [condition, whenTrue, whenFalse] { part.collectNames(into: &names) }
        case .attribute(let operand, _): operand.collectNames(into: &names)
        }
    }

    /// The node's direct sub-expressions, in source order, for code that walks trees.
    public var children: [Expression] {
        switch kind {
        case .bool, .int, .string, .date, .duration, .name: []
        case .list(let elements): elements
        case .not(let operand), .attribute(let operand, _): [operand]
        case .binary(_, let lhs, let rhs): [lhs, rhs]
        case .call(_, let arguments): arguments
        case .conditional(let condition, let whenTrue, let whenFalse): [condition, whenTrue, whenFalse]
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
            stack += node.children.map { ($0, level + 1) }
        }
        return deepest
    }
}

import Diagnostics

/// Looks up the value of a fact, a rule or `today` during evaluation.
protocol NameResolving {
    mutating func value(of name: String, at range: SourceRange) throws(EvaluationError) -> Value
}

/// Computes the value of an expression: one visitor over `Expression`. Types were checked
/// when the library loaded; the checks here only keep a broken input from crashing.
struct Evaluator {
    /// What evaluation reads, behind one reference: every stamp and condition of every page is
    /// evaluated through its environment's evaluator, and each call copied it (the calendar's
    /// name and holidays and the choices' names, a reference counted on each).
    private let tables: SharedValue<Tables>

    private struct Tables: Sendable {
        let calendar: HolidayCalendar
        /// The short names of choices by fact and key, for `.name`; a choice without one is
        /// absent.
        let choiceNames: [String: [String: String]]
    }

    private var calendar: HolidayCalendar { tables.value.calendar }

    init(calendar: HolidayCalendar, facts: [String: FactDeclaration] = [:]) {
        var names: [String: [String: String]] = [:]
        for (fact, declaration) in facts {
            for choice in declaration.choices {
                if let name = choice.name { names[fact, default: [:]][choice.key] = name }
            }
        }
        tables = SharedValue(Tables(calendar: calendar, choiceNames: names))
    }

    /// Largest amounts per unit, about ten thousand years, so that date arithmetic cannot
    /// overflow or loop for ever.
    private static let limits: [CalendarDuration.Unit: Int] = [
        .day: 4_000_000, .week: 600_000, .month: 120_000, .year: 10_000, .businessDay: 3_000_000,
    ]

    func evaluate<R: NameResolving>(_ expression: Expression, names: inout R) throws(EvaluationError) -> Value {
        switch expression.kind {
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .string(let value): return .string(value)
        case .date(let value): return .date(value)
        case .duration(let value): return .duration(value)
        case .name(let name): return try names.value(of: name, at: expression.range)
        case .list(let elements):
            var values: [Value] = []
            for element in elements { values.append(try evaluate(element, names: &names)) }
            return .list(values)
        case .not(let operand):
            return .bool(!(try bool(operand, names: &names)))
        case .binary(.and, let lhs, let rhs):
            // Short-circuit, so that `x and <something failing>` is fine when x is false.
            guard try bool(lhs, names: &names) else { return .bool(false) }
            return .bool(try bool(rhs, names: &names))
        case .binary(.or, let lhs, let rhs):
            if try bool(lhs, names: &names) { return .bool(true) }
            return .bool(try bool(rhs, names: &names))
        case .binary(let op, let lhs, let rhs):
            let left = try evaluate(lhs, names: &names)
            let right = try evaluate(rhs, names: &names)
            return try apply(op, left, right, at: expression.range)
        case .call(let function, let arguments):
            var values: [Value] = []
            for argument in arguments { values.append(try evaluate(argument, names: &names)) }
            return try call(function, values, at: expression.range)
        case .conditional(let condition, let whenTrue, let whenFalse):
            // Only the branch taken is evaluated, so the other may fail (a fact that does not
            // apply, a business day outside the calendar) without harm.
            return try evaluate(try bool(condition, names: &names) ? whenTrue : whenFalse, names: &names)
        case .attribute(let operand, let attribute):
            guard case .choice(let fact, let key, let label) = try evaluate(operand, names: &names) else {
                throw RulesProblem.valueMismatch("'.\(attribute.rawValue)' reads a choice", at: operand.range)
            }
            switch attribute {
            case .label: return .string(label)
            case .name: return .string(tables.value.choiceNames[fact]?[key] ?? label)
            }
        }
    }

    private func bool<R: NameResolving>(_ expression: Expression, names: inout R) throws(EvaluationError) -> Bool {
        guard case .bool(let value) = try evaluate(expression, names: &names) else {
            throw RulesProblem.valueMismatch("expected a bool", at: expression.range)
        }
        return value
    }

    private func apply(
        _ op: Expression.BinaryOperator, _ left: Value, _ right: Value, at range: SourceRange
    ) throws(EvaluationError) -> Value {
        switch (op, left, right) {
        case (.equal, _, _): return .bool(left.matches(right))
        case (.notEqual, _, _): return .bool(!left.matches(right))
        case (.in, _, .list(let elements)): return .bool(elements.contains { left.matches($0) })
        case (.notIn, _, .list(let elements)): return .bool(!elements.contains { left.matches($0) })
        case (.less, _, _), (.lessOrEqual, _, _), (.greater, _, _), (.greaterOrEqual, _, _):
            let order = try compare(left, right, at: range)
            switch op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case (.plus, .int(let a), .int(let b)), (.minus, .int(let a), .int(let b)):
            let (result, overflow) = op == .plus ? a.addingReportingOverflow(b) : a.subtractingReportingOverflow(b)
            if overflow { throw RulesProblem.overflow(at: range) }
            return .int(result)
        case (.plus, .date(let date), .duration(let duration)), (.plus, .duration(let duration), .date(let date)):
            return .date(try add(duration, to: date, sign: 1, at: range))
        case (.minus, .date(let date), .duration(let duration)):
            return .date(try add(duration, to: date, sign: -1, at: range))
        case (.minus, .date(let a), .date(let b)):
            return .int(a.days(since: b))
        default:
            throw RulesProblem.valueMismatch("cannot apply '\(op.rawValue)' to \(left.type) and \(right.type)", at: range)
        }
    }

    private func compare(_ left: Value, _ right: Value, at range: SourceRange) throws(EvaluationError) -> Int {
        switch (left, right) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.date(let a), .date(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        default:
            throw RulesProblem.valueMismatch("cannot compare \(left.type) with \(right.type)", at: range)
        }
    }

    private func add(
        _ duration: CalendarDuration, to date: CivilDate, sign: Int, at range: SourceRange
    ) throws(EvaluationError) -> CivilDate {
        let amount = duration.amount * sign
        guard abs(duration.amount) <= Self.limits[duration.unit] ?? 0 else {
            throw RulesProblem.durationTooLong(duration, at: range)
        }
        if let result = date.adding(calendarTime: CalendarDuration(amount, duration.unit)) {
            return try checked(result, at: range)
        }
        let result: CivilDate
        do {
            result = try calendar.adding(businessDays: amount, to: date)
        } catch {
            throw calendarError(error, at: range)
        }
        return try checked(result, at: range)
    }

    private func checked(_ date: CivilDate, at range: SourceRange) throws(EvaluationError) -> CivilDate {
        guard (1...9999).contains(date.year) else {
            throw RulesProblem.dateOutOfRange(at: range)
        }
        return date
    }

    private func calendarError(_ error: CalendarError, at range: SourceRange) -> EvaluationError {
        CalendarProblem.outOfRange(error, calendarName: calendar.name, at: range)
    }

    private func call(
        _ function: Expression.Function, _ arguments: [Value], at range: SourceRange
    ) throws(EvaluationError) -> Value {
        switch (function, arguments.first, arguments.dropFirst().first) {
        case (.min, .int(let a), .int(let b)): return .int(Swift.min(a, b))
        case (.max, .int(let a), .int(let b)): return .int(Swift.max(a, b))
        case (.min, .date(let a), .date(let b)): return .date(Swift.min(a, b))
        case (.max, .date(let a), .date(let b)): return .date(Swift.max(a, b))
        case (.endOfMonth, .date(let d), _): return .date(d.endOfMonth)
        case (.businessDayOnOrAfter, .date(let d), _):
            let next: CivilDate
            do { next = try calendar.nextBusinessDay(onOrAfter: d) } catch { throw calendarError(error, at: range) }
            return .date(try checked(next, at: range))
        case (.businessDayOnOrBefore, .date(let d), _):
            let previous: CivilDate
            do { previous = try calendar.previousBusinessDay(onOrBefore: d) } catch {
                throw calendarError(error, at: range)
            }
            return .date(try checked(previous, at: range))
        default:
            throw RulesProblem.valueMismatch(
                "\(function.rawValue) cannot take \(arguments.map { "\($0.type)" }.joined(separator: " and "))", at: range)
        }
    }
}

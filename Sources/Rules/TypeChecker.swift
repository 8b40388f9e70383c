import Diagnostics

/// Infers and checks the types of expressions (docs/language.md): one visitor over `Expression`.
/// Rule types are inferred on first use and remembered, so each rule's errors are reported
/// once. A sub-expression with an error gives `nil`, and its parents stay silent rather than
/// report follow-on errors.
struct TypeChecker {
    let facts: [String: FactDeclaration]
    let ruleDeclarations: [String: RuleDeclaration]
    /// Names whose own errors were reported where they are defined (``RulesLibrary/brokenNames``).
    let brokenNames: Set<String>
    /// Rules and facts that depend on themselves (reported by ``RulesLibrary/reportCycles``):
    /// they have no type, and following them would only go round the cycle.
    let cyclicNames: Set<String>
    /// Whether the library's rule types are final, so that a rule with errors is not checked
    /// (and reported) again.
    private let typesInferred: Bool
    private var ruleTypes: [String: ValueType?] = [:]
    private var visiting: Set<String> = []

    init(library: RulesLibrary) {
        facts = library.facts
        ruleDeclarations = library.rules
        brokenNames = library.brokenNames
        cyclicNames = library.cyclicNames
        typesInferred = library.typesInferred
    }

    /// The rule's type, inferring it on first use. A rule in a cycle gives `nil`; the cycle was
    /// reported already.
    mutating func typeOfRule(_ name: String, diagnostics: inout [Diagnostic]) -> ValueType? {
        if typesInferred { return ruleDeclarations[name]?.type }
        if let known = ruleTypes[name] { return known }
        if cyclicNames.contains(name) { return nil }
        guard let rule = ruleDeclarations[name], !visiting.contains(name) else { return nil }
        visiting.insert(name)
        let type = check(rule.expression, diagnostics: &diagnostics)
        visiting.remove(name)
        ruleTypes[name] = .some(type)
        return type
    }

    mutating func check(_ expression: Expression, diagnostics: inout [Diagnostic]) -> ValueType? {
        switch expression.kind {
        case .bool: return .bool
        case .int: return .int
        case .string: return .string
        case .date: return .date
        case .duration: return .duration
        case .name(let name):
            return typeOfName(name, at: expression.range, diagnostics: &diagnostics)
        case .list(let elements):
            return checkList(elements, diagnostics: &diagnostics)
        case .not(let operand):
            guard let type = check(operand, diagnostics: &diagnostics) else { return nil }
            guard type == .bool else {
                diagnostics.append(mismatch("'not' needs a bool, but this is \(type)", at: operand.range))
                return nil
            }
            return .bool
        case .binary(let op, let lhs, let rhs):
            return checkBinary(op, lhs, rhs, whole: expression, diagnostics: &diagnostics)
        case .call(let function, let arguments):
            return checkCall(function, arguments, whole: expression, diagnostics: &diagnostics)
        case .conditional(let condition, let whenTrue, let whenFalse):
            return checkConditional(condition, whenTrue, whenFalse, diagnostics: &diagnostics)
        case .attribute(let operand, let attribute):
            guard let type = check(operand, diagnostics: &diagnostics) else { return nil }
            guard case .choice = type else {
                diagnostics.append(
                    mismatch(
                        "'.\(attribute.rawValue)' reads a choice, but this is \(type)", at: operand.range))
                return nil
            }
            return .string
        }
    }

    /// `if c then a else b`: `c` a bool, `a` and `b` of one type (a list and `[]` count as one).
    private mutating func checkConditional(
        _ condition: Expression, _ whenTrue: Expression, _ whenFalse: Expression, diagnostics: inout [Diagnostic]
    ) -> ValueType? {
        let conditionType = check(condition, diagnostics: &diagnostics)
        let trueType = check(whenTrue, diagnostics: &diagnostics)
        let falseType = check(whenFalse, diagnostics: &diagnostics)
        var failed = false
        if let conditionType, conditionType != .bool {
            diagnostics.append(mismatch("the condition of 'if' must be a bool, but this is \(conditionType)", at: condition.range))
            failed = true
        }
        guard let trueType, let falseType, conditionType != nil, !failed else { return nil }
        if trueType == falseType { return trueType }
        if trueType == .emptyList, falseType.isList { return falseType }
        if falseType == .emptyList, trueType.isList { return trueType }
        diagnostics.append(
            mismatch(
                "both branches of 'if' must have one type, but 'then' gives \(trueType) and 'else' gives \(falseType)",
                at: SourceRange(start: whenTrue.range.start, end: whenFalse.range.end)))
        return nil
    }

    private func mismatch(_ message: String, at range: SourceRange) -> Diagnostic {
        RulesProblem.typeMismatch(message, at: range)
    }

    private mutating func typeOfName(
        _ name: String, at range: SourceRange, diagnostics: inout [Diagnostic]
    ) -> ValueType? {
        if name == "today" { return .date }
        if let fact = facts[name] { return fact.type }
        if ruleDeclarations[name] != nil { return typeOfRule(name, diagnostics: &diagnostics) }
        // A name whose definition failed was reported there: its users stay silent.
        if brokenNames.contains(name) { return nil }
        var hint = ""
        let candidates = Array(facts.keys) + Array(ruleDeclarations.keys) + ["today"]
        if facts.values.contains(where: { $0.label(forKey: name) != nil }) {
            hint = "; a choice key is written in quotes: \"\(name)\""
        } else if let suggestion = Suggestion.closest(to: name, among: candidates) {
            hint = "; did you mean '\(suggestion)'?"
        }
        diagnostics.append(RulesProblem.unknownName(name, hint: hint, at: range))
        return nil
    }

    private mutating func checkList(_ elements: [Expression], diagnostics: inout [Diagnostic]) -> ValueType? {
        var elementType: ValueType?
        var failed = false
        for element in elements {
            guard let type = check(element, diagnostics: &diagnostics) else {
                failed = true
                continue
            }
            if let expected = elementType, expected != type {
                diagnostics.append(
                    mismatch(
                        "a list holds values of one type, but this is \(type) and the first is \(expected)",
                        at: element.range))
                failed = true
            } else if elementType == nil {
                elementType = type
            }
        }
        if failed { return nil }
        return elementType.map { .list($0) } ?? .emptyList
    }

    /// Whether an expression of type `type` may stand where `target` is expected: equal types,
    /// or a string where a choice is expected, in which case a literal must be one of its keys.
    /// `nil` means it does not fit and the error (an unknown key) was reported here.
    func fits(
        _ expression: Expression, of type: ValueType, into target: ValueType, diagnostics: inout [Diagnostic]
    ) -> Bool? {
        if type == target { return true }
        if case .choice(let fact) = target, type == .string {
            return checkChoiceKeys(expression, fact: fact, diagnostics: &diagnostics) ? true : nil
        }
        return false
    }

    /// Reports every string literal in `expression` (itself, or the elements of a list
    /// literal) that is not a key of the choice fact `fact`; whether there was none.
    private func checkChoiceKeys(_ expression: Expression, fact: String, diagnostics: inout [Diagnostic]) -> Bool {
        guard let declaration = facts[fact] else { return true }
        switch expression.kind {
        case .string(let key):
            if declaration.label(forKey: key) == nil {
                diagnostics.append(
                    RulesProblem.unknownChoice(
                        key, fact: fact, hint: declaration.keyHint(forLabel: key) ?? "(choices: \(declaration.choiceKeyList))",
                        at: expression.range))
                return false
            }
            return true
        case .list(let elements):
            var valid = true
            for element in elements where !checkChoiceKeys(element, fact: fact, diagnostics: &diagnostics) {
                valid = false
            }
            return valid
        default:
            return true
        }
    }

    private mutating func checkBinary(
        _ op: Expression.BinaryOperator, _ lhs: Expression, _ rhs: Expression, whole: Expression,
        diagnostics: inout [Diagnostic]
    ) -> ValueType? {
        let left = check(lhs, diagnostics: &diagnostics)
        let right = check(rhs, diagnostics: &diagnostics)
        guard let left, let right else { return nil }
        switch op {
        case .and, .or:
            for (type, side) in [(left, lhs), (right, rhs)] where type != .bool {
                diagnostics.append(mismatch("'\(op.rawValue)' needs bool operands, but this is \(type)", at: side.range))
                return nil
            }
            return .bool
        case .equal, .notEqual:
            var answer = fits(rhs, of: right, into: left, diagnostics: &diagnostics)
            if answer == false { answer = fits(lhs, of: left, into: right, diagnostics: &diagnostics) }
            if answer == true { return .bool }
            if answer == nil { return nil }
            diagnostics.append(mismatch("cannot compare \(left) with \(right)" + Self.quotedDateHint(lhs, rhs), at: whole.range))
            return nil
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard left == right else {
                diagnostics.append(
                    mismatch(
                        "cannot compare \(left) with \(right)" + Self.quotedDateHint(lhs, rhs), at: whole.range))
                return nil
            }
            guard [.int, .date, .string].contains(left) else {
                diagnostics.append(
                    mismatch("'\(op.rawValue)' compares ints, dates or strings, not \(left) values", at: whole.range))
                return nil
            }
            return .bool
        case .in, .notIn:
            if right == .emptyList { return .bool }
            guard let element = right.elementType else {
                diagnostics.append(
                    mismatch("'\(op.rawValue)' needs a list on the right, but this is \(right)", at: rhs.range))
                return nil
            }
            let answer = fits(rhs, of: element, into: left, diagnostics: &diagnostics)
            if answer == nil { return nil }
            guard answer == true else {
                diagnostics.append(
                    mismatch("'\(op.rawValue)' needs a list of \(left) on the right, but this is \(right)", at: rhs.range))
                return nil
            }
            return .bool
        case .plus, .minus:
            switch (left, right, op) {
            case (.date, .duration, _): return .date
            case (.duration, .date, .plus): return .date
            case (.date, .date, .minus): return .int
            case (.int, .int, _): return .int
            default:
                let verb = op == .plus ? "add \(right) to \(left)" : "subtract \(right) from \(left)"
                var message = "cannot \(verb)"
                // `registered_on + 60`: a number beside a date is meant as a length of time.
                if left == .date, right == .int {
                    if case .int(let amount) = rhs.kind {
                        message += "; write a duration: \(amount) days (or weeks, months, years, business days)"
                    } else {
                        message += "; a date moves by a duration such as 30 days"
                    }
                }
                diagnostics.append(mismatch(message, at: whole.range))
                return nil
            }
        }
    }

    /// `; drop the quotes: …` when one side is a string literal that reads as a date, which
    /// is a date literal only without quotes; otherwise nothing.
    private static func quotedDateHint(_ sides: Expression...) -> String {
        for side in sides {
            if case .string(let text) = side.kind, CivilDate(iso: text) != nil {
                return "; drop the quotes: \(text) is a date, \"\(text)\" is a string"
            }
        }
        return ""
    }

    private mutating func checkCall(
        _ function: Expression.Function, _ arguments: [Expression], whole: Expression,
        diagnostics: inout [Diagnostic]
    ) -> ValueType? {
        let types = arguments.map { check($0, diagnostics: &diagnostics) }
        guard types.count == function.arity else { return nil }
        let known = types.compactMap { $0 }
        guard known.count == types.count else { return nil }
        switch function {
        case .min, .max:
            guard known[0] == known[1], known[0] == .date || known[0] == .int else {
                diagnostics.append(
                    mismatch(
                        "\(function.rawValue) needs two dates or two ints, but got \(known[0]) and \(known[1])",
                        at: whole.range))
                return nil
            }
            return known[0]
        case .endOfMonth, .businessDayOnOrAfter, .businessDayOnOrBefore:
            guard known[0] == .date else {
                diagnostics.append(
                    mismatch("\(function.rawValue) needs a date, but this is \(known[0])", at: arguments[0].range))
                return nil
            }
            return .date
        }
    }
}

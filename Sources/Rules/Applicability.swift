import Diagnostics

extension RulesLibrary {
    /// Whether any fact has an `applies_when:` condition (most libraries have none, and then
    /// nothing needs to be checked for it).
    public var hasConditionalFacts: Bool {
        facts.values.contains { $0.appliesWhen != nil }
    }

    /// The facts with an `applies_when:` condition that evaluating `expression` may read without
    /// the expression itself making sure they apply, in the order of the rules files: `f` in
    /// `f < x`, not in `tld == "gtld" and f < x` when `f` applies when `tld == "gtld"`. Through
    /// rules and fact defaults.
    public func unguardedConditionalFacts(in expression: Expression) -> [String] {
        guard hasConditionalFacts else { return [] }
        let found = needs(expression, known: conditionalNeeds)
        return factNames.filter(found.contains)
    }

    /// What evaluating each rule and each fact default needs (see ``needs(_:known:)``), computed
    /// once in ``evaluationOrder`` so that no chain of rules is followed recursively. Rules on a
    /// cycle (an error reported elsewhere) are left out and need nothing.
    mutating func computeConditionalNeeds() {
        guard hasConditionalFacts else { return }
        var known: [String: Set<String>] = [:]
        for name in evaluationOrder where !cyclicNames.contains(name) {
            guard let expression = rules[name]?.expression ?? facts[name]?.defaultExpression else { continue }
            known[name] = needs(expression, known: known)
        }
        conditionalNeeds = known
    }

    /// The conditional facts evaluating `expression` may read unguarded; `known` holds the
    /// answers for the rules and fact defaults it names.
    private func needs(_ expression: Expression, known: [String: Set<String>]) -> Set<String> {
        switch expression.kind {
        case .bool, .int, .string, .date, .duration:
            return []
        case .name(let name):
            if let fact = facts[name] {
                var found: Set<String> = fact.appliesWhen == nil || brokenConditions.contains(name) ? [] : [name]
                if fact.defaultExpression != nil { found.formUnion(known[name] ?? []) }
                return found
            }
            return known[name] ?? []
        case .binary(.and, let lhs, let rhs):
            // `a and b` reads b only when a holds.
            let right = needs(rhs, known: known).filter { fact in
                guard let condition = facts[fact]?.appliesWhen else { return true }
                return !implies(lhs, condition)
            }
            return needs(lhs, known: known).union(right)
        case .binary(_, let lhs, let rhs):
            return needs(lhs, known: known).union(needs(rhs, known: known))
        case .not(let operand):
            return needs(operand, known: known)
        case .list(let items):
            return items.reduce(into: Set<String>()) { $0.formUnion(needs($1, known: known)) }
        case .call(_, let arguments):
            return arguments.reduce(into: Set<String>()) { $0.formUnion(needs($1, known: known)) }
        case .attribute(let operand, _):
            return needs(operand, known: known)
        case .conditional(let condition, let whenTrue, let whenFalse):
            // `if c then a else b` reads a only when c holds, and b only when it does not.
            let guardedTrue = needs(whenTrue, known: known).filter { fact in
                guard let applies = facts[fact]?.appliesWhen else { return true }
                return !implies(condition, applies)
            }
            // What holds in the `else` branch: `x` for `if not x`, else `not c`.
            let negated: Expression
            if case .not(let inner) = condition.kind {
                negated = inner
            } else {
                negated = Expression(.not(condition), range: condition.range)
            }
            let guardedFalse = needs(whenFalse, known: known).filter { fact in
                guard let applies = facts[fact]?.appliesWhen else { return true }
                return !implies(negated, applies)
            }
            return needs(condition, known: known).union(guardedTrue).union(guardedFalse)
        }
    }

    /// Whether `premise` holding makes sure `conclusion` holds, as far as the shape of the two
    /// tells: the same expression, a rule and its expression, `a and b` implying each of them,
    /// a conjunction or disjunction taken apart, and a choice's `==` implying an `in` list that
    /// holds its key or a `!=` of another key. `false` means "not shown", not "does not follow".
    public func implies(_ premise: Expression, _ conclusion: Expression) -> Bool {
        implies(premise, conclusion, depth: 0)
    }

    private func implies(_ premise: Expression, _ conclusion: Expression, depth: Int) -> Bool {
        // Rules may name rules; the depth keeps a long chain (or a cycle, reported elsewhere)
        // from running away.
        guard depth < 48 else { return false }
        if premise.hasSameShape(as: conclusion) { return true }
        switch conclusion.kind {
        case .binary(.and, let a, let b):
            return implies(premise, a, depth: depth + 1) && implies(premise, b, depth: depth + 1)
        case .binary(.or, let a, let b):
            if implies(premise, a, depth: depth + 1) || implies(premise, b, depth: depth + 1) { return true }
        case .name(let name):
            if let rule = rules[name], implies(premise, rule.expression, depth: depth + 1) { return true }
        default:
            break
        }
        switch premise.kind {
        case .binary(.and, let a, let b):
            return implies(a, conclusion, depth: depth + 1) || implies(b, conclusion, depth: depth + 1)
        case .name(let name):
            if let rule = rules[name] { return implies(rule.expression, conclusion, depth: depth + 1) }
        case .binary(.equal, let subject, let value):
            // k == "a" makes sure of  k in ["a", "b"]  and of  k != "b".
            switch conclusion.kind {
            case .binary(.in, let other, let list):
                guard other.hasSameShape(as: subject), case .list(let items) = list.kind else { return false }
                return items.contains { $0.hasSameShape(as: value) }
            case .binary(.notEqual, let other, let excluded):
                guard other.hasSameShape(as: subject), case .string(let a) = value.kind, case .string(let b) = excluded.kind
                else { return false }
                return a != b
            default:
                return false
            }
        default:
            break
        }
        return false
    }
}

extension Expression {
    /// Whether two expressions are the same, wherever they are written.
    public func hasSameShape(as other: Expression) -> Bool {
        var pairs = [(self, other)]
        while let (a, b) = pairs.popLast() {
            switch (a.kind, b.kind) {
            case (.bool(let x), .bool(let y)): if x != y { return false }
            case (.int(let x), .int(let y)): if x != y { return false }
            case (.string(let x), .string(let y)): if x != y { return false }
            case (.date(let x), .date(let y)): if x != y { return false }
            case (.duration(let x), .duration(let y)): if x != y { return false }
            case (.name(let x), .name(let y)): if x != y { return false }
            case (.not(let x), .not(let y)): pairs.append((x, y))
            case (.list(let x), .list(let y)):
                guard x.count == y.count else { return false }
                pairs += zip(x, y).map { ($0, $1) }
            case (.binary(let opA, let lA, let rA), .binary(let opB, let lB, let rB)):
                guard opA == opB else { return false }
                pairs += [(lA, lB), (rA, rB)]
            case (.call(let fA, let xA), .call(let fB, let xB)):
                guard fA == fB, xA.count == xB.count else { return false }
                pairs += zip(xA, xB).map { ($0, $1) }
            case (.conditional, .conditional):
                pairs += zip(a.children, b.children).map { ($0, $1) }
            case (.attribute(let x, let attributeA), .attribute(let y, let attributeB)):
                guard attributeA == attributeB else { return false }
                pairs.append((x, y))
            default:
                return false
            }
        }
        return true
    }
}

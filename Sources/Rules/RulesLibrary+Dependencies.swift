import Diagnostics

extension RulesLibrary {
    /// The names of facts, rules and `today` that `expression` mentions directly.
    public func names(in expression: Expression) -> Set<String> {
        expression.referencedNames
    }

    /// Every fact the given names need, directly or through rules and through the defaults of
    /// facts that are used.
    public func facts(reachableFrom names: Set<String>) -> Set<String> {
        reachableNames(from: names).filter { facts[$0] != nil }
    }

    /// Whether the given names depend on `today`, directly or transitively.
    public func usesToday(_ names: Set<String>) -> Bool {
        reachableNames(from: names).contains("today")
    }

    /// Type-checks an expression found in a guide (a condition or a stamp) against the library:
    /// names exist, operand types fit, string literals compared with a choice are its keys.
    /// Returns the expression's type, or `nil` after reporting errors.
    public func typeCheck(_ expression: Expression, diagnostics: inout [Diagnostic]) -> ValueType? {
        var checker = TypeChecker(library: self)
        return checker.check(expression, diagnostics: &diagnostics)
    }

    /// The names a rule's expression or a fact's default mentions.
    func dependencies(of name: String) -> Set<String> {
        if let rule = rules[name] { return rule.expression.referencedNames }
        if let expression = facts[name]?.defaultExpression { return expression.referencedNames }
        return []
    }

    /// Reports each cycle among rules and fact defaults once, naming the chain.
    func reportCycles(diagnostics: inout [Diagnostic]) {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var stack: [String] = []
        let nodes = ruleNames + factNames.filter { facts[$0]?.defaultExpression != nil }

        func visit(_ name: String) {
            marks[name] = .visiting
            stack.append(name)
            for next in dependencies(of: name).sorted() where rules[next] != nil || facts[next]?.defaultExpression != nil {
                switch marks[next] {
                case .visiting:
                    let start = stack.lastIndex(of: next) ?? 0
                    let chain = stack[start...] + [next]
                    let kind = rules[next] != nil ? "rule" : "fact"
                    let range = rules[next]?.range ?? facts[next]?.range
                    diagnostics.append(
                        .error(
                            "rules.cycle",
                            "\(kind) '\(next)' depends on itself: \(chain.joined(separator: " → "))",
                            at: range))
                case .done:
                    continue
                case nil:
                    visit(next)
                }
            }
            stack.removeLast()
            marks[name] = .done
        }
        for name in nodes where marks[name] == nil {
            visit(name)
        }
    }
}

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

    /// Whether `name` is a node of the dependency graph: a rule, or a fact with a default.
    private func isComputed(_ name: String) -> Bool {
        rules[name] != nil || facts[name]?.defaultExpression != nil
    }

    /// The rules and fact defaults `name` depends on directly, in a fixed order.
    private func computedDependencies(of name: String) -> [String] {
        dependencies(of: name).sorted().filter(isComputed)
    }

    /// Reports each cycle among rules and fact defaults once, naming the chain, and records
    /// ``cyclicNames`` and ``evaluationOrder``.
    ///
    /// Iterative, with explicit stacks: a library may chain thousands of rules, and a recursive
    /// walk would overflow the call stack long before the heap minded.
    mutating func reportCycles(diagnostics: inout [Diagnostic]) {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var path: [String] = []
        var frames: [(name: String, next: [String], index: Int)] = []
        var order: [String] = []
        let nodes = ruleNames + factNames.filter { facts[$0]?.defaultExpression != nil }

        for root in nodes where marks[root] == nil {
            marks[root] = .visiting
            path.append(root)
            frames.append((root, computedDependencies(of: root), 0))
            while let top = frames.indices.last {
                guard frames[top].index < frames[top].next.count else {
                    let finished = frames.removeLast()
                    path.removeLast()
                    marks[finished.name] = .done
                    order.append(finished.name)
                    continue
                }
                let next = frames[top].next[frames[top].index]
                frames[top].index += 1
                switch marks[next] {
                case .visiting:
                    let start = path.lastIndex(of: next) ?? 0
                    let chain = path[start...] + [next]
                    let kind = rules[next] != nil ? "rule" : "fact"
                    let range = rules[next]?.range ?? facts[next]?.range
                    diagnostics.append(RulesProblem.cycle(kind: kind, name: next, chain: Array(chain), at: range))
                case .done:
                    continue
                case nil:
                    marks[next] = .visiting
                    path.append(next)
                    frames.append((next, computedDependencies(of: next), 0))
                }
            }
        }
        evaluationOrder = order
        cyclicNames = Self.namesOnCycles(nodes: nodes, dependencies: computedDependencies(of:))
    }

    /// The nodes that lie on a cycle: Tarjan's strongly connected components, iteratively, keeping
    /// the components of more than one node and the nodes that depend on themselves.
    private static func namesOnCycles(nodes: [String], dependencies: (String) -> [String]) -> Set<String> {
        var index: [String: Int] = [:]
        var low: [String: Int] = [:]
        var stack: [String] = []
        var onStack: Set<String> = []
        var cyclic: Set<String> = []
        var counter = 0
        for root in nodes where index[root] == nil {
            var work: [(name: String, next: [String], position: Int)] = []
            func enter(_ name: String) {
                index[name] = counter
                low[name] = counter
                counter += 1
                stack.append(name)
                onStack.insert(name)
                work.append((name, dependencies(name), 0))
            }
            enter(root)
            while let top = work.indices.last {
                let name = work[top].name
                if work[top].position < work[top].next.count {
                    let next = work[top].next[work[top].position]
                    work[top].position += 1
                    if index[next] == nil {
                        enter(next)
                    } else if onStack.contains(next) {
                        low[name] = min(low[name]!, index[next]!)
                    }
                    continue
                }
                let finished = work.removeLast()
                if let parent = work.last {
                    low[parent.name] = min(low[parent.name]!, low[name]!)
                }
                guard low[name] == index[name] else { continue }
                var component: [String] = []
                while let member = stack.popLast() {
                    onStack.remove(member)
                    component.append(member)
                    if member == name { break }
                }
                if component.count > 1 || finished.next.contains(name) { cyclic.formUnion(component) }
            }
        }
        return cyclic
    }
}

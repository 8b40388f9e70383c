extension RulesLibrary {
    /// Whether the given names depend on `today` for a scenario that gives `givenFacts`: the
    /// default of a fact the scenario gives is never evaluated, so it is not followed.
    public func usesToday(_ names: Set<String>, givenFacts: Set<String>) -> Bool {
        var seen: Set<String> = []
        var work = Array(names)
        while let name = work.popLast() {
            guard seen.insert(name).inserted else { continue }
            if name == "today" { return true }
            if givenFacts.contains(name) { continue }
            work += dependencies(of: name)
        }
        return false
    }
}

extension RulesLibrary {
    /// Every fact, rule and `today` reached from `names` through rules and fact defaults,
    /// `names` included.
    public func reachableNames(from names: Set<String>) -> Set<String> {
        var seen: Set<String> = []
        var work = Array(names)
        while let name = work.popLast() {
            guard seen.insert(name).inserted else { continue }
            work += dependencies(of: name)
        }
        return seen
    }
}

extension Expression {
    /// Whether the expression counts business days: a business-day duration or function.
    public var usesBusinessDays: Bool {
        switch kind {
        case .duration(let duration): duration.unit == .businessDay
        case .call(let function, let arguments):
            function == .businessDayOnOrAfter || function == .businessDayOnOrBefore
                || arguments.contains { $0.usesBusinessDays }
        default: children.contains { $0.usesBusinessDays }
        }
    }
}

extension RulesLibrary {
    /// The shortest chain of rules and fact defaults by which `names` reach `fact`: a name of
    /// `names`, each name it goes through, and `fact` last; `[fact]` when `names` holds it, and
    /// `nil` when they do not reach it. Among chains of one length, the first by name.
    public func dependencyChain(from names: Set<String>, to fact: String) -> [String]? {
        if names.contains(fact) { return [fact] }
        var parent: [String: String] = [:]
        var seen = names
        var level = names.sorted()
        // Breadth first, so the chain is the shortest; each level in name order, so it is always
        // the same chain.
        while !level.isEmpty {
            var next: [String] = []
            for name in level {
                for dependency in dependencies(of: name).sorted() where seen.insert(dependency).inserted {
                    parent[dependency] = name
                    if dependency == fact {
                        var chain = [fact]
                        while let up = parent[chain[0]] { chain.insert(up, at: 0) }
                        return chain
                    }
                    next.append(dependency)
                }
            }
            level = next
        }
        return nil
    }
}

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

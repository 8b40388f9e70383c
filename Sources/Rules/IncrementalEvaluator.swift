import Diagnostics

/// Computes the values of many situations that differ from one another by a fact or two: what
/// `sitegen check` needs to explore the situations readers can be in, hundreds of thousands per
/// guide.
///
/// An ``Environment`` computes every fact and rule of the library, by name, each time one is
/// made; exploring a guide made one per situation, and that was nearly all of `check`'s time on
/// a large site. Here the facts and rules are numbered once, a situation's values are an array,
/// and giving a fact recomputes only the rules and fact defaults that depend on it, in
/// dependency order, with the same evaluator: every value is the one an ``Environment`` of the
/// same given facts has, and so is whether each one fails. (Only the place a missing fact is
/// reported at may differ: an ``Environment`` reports it where it was first read.)
///
/// A library with a cycle among its rules (an error when it loads) is computed in full by an
/// ``Environment`` for each situation, as before, since a rule on a cycle can still have a
/// value when a condition keeps it from reading itself.
public final class IncrementalEvaluator: Sendable {
    /// The values of one situation: a slot per fact and rule, facts first.
    public struct Values: Sendable {
        // A situation is copied from its parent before its new fact is given: a failure is
        // kept in a box so that the array copied stays small.
        fileprivate var results: [Result<Value, Failure>]
        fileprivate var given: [Bool]
        /// Slots left to compute (``Relevance``): their results are out of date until
        /// ``IncrementalEvaluator/complete(_:)``.
        fileprivate var stale: [Bool]
        fileprivate var hasStale = false
    }

    /// The rules and fact defaults some expressions read, directly or through others: a
    /// situation that only evaluates those expressions needs nothing else computed.
    public struct Relevance: Sendable {
        fileprivate let slots: [Bool]
    }

    /// An expression with the slots of the names it reads, ready to evaluate many times. A
    /// class, so that reading one for each evaluation copies a reference.
    public final class Prepared: Sendable {
        fileprivate let expression: Expression
        fileprivate let names: [String]
        fileprivate let slots: [Int]

        fileprivate init(expression: Expression, names: [String], slots: [Int]) {
            self.expression = expression
            self.names = names
            self.slots = slots
        }
    }

    /// Why a fact or rule has no value in a situation.
    fileprivate final class Failure: Error, Sendable {
        let error: EvaluationError

        init(_ error: EvaluationError) { self.error = error }
    }

    /// The date `today` stands for.
    public let today: CivilDate
    /// The facts in the order of the rule files; fact `i` is slot `i`.
    public let factNames: [String]
    private let library: RulesLibrary
    private let evaluator: Evaluator
    private let names: [String]
    private let slotOfName: [String: Int]
    /// Each slot's expression (a rule's, or a fact's default) with the slots it reads.
    private let computations: [Prepared?]
    /// The computed slots (rules and fact defaults) in dependency order.
    private let order: [Int]
    /// For each fact, the computed slots that depend on it, directly or not, in dependency order.
    private let dependents: [[Int]]
    private let hasCycles: Bool
    /// For a library with cycles, what its environments need (``recomputeAll(_:)``).
    private let environmentPlan: Environment.Plan?

    /// Numbers the facts and rules of `library` for situations on the day `today`.
    public init(library: RulesLibrary, today: CivilDate) {
        self.today = today
        self.library = library
        evaluator = Evaluator(calendar: library.effectiveCalendar, facts: library.facts)
        factNames = library.factNames
        names = library.factNames + library.ruleNames
        var slotOfName: [String: Int] = [:]
        // A name that were both a fact and a rule reads as the fact, as in an environment.
        for (slot, name) in names.enumerated() where slotOfName[name] == nil { slotOfName[name] = slot }
        self.slotOfName = slotOfName
        hasCycles = !library.cyclicNames.isEmpty
        environmentPlan = hasCycles ? Environment.Plan(library: library) : nil
        var computations: [Prepared?] = []
        for name in names {
            if let rule = library.rules[name], rule.type != nil {
                computations.append(Self.prepare(rule.expression, slots: slotOfName))
            } else if let fallback = library.facts[name]?.defaultExpression {
                computations.append(Self.prepare(fallback, slots: slotOfName))
            } else {
                computations.append(nil)
            }
        }
        self.computations = computations
        let order = library.evaluationOrder.compactMap { slotOfName[$0] }
        self.order = order
        // The facts each computed slot reads, directly or through the slots it reads, which the
        // dependency order has already worked out.
        var reads = [Set<Int>](repeating: [], count: names.count)
        for slot in order {
            for read in computations[slot]?.slots ?? [] where read >= 0 {
                if read < library.factNames.count { reads[slot].insert(read) }
                reads[slot].formUnion(reads[read])
            }
        }
        dependents = library.factNames.indices.map { fact in order.filter { reads[$0].contains(fact) } }
    }

    /// Numbers the names `expression` reads, for ``evaluate(_:in:)``.
    public func prepare(_ expression: Expression) -> Prepared {
        Self.prepare(expression, slots: slotOfName)
    }

    private static func prepare(_ expression: Expression, slots: [String: Int]) -> Prepared {
        // `today` and unknown names are left out: the resolver answers and refuses them as an
        // environment does.
        let names = expression.referencedNames.filter { slots[$0] != nil && $0 != "today" }.sorted()
        return Prepared(expression: expression, names: names, slots: names.map { slots[$0]! })
    }

    /// The slot of a fact, or `nil` when the library has no such fact.
    public func factSlot(_ name: String) -> Int? {
        slotOfName[name].flatMap { $0 < factNames.count ? $0 : nil }
    }

    /// The values of a situation that gives no fact.
    public func initialValues() -> Values {
        var values = Values(
            results: [Result<Value, Failure>](repeating: .success(.bool(false)), count: names.count),
            given: [Bool](repeating: false, count: factNames.count), stale: [Bool](repeating: false, count: names.count))
        if hasCycles {
            recomputeAll(&values)
            return values
        }
        for (slot, name) in names.enumerated() where computations[slot] == nil {
            if let fact = library.facts[name] {
                values.results[slot] = .failure(Failure(ScenarioProblem.missingFactValue(fact.name, scenario: "", at: fact.range)))
            } else if let rule = library.rules[name] {
                values.results[slot] = .failure(Failure(RulesProblem.invalidRule(rule.name, at: rule.range)))
            }
        }
        for slot in order { compute(slot, in: &values) }
        return values
    }

    /// The slots `expressions` read, directly or through rules and fact defaults.
    public func relevance(of expressions: [Prepared]) -> Relevance {
        var relevant = [Bool](repeating: false, count: names.count)
        var work = expressions.flatMap(\.slots)
        while let slot = work.popLast() {
            guard !relevant[slot] else { continue }
            relevant[slot] = true
            work += computations[slot]?.slots ?? []
        }
        return Relevance(slots: relevant)
    }

    /// Gives fact `slot` the value `value` and recomputes what depends on it; with `relevance`,
    /// only what depends on it among those slots, the others being left for ``complete(_:)``.
    public func give(_ slot: Int, _ value: Value, to values: inout Values, relevance: Relevance? = nil) {
        values.results[slot] = .success(value)
        values.given[slot] = true
        if hasCycles {
            recomputeAll(&values)
            return
        }
        for dependent in dependents[slot] {
            if let relevance, !relevance.slots[dependent] {
                values.stale[dependent] = true
                values.hasStale = true
            } else {
                compute(dependent, in: &values)
            }
        }
    }

    /// Computes the slots ``give(_:_:to:relevance:)`` left out: then every value is the one
    /// an environment of the same given facts has.
    public func complete(_ values: inout Values) {
        guard values.hasStale else { return }
        // In dependency order, so that a stale slot reads the others up to date.
        for slot in order where values.stale[slot] {
            compute(slot, in: &values)
            values.stale[slot] = false
        }
        values.hasStale = false
    }

    /// The value of `expression` in the situation.
    ///
    /// - Throws: `EvaluationError` as ``Environment/evaluate(_:)`` does.
    public func evaluate(_ prepared: Prepared, in values: Values) throws(EvaluationError) -> Value {
        var resolver = SlotResolver(today: today, prepared: prepared, results: values.results)
        return try evaluator.evaluate(prepared.expression, names: &resolver)
    }

    /// The value of fact `slot`, given or by default, or `nil` when it has none.
    public func factValue(_ slot: Int, in values: Values) -> Value? {
        try? values.results[slot].get()
    }

    /// Whether fact `slot` is given in the situation.
    public func isGiven(_ slot: Int, in values: Values) -> Bool {
        values.given[slot]
    }

    /// Calls `body` with the value of every fact and rule that has one, once `values` is
    /// complete (``complete(_:)``).
    public func forEachValue(in values: Values, _ body: (Value) -> Void) {
        precondition(!values.hasStale, "values left to compute")
        for result in values.results {
            if case .success(let value) = result { body(value) }
        }
    }

    private func compute(_ slot: Int, in values: inout Values) {
        guard let prepared = computations[slot] else { return }
        if slot < factNames.count {
            guard !values.given[slot] else { return }
            let result = evaluate(prepared, results: values.results)
            values.results[slot] = result.map { value in
                // A string default of a choice fact names one of its keys, as in an environment.
                if case .string(let key) = value, let fact = library.facts[names[slot]], let label = fact.label(forKey: key) {
                    return .choice(fact: fact.name, key: key, label: label)
                }
                return value
            }
        } else {
            values.results[slot] = evaluate(prepared, results: values.results)
        }
    }

    private func evaluate(_ prepared: Prepared, results: [Result<Value, Failure>]) -> Result<Value, Failure> {
        var resolver = SlotResolver(today: today, prepared: prepared, results: results)
        do {
            return .success(try evaluator.evaluate(prepared.expression, names: &resolver))
        } catch {
            return .failure(Failure(error))
        }
    }

    /// Every slot from a fresh environment of the given facts: for a library with cycles.
    private func recomputeAll(_ values: inout Values) {
        var given: [String: Value] = [:]
        for slot in factNames.indices where values.given[slot] {
            if case .success(let value) = values.results[slot] { given[factNames[slot]] = value }
        }
        let declaration = ScenarioDeclaration(
            id: "", idRange: SourceRange(SourceLocation(file: "", line: 1, column: 1)), guides: [], title: nil,
            titleLocation: nil, facts: [], file: "")
        let environment = Environment(
            plan: environmentPlan ?? Environment.Plan(library: library),
            scenario: ResolvedScenario(declaration: declaration, givenFacts: given), today: today)
        for (slot, name) in names.enumerated() {
            if let result = environment.result(of: name) { values.results[slot] = result.mapError(Failure.init) }
        }
    }

    /// Answers names from a situation's slots, looking among the few an expression reads.
    private struct SlotResolver: NameResolving {
        let today: CivilDate
        let prepared: Prepared
        let results: [Result<Value, Failure>]

        mutating func value(of name: String, at range: SourceRange) throws(EvaluationError) -> Value {
            if name == "today" { return .date(today) }
            for index in prepared.names.indices where prepared.names[index] == name {
                switch results[prepared.slots[index]] {
                case .success(let value): return value
                case .failure(let failure): throw failure.error
                }
            }
            throw RulesProblem.unknownNameValue(name, at: range)
        }
    }
}

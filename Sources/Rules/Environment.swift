import Diagnostics

/// The values of one scenario on one day: every fact (given or defaulted) and every rule,
/// computed once when the environment is made, so that evaluating the thousands of
/// expressions of a guide costs only the expressions themselves.
public struct Environment: Sendable {
    /// The date `today` stands for.
    public var today: CivilDate { storage.today }
    /// The scenario.
    public var scenario: ResolvedScenario { storage.scenario }
    private var plan: Plan { storage.plan }

    /// What an environment holds, in one object. Every evaluation of a page's directives and
    /// titles keeps a copy of its environment, and nothing in it changes once made: a copy is
    /// then one reference counted, not one for each field.
    private final class Storage: Sendable {
        let today: CivilDate
        let scenario: ResolvedScenario
        let plan: Plan
        /// Every fact's and rule's result, by its slot in the plan (``Plan/slotOfName``).
        let results: [Slot]

        init(plan: Plan, scenario: ResolvedScenario, today: CivilDate) {
            self.today = today
            self.scenario = scenario
            self.plan = plan
            var resolver = EagerResolver(plan: plan, scenario: scenario, today: today)
            // Dependencies first: every name an expression reads is then known, and evaluating a
            // chain of a thousand rules never recurses a thousand deep.
            for step in plan.steps { resolver.fill(step) }
            results = resolver.results
        }
    }

    /// What making an environment needs of a library, worked out once for many scenarios
    /// (``RulesLibrary/environmentPlan()``).
    public final class Plan: Sendable {
        /// The values of `scenario` on the day `today`, by this plan's library.
        public func environment(for scenario: ResolvedScenario, today: CivilDate) -> Environment {
            Environment(plan: self, scenario: scenario, today: today)
        }

        let library: RulesLibrary
        let evaluator: Evaluator
        /// Each fact's and rule's slot: an environment keeps its results in an array, so filling
        /// one neither hashes a name nor grows a table for every name of every scenario. The
        /// library refuses a name defined twice, as a fact and as a rule alike.
        let slotOfName: NameSlots
        /// The facts' slots, in the order of the rule files.
        let factSlots: [Int]
        /// The rules' slots, in the order of the rule files.
        let ruleSlots: [Int]
        /// The name in each slot.
        let names: [String]
        /// The names on a cycle of rules (an error when the library loaded): only those are
        /// checked for one while computing, and most libraries have none.
        let cyclicNames: Set<String>
        /// Every rule and every fact with a default in ``RulesLibrary/evaluationOrder``, then the
        /// facts, each with its declaration: filling an environment then neither looks a name up
        /// nor copies a declaration out of the library's tables for every name of every scenario.
        fileprivate let steps: [Step]

        init(library: RulesLibrary) {
            self.library = library
            evaluator = Evaluator(calendar: library.effectiveCalendar, facts: library.facts)
            var slotOfName: [String: Int] = [:]
            var names: [String] = []
            func slot(_ name: String) -> Int {
                if let known = slotOfName[name] { return known }
                slotOfName[name] = names.count
                names.append(name)
                return names.count - 1
            }
            factSlots = library.factNames.map(slot)
            ruleSlots = library.ruleNames.map(slot)
            steps = (library.evaluationOrder + library.factNames).compactMap { name in
                if let fact = library.facts[name] { return Step(slot: slot(name), name: name, fact: fact) }
                if let rule = library.rules[name] { return Step(slot: slot(name), rule: rule) }
                return nil
            }
            self.slotOfName = NameSlots(slotOfName)
            self.names = names
            cyclicNames = library.cyclicNames
        }
    }

    /// One fact or rule to fill: a fact's declaration, or what computing a rule reads of its
    /// declaration (binding a whole declaration copied every one of its fields).
    fileprivate final class Step: Sendable {
        let slot: Int
        let name: String
        let fact: FactDeclaration?
        /// A rule's expression, `nil` for a fact or for a rule without a type (an invalid one).
        let expression: Expression?
        let range: SourceRange
        let isRule: Bool

        init(slot: Int, name: String, fact: FactDeclaration) {
            self.slot = slot
            self.name = name
            self.fact = fact
            expression = nil
            range = fact.range
            isRule = false
        }

        init(slot: Int, rule: RuleDeclaration) {
            self.slot = slot
            name = rule.name
            fact = nil
            expression = rule.type == nil ? nil : rule.expression
            range = rule.range
            isRule = true
        }
    }

    /// A fact's or rule's result as an environment keeps it. A failure is boxed: a result read
    /// for every name of every evaluation is then the size of a value, where one holding a
    /// diagnostic in place was moved whole at each read.
    fileprivate enum Slot: Sendable {
        /// Not computed yet (only while the environment is made).
        case empty
        case value(Value)
        case failure(Failure)

        init(_ result: Result<Value, EvaluationError>) {
            switch result {
            case .success(let value): self = .value(value)
            case .failure(let error): self = .failure(Failure(error: error))
            }
        }

        var result: Result<Value, EvaluationError>? {
            switch self {
            case .empty: nil
            case .value(let value): .success(value)
            case .failure(let failure): .failure(failure.error)
            }
        }
    }

    fileprivate final class Failure: Sendable {
        let error: EvaluationError

        init(error: EvaluationError) { self.error = error }
    }

    private let storage: Storage

    init(plan: Plan, scenario: ResolvedScenario, today: CivilDate) {
        storage = Storage(plan: plan, scenario: scenario, today: today)
    }

    /// The value of `expression` in this scenario.
    ///
    /// - Throws: `EvaluationError` pointing at the expression, or at the rule whose computation
    ///   failed (a business day outside the calendar, a fact the scenario does not give).
    public func evaluate(_ expression: Expression) throws(EvaluationError) -> Value {
        var resolver = FrozenResolver(storage: storage)
        do throws(EvaluationError) {
            return try storage.plan.evaluator.evaluate(expression, names: &resolver)
        } catch {
            // The error is at a rule, a fact's default or the guide's expression, the same for
            // every scenario; whether it happens depends on the scenario's values, so say which.
            throw error.naming(scenario.declaration)
        }
    }

    /// Every rule that has a value, in the order of the rule files.
    public var ruleValues: [(name: String, value: Value)] {
        values(of: plan.ruleSlots)
    }

    /// Every fact that has a value (given or by default), in the order of the rule files.
    public var factValues: [(name: String, value: Value)] {
        values(of: plan.factSlots)
    }

    private func values(of slots: [Int]) -> [(name: String, value: Value)] {
        slots.compactMap { slot in
            if case .value(let value) = storage.results[slot] { return (plan.names[slot], value) }
            return nil
        }
    }

    /// The errors met while computing rules and fact defaults, by name.
    public var errors: [(name: String, error: EvaluationError)] {
        (plan.factSlots + plan.ruleSlots).compactMap { slot in
            if case .failure(let failure) = storage.results[slot] { return (plan.names[slot], failure.error) }
            return nil
        }
    }

    /// The value of a fact or rule, or `nil` when it has none.
    public func value(of name: String) -> Value? {
        // Read from the slot itself: going through a `Result` copied it twice, for every fact
        // of every page.
        guard let slot = plan.slotOfName[name], case .value(let value) = storage.results[slot] else { return nil }
        return value
    }

    /// The result of a fact or rule, failure included, or `nil` for a name the library lacks.
    func result(of name: String) -> Result<Value, EvaluationError>? {
        guard let slot = plan.slotOfName[name] else { return nil }
        return storage.results[slot].result
    }

    /// Answers names from the values computed at creation.
    private struct FrozenResolver: NameResolving {
        // The tables themselves, not the storage: reading them through it for every name counted
        // a reference on each.
        let today: CivilDate
        let slotOfName: NameSlots
        let results: [Slot]

        init(storage: Storage) {
            today = storage.today
            slotOfName = storage.plan.slotOfName
            results = storage.results
        }

        mutating func value(of name: String, at range: SourceRange) throws(EvaluationError) -> Value {
            if name == "today" { return .date(today) }
            if let slot = slotOfName[name] {
                switch results[slot] {
                case .value(let value): return value
                case .failure(let failure): throw failure.error
                case .empty: break
                }
            }
            throw RulesProblem.unknownNameValue(name, at: range)
        }
    }

    /// Computes facts and rules on first use, remembering each result, in dependency order.
    private struct EagerResolver: NameResolving {
        let plan: Plan
        /// The plan's, kept here: read through the plan for every name, it counted a reference.
        let slotOfName: NameSlots
        let scenario: ResolvedScenario
        let today: CivilDate
        /// Facts' and rules' results, by slot.
        var results: [Slot]
        var inProgress: Set<String> = []

        // Read through the plan only where a name was not filled in order (rare): a copy of
        // the library counts a reference for each of its tables.
        private var library: RulesLibrary { plan.library }

        init(plan: Plan, scenario: ResolvedScenario, today: CivilDate) {
            self.plan = plan
            slotOfName = plan.slotOfName
            self.scenario = scenario
            self.today = today
            results = Array(repeating: .empty, count: plan.names.count)
        }

        /// Computes the fact or rule of `step` unless it has a result already: what
        /// ``value(of:at:)`` does for it, without the value and without looking it up.
        fileprivate mutating func fill(_ step: Step) {
            guard case .empty = results[step.slot] else { return }
            if let fact = step.fact {
                results[step.slot] = Slot(computeFact(fact, at: fact.range))
            } else if step.isRule {
                results[step.slot] = Slot(computeRule(step.name, step.expression, range: step.range))
            }
        }

        mutating func value(of name: String, at range: SourceRange) throws(EvaluationError) -> Value {
            if name == "today" { return .date(today) }
            guard let slot = slotOfName[name] else { throw RulesProblem.unknownNameValue(name, at: range) }
            switch results[slot] {
            case .value(let value): return value
            case .failure(let failure): throw failure.error
            case .empty: break
            }
            if let fact = library.facts[name] {
                let result = computeFact(fact, at: range)
                results[slot] = Slot(result)
                return try result.get()
            }
            if let rule = library.rules[name] {
                let result = computeRule(rule)
                results[slot] = Slot(result)
                return try result.get()
            }
            throw RulesProblem.unknownNameValue(name, at: range)
        }

        private mutating func computeFact(_ fact: FactDeclaration, at range: SourceRange) -> Result<Value, EvaluationError> {
            if let given = scenario.givenFacts[fact.name] { return .success(given) }
            if plan.cyclicNames.contains(fact.name) {
                return .failure(RulesProblem.evaluationCycle(fact.name, at: fact.range))
            }
            guard let expression = fact.defaultExpression else {
                return .failure(ScenarioProblem.missingFactValue(fact.name, scenario: scenario.id, at: range))
            }
            return compute(fact.name, expression, range: fact.range).map { value in
                // A string default of a choice fact names one of its keys.
                if case .string(let key) = value, let label = fact.label(forKey: key) {
                    return .choice(fact: fact.name, key: key, label: label)
                }
                return value
            }
        }

        private mutating func computeRule(_ rule: RuleDeclaration) -> Result<Value, EvaluationError> {
            computeRule(rule.name, rule.type == nil ? nil : rule.expression, range: rule.range)
        }

        /// A rule's value; `expression` is `nil` for a rule without a type (an invalid one).
        private mutating func computeRule(
            _ name: String, _ expression: Expression?, range: SourceRange
        ) -> Result<Value, EvaluationError> {
            guard let expression else { return .failure(RulesProblem.invalidRule(name, at: range)) }
            return compute(name, expression, range: range)
        }

        private mutating func compute(
            _ name: String, _ expression: Expression, range: SourceRange
        ) -> Result<Value, EvaluationError> {
            // A cycle was reported when the library loaded; refuse it here rather than recurse.
            // Only a name on a cycle can be met again while it is computed, so only those are
            // tracked (most libraries have none, and this runs for every rule of every scenario).
            let mayRecur = !plan.cyclicNames.isEmpty && plan.cyclicNames.contains(name)
            if mayRecur {
                guard inProgress.insert(name).inserted else {
                    return .failure(RulesProblem.evaluationCycle(name, at: range))
                }
            }
            defer { if mayRecur { inProgress.remove(name) } }
            // Copied first so that `self` is not read while it is passed inout.
            let evaluator = plan.evaluator
            do {
                return .success(try evaluator.evaluate(expression, names: &self))
            } catch {
                return .failure(error)
            }
        }
    }
}

extension RulesLibrary {
    /// The values of `scenario` on the day `today`.
    public func environment(for scenario: ResolvedScenario, today: CivilDate) -> Environment {
        Environment(plan: environmentPlan(), scenario: scenario, today: today)
    }

    /// What ``environment(for:today:)`` works out of this library, once, for a caller that
    /// makes environments for many scenarios (``Environment/Plan/environment(for:today:)``).
    public func environmentPlan() -> Environment.Plan {
        Environment.Plan(library: self)
    }
}

import Diagnostics

extension RulesLibrary {
    /// Types the facts a scenario gives and checks that it gives every fact in `requiredFacts`
    /// that has no default. Every error names the scenario and the fact and points into the
    /// scenario file. Returns `nil` when there were errors.
    ///
    /// - Parameters:
    ///   - guide: the guide the facts are required for, named in messages; by default the
    ///     scenario's guides.
    ///   - usedNames: the names the guide uses itself, from which `requiredFacts` were reached:
    ///     a missing fact's message then names the rule that needs it and the rules between.
    public func resolve(
        _ scenario: ScenarioDeclaration, requiredFacts: Set<String>, guide: String? = nil, usedNames: Set<String> = [],
        diagnostics: inout [Diagnostic]
    ) -> ResolvedScenario? {
        var values: [String: Value] = [:]
        // Made to size: grown one fact at a time, the table was rehashed three times a scenario.
        values.reserveCapacity(scenario.facts.count)
        var failed = false
        for given in scenario.facts {
            guard let fact = facts[given.name] else {
                failed = true
                // A fact whose declaration failed was reported there.
                if brokenNames.contains(given.name) { continue }
                diagnostics.append(
                    ScenarioProblem.unknownFact(
                        given.name, scenario: scenario.id, suggestion: Suggestion.closest(to: given.name, among: factNames),
                        at: given.nameRange))
                continue
            }
            guard let text = given.text else {
                diagnostics.append(
                    ScenarioProblem.wrongType(
                        given.name, scenario: scenario.id, problem: "\(given.kindDescription), but it needs \(fact.type)",
                        at: given.valueRange))
                failed = true
                continue
            }
            if let value = Self.value(of: text, for: fact) {
                values[given.name] = value
                continue
            }
            failed = true
            if case .choice = fact.type {
                diagnostics.append(
                    ScenarioProblem.unknownChoice(
                        text, fact: given.name, scenario: scenario.id,
                        hint: fact.keyHint(forLabel: text) ?? "(choices: \(fact.choiceKeyList))", at: given.valueRange))
            } else if case .date = fact.type, CivilDate.isShapedLikeDate(text), let problem = CivilDate.problem(iso: text) {
                // The shape is a date's: say what is wrong with the day rather than the format.
                diagnostics.append(
                    ScenarioProblem.wrongType(given.name, scenario: scenario.id, problem: "an impossible date: \(problem)", at: given.valueRange))
            } else {
                let expected =
                    switch fact.type {
                    case .bool: "a bool (true or false)"
                    case .int: "an int"
                    case .date: "a date (YYYY-MM-DD)"
                    default: "\(fact.type)"
                    }
                diagnostics.append(
                    ScenarioProblem.wrongType(
                        given.name, scenario: scenario.id, problem: "'\(text)', which is not \(expected)", at: given.valueRange))
            }
        }
        let guideName = guide ?? scenario.guides.joined(separator: "', '")
        for name in factNames where requiredFacts.contains(name) {
            // A fact that applies only sometimes is checked once the scenario's values are known
            // (``applicabilityProblems(of:in:)``).
            guard scenario.facts.allSatisfy({ $0.name != name }), facts[name]?.defaultExpression == nil,
                facts[name]?.appliesWhen == nil, !factsWithBrokenDefaults.contains(name)
            else { continue }
            let chain = dependencyChain(from: usedNames, to: name) ?? [name]
            diagnostics.append(
                ScenarioProblem.missingFact(
                    name, scenario: scenario.id, guide: guideName, chain: chain, firstIsRule: rules[chain[0]] != nil,
                    firstDefinedAt: rules[chain[0]]?.range ?? facts[chain[0]]?.range, at: scenario.idRange))
            failed = true
        }
        return failed ? nil : ResolvedScenario(declaration: scenario, givenFacts: values)
    }

    /// The problems of a resolved scenario with facts that apply only sometimes: a fact that
    /// applies to it but that it does not give (an error), and one it gives where it does not
    /// apply (a warning: readers in its case are never asked it). `usedNames` are the names the
    /// guide uses itself, as for ``resolve(_:requiredFacts:guide:usedNames:diagnostics:)``.
    public func applicabilityProblems(
        of scenario: ResolvedScenario, requiredFacts: [String], guide: String, usedNames: Set<String> = [], in environment: Environment
    ) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for name in requiredFacts {
            guard let fact = facts[name], let condition = fact.appliesWhen, !brokenConditions.contains(name) else { continue }
            let applies: Bool
            do throws(EvaluationError) {
                guard case .bool(let holds) = try environment.evaluate(condition) else { continue }
                applies = holds
            } catch {
                problems.append(
                    ScenarioProblem.appliesWhen(
                        name, scenario: scenario.id, error: error, at: scenario.declaration.idRange, condition: condition.range))
                continue
            }
            let given = scenario.givenFacts[name] != nil
            if applies && !given && fact.defaultExpression == nil && !factsWithBrokenDefaults.contains(name) {
                let chain = dependencyChain(from: usedNames, to: name) ?? [name]
                problems.append(
                    ScenarioProblem.missingFact(
                        name, scenario: scenario.id, guide: guide, chain: chain, firstIsRule: rules[chain[0]] != nil,
                        firstDefinedAt: rules[chain[0]]?.range ?? facts[chain[0]]?.range, appliesWhen: condition.range,
                        at: scenario.declaration.idRange))
            } else if !applies && given {
                let place = scenario.declaration.facts.first { $0.name == name }?.nameRange ?? scenario.declaration.idRange
                problems.append(ScenarioProblem.factNotApplicable(name, scenario: scenario.id, at: place, condition: condition.range))
            }
        }
        return problems
    }

    /// The value `text` stands for as a value of the fact `name`, written as in a scenario file
    /// (`2026-05-17`, a choice key, `true`, `1500`), or `nil` when there is no such fact or the
    /// text does not fit its type.
    public func factValue(_ text: String, for name: String) -> Value? {
        facts[name].flatMap { Self.value(of: text, for: $0) }
    }

    /// The value `text` stands for as a value of `fact`, or `nil` when it does not fit.
    static func value(of text: String, for fact: FactDeclaration) -> Value? {
        switch fact.type {
        case .bool:
            switch text {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .int:
            return Int(text).map(Value.int)
        case .string:
            return .string(text)
        case .date:
            return CivilDate(iso: text).map(Value.date)
        case .choice:
            return fact.label(forKey: text).map { .choice(fact: fact.name, key: text, label: $0) }
        default:
            return nil
        }
    }
}

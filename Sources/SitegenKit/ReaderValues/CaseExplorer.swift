import Diagnostics
import Directives
import Foundation
import Rules

/// Explores the situations readers can be in, for `sitegen check`: every answer of every choice
/// and yes/no fact, and for dates, ints and strings the values where the rules' comparisons can
/// change their minds. Each situation is walked through the guide's conditionals as a page is
/// built (the same walk as the picker's), and gives a case: its branch decisions. A case that no
/// scenario has is a reader who would find no page.
///
/// Facts are chosen in the order the walk needs them (a condition that needs a fact no answer
/// has given yet leaves it open; the first such fact in the order of the rules files is tried
/// with each of its candidate values), so a fact that only some answers need is only varied
/// under those answers. Candidate values:
/// - a choice: each key; a bool: `true` and `false`;
/// - a date: each date written in the guide's rules and conditions, and `today`, shifted by each
///   duration they use (once, either way), and each date a rule or fact already has from the
///   answers chosen before; each of these, the day before and the day after. A fact with a
///   default (`today`) is varied too, once the facts without one are chosen;
/// - an int: each int written in them and each int already computed, and one either side;
/// - a string: each string written in them, and the empty string.
struct CaseExplorer {
    /// A case no scenario has, with an example situation.
    struct Uncovered {
        /// The branch decisions, `(condition number, value)`, in walk order.
        var decisions: [(Int, Bool)]
        /// Values for the facts that led there, as in a scenario file.
        var example: [(fact: String, text: String)]
    }

    /// What exploring one guide found.
    struct Outcome {
        /// Every case that can be reached, with one example each, in the order found.
        var cases: [(decisions: [(Int, Bool)], example: [(fact: String, text: String)])]
        /// Whether the exploration stopped at ``maximumWalks`` before trying everything.
        var incomplete: Bool
    }

    /// The most situations walked per guide; past it `check` says the exploration is incomplete.
    static let maximumWalks = 400_000

    let checked: CheckedSite
    let guide: String
    let data: GuideRulesData
    let today: CivilDate
    private let rules: RulesLibrary
    private let tree: JSONValue
    private let expressions: [Rules.Expression]
    private let conditionFacts: [Int: [String]]
    private let constantDates: [CivilDate]
    private let durations: [CalendarDuration]
    private let constantInts: [Int]
    private let constantStrings: [String]

    init(checked: CheckedSite, guide: String, data: GuideRulesData, today: CivilDate) {
        self.checked = checked
        self.guide = guide
        self.data = data
        self.today = today
        rules = checked.site.rules
        tree = data.tree
        expressions = data.expressionList(in: checked)
        var conditionFacts: [Int: [String]] = [:]
        for (index, expression) in expressions.enumerated() {
            let reached = checked.site.rules.facts(reachableFrom: expression.referencedNames)
            conditionFacts[index] = checked.site.rules.factNames.filter(reached.contains)
        }
        self.conditionFacts = conditionFacts
        // The literals of every expression the guide reaches: its conditions and stamps, and
        // the rules and fact defaults they use.
        var literals = Literals()
        for expression in expressions { literals.collect(expression) }
        for name in data.reachable {
            if let rule = checked.site.rules.rules[name] { literals.collect(rule.expression) }
            if let fallback = checked.site.rules.facts[name]?.defaultExpression { literals.collect(fallback) }
        }
        constantDates = Array(literals.dates).sorted()
        durations = Array(literals.durations).sorted { ($0.unit.rawValue, $0.amount) < ($1.unit.rawValue, $1.amount) }
        constantInts = Array(literals.ints).sorted()
        constantStrings = Array(literals.strings).sorted()
    }

    /// Every reachable case, found depth first.
    func explore() -> Outcome {
        var outcome = Outcome(cases: [], incomplete: false)
        guard tree != .null else { return outcome }
        var seen: Set<[Int]> = []
        var walks = 0
        // Each entry: the facts chosen so far, in order.
        var pending: [[(String, Value)]] = [[]]
        while let chosen = pending.popLast() {
            walks += 1
            if walks > Self.maximumWalks {
                outcome.incomplete = true
                break
            }
            let given = Dictionary(chosen.map { ($0.0, $0.1) }, uniquingKeysWith: { _, last in last })
            let environment = rules.environment(for: situation(given), today: today)
            let walked = walk(environment, chosen: Set(given.keys))
            if let next = walked.needed {
                // Pushed in reverse, so the first candidate is explored first.
                for value in candidates(for: next, in: environment).reversed() {
                    pending.append(chosen + [(next, value)])
                }
                continue
            }
            guard !walked.failed else { continue }
            let key = walked.decisions.flatMap { [$0.0, $0.1 ? 1 : 0] }
            if seen.insert(key).inserted {
                outcome.cases.append((walked.decisions, chosen.map { ($0.0, Picker.key(of: $0.1)) }))
            }
        }
        return outcome
    }

    private func situation(_ given: [String: Value]) -> ResolvedScenario {
        let declaration = ScenarioDeclaration(
            id: "", idRange: SourceRange(SourceLocation(file: "", line: 1, column: 1)), guides: [guide], title: nil,
            titleLocation: nil, facts: [], file: "")
        return ResolvedScenario(declaration: declaration, givenFacts: given)
    }

    /// Walks the guide's conditionals as the expander does. `needed` is the first fact (in the
    /// order of the rules files) that an open condition needs and no answer gives.
    private func walk(_ environment: Environment, chosen: Set<String>) -> (decisions: [(Int, Bool)], needed: String?, failed: Bool) {
        var decisions: [(Int, Bool)] = []
        var needed: Set<String> = []
        // Facts with a default (`today`) that a decided condition reached: readers can change
        // them, so once nothing else is needed they are varied too.
        var defaulted: Set<String> = []
        var failed = false
        var stack: [(list: [JSONValue], next: Int)] = [(tree.arrayValue ?? [], 0)]
        while let top = stack.indices.last {
            guard stack[top].next < stack[top].list.count else {
                stack.removeLast()
                continue
            }
            let branches = stack[top].list[stack[top].next].arrayValue ?? []
            stack[top].next += 1
            for branch in branches {
                guard let parts = branch.arrayValue, parts.count == 2 else { continue }
                guard case .int(let condition) = parts[0] else {
                    stack.append((parts[1].arrayValue ?? [], 0))
                    break
                }
                do throws(EvaluationError) {
                    let value = try environment.evaluate(expressions[condition])
                    guard case .bool(let holds) = value else {
                        failed = true
                        break
                    }
                    decisions.append((condition, holds))
                    for fact in conditionFacts[condition, default: []] where !chosen.contains(fact) { defaulted.insert(fact) }
                    if holds {
                        stack.append((parts[1].arrayValue ?? [], 0))
                        break
                    }
                } catch {
                    if error.isMissingFact {
                        for fact in conditionFacts[condition, default: []] where environment.value(of: fact) == nil {
                            needed.insert(fact)
                        }
                    } else {
                        failed = true
                    }
                    break
                }
            }
        }
        let first = rules.factNames.first(where: needed.contains) ?? rules.factNames.first(where: defaulted.contains)
        return (decisions, first, failed)
    }

    /// The values tried for `fact`, given what `environment` already knows.
    private func candidates(for fact: String, in environment: Environment) -> [Value] {
        guard let declaration = rules.facts[fact] else { return [] }
        switch declaration.type {
        case .choice:
            return declaration.choices.map { .choice(fact: fact, key: $0.key, label: $0.label) }
        case .bool:
            return [.bool(true), .bool(false)]
        case .date:
            var anchors = Set(constantDates + [today])
            if case .date(let current)? = environment.value(of: fact) { anchors.insert(current) }
            var shifted: Set<CivilDate> = []
            for anchor in anchors {
                for duration in durations {
                    for sign in [1, -1] {
                        if let date = shift(anchor, by: duration, sign: sign) { shifted.insert(date) }
                    }
                }
            }
            anchors.formUnion(shifted)
            // Dates already computed from the earlier answers are thresholds as they stand.
            for (_, value) in environment.ruleValues + environment.factValues {
                if case .date(let date) = value { anchors.insert(date) }
            }
            var days: Set<CivilDate> = []
            for anchor in anchors {
                for offset in -1...1 {
                    let day = anchor.adding(days: offset)
                    if (1...9999).contains(day.year) { days.insert(day) }
                }
            }
            return days.sorted().map(Value.date)
        case .int:
            var numbers = Set(constantInts + [0])
            for (_, value) in environment.ruleValues + environment.factValues {
                if case .int(let number) = value { numbers.insert(number) }
            }
            var values: Set<Int> = []
            for number in numbers {
                for offset in -1...1 {
                    let (sum, overflow) = number.addingReportingOverflow(offset)
                    if !overflow { values.insert(sum) }
                }
            }
            return values.sorted().map(Value.int)
        case .string:
            return Array(Set(constantStrings + [""])).sorted().map(Value.string)
        default:
            return []
        }
    }

    private func shift(_ date: CivilDate, by duration: CalendarDuration, sign: Int) -> CivilDate? {
        // Business days are never fewer days than the count, and seldom more than 7/5 of it:
        // near enough for a boundary to try.
        let shifted =
            duration.unit == .businessDay
            ? CalendarDuration(duration.amount * sign * 7 / 5, .day) : CalendarDuration(duration.amount * sign, duration.unit)
        guard let result = date.adding(calendarTime: shifted), (1...9999).contains(result.year) else { return nil }
        return result
    }

    /// The literals of expressions.
    private struct Literals {
        var dates: Set<CivilDate> = []
        var durations: Set<CalendarDuration> = []
        var ints: Set<Int> = []
        var strings: Set<String> = []

        mutating func collect(_ expression: Rules.Expression) {
            var stack = [expression]
            while let node = stack.popLast() {
                switch node.kind {
                case .date(let date): dates.insert(date)
                case .duration(let duration) where abs(duration.amount) <= 1000: durations.insert(duration)
                case .int(let number): ints.insert(number)
                case .string(let text): strings.insert(text)
                default: break
                }
                // Every kind's operands, `if … then … else` and `.name` included.
                stack += node.children
            }
        }
    }
}

extension JSONValue {
    /// The elements, when this is an array.
    var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }
}

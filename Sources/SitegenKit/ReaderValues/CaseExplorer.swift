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

        /// What a condition comes to in a situation.
        enum Code: UInt8 {
            /// Not evaluated yet.
            case unknown
            /// `true`.
            case holds
            /// `false`.
            case fails
            /// It needs a fact the situation does not give.
            case missingFact
            /// Any other error, or a value that is not a bool.
            case failed
        }
    }

    /// The most situations walked per guide; past it `check` says the exploration is incomplete.
    static let maximumWalks = 400_000

    let checked: CheckedSite
    let guide: String
    let data: GuideRulesData
    let today: CivilDate
    private let rules: RulesLibrary
    private let tree: JSONValue
    /// The guide's conditionals, numbered (``DecisionTree``).
    private let decisionTree: DecisionTree
    /// Computes each situation's values from its parent's: a situation is its parent and one
    /// more fact, so only what depends on that fact is computed again.
    private let values: IncrementalEvaluator
    /// The guide's expressions, ready for ``values``.
    private let prepared: [IncrementalEvaluator.Prepared]
    /// The rules the guide's expressions read: a situation's other rules are computed only when
    /// its candidate values are wanted (most situations are walked and nothing more).
    private let relevance: IncrementalEvaluator.Relevance
    /// For each expression, the facts it reaches, as slots of ``values`` in the order of the
    /// rules files.
    private let conditionFacts: [[Int]]
    /// For each fact slot, the expressions that reach it: the ones a new value of the fact can
    /// change. Every other expression of a situation has the value it had in its parent.
    private let affected: [[Int]]
    private let durations: [CalendarDuration]
    private let constantInts: [Int]
    private let constantStrings: [String]
    /// The candidate days every date fact has, whatever the situation: the guide's dates and
    /// `today`, shifted by its durations, and the day either side. Worked out once per guide;
    /// each situation adds the days of its own values (``candidates(for:in:)``).
    private let constantDays: Set<CivilDate>

    /// Prepares the exploration of `guide`. `evaluator` numbers the site's rules for `today`; it
    /// can be shared by the explorers of every guide of the site.
    init(
        checked: CheckedSite, guide: String, data: GuideRulesData, today: CivilDate, evaluator: IncrementalEvaluator? = nil
    ) {
        self.checked = checked
        self.guide = guide
        self.data = data
        self.today = today
        rules = checked.site.rules
        tree = data.tree
        decisionTree = DecisionTree(data.tree)
        let values = evaluator ?? IncrementalEvaluator(library: checked.site.rules, today: today)
        self.values = values
        let expressions = data.expressionList(in: checked)
        prepared = expressions.map(values.prepare)
        relevance = values.relevance(of: prepared)
        conditionFacts = expressions.map { expression in
            let reached = checked.site.rules.facts(reachableFrom: expression.referencedNames)
            return checked.site.rules.factNames.indices.filter { reached.contains(checked.site.rules.factNames[$0]) }
        }
        var affected = [[Int]](repeating: [], count: values.factNames.count)
        for (condition, facts) in conditionFacts.enumerated() {
            for fact in facts { affected[fact].append(condition) }
        }
        if !checked.site.rules.cyclicNames.isEmpty {
            // A rule on a cycle (an error when the library loads) may have a value or not
            // depending on the order rules happen to be computed in: trust no condition.
            affected = Array(repeating: Array(prepared.indices), count: affected.count)
        }
        self.affected = affected
        // The literals of every expression the guide reaches: its conditions and stamps, and
        // the rules and fact defaults they use.
        var literals = Literals()
        for expression in expressions { literals.collect(expression) }
        for name in data.reachable {
            if let rule = checked.site.rules.rules[name] { literals.collect(rule.expression) }
            if let fallback = checked.site.rules.facts[name]?.defaultExpression { literals.collect(fallback) }
        }
        let constantDates = Array(literals.dates).sorted()
        let durations = Array(literals.durations).sorted { ($0.unit.rawValue, $0.amount) < ($1.unit.rawValue, $1.amount) }
        self.durations = durations
        constantInts = Array(literals.ints).sorted()
        constantStrings = Array(literals.strings).sorted()
        constantDays = Self.days(around: Self.shifted(Set(constantDates + [today]), by: durations))
    }

    /// Every reachable case, found depth first.
    func explore() -> Outcome {
        var outcome = Outcome(cases: [], incomplete: false)
        guard tree != .null else { return outcome }
        var seen: Set<[Int]> = []
        var walks = 0
        // Each entry: the facts chosen before, in order, the fact chosen last, and what is known
        // of the situation without it (the parent's values and conditions). All of it is shared
        // by the parent's children until each is given its own value.
        typealias Entry = (
            before: [(fact: Int, value: Value)], last: (fact: Int, value: Value)?, parent: IncrementalEvaluator.Values,
            conditions: [Outcome.Code]
        )
        var pending: [Entry] = [([], nil, values.initialValues(), Array(repeating: .unknown, count: prepared.count))]
        while let (before, last, parent, known) = pending.popLast() {
            walks += 1
            if walks > Self.maximumWalks {
                outcome.incomplete = true
                break
            }
            var situation = parent
            var conditions = known
            var chosen: [(fact: Int, value: Value)] { last.map { before + [$0] } ?? before }
            if let last {
                values.give(last.fact, last.value, to: &situation, relevance: relevance)
                for condition in affected[last.fact] { conditions[condition] = .unknown }
            }
            let walked = walk(situation, conditions: &conditions)
            if let next = walked.needed {
                // Candidates read every value of the situation, and its children are made from it.
                values.complete(&situation)
                // Pushed in reverse, so the first candidate is explored first.
                let prefix = chosen
                for value in candidates(for: next, in: situation).reversed() {
                    pending.append((prefix, (next, value), situation, conditions))
                }
                continue
            }
            guard !walked.failed else { continue }
            if seen.insert(walked.key).inserted {
                let decisions = stride(from: 0, to: walked.key.count, by: 2).map { (walked.key[$0], walked.key[$0 + 1] == 1) }
                outcome.cases.append((decisions, chosen.map { (values.factNames[$0.fact], Picker.key(of: $0.value)) }))
            }
        }
        return outcome
    }

    /// Walks the guide's conditionals as the expander does. `key` is the decisions,
    /// `[condition, 1 or 0, …]` in walk order; `needed` is the first fact (in the order of the
    /// rules files) that an open condition needs and no answer gives.
    ///
    /// `conditions` holds what the situation's conditions came to, as far as known: the walk
    /// evaluates only those still `unknown`, and records them.
    private func walk(
        _ situation: IncrementalEvaluator.Values, conditions: inout [Outcome.Code]
    ) -> (key: [Int], needed: Int?, failed: Bool) {
        var key: [Int] = []
        key.reserveCapacity(2 * prepared.count)
        // Slots are numbered in the order of the rules files, so the first fact is the least.
        var needed = Int.max
        // Facts with a default (`today`) that a decided condition reached: readers can change
        // them, so once nothing else is needed they are varied too.
        var defaulted = Int.max
        var failed = false
        var stack: [(list: Int, next: Int)] = [(0, 0)]
        while let top = stack.indices.last {
            let list = decisionTree.lists[stack[top].list]
            guard stack[top].next < list.count else {
                stack.removeLast()
                continue
            }
            let branches = decisionTree.conditionals[list[stack[top].next]]
            stack[top].next += 1
            for branch in branches {
                guard let condition = branch.condition else {
                    stack.append((branch.list, 0))
                    break
                }
                if conditions[condition] == .unknown { conditions[condition] = evaluate(condition, in: situation) }
                switch conditions[condition] {
                case .holds, .fails:
                    let holds = conditions[condition] == .holds
                    key.append(condition)
                    key.append(holds ? 1 : 0)
                    if let fact = conditionFacts[condition].first(where: { !values.isGiven($0, in: situation) }) {
                        defaulted = min(defaulted, fact)
                    }
                    guard holds else { continue }
                    stack.append((branch.list, 0))
                case .missingFact:
                    if let fact = conditionFacts[condition].first(where: { values.factValue($0, in: situation) == nil }) {
                        needed = min(needed, fact)
                    }
                case .unknown, .failed:
                    failed = true
                }
                break
            }
        }
        let first = needed != .max ? needed : (defaulted != .max ? defaulted : nil)
        return (key, first, failed)
    }

    /// What condition `condition` comes to in `situation`.
    private func evaluate(_ condition: Int, in situation: IncrementalEvaluator.Values) -> Outcome.Code {
        do throws(EvaluationError) {
            guard case .bool(let holds) = try values.evaluate(prepared[condition], in: situation) else { return .failed }
            return holds ? .holds : .fails
        } catch {
            return error.isMissingFact ? .missingFact : .failed
        }
    }

    /// The values tried for fact `slot`, given what `situation` already knows.
    private func candidates(for slot: Int, in situation: IncrementalEvaluator.Values) -> [Value] {
        let fact = values.factNames[slot]
        guard let declaration = rules.facts[fact] else { return [] }
        switch declaration.type {
        case .choice:
            return declaration.choices.map { .choice(fact: fact, key: $0.key, label: $0.label) }
        case .bool:
            return [.bool(true), .bool(false)]
        case .date:
            var anchors: Set<CivilDate> = []
            if case .date(let current)? = values.factValue(slot, in: situation) {
                anchors = Self.shifted([current], by: durations)
            }
            // Dates already computed from the earlier answers are thresholds as they stand.
            values.forEachValue(in: situation) { value in
                if case .date(let date) = value { anchors.insert(date) }
            }
            return constantDays.union(Self.days(around: anchors)).sorted().map(Value.date)
        case .int:
            var numbers = Set(constantInts + [0])
            values.forEachValue(in: situation) { value in
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

    /// `anchors`, and each shifted by each duration, once either way.
    private static func shifted(_ anchors: Set<CivilDate>, by durations: [CalendarDuration]) -> Set<CivilDate> {
        var result = anchors
        for anchor in anchors {
            for duration in durations {
                for sign in [1, -1] {
                    if let date = shift(anchor, by: duration, sign: sign) { result.insert(date) }
                }
            }
        }
        return result
    }

    /// Each of `anchors`, the day before and the day after, within years 1 to 9999.
    private static func days(around anchors: Set<CivilDate>) -> Set<CivilDate> {
        var days: Set<CivilDate> = []
        for anchor in anchors {
            for offset in -1...1 {
                let day = anchor.adding(days: offset)
                if (1...9999).contains(day.year) { days.insert(day) }
            }
        }
        return days
    }

    private static func shift(_ date: CivilDate, by duration: CalendarDuration, sign: Int) -> CivilDate? {
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

/// A guide's conditionals (``GuideRulesData/tree``) as numbered lists, read many times per
/// situation: walking the JSON tree itself copied its arrays at every step.
private struct DecisionTree {
    /// Each list of conditionals, as numbers in ``conditionals``; list 0 is the guide's body.
    var lists: [[Int]] = [[]]
    /// Each conditional's branches in order: the condition's expression number (`nil` for
    /// `else`, after which no branch is read) and the list of conditionals inside the branch.
    var conditionals: [[(condition: Int?, list: Int)]] = []

    init(_ tree: JSONValue) {
        var work: [(nodes: JSONValue, list: Int)] = [(tree, 0)]
        while let (nodes, list) = work.popLast() {
            for node in nodes.arrayValue ?? [] {
                var branches: [(condition: Int?, list: Int)] = []
                for branch in node.arrayValue ?? [] {
                    // A malformed branch is passed over, as the walk over the JSON did.
                    guard let parts = branch.arrayValue, parts.count == 2 else { continue }
                    let inner = lists.count
                    lists.append([])
                    work.append((parts[1], inner))
                    guard case .int(let condition) = parts[0] else {
                        branches.append((nil, inner))
                        break
                    }
                    branches.append((condition, inner))
                }
                lists[list].append(conditionals.count)
                conditionals.append(branches)
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

import Directives
import Foundation
import Rules

/// The part of the rules library one guide's pages use, as the page's own evaluator
/// (`Templates/assets/sitegen-rules.js`) reads it: fact declarations, the rules the guide
/// reaches, the holiday calendar, the date formats, and every expression of the guide's
/// directives with a number. Written once per guide as `guides/<guide>/rules.js`; the format is
/// in docs/reader-values.md.
final class GuideRulesData: Sendable {
    // A class: a scenario page asks its guide's rules data for the number of every stamp, and a
    // copy of a struct's tables for each counted a reference on every table.
    /// The version of the format; the page's evaluator refuses another.
    static let formatVersion = 1
    /// The file name beside the guide's page.
    static let fileName = "rules.js"

    /// The guide.
    let slug: String
    /// The number of each directive expression (condition or stamp) of the guide.
    private let expressionIndex: [ExpressionSource: Int]
    /// The number of each stamp whose value depends on a fact or on `today`.
    private let liveStamps: [ExpressionSource: Int]
    /// The directive expressions in the order of their numbers.
    let expressionSources: [ExpressionSource]
    /// The stamps in the order of their numbers.
    let stampSources: [Stamp]
    /// The names the guide reaches (facts, rules and `today`), directly or through rules.
    let reachable: Set<String>
    /// The script's text: one assignment of the JSON data.
    let script: String

    /// The number of a stamp the page can write again, or `nil` when its value is the same for
    /// every reader (it depends on no fact and not on `today`).
    func liveStampIndex(of source: ExpressionSource) -> Int? { liveStamps[source] }

    /// The number of a directive expression, for a page's record of its branch decisions.
    func expressionNumber(of source: ExpressionSource) -> Int? { expressionIndex[source] }

    init(checked: CheckedSite, guide slug: String) {
        self.slug = slug
        let site = checked.site
        let rules = site.rules
        var numbering = Numbering(checked: checked)
        for document in Self.documents(checked: checked, guide: slug) { numbering.visit(document) }
        self.expressionIndex = numbering.expressionIndex
        self.liveStamps = numbering.liveStamps
        self.expressionSources = numbering.expressionSources
        self.stampSources = numbering.stampSources
        let reachable = rules.reachableNames(from: numbering.directNames)
        self.reachable = reachable
        // The page also evaluates the `applies_when` of the facts it reaches (an answer of the
        // example that does not apply to the reader leaves the page's summary), so the file
        // holds what those conditions read as well.
        var written = reachable
        while true {
            let read = written.reduce(into: Set<String>()) { read, name in
                read.formUnion(rules.facts[name]?.appliesWhen?.referencedNames ?? [])
            }
            let more = rules.reachableNames(from: read.subtracting(written))
            if more.isSubset(of: written) { break }
            written.formUnion(more)
        }

        let factNames = rules.factNames.filter(written.contains)
        let ruleNames = rules.ruleNames.filter(written.contains)
        let ruleMembers: [(String, JSONValue)] = ruleNames.compactMap { name in
            guard let rule = rules.rules[name] else { return nil }
            return (name, rule.type == nil ? .null : rule.expression.jsonTree)
        }
        let configuration = site.configuration
        let deadlines: [JSONValue] = rules.deadlineNames.compactMap { name in
            guard reachable.contains(name), let deadline = rules.deadlines[name] else { return nil }
            return .array([.string(name), .string(deadline.label)])
        }
        let tree = Self.decisionTree(checked: checked, guide: slug, number: numbering.expressionIndex)
        self.tree = tree
        let data = JSONValue.object([
            ("version", .int(Self.formatVersion)),
            ("guide", .string(slug)),
            ("language", .string(configuration.language)),
            ("timeZone", .string(configuration.timeZone)),
            ("formats", .object(configuration.dateFormats.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("calendar", Self.calendarJSON(rules.calendar)),
            ("facts", .object(Self.factsJSON(factNames, rules: rules))),
            ("factOrder", .array(factNames.map(JSONValue.string))),
            ("rules", .object(ruleMembers)),
            ("ruleOrder", .array(ruleNames.map(JSONValue.string))),
            ("expressions", .array(numbering.expressions)),
            ("stamps", .array(numbering.stamps)),
            ("deadlines", .array(deadlines)),
            ("tree", tree),
        ])
        self.data = data
        script = "var SitegenGuideRules = " + data.serialized() + ";\n"
    }

    /// Every document whose directives the guide's pages evaluate, in a fixed order: the
    /// title and description, the body and its partials, the titles of its scenarios.
    private static func documents(checked: CheckedSite, guide slug: String) -> [DirectiveDocument] {
        var documents: [DirectiveDocument] = []
        if let titles = checked.titleDocuments[slug] { documents += [titles.title, titles.description] }
        if let body = checked.guideDocuments[slug] {
            documents.append(body)
            documents += checked.includedPartialDocuments(of: slug)
        }
        for file in checked.site.scenarioFiles where file.guides.contains(slug) {
            for scenario in file.scenarios {
                if let title = checked.scenarioTitles[file.path]?[scenario.id] { documents.append(title) }
            }
        }
        return documents
    }

    /// One pass over a guide's documents that numbers every condition and stamp expression, and
    /// every stamp whose value depends on the reader, in the order the page's evaluator reads
    /// them.
    private struct Numbering {
        let checked: CheckedSite
        var expressions: [JSONValue] = []
        var expressionIndex: [ExpressionSource: Int] = [:]
        var stamps: [JSONValue] = []
        var liveStamps: [ExpressionSource: Int] = [:]
        var expressionSources: [ExpressionSource] = []
        var stampSources: [Stamp] = []
        /// The names the numbered expressions use themselves.
        var directNames: Set<String> = []

        init(checked: CheckedSite) { self.checked = checked }

        /// The number of `source`, given it when it has none yet; `nil` when it was not parsed.
        mutating func number(_ source: ExpressionSource) -> Int? {
            if let known = expressionIndex[source] { return known }
            guard let expression = checked.expressions[source] else { return nil }
            expressionIndex[source] = expressions.count
            expressions.append(expression.jsonTree)
            expressionSources.append(source)
            directNames.formUnion(expression.referencedNames)
            return expressions.count - 1
        }

        mutating func visit(_ document: DirectiveDocument) {
            document.forEachNode { node in
                switch node {
                case .stamp(let stamp):
                    guard liveStamps[stamp.expression] == nil, let index = number(stamp.expression),
                        let expression = checked.expressions[stamp.expression],
                        GuideRulesData.dependsOnReader(expression, rules: checked.site.rules)
                    else { return }
                    let format: JSONValue
                    switch stamp.format {
                    case nil: format = .null
                    case .named(let name): format = .object([("named", .string(name))])
                    case .pattern(let pattern): format = .object([("pattern", .string(pattern))])
                    }
                    liveStamps[stamp.expression] = stamps.count
                    stamps.append(.array([.int(index), format]))
                    stampSources.append(stamp)
                case .conditional(let branches, _):
                    for condition in branches.compactMap(\.condition) { _ = number(condition) }
                default:
                    break
                }
            }
        }
    }

    /// The declarations of the facts `names`, as the page's evaluator reads them.
    private static func factsJSON(_ names: [String], rules: RulesLibrary) -> [(String, JSONValue)] {
        names.compactMap { name in
            guard let fact = rules.facts[name] else { return nil }
            var members: [(String, JSONValue)] = [("type", .string(Self.typeName(fact.type)))]
            // The question names a reader's answer on a scenario page whose example does not
            // give that fact: the page lists it with the answers it was built for.
            if let question = fact.question { members.append(("question", .string(question))) }
            if let expression = fact.defaultExpression { members.append(("default", expression.jsonTree)) }
            if let condition = fact.appliesWhen { members.append(("appliesWhen", condition.jsonTree)) }
            if !fact.choices.isEmpty {
                members.append(("choices", fact.choicesJSON))
            }
            return (name, .object(members))
        }
    }

    /// The holiday calendar with the years it covers, or `null` for weekends only.
    private static func calendarJSON(_ calendar: HolidayCalendar?) -> JSONValue {
        guard let holidays = calendar else { return .null }
        let years: JSONValue = holidays.coveredYears.map { .array([.int($0.lowerBound), .int($0.upperBound)]) } ?? .null
        return .object([
            ("name", .string(holidays.name)), ("years", years),
            ("holidays", .array(holidays.holidays.keys.sorted().map { .string($0.isoString) })),
        ])
    }

    /// The data as JSON, for tests and tools.
    let data: JSONValue
    /// The guide's conditionals as the picker and `check` walk them (see ``decisionTree``).
    let tree: JSONValue

    /// The most conditionals a decision tree holds (includes are written out in place, so a
    /// partial included many times counts many times); a larger guide's picker uses its table.
    static let maximumTreeSize = 20_000

    /// The guide's conditionals as the page's picker walks them (docs/reader-values.md): a list of
    /// conditionals, each a list of branches `[condition number or null, [conditionals inside]]`,
    /// with partials written out where they are included, in the order the expander visits
    /// them. `null` when the guide has more than ``maximumTreeSize`` conditionals.
    // Long: an explicit stack (no recursion, for deep includes) whose frames are declared inside.
    private static func decisionTree(
        checked: CheckedSite, guide slug: String, number: [ExpressionSource: Int]
    ) -> JSONValue {
        guard let body = checked.guideDocuments[slug] else { return .array([]) }
        // An explicit stack rather than recursion, so deep nesting and long include chains cost
        // heap, not call stack. Each list of nodes collects the conditionals found in it.
        enum Role {
            case root
            case branch(of: Int)
            case include(into: Int)
        }
        struct List {
            var nodes: [DirectiveNode]
            var next = 0
            var files: [String]
            var collected: [JSONValue] = []
            var role: Role
        }
        struct Conditional {
            var branches: [(condition: JSONValue, body: [DirectiveNode])]
            var done: [JSONValue] = []
            var files: [String]
            var parent: Int
        }
        var lists = [List(nodes: body.nodes, files: [body.file], role: .root)]
        var conditionals: [Conditional] = []
        var stack = [0]
        var size = 0
        // Partials that include the next one twice double at every level, with or without
        // conditionals: follow no more includes than the expander does.
        var followed = 0
        while let top = stack.last {
            guard lists[top].next < lists[top].nodes.count else {
                stack.removeLast()
                switch lists[top].role {
                case .root:
                    break
                case .include(let parent):
                    lists[parent].collected += lists[top].collected
                case .branch(let owner):
                    let index = conditionals[owner].done.count
                    conditionals[owner].done.append(.array([conditionals[owner].branches[index].condition, .array(lists[top].collected)]))
                    if index + 1 < conditionals[owner].branches.count {
                        lists.append(
                            List(
                                nodes: conditionals[owner].branches[index + 1].body, files: conditionals[owner].files,
                                role: .branch(of: owner)))
                        stack.append(lists.count - 1)
                    } else {
                        lists[conditionals[owner].parent].collected.append(.array(conditionals[owner].done))
                    }
                }
                // A finished list is not read again; its nodes can go (the root's result stays).
                lists[top].nodes = []
                if top != 0 { lists[top].collected = [] }
                continue
            }
            let node = lists[top].nodes[lists[top].next]
            lists[top].next += 1
            switch node {
            case .conditional(let branches, _):
                size += 1
                if size > maximumTreeSize { return .null }
                let entries = branches.map { branch -> (condition: JSONValue, body: [DirectiveNode]) in
                    (branch.condition.flatMap { number[$0] }.map { .int($0) } ?? .null, branch.body)
                }
                guard let first = entries.first else { continue }
                conditionals.append(Conditional(branches: entries, files: lists[top].files, parent: top))
                lists.append(List(nodes: first.body, files: lists[top].files, role: .branch(of: conditionals.count - 1)))
                stack.append(lists.count - 1)
            case .include(let name, _, _):
                followed += 1
                if followed > DirectiveExpander.defaultMaxIncludes { return .null }
                // A cycle or a chain past the expander's depth is an error the build reports.
                guard let partial = checked.partialDocuments[name], !lists[top].files.contains(partial.file),
                    lists[top].files.count <= DirectiveExpander().maxIncludeDepth
                else { continue }
                lists.append(List(nodes: partial.nodes, files: lists[top].files + [partial.file], role: .include(into: top)))
                stack.append(lists.count - 1)
            default:
                break
            }
        }
        return .array(lists[0].collected)
    }

    /// The parsed directive expressions, in the order of their numbers.
    func expressionList(in checked: CheckedSite) -> [Rules.Expression] {
        expressionSources.compactMap { checked.expressions[$0] }
    }

    /// The stamps' parsed expressions and formats, in the order of their numbers.
    func stampList(in checked: CheckedSite) -> [(expression: Rules.Expression, format: StampFormat?)] {
        stampSources.compactMap { stamp in checked.expressions[stamp.expression].map { ($0, stamp.format) } }
    }

    /// Whether a value can differ between readers: it reaches a fact or `today`.
    private static func dependsOnReader(_ expression: Rules.Expression, rules: RulesLibrary) -> Bool {
        let names = rules.reachableNames(from: expression.referencedNames)
        return names.contains("today") || names.contains { rules.facts[$0] != nil }
    }

    static func typeName(_ type: ValueType) -> String {
        switch type {
        case .bool: "bool"
        case .int: "int"
        case .string: "string"
        case .date: "date"
        case .choice: "choice"
        default: "\(type)"
        }
    }
}

/// Each guide's rules data, made once per build on first use and shared by its pages.
typealias GuideRulesDataCache = LockedMemo<String, GuideRulesData>

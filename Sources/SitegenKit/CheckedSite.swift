import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// A site whose every expression and directive has been parsed and type-checked once, in every
/// branch whether or not a scenario takes it, with its scenarios resolved: the "check" phase's
/// result. Evaluating a page only looks things up here.
public struct CheckedSite: Sendable {
    /// The loaded site.
    public var site: Site
    /// Each guide's parsed body, by slug.
    public var guideDocuments: [String: DirectiveDocument] = [:]
    /// Each guide's parsed title and description, by slug.
    public var titleDocuments: [String: (title: DirectiveDocument, description: DirectiveDocument)] = [:]
    /// Each partial's parsed text, by name.
    public var partialDocuments: [String: DirectiveDocument] = [:]
    /// Every expression of every directive, parsed, by where it stands.
    public var expressions = ExpressionTable()
    /// The facts each guide needs, in declaration order.
    public var requiredFacts: [String: [String]] = [:]
    /// The rule and fact names each guide's directives use, in every branch.
    public var guideNames: [String: Set<String>] = [:]
    /// Each guide's scenarios, resolved against the facts it needs, in file order.
    public var scenarios: [String: [ResolvedScenario]] = [:]
    /// The scenarios' parsed titles, by scenario file and then id.
    public var scenarioTitles: [String: [String: DirectiveDocument]] = [:]
    /// The glossary's terms, ready to be found in every page's prose; `nil` without terms.
    public var termMatcher: TermMatcher?

    /// The parsed title of `scenario`, if it has one.
    public func scenarioTitle(_ scenario: ScenarioDeclaration) -> DirectiveDocument? {
        scenarioTitles[scenario.file]?[scenario.id]
    }

    /// Parses and checks everything in `site`, appending every problem to `diagnostics`.
    public static func check(_ site: Site, diagnostics: inout [Diagnostic]) -> CheckedSite {
        check(site, cache: nil, diagnostics: &diagnostics)
    }

    /// Checks `site` as ``check(_:diagnostics:)`` does, reusing from `cache` what was computed
    /// from files whose bytes did not change: parsed documents, and, while the rules are the
    /// same, type checks and resolved scenarios.
    static func check(_ site: Site, cache: SiteCache?, diagnostics: inout [Diagnostic]) -> CheckedSite {
        var checked = CheckedSite(site: site)
        let rules = site.rules
        let formats = site.configuration.dateFormats
        // Each unit of work depends on one file (and, with `rules`, on the rules as well).
        func unit<Value>(_ path: String, _ part: String, rules: Bool = false, _ make: (inout [Diagnostic]) -> Value) -> Value {
            guard let cache else { return make(&diagnostics) }
            return cache.unit(at: path, part, dependsOnRules: rules, diagnostics: &diagnostics, make: make)
        }
        // The rules come from site.yml (date formats), the rules files and the calendar.
        var rulesPaths = [SitePaths.siteFile] + site.sources.all.keys.filter { $0.hasPrefix(SitePaths.rules + "/") }.sorted()
        if let name = site.configuration.calendar { rulesPaths.append("\(SitePaths.calendars)/\(name).yml") }
        cache?.useRules(from: rulesPaths)

        if let glossary = site.glossary, !glossary.terms.isEmpty { checked.termMatcher = TermMatcher(glossary.patterns) }
        checked.guideDocuments.reserveCapacity(site.guides.count)
        checked.titleDocuments.reserveCapacity(site.guides.count)
        // Authors' text may not contain the private-use scalars that stand for stamped values.
        for (name, file) in site.partials.sorted(by: { $0.key < $1.key }) {
            checked.partialDocuments[name] = unit(file.path, "partial") {
                DirectiveDocument.parse(SourceFile(path: file.path, text: InlineToken.neutralize(file.text)), diagnostics: &$0)
            }
        }
        for guide in site.guides {
            let documents = unit(guide.path, "documents") { diagnostics in
                (
                    body: DirectiveDocument.parse(InlineToken.neutralize(guide.body), at: guide.bodyLocation, diagnostics: &diagnostics),
                    title: DirectiveDocument.parse(guide.title, at: guide.titleLocation, diagnostics: &diagnostics),
                    description: DirectiveDocument.parse(guide.description, at: guide.descriptionLocation, diagnostics: &diagnostics)
                )
            }
            checked.guideDocuments[guide.slug] = documents.body
            checked.titleDocuments[guide.slug] = (documents.title, documents.description)
        }
        for file in site.scenarioFiles {
            let titles = unit(file.path, "titles") { diagnostics in
                var titles: [String: DirectiveDocument] = [:]
                for scenario in file.scenarios {
                    guard let title = scenario.title, let location = scenario.titleLocation else { continue }
                    titles[scenario.id] = DirectiveDocument.parse(title, at: location, diagnostics: &diagnostics)
                }
                return titles
            }
            // A file's titles stay one table, shared with the cache: nothing is copied.
            checked.scenarioTitles[file.path] = titles
        }

        checkStepReferences(site, checked, diagnostics: &diagnostics)

        // Every expression, in every branch, once per place it is written; and the rule and
        // fact names each file's documents use.
        // The documents are gathered only when the unit must be computed again.
        func check(_ documents: @autoclosure () -> [DirectiveDocument], of path: String, _ part: String) -> Set<String> {
            let result = unit(path, part, rules: true) { diagnostics in
                let documents = documents()
                var checker = ExpressionChecker(rules: rules, formats: formats, formatsKnown: site.configuration.wasRead)
                for document in documents { checker.check(document, diagnostics: &diagnostics) }
                let names = documents.reduce(into: Set<String>()) { $0.formUnion(checker.names(in: $1)) }
                return (parsed: ExpressionTable.grouped(checker.parsed), names: names)
            }
            checked.expressions.add(result.parsed)
            return result.names
        }
        var partialNames: [String: Set<String>] = [:]
        for (name, document) in checked.partialDocuments.sorted(by: { $0.key < $1.key }) {
            partialNames[name] = check([document], of: site.partials[name]?.path ?? name, "check")
        }
        var guideOwnNames: [String: Set<String>] = [:]
        for guide in site.guides {
            guard let body = checked.guideDocuments[guide.slug], let titles = checked.titleDocuments[guide.slug] else { continue }
            guideOwnNames[guide.slug] = check([titles.title, titles.description, body], of: guide.path, "check")
        }
        var titleNames: [String: Set<String>] = [:]
        for file in site.scenarioFiles {
            let titles = checked.scenarioTitles[file.path] ?? [:]
            titleNames[file.path] = check(file.scenarios.compactMap { titles[$0.id] }, of: file.path, "check")
        }

        // The facts each guide needs: through its own directives, its partials and its title.
        let guideSlugs = Set(site.guides.map(\.slug))
        // Each guide's scenario files, found once: a lookup per guide would be guides × files.
        var scenarioFilesByGuide: [String: [ScenarioFile]] = [:]
        for file in site.scenarioFiles {
            for slug in Set(file.guides) { scenarioFilesByGuide[slug, default: []].append(file) }
        }
        // The partials each partial includes itself, then every guide's through them.
        var partialIncludes: [String: Set<String>] = [:]
        for (name, document) in checked.partialDocuments {
            partialIncludes[name] = unit(site.partials[name]?.path ?? name, "includes") { _ in directIncludes(of: document) }
        }
        // Guides often use the very same names; the facts they reach are worked out once.
        var factsReached: [Set<String>: [String]] = [:]
        for guide in site.guides {
            guard let body = checked.guideDocuments[guide.slug], var names = guideOwnNames[guide.slug] else { continue }
            var included = unit(guide.path, "includes") { _ in directIncludes(of: body) }
            var pending = Array(included)
            while let name = pending.popLast() {
                for next in partialIncludes[name, default: []] where !included.contains(next) {
                    included.insert(next)
                    pending.append(next)
                }
            }
            for partial in included {
                names.formUnion(partialNames[partial, default: []])
            }
            for file in scenarioFilesByGuide[guide.slug, default: []] {
                names.formUnion(titleNames[file.path, default: []])
            }
            if let required = factsReached[names] {
                checked.requiredFacts[guide.slug] = required
            } else {
                let facts = rules.facts(reachableFrom: names)
                let required = rules.factNames.filter(facts.contains)
                factsReached[names] = required
                checked.requiredFacts[guide.slug] = required
            }
            checked.guideNames[guide.slug] = names
        }

        // Scenarios, resolved against what their guides need: per scenario file and guide.
        let scenarioPaths = site.scenarioFiles.map(\.path)
        if let cache {
            cache.unit(atAll: scenarioPaths, "duplicate ids", diagnostics: &diagnostics) {
                ScenarioFile.checkDuplicateIDs(site.scenarioFiles, diagnostics: &$0)
            }
        } else {
            ScenarioFile.checkDuplicateIDs(site.scenarioFiles, diagnostics: &diagnostics)
        }
        for file in site.scenarioFiles {
            // The file's scenarios by guide, in file order.
            let groups = unit(file.path, "by guide") { _ -> [(slug: String, scenarios: [ScenarioDeclaration])] in
                var bySlug: [String: [ScenarioDeclaration]] = [:]
                var slugs: [String] = []
                for scenario in file.scenarios {
                    for slug in scenario.guides {
                        if bySlug[slug] == nil { slugs.append(slug) }
                        bySlug[slug, default: []].append(scenario)
                    }
                }
                return slugs.map { ($0, bySlug[$0, default: []]) }
            }
            for (slug, scenarios) in groups {
                guard guideSlugs.contains(slug) else {
                    for scenario in scenarios {
                        diagnostics.append(.error(
                            "scenario.unknown-guide",
                            "scenario '\(scenario.id)' is for guide '\(slug)', which does not exist (guides: \(site.guides.map(\.slug).joined(separator: ", ")))",
                            at: scenario.idRange))
                    }
                    continue
                }
                let requiredFacts = checked.requiredFacts[slug, default: []]
                let required = Set(requiredFacts)
                let resolved = unit(file.path, "resolve \(slug) " + requiredFacts.joined(separator: " "), rules: true) { diagnostics in
                    scenarios.compactMap { rules.resolve($0, requiredFacts: required, guide: slug, diagnostics: &diagnostics) }
                }
                // Assigning shares the array; appending would copy every scenario.
                if checked.scenarios[slug] == nil { checked.scenarios[slug] = resolved } else { checked.scenarios[slug]! += resolved }
            }
        }
        ApplicabilityCheck.check(checked, diagnostics: &diagnostics)
        return checked
    }

    /// Whether the page of `scenario` for guide `slug` depends on `today` (SPEC §4.5), so the
    /// page must say as of which date it was made.
    func usesToday(guide slug: String, scenario: ResolvedScenario) -> Bool {
        site.rules.usesToday(guideNames[slug, default: []], givenFacts: Set(scenario.givenFacts.keys))
    }

    /// Reports each `ref` whose label no step of its guide has in any branch, directly or in an
    /// included partial: a misspelt label, reported once here rather than on every page.
    private static func checkStepReferences(_ site: Site, _ checked: CheckedSite, diagnostics: inout [Diagnostic]) {
        for guide in site.guides {
            guard let body = checked.guideDocuments[guide.slug] else { continue }
            let documents = [body] + includedPartials(of: body, partials: checked.partialDocuments).sorted()
                .compactMap { checked.partialDocuments[$0] }
            var labels: [String] = []
            var refs: [(label: String, range: SourceRange)] = []
            for document in documents {
                document.forEachNode { node in
                    switch node {
                    case .step(let label, _): labels.append(label)
                    case .ref(let label, let range): refs.append((label, range))
                    default: break
                    }
                }
            }
            let known = Set(labels)
            for ref in refs where !known.contains(ref.label) {
                var message = "no step of guide '\(guide.slug)' is named '\(ref.label)'"
                if let suggestion = Suggestion.closest(to: ref.label, among: known) {
                    message += "; did you mean '\(suggestion)'?"
                } else if !known.isEmpty {
                    message += " (steps: \(labels.joined(separator: ", ")))"
                }
                diagnostics.append(.error("step.unknown-ref", message, at: ref.range))
            }
        }
    }

    /// The partials a document names in its own includes.
    static func directIncludes(of document: DirectiveDocument) -> Set<String> {
        var names: Set<String> = []
        document.forEachNode { node in
            if case .include(let name, _, _) = node { names.insert(name) }
        }
        return names
    }

    /// The partials a document includes, directly or through other partials.
    static func includedPartials(of document: DirectiveDocument, partials: [String: DirectiveDocument]) -> Set<String> {
        var seen: Set<String> = []
        var pending = [document]
        while let current = pending.popLast() {
            for name in directIncludes(of: current) where seen.insert(name).inserted {
                if let partial = partials[name] { pending.append(partial) }
            }
        }
        return seen
    }
}

/// Parses and type-checks each directive expression once, and remembers the result.
struct ExpressionChecker {
    let rules: RulesLibrary
    let formats: [String: String]
    /// Whether `formats` are site.yml's own; when site.yml could not be read, a named format is
    /// not reported as unknown, since the file's error says why.
    let formatsKnown: Bool
    private(set) var parsed: [ExpressionSource: Rules.Expression] = [:]
    private var checked: Set<ExpressionSource> = []

    init(rules: RulesLibrary, formats: [String: String], formatsKnown: Bool = true) {
        self.rules = rules
        self.formats = formats
        self.formatsKnown = formatsKnown
    }

    mutating func check(_ document: DirectiveDocument, diagnostics: inout [Diagnostic]) {
        document.forEachNode { node in
            switch node {
            case .stamp(let stamp):
                guard let type = check(stamp.expression, diagnostics: &diagnostics) else { return }
                if type == .bool {
                    diagnostics.append(.error(
                        "directive.stamp-bool", "a bool cannot be stamped; use {% if %} to choose text",
                        at: parsed[stamp.expression]?.range ?? stamp.expression.range))
                }
                if let format = stamp.format {
                    if type != .date {
                        diagnostics.append(.error(
                            "directive.format-type", "a date format was given for a value of type \(type)", at: stamp.range))
                    } else if case .pattern(let pattern) = format, let problem = DateStamper.patternProblem(pattern) {
                        diagnostics.append(.error("directive.date-format", problem, at: stamp.range))
                    } else if case .named(let name) = format, formats[name] == nil, formatsKnown {
                        diagnostics.append(.error(
                            "directive.unknown-format",
                            "'\(name)' is not a date format of site.yml (formats: \(formats.keys.sorted().joined(separator: ", ")))",
                            at: stamp.range))
                    }
                }
            case .conditional(let branches, _):
                for branch in branches {
                    guard let condition = branch.condition, let type = check(condition, diagnostics: &diagnostics) else { continue }
                    if type != .bool {
                        diagnostics.append(.error(
                            "directive.condition-type", "a condition must be a bool, but this is \(type)",
                            at: parsed[condition]?.range ?? condition.range))
                    }
                }
            default:
                break
            }
        }
    }

    /// Parses and checks one expression; `nil` if it has errors.
    private mutating func check(_ source: ExpressionSource, diagnostics: inout [Diagnostic]) -> ValueType? {
        guard !checked.contains(source) else { return nil }
        checked.insert(source)
        guard let expression = ExpressionParser.parse(source.text, at: source.location, diagnostics: &diagnostics) else {
            return nil
        }
        parsed[source] = expression
        return rules.typeCheck(expression, diagnostics: &diagnostics)
    }

    /// The rule and fact names a document's expressions use, in every branch.
    func names(in document: DirectiveDocument) -> Set<String> {
        ExpressionChecker.names(in: document, parsed: parsed, rules: rules)
    }

    /// The names a document uses, looking its expressions up in `table`.
    static func names(in document: DirectiveDocument, parsed table: ExpressionTable, rules: RulesLibrary) -> Set<String> {
        names(in: document, lookup: { table[$0] }, rules: rules)
    }

    /// The names a document uses, looking its expressions up in `parsed`.
    static func names(
        in document: DirectiveDocument, parsed: [ExpressionSource: Rules.Expression], rules: RulesLibrary
    ) -> Set<String> {
        names(in: document, lookup: { parsed[$0] }, rules: rules)
    }

    /// The names a document uses, looking its expressions up with `lookup`.
    static func names(
        in document: DirectiveDocument, lookup parsed: (ExpressionSource) -> Rules.Expression?, rules: RulesLibrary
    ) -> Set<String> {
        var names: Set<String> = []
        document.forEachNode { node in
            switch node {
            case .stamp(let stamp):
                if let expression = parsed(stamp.expression) { names.formUnion(rules.names(in: expression)) }
            case .conditional(let branches, _):
                for condition in branches.compactMap(\.condition) {
                    if let expression = parsed(condition) { names.formUnion(rules.names(in: expression)) }
                }
            default:
                break
            }
        }
        return names
    }
}

/// Parsed expressions by where they are written, kept per file: a rebuild puts in the tables of
/// the files it did not parse again as they are, without hashing every expression again.
public struct ExpressionTable: Sendable {
    private var byFile: [String: [ExpressionSource: Rules.Expression]] = [:]

    /// An empty table.
    public init() {}

    /// The parsed expression written at `source`, if it parsed.
    public subscript(source: ExpressionSource) -> Rules.Expression? {
        byFile[source.location.file]?[source]
    }

    /// Every parsed expression, in no particular order.
    public var values: [Rules.Expression] { byFile.values.flatMap(\.values) }

    /// `parsed` split by file, ready for ``add(_:)``.
    static func grouped(_ parsed: [ExpressionSource: Rules.Expression]) -> [String: [ExpressionSource: Rules.Expression]] {
        var grouped: [String: [ExpressionSource: Rules.Expression]] = [:]
        for (source, expression) in parsed { grouped[source.location.file, default: [:]][source] = expression }
        return grouped
    }

    /// Adds tables made by ``grouped(_:)``; where a place is there already, the first stays.
    mutating func add(_ grouped: [String: [ExpressionSource: Rules.Expression]]) {
        for (file, table) in grouped {
            if byFile[file] == nil { byFile[file] = table } else { byFile[file]!.merge(table) { first, _ in first } }
        }
    }

    /// Adds `parsed`; where a place is there already, the first stays.
    mutating func merge(_ parsed: [ExpressionSource: Rules.Expression]) {
        add(Self.grouped(parsed))
    }
}

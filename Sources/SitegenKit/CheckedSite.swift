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
    public var expressions: [ExpressionSource: Rules.Expression] = [:]
    /// The facts each guide needs, in declaration order.
    public var requiredFacts: [String: [String]] = [:]
    /// The rule and fact names each guide's directives use, in every branch.
    public var guideNames: [String: Set<String>] = [:]
    /// Each guide's scenarios, resolved against the facts it needs, in file order.
    public var scenarios: [String: [ResolvedScenario]] = [:]
    /// The scenarios' parsed titles, by scenario file and id.
    public var scenarioTitles: [String: DirectiveDocument] = [:]

    /// The key for a scenario's title in `scenarioTitles`.
    static func titleKey(_ scenario: ScenarioDeclaration) -> String { scenario.file + "#" + scenario.id }

    /// Parses and checks everything in `site`, appending every problem to `diagnostics`.
    public static func check(_ site: Site, diagnostics: inout [Diagnostic]) -> CheckedSite {
        var checked = CheckedSite(site: site)
        let rules = site.rules

        // Authors' text may not contain the private-use scalars that stand for stamped values.
        for (name, file) in site.partials.sorted(by: { $0.key < $1.key }) {
            let text = SourceFile(path: file.path, text: InlineToken.neutralize(file.text))
            checked.partialDocuments[name] = DirectiveDocument.parse(text, diagnostics: &diagnostics)
        }
        for guide in site.guides {
            checked.guideDocuments[guide.slug] = DirectiveDocument.parse(
                InlineToken.neutralize(guide.body), at: guide.bodyLocation, diagnostics: &diagnostics)
            checked.titleDocuments[guide.slug] = (
                DirectiveDocument.parse(guide.title, at: guide.titleLocation, diagnostics: &diagnostics),
                DirectiveDocument.parse(guide.description, at: guide.descriptionLocation, diagnostics: &diagnostics)
            )
        }
        for file in site.scenarioFiles {
            for scenario in file.scenarios {
                guard let title = scenario.title, let location = scenario.titleLocation else { continue }
                checked.scenarioTitles[titleKey(scenario)] = DirectiveDocument.parse(title, at: location, diagnostics: &diagnostics)
            }
        }

        // Every expression, in every branch, once per place it is written.
        var checker = ExpressionChecker(rules: rules, formats: site.configuration.dateFormats)
        for (_, document) in checked.partialDocuments.sorted(by: { $0.key < $1.key }) {
            checker.check(document, diagnostics: &diagnostics)
        }
        for guide in site.guides {
            guard let body = checked.guideDocuments[guide.slug], let titles = checked.titleDocuments[guide.slug] else { continue }
            for document in [titles.title, titles.description, body] {
                checker.check(document, diagnostics: &diagnostics)
            }
        }
        for document in checked.scenarioTitles.values.sorted(by: { $0.file < $1.file }) {
            checker.check(document, diagnostics: &diagnostics)
        }
        checked.expressions = checker.parsed

        // The facts each guide needs: through its own directives, its partials and its title.
        var partialNames: [String: Set<String>] = [:]
        for (name, document) in checked.partialDocuments {
            partialNames[name] = checker.names(in: document)
        }
        let guideSlugs = Set(site.guides.map(\.slug))
        for guide in site.guides {
            guard let body = checked.guideDocuments[guide.slug], let titles = checked.titleDocuments[guide.slug] else { continue }
            var names = checker.names(in: body).union(checker.names(in: titles.title)).union(checker.names(in: titles.description))
            for partial in includedPartials(of: body, partials: checked.partialDocuments) {
                names.formUnion(partialNames[partial, default: []])
            }
            for file in site.scenarioFiles where file.guides.contains(guide.slug) {
                for scenario in file.scenarios {
                    if let title = checked.scenarioTitles[titleKey(scenario)] { names.formUnion(checker.names(in: title)) }
                }
            }
            let facts = rules.facts(reachableFrom: names)
            checked.requiredFacts[guide.slug] = rules.factNames.filter(facts.contains)
            checked.guideNames[guide.slug] = names
        }

        // Scenarios, resolved against what their guides need.
        ScenarioFile.checkDuplicateIDs(site.scenarioFiles, diagnostics: &diagnostics)
        for file in site.scenarioFiles {
            for scenario in file.scenarios {
                for slug in scenario.guides {
                    guard guideSlugs.contains(slug) else {
                        diagnostics.append(.error(
                            "scenario.unknown-guide",
                            "scenario '\(scenario.id)' is for guide '\(slug)', which does not exist (guides: \(site.guides.map(\.slug).joined(separator: ", ")))",
                            at: scenario.idRange))
                        continue
                    }
                    let required = Set(checked.requiredFacts[slug, default: []])
                    if let resolved = rules.resolve(scenario, requiredFacts: required, guide: slug, diagnostics: &diagnostics) {
                        checked.scenarios[slug, default: []].append(resolved)
                    }
                }
            }
        }
        return checked
    }

    /// Whether the page of `scenario` for guide `slug` depends on `today` (SPEC §4.5), so the
    /// page must say as of which date it was made.
    func usesToday(guide slug: String, scenario: ResolvedScenario) -> Bool {
        site.rules.usesToday(guideNames[slug, default: []], givenFacts: Set(scenario.givenFacts.keys))
    }

    /// The partials a document includes, directly or through other partials.
    static func includedPartials(of document: DirectiveDocument, partials: [String: DirectiveDocument]) -> Set<String> {
        var seen: Set<String> = []
        var pending = [document]
        while let current = pending.popLast() {
            current.forEachNode { node in
                guard case .include(let name, _, _) = node, !seen.contains(name) else { return }
                seen.insert(name)
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
    private(set) var parsed: [ExpressionSource: Rules.Expression] = [:]
    private var checked: Set<ExpressionSource> = []

    init(rules: RulesLibrary, formats: [String: String]) {
        self.rules = rules
        self.formats = formats
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
                    } else if case .named(let name) = format, formats[name] == nil {
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

    /// The names a document uses, looking its expressions up in `parsed`.
    static func names(
        in document: DirectiveDocument, parsed: [ExpressionSource: Rules.Expression], rules: RulesLibrary
    ) -> Set<String> {
        var names: Set<String> = []
        document.forEachNode { node in
            switch node {
            case .stamp(let stamp):
                if let expression = parsed[stamp.expression] { names.formUnion(rules.names(in: expression)) }
            case .conditional(let branches, _):
                for condition in branches.compactMap(\.condition) {
                    if let expression = parsed[condition] { names.formUnion(rules.names(in: expression)) }
                }
            default:
                break
            }
        }
        return names
    }
}

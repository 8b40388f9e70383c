import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// How often the scenarios of a guide take each branch of its conditionals.
public struct BranchCoverage: Sendable, Hashable, Codable {
    /// One branch: an `if`, `elif` or `else` tag.
    public struct Branch: Sendable, Hashable, Codable {
        /// `path:line:column` of the branch's tag.
        public var location: String
        /// The condition, or `else`.
        public var condition: String
        /// How many of the guide's scenarios take it.
        public var scenarios: Int
    }

    /// The guide's slug.
    public var guide: String
    /// How many scenarios the guide has.
    public var scenarioCount: Int
    /// Every branch of the guide's body and the partials it includes, in document order.
    public var branches: [Branch]

    /// The branches no scenario takes.
    public var untaken: [Branch] { branches.filter { $0.scenarios == 0 } }
}

/// A reachable case (a set of branch decisions) that no scenario of its guide has: a reader in
/// that situation finds no page.
public struct UncoveredCase: Sendable, Hashable, Codable {
    /// The guide.
    public var guide: String
    /// A situation that leads there: fact names and values, as in a scenario file.
    public var example: [String: String]
    /// The conditions it decides differently from the nearest scenario, each `path:line:column`
    /// and the value it takes.
    public var differs: [String]
    /// The nearest scenario (most decisions in common).
    public var nearest: String?
}

/// What `sitegen check` found.
public struct CheckResult: Sendable {
    /// Errors and warnings, sorted for display.
    public var diagnostics: [Diagnostic]
    /// Files read, for quoting lines.
    public var sources: SourceFiles
    /// Branch coverage per guide with scenarios.
    public var coverage: [BranchCoverage]
    /// The situations no scenario's page serves, with an example each.
    public var uncovered: [UncoveredCase] = []

    /// Whether `check` should fail: on errors, and on warnings when `strict`, except warnings
    /// whose id is in `allowed`.
    public func failed(strict: Bool, allowing allowed: Set<String> = []) -> Bool {
        diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning && !allowed.contains($0.id)) }
    }
}

/// `sitegen check`: everything a build checks, with nothing written, plus warnings about dead
/// or pointless content, unused definitions, identical pages and links that lead nowhere.
public enum SiteCheck {
    /// Checks the site at `options.root`.
    public static func run(_ options: BuildOptions) -> CheckResult {
        let output = MemoryOutput()
        // One load and check: the build's own, kept for the warnings below.
        let (build, checkedSite, resolvedToday) = Builder.buildKeepingSite(options, into: output)
        var diagnostics = build.diagnostics
        guard build.succeeded, let checked = checkedSite, let today = resolvedToday else {
            return CheckResult(diagnostics: diagnostics, sources: build.sources, coverage: [])
        }
        let site = checked.site
        let files = output.files.mapValues { String(decoding: $0, as: UTF8.self) }

        let coverage = branchCoverage(checked, today: today, diagnostics: &diagnostics)
        let uncovered = caseCoverage(checked, today: today, diagnostics: &diagnostics)
        unusedDefinitions(checked, pages: files, diagnostics: &diagnostics)
        deadLinks(in: files, site: site, checked: checked, diagnostics: &diagnostics)
        var result = CheckResult(diagnostics: Array(Set(diagnostics)).sortedForDisplay(), sources: build.sources, coverage: coverage)
        result.uncovered = uncovered
        return result
    }

    // MARK: Branches

    /// A conditional met in a guide's body or partials.
    private struct Conditional {
        var branches: [Directives.Branch]
    }

    private static func conditionals(in document: DirectiveDocument) -> [Conditional] {
        var found: [Conditional] = []
        document.forEachNode { node in
            if case .conditional(let branches, _) = node { found.append(Conditional(branches: branches)) }
        }
        return found
    }

    private static func branchCoverage(_ checked: CheckedSite, today: CivilDate, diagnostics: inout [Diagnostic]) -> [BranchCoverage] {
        let site = checked.site
        let configuration = site.configuration
        let stamper = DateStamper(language: configuration.language, timeZone: configuration.timeZone, formats: configuration.dateFormats)
        let renderer = ScenarioBodyRenderer(checked: checked, stamper: stamper, options: .site)
        var coverage: [BranchCoverage] = []
        // Per branch place: how many (guide, scenario) pairs could reach it and how many take it.
        var taken: [SourceRange: Int] = [:]
        var possible: [SourceRange: Int] = [:]
        var branchOrder: [SourceRange] = []
        var branchText: [SourceRange: String] = [:]

        for guide in site.guides {
            let scenarios = checked.scenarios[guide.slug, default: []]
            guard !scenarios.isEmpty, let body = checked.guideDocuments[guide.slug] else { continue }
            var documents = [body]
            for name in CheckedSite.includedPartials(of: body, partials: checked.partialDocuments).sorted() {
                if let partial = checked.partialDocuments[name] { documents.append(partial) }
            }
            let allConditionals = documents.flatMap(conditionals(in:))
            var guideTaken: [SourceRange: Int] = [:]
            var bodies: [String: [String]] = [:]
            for scenario in scenarios {
                var ignored: [Diagnostic] = []
                let environment = site.rules.environment(for: scenario, today: today)
                let result = renderer.render(guide: guide, environment: environment, scenarioID: scenario.id, diagnostics: &ignored)
                bodies[result.html, default: []].append(scenario.id)
                var decided: [ExpressionSource: Bool] = [:]
                for decision in result.decisions { decided[decision.condition] = decision.value }
                for conditional in allConditionals {
                    guard let first = conditional.branches.first?.condition, decided[first] != nil else { continue }
                    // The branch taken is the first whose condition held, else the `else`.
                    if let index = conditional.branches.firstIndex(where: { $0.condition.flatMap { decided[$0] } == true }) {
                        guideTaken[conditional.branches[index].range, default: 0] += 1
                    } else if let last = conditional.branches.last, last.condition == nil,
                        conditional.branches.dropLast().allSatisfy({ $0.condition.flatMap { decided[$0] } == false })
                    {
                        guideTaken[last.range, default: 0] += 1
                    }
                }
            }
            var branches: [BranchCoverage.Branch] = []
            for conditional in allConditionals {
                for (index, branch) in conditional.branches.enumerated() {
                    let keyword = index == 0 ? "if" : "elif"
                    let text = branch.condition.map { "{% \(keyword) \($0.text.trimmingCharacters(in: .whitespaces)) %}" } ?? "{% else %}"
                    let count = guideTaken[branch.range, default: 0]
                    branches.append(.init(location: "\(branch.range.start)", condition: text, scenarios: count))
                    if possible[branch.range] == nil {
                        branchOrder.append(branch.range)
                        branchText[branch.range] = text
                    }
                    possible[branch.range, default: 0] += scenarios.count
                    taken[branch.range, default: 0] += count
                }
            }
            coverage.append(BranchCoverage(guide: guide.slug, scenarioCount: scenarios.count, branches: branches))
            for ids in bodies.values where ids.count > 1 {
                let scenario = scenarios.first { $0.id == ids[1] }!
                diagnostics.append(.warning(
                    "check.identical-pages",
                    "scenarios \(ids.map { "'\($0)'" }.joined(separator: ", ")) of guide '\(guide.slug)' give identical pages; one of them is enough, or their content should differ",
                    at: scenario.declaration.idRange))
            }
        }
        for range in branchOrder {
            let count = taken[range, default: 0]
            let total = possible[range, default: 0]
            if count == 0 {
                diagnostics.append(.warning(
                    "check.branch-never-taken", "no scenario takes this branch (dead content): \(branchText[range] ?? "")", at: range))
            } else if count == total, branchText[range] != "{% else %}" {
                diagnostics.append(.warning(
                    "check.branch-always-taken", "every scenario takes this branch, so its condition decides nothing", at: range))
            }
        }
        return coverage
    }

    // MARK: Cases

    /// Two scenarios of a guide that are the same case, and every reachable case that no
    /// scenario has (``CaseExplorer``).
    private static func caseCoverage(_ checked: CheckedSite, today: CivilDate, diagnostics: inout [Diagnostic]) -> [UncoveredCase] {
        let site = checked.site
        let configuration = site.configuration
        let stamper = DateStamper(language: configuration.language, timeZone: configuration.timeZone, formats: configuration.dateFormats)
        var uncovered: [UncoveredCase] = []
        for guide in site.guides {
            let scenarios = checked.scenarios[guide.slug, default: []]
            guard !scenarios.isEmpty, let body = checked.guideDocuments[guide.slug] else { continue }
            let data = GuideRulesData(checked: checked, guide: guide.slug)
            // Each scenario's case.
            var signatures: [(id: String, range: SourceRange, decisions: [Int: Bool], key: [Int])] = []
            var byKey: [[Int]: Int] = [:]
            for scenario in scenarios {
                let environment = site.rules.environment(for: scenario, today: today)
                let walk = ConditionWalk.decisions(of: body, checked: checked, environment: environment, stamper: stamper)
                let decisions = walk.inner.decisions.compactMap { decision in
                    data.expressionNumber(of: decision.condition).map { ($0, decision.value) }
                }
                let key = decisions.flatMap { [$0.0, $0.1 ? 1 : 0] }
                if let first = byKey[key] {
                    diagnostics.append(Diagnostic(
                        .warning, "check.same-case",
                        "scenarios '\(signatures[first].id)' and '\(scenario.id)' of guide '\(guide.slug)' are the same case (they take the same branches), so readers could never be led to one of them; give them answers that differ, or keep one",
                        at: scenario.declaration.idRange,
                        notes: [Diagnostic.Note("'\(signatures[first].id)' is here", at: signatures[first].range)]))
                } else {
                    byKey[key] = signatures.count
                }
                signatures.append((scenario.id, scenario.declaration.idRange, Dictionary(decisions, uniquingKeysWith: { $1 }), key))
            }
            let explorer = CaseExplorer(checked: checked, guide: guide.slug, data: data, today: today)
            let outcome = explorer.explore()
            if outcome.incomplete {
                diagnostics.append(Diagnostic(
                    .warning, "check.cases-incomplete",
                    "guide '\(guide.slug)' has more situations than check tries (\(CaseExplorer.maximumWalks)); situations no page serves may go unreported",
                    at: SourceRange(guide.titleLocation)))
            }
            let sources = data.expressionSources
            for found in outcome.cases {
                let key = found.decisions.flatMap { [$0.0, $0.1 ? 1 : 0] }
                guard byKey[key] == nil else { continue }
                // The nearest scenario: the most decisions in common.
                let nearest = signatures.max { a, b in
                    found.decisions.filter { a.decisions[$0.0] == $0.1 }.count < found.decisions.filter { b.decisions[$0.0] == $0.1 }.count
                }
                let differing = found.decisions.filter { nearest?.decisions[$0.0] != $0.1 }
                let example = found.example.map { "\($0.fact): \($0.text)" }.joined(separator: ", ")
                let notes = differing.map { condition, value in
                    Diagnostic.Note(
                        "here the situation takes \(value ? "this branch" : "another branch than this one")" + (nearest.map { ", unlike scenario '\($0.id)'" } ?? ""),
                        at: sources[condition].range)
                }
                let place = differing.first.map { sources[$0.0].range } ?? SourceRange(guide.titleLocation)
                diagnostics.append(Diagnostic(
                    .warning, "check.uncovered-case",
                    "no scenario of guide '\(guide.slug)' has the case of a reader with \(example); such a reader finds no page (add a scenario with these facts)",
                    at: place, notes: notes))
                uncovered.append(UncoveredCase(
                    guide: guide.slug, example: Dictionary(found.example.map { ($0.fact, $0.text) }, uniquingKeysWith: { $1 }),
                    differs: differing.map { "\(sources[$0.0].range.start) \($0.1)" }, nearest: nearest?.id))
            }
        }
        return uncovered
    }

    // MARK: Unused definitions

    private static func unusedDefinitions(_ checked: CheckedSite, pages: [String: String], diagnostics: inout [Diagnostic]) {
        let site = checked.site
        let rules = site.rules
        var used: Set<String> = []
        for names in checked.guideNames.values { used.formUnion(rules.reachableNames(from: names)) }
        for name in rules.factNames where !used.contains(name) {
            if let fact = rules.facts[name] {
                diagnostics.append(.warning("check.unused-fact", "fact '\(name)' is not used by any guide", at: fact.range))
            }
        }
        for name in rules.ruleNames where !used.contains(name) {
            if let rule = rules.rules[name] {
                diagnostics.append(.warning("check.unused-rule", "rule '\(name)' is not used by any guide", at: rule.range))
            }
        }
        var included: Set<String> = []
        for document in checked.guideDocuments.values {
            included.formUnion(CheckedSite.includedPartials(of: document, partials: checked.partialDocuments))
        }
        for name in checked.partialDocuments.keys.sorted() where !included.contains(name) {
            diagnostics.append(Diagnostic(
                .warning, "check.unused-partial", "partial '\(name)' is not included by any guide", file: "\(SitePaths.partials)/\(name).md"))
        }
        if let glossary = site.glossary {
            for term in glossary.terms {
                let marker = "aria-describedby=\"tip-\(MarkdownDocument.escapeHTML(term.id))\""
                if !pages.values.contains(where: { $0.contains(marker) }) {
                    diagnostics.append(.warning(
                        "check.unused-term", "glossary term '\(term.term)' does not occur in any page", at: SourceRange(start: term.location, length: term.term.count)))
                }
            }
        }
        if let calendar = site.configuration.calendar {
            var expressionsUseBusinessDays = false
            for expression in checked.expressions.values where expression.usesBusinessDays { expressionsUseBusinessDays = true }
            if !expressionsUseBusinessDays && !rules.usesBusinessDays(used) {
                diagnostics.append(Diagnostic(
                    .warning, "check.unused-calendar", "calendar '\(calendar)' is set in site.yml but nothing counts business days",
                    file: "\(SitePaths.calendars)/\(calendar).yml"))
            }
        }
    }

    // MARK: Links

    private static func deadLinks(in pages: [String: String], site: Site, checked: CheckedSite, diagnostics: inout [Diagnostic]) {
        var reported: Set<String> = []
        for (path, html) in pages.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".html") {
            for reference in references(in: html) {
                guard let problem = problem(with: reference, from: path, pages: pages) else { continue }
                guard reported.insert("\(sourceKey(for: path))|\(reference)").inserted else { continue }
                let diagnostic = locate(reference, page: path, message: problem, site: site, checked: checked)
                // A template writes the same broken link into every page it draws: report it once.
                let place = diagnostic.range.map { "\($0.start)" } ?? (diagnostic.file ?? "")
                guard reported.insert("\(place)|\(reference.split(separator: "/").last ?? "")").inserted else { continue }
                diagnostics.append(diagnostic)
            }
        }
    }

    /// The `href` and `src` values of a page, unescaped.
    static func references(in html: String) -> [String] {
        var found: [String] = []
        for attribute in [" href=\"", " src=\""] {
            var rest = html[...]
            while let start = rest.range(of: attribute) {
                let tail = rest[start.upperBound...]
                guard let end = tail.firstIndex(of: "\"") else { break }
                found.append(String(tail[..<end]).replacingOccurrences(of: "&amp;", with: "&"))
                rest = tail[end...]
            }
        }
        return found
    }

    /// Why a link leads nowhere, or `nil` when it is fine or leaves the site.
    static func problem(with reference: String, from page: String, pages: [String: String]) -> String? {
        if reference.isEmpty || reference.contains(":") || reference.hasPrefix("//") { return nil }
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let pathPart = String(parts[0].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        let fragment = parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? String(parts[1]) : nil
        var target = page
        if !pathPart.isEmpty {
            var components = page.split(separator: "/").dropLast().map(String.init)
            for component in pathPart.split(separator: "/", omittingEmptySubsequences: false) {
                switch component {
                case "", ".": continue
                case "..":
                    if components.isEmpty { return "'\(reference)' leads outside the site" }
                    components.removeLast()
                default: components.append(String(component).removingPercentEncoding ?? String(component))
                }
            }
            target = components.joined(separator: "/")
            if pathPart.hasSuffix("/") || target.isEmpty { target += target.isEmpty ? "index.html" : "/index.html" }
            guard pages[target] != nil || pages[target + "/index.html"] != nil else {
                return "'\(reference)' leads nowhere: there is no \(target) in the output"
            }
        }
        if let fragment, !fragment.isEmpty, let html = pages[target] ?? pages[target + "/index.html"] {
            if !html.contains("id=\"\(MarkdownDocument.escapeHTML(fragment))\"") && !html.contains("name=\"\(fragment)\"") {
                return "'\(reference)' leads nowhere: \(target) has no anchor '#\(fragment)'"
            }
        }
        return nil
    }

    /// One key per source that makes a page, so a broken link in a guide is reported once, not
    /// once per scenario.
    private static func sourceKey(for page: String) -> String {
        let parts = page.split(separator: "/")
        return parts.count >= 3 && parts[0] == "guides" ? "guides/\(parts[1])" : page
    }

    /// Places a dead link in the source that wrote it: the guide or one of its partials when the
    /// link is written there, else the template that wrote the page.
    private static func locate(_ reference: String, page: String, message: String, site: Site, checked: CheckedSite) -> Diagnostic {
        var candidates: [String] = []
        let parts = page.split(separator: "/")
        if parts.count >= 3, parts[0] == "guides", let guide = site.guides.first(where: { $0.slug == parts[1] }) {
            candidates.append(guide.path)
            if let body = checked.guideDocuments[guide.slug] {
                candidates += CheckedSite.includedPartials(of: body, partials: checked.partialDocuments).sorted().map { "\(SitePaths.partials)/\($0).md" }
            }
        }
        let templates = site.templates.paths.values.sorted()
        // Written as is in the content or a template; else a template that builds the link
        // from variables (`{{root}}missing.html`) still holds its last part literally.
        let lastPart = String(reference.split(separator: "/").last ?? "")
        for (needle, paths) in [(reference, candidates + templates), (lastPart, templates)] where !needle.isEmpty {
            for path in paths {
                guard let file = site.sources[path] else { continue }
                for (index, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    if let range = line.range(of: needle) {
                        let column = line.distance(from: line.startIndex, to: range.lowerBound) + 1
                        return .warning(
                            "check.dead-link", message,
                            at: SourceRange(start: SourceLocation(file: path, line: index + 1, column: column), length: needle.count))
                    }
                }
            }
        }
        let template = parts.count == 4 ? "scenario" : parts.count == 3 ? "guide" : parts.first == "glossary" ? "glossary" : "index"
        return Diagnostic(.warning, "check.dead-link", "\(message) (in \(page))", file: site.templates.paths[template] ?? page)
    }
}

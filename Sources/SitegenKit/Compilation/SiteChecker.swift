import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// The check stage: parses every document of a loaded site, type-checks every expression in
/// every branch, works out what each guide includes and needs, and resolves the scenarios. Each
/// step is a unit of the ``SiteCache``, keyed by the file it reads (and by the rules when it
/// depends on them), so a rebuild redoes only what a change reaches.
struct SiteChecker {
    let site: Site
    let cache: SiteCache
    /// Every problem found so far, in the order found.
    private(set) var diagnostics: [Diagnostic] = []
    private var checked: CheckedSite

    init(site: Site, cache: SiteCache) {
        self.site = site
        self.cache = cache
        self.checked = CheckedSite(site: site)
    }

    /// The checked site; problems are in ``diagnostics``.
    mutating func check() -> CheckedSite {
        // The rules come from site.yml (date formats), the rules files and the calendar.
        var rulesPaths = [SitePaths.siteFile] + site.sources.all.keys.filter { $0.hasPrefix(SitePaths.rules + "/") }.sorted()
        if let name = site.configuration.calendar { rulesPaths.append("\(SitePaths.calendars)/\(name).yml") }
        cache.useRules(from: rulesPaths)
        if let glossary = site.glossary, !glossary.terms.isEmpty { checked.termMatcher = TermMatcher(glossary.patterns) }

        parseDocuments()
        findIncludes()
        checkStepReferences()
        let names = checkExpressions()
        findRequiredFacts(names)
        resolveScenarios()
        ApplicabilityCheck.check(checked, diagnostics: &diagnostics)
        return checked
    }

    // MARK: Documents

    /// Every partial, guide and scenario title parsed into directives.
    private mutating func parseDocuments() {
        checked.guideDocuments.reserveCapacity(site.guides.count)
        checked.titleDocuments.reserveCapacity(site.guides.count)
        // Authors' text may not contain the private-use scalars that stand for stamped values.
        for (name, file) in site.partials.sorted(by: { $0.key < $1.key }) {
            checked.partialDocuments[name] = cache.unit(cache.partialDocuments, at: file.path, diagnostics: &diagnostics) { diagnostics in
                let document = DirectiveDocument.parse(
                    SourceFile(path: file.path, text: InlineToken.neutralize(file.text)), diagnostics: &diagnostics)
                // Reported here, once per file (and kept with the parse, so a rebuild does not
                // scan the unchanged files again): the error ends the build before any page is
                // made, so the table is never parsed once per scenario.
                if let wide = TableWidth.firstTooWide(in: file.text) {
                    diagnostics.append(
                        ContentProblem.tableTooWide(
                            columns: wide.columns, at: SourceLocation(file: file.path, line: wide.line + 1, column: 1)))
                }
                return document
            }
        }
        // Guides are parsed on all cores (their problems kept in guide order): a site of
        // hundreds of guides spends a noticeable part of a build here, before any page.
        let cache = self.cache
        let parsed = Site.parallelMap(site.guides) { guide, diagnostics in
            cache.unit(cache.guideDocuments, at: guide.path, diagnostics: &diagnostics) { diagnostics in
                let documents = GuideDocuments(
                    body: DirectiveDocument.parse(InlineToken.neutralize(guide.body), at: guide.bodyLocation, diagnostics: &diagnostics),
                    // Titles are authors' text too: no placeholder character may pose as a token.
                    title: DirectiveDocument.parse(
                        InlineToken.neutralize(guide.title), at: guide.titleLocation, places: guide.titlePlaces, diagnostics: &diagnostics),
                    description: DirectiveDocument.parse(
                        InlineToken.neutralize(guide.description), at: guide.descriptionLocation, places: guide.descriptionPlaces,
                        diagnostics: &diagnostics))
                if let wide = TableWidth.firstTooWide(in: guide.body) {
                    diagnostics.append(
                        ContentProblem.tableTooWide(
                            columns: wide.columns, at: SourceLocation(file: guide.path, line: guide.bodyLine + wide.line, column: 1)))
                }
                return documents
            }
        }
        for (guide, (documents, found)) in zip(site.guides, parsed) {
            diagnostics += found
            checked.guideDocuments[guide.slug] = documents.body
            checked.titleDocuments[guide.slug] = (documents.title, documents.description)
        }
        // Scenario titles too, one scenario file per task: a file's titles stay one table,
        // shared with the cache, so nothing is copied.
        let titleTables = Site.parallelMap(site.scenarioFiles) { file, diagnostics in
            cache.unit(cache.scenarioTitles, at: file.path, diagnostics: &diagnostics) { diagnostics in
                var titles: [String: DirectiveDocument] = [:]
                for scenario in file.scenarios {
                    guard let title = scenario.title, let location = scenario.titleLocation else { continue }
                    titles[scenario.id] = DirectiveDocument.parse(
                        InlineToken.neutralize(title), at: location, places: scenario.titlePlaces, diagnostics: &diagnostics)
                }
                return titles
            }
        }
        for (file, (titles, found)) in zip(site.scenarioFiles, titleTables) {
            diagnostics += found
            checked.scenarioTitles[file.path] = titles
        }
    }

    /// The partials each guide includes, directly or through other partials: worked out once
    /// here and kept, for the pages, for check and for the inputs of incremental rebuilds.
    private mutating func findIncludes() {
        var partialIncludes: [String: Set<String>] = [:]
        for (name, document) in checked.partialDocuments {
            let path = site.partials[name]?.path ?? name
            partialIncludes[name] = cache.unit(cache.directIncludes, at: path, diagnostics: &diagnostics) { _ in
                CheckedSite.directIncludes(of: document)
            }
        }
        for guide in site.guides {
            guard let body = checked.guideDocuments[guide.slug] else { continue }
            var included = cache.unit(cache.directIncludes, at: guide.path, diagnostics: &diagnostics) { _ in
                CheckedSite.directIncludes(of: body)
            }
            var pending = Array(included)
            while let name = pending.popLast() {
                for next in partialIncludes[name, default: []] where !included.contains(next) {
                    included.insert(next)
                    pending.append(next)
                }
            }
            checked.includedPartials[guide.slug] = included
        }
    }

    /// Reports each `ref` whose label no step of its guide has in any branch, directly or in an
    /// included partial: a misspelt label, reported once here rather than on every page.
    private mutating func checkStepReferences() {
        for guide in site.guides {
            guard let body = checked.guideDocuments[guide.slug] else { continue }
            // What the check reads: the guide's file and those of the partials it includes.
            let partials = checked.includedPartials[guide.slug, default: []].sorted()
            let paths = [guide.path] + partials.compactMap { site.partials[$0]?.path }
            _ = cache.unit(cache.stepReferenceChecks, guide.path, reads: paths, diagnostics: &diagnostics) { diagnostics in
                var labels: [String] = []
                var refs: [(label: String, range: SourceRange)] = []
                for document in [body] + checked.includedPartialDocuments(of: guide.slug) {
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
                    diagnostics.append(ContentProblem.unknownStepReference(ref.label, guide: guide.slug, steps: labels, at: ref.range))
                }
                return true
            }
        }
    }

    // MARK: Expressions

    /// The rule and fact names used by each partial, guide and scenario file's titles.
    struct UsedNames {
        var partials: [String: Set<String>] = [:]
        var guides: [String: Set<String>] = [:]
        var scenarioTitles: [String: Set<String>] = [:]
    }

    /// Every expression, in every branch, once per place it is written; and the rule and fact
    /// names each file's documents use.
    private mutating func checkExpressions() -> UsedNames {
        var names = UsedNames()
        for (name, document) in checked.partialDocuments.sorted(by: { $0.key < $1.key }) {
            names.partials[name] = checkExpressions(in: [document], of: site.partials[name]?.path ?? name)
        }
        // Guides on all cores, as they are parsed; their problems and tables kept in guide order.
        let (site, cache, bodies, titleDocuments) = (self.site, self.cache, checked.guideDocuments, checked.titleDocuments)
        let guideResults = Site.parallelMap(site.guides) { guide, diagnostics -> CheckedExpressions? in
            guard let body = bodies[guide.slug], let titles = titleDocuments[guide.slug] else { return nil }
            return Self.checkedExpressions(
                in: [titles.title, titles.description, body], of: guide.path, site: site, cache: cache, diagnostics: &diagnostics)
        }
        for (guide, (result, found)) in zip(site.guides, guideResults) {
            diagnostics += found
            guard let result else { continue }
            checked.expressions.add(result.parsed)
            names.guides[guide.slug] = result.names
        }
        for file in site.scenarioFiles {
            let titles = checked.scenarioTitles[file.path] ?? [:]
            names.scenarioTitles[file.path] = checkExpressions(in: file.scenarios.compactMap { titles[$0.id] }, of: file.path)
        }
        return names
    }

    /// Checks the expressions of `documents`, all of the file at `path`; the documents are
    /// gathered only when the unit must be computed again.
    private mutating func checkExpressions(in documents: @autoclosure () -> [DirectiveDocument], of path: String) -> Set<String> {
        let result = Self.checkedExpressions(in: documents(), of: path, site: site, cache: cache, diagnostics: &diagnostics)
        checked.expressions.add(result.parsed)
        return result.names
    }

    /// The checked expressions of `documents`, all of the file at `path`, from `cache` when the
    /// file did not change; the documents are gathered only when the unit must be computed again.
    private static func checkedExpressions(
        in documents: @autoclosure () -> [DirectiveDocument], of path: String, site: Site, cache: SiteCache,
        diagnostics: inout [Diagnostic]
    ) -> CheckedExpressions {
        cache.unit(cache.expressionChecks, at: path, diagnostics: &diagnostics) { diagnostics in
            let documents = documents()
            var checker = ExpressionChecker(
                rules: site.rules, formats: site.configuration.dateFormats, formatsKnown: site.configuration.wasRead,
                brokenFormats: site.configuration.brokenDateFormats)
            for document in documents { checker.check(document, diagnostics: &diagnostics) }
            let names = documents.reduce(into: Set<String>()) { $0.formUnion(checker.names(in: $1)) }
            return CheckedExpressions(parsed: ExpressionTable.grouped(checker.parsed), names: names)
        }
    }

    // MARK: Facts and scenarios

    /// The facts each guide needs: through its own directives, its partials and the titles of
    /// its scenarios.
    private mutating func findRequiredFacts(_ used: UsedNames) {
        let rules = site.rules
        // Each guide's scenario files, found once: a lookup per guide would be guides × files.
        var scenarioFilesByGuide: [String: [ScenarioFile]] = [:]
        for file in site.scenarioFiles {
            for slug in Set(file.guides) { scenarioFilesByGuide[slug, default: []].append(file) }
        }
        // Guides often use the very same names; the facts they reach are worked out once.
        var factsReached: [Set<String>: [String]] = [:]
        for guide in site.guides {
            guard checked.guideDocuments[guide.slug] != nil, var names = used.guides[guide.slug] else { continue }
            for partial in checked.includedPartials[guide.slug, default: []] {
                names.formUnion(used.partials[partial, default: []])
            }
            for file in scenarioFilesByGuide[guide.slug, default: []] {
                names.formUnion(used.scenarioTitles[file.path, default: []])
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
    }

    /// Scenarios, resolved against what their guides need: per scenario file and guide.
    private mutating func resolveScenarios() {
        let site = self.site
        let scenarioPaths = site.scenarioFiles.map(\.path)
        _ = cache.unit(cache.duplicateIDs, SiteCache.DuplicateIDsKey(), reads: scenarioPaths, diagnostics: &diagnostics) {
            ScenarioFile.checkDuplicateIDs(site.scenarioFiles, diagnostics: &$0)
            return true
        }
        let guideSlugs = Set(site.guides.map(\.slug))
        // Each scenario file is grouped and resolved on its own task; the results are taken in
        // file order, with their problems, as if resolved one by one.
        let cache = self.cache
        let requiredFactsByGuide = checked.requiredFacts
        let namesByGuide = checked.guideNames
        let resolvedFiles = Site.parallelMap(site.scenarioFiles) { file, diagnostics -> [ResolvedGroup] in
            let groups = cache.unit(cache.scenarioGroups, at: file.path, diagnostics: &diagnostics) { _ in
                Self.groupByGuide(file.scenarios)
            }
            return groups.map { group in
                guard guideSlugs.contains(group.guide) else { return ResolvedGroup(group: group, scenarios: nil, diagnostics: []) }
                let requiredFacts = requiredFactsByGuide[group.guide, default: []]
                let required = Set(requiredFacts)
                let usedNames = namesByGuide[group.guide, default: []]
                let key = SiteCache.ResolutionKey(path: file.path, guide: group.guide, requiredFacts: requiredFacts, usedNames: usedNames)
                var found: [Diagnostic] = []
                let resolved = cache.unit(cache.resolvedScenarios, key, reads: [file.path], diagnostics: &found) {
                    diagnostics in
                    group.scenarios.compactMap {
                        site.rules.resolve($0, requiredFacts: required, guide: group.guide, usedNames: usedNames, diagnostics: &diagnostics)
                    }
                }
                return ResolvedGroup(group: group, scenarios: resolved, diagnostics: found)
            }
        }
        for (groups, found) in resolvedFiles {
            diagnostics += found
            for entry in groups {
                let group = entry.group
                guard let resolved = entry.scenarios else {
                    if !group.scenarios.isEmpty {
                        diagnostics.append(
                            ContentProblem.unknownGuide(group.guide, scenarios: group.scenarios, guides: site.guides.map(\.slug)))
                    }
                    continue
                }
                let reportedBefore = diagnostics.count
                diagnostics += entry.diagnostics
                pointAtUses(ofMissingFactsIn: reportedBefore..<diagnostics.count, guide: group.guide)
                // Assigning shares the array; appending would copy every scenario.
                if checked.scenarios[group.guide] == nil {
                    checked.scenarios[group.guide] = resolved
                } else {
                    checked.scenarios[group.guide]! += resolved
                }
            }
        }
    }

    /// Adds to each missing fact in `range` of the diagnostics that the guide reads itself (no
    /// rule between) a note at the first place it does: its own text first, then its partials.
    /// Done here rather than when scenarios are resolved, whose problems are kept per scenario
    /// file, so that the place follows edits of the guide.
    private mutating func pointAtUses(ofMissingFactsIn range: Range<Int>, guide slug: String) {
        guard let guide = site.guides.first(where: { $0.slug == slug }) else { return }
        let files = [guide.path] + checked.includedPartials[slug, default: []].sorted().map { "\(SitePaths.partials)/\($0).md" }
        for index in range where diagnostics[index].notes.isEmpty {
            guard let name = diagnostics[index].missingFactName else { continue }
            for file in files {
                guard let use = checked.expressions.first(in: file, where: { $0.referencedNames.contains(name) }) else { continue }
                diagnostics[index].notes.append(Diagnostic.Note("guide '\(slug)' reads '\(name)' here", at: use.range))
                break
            }
        }
    }

    /// A file's scenarios by guide, in file order.
    private static func groupByGuide(_ scenarios: [ScenarioDeclaration]) -> [ScenarioGroup] {
        var bySlug: [String: [ScenarioDeclaration]] = [:]
        var slugs: [String] = []
        for scenario in scenarios {
            for slug in scenario.guides {
                if bySlug[slug] == nil { slugs.append(slug) }
                bySlug[slug, default: []].append(scenario)
            }
        }
        return slugs.map { ScenarioGroup(guide: $0, scenarios: bySlug[$0, default: []]) }
    }
}

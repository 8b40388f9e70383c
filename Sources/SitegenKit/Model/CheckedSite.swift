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
    /// The partials each guide includes, directly or through other partials, by slug; names
    /// of partials that do not exist are in too (their includes are errors).
    public var includedPartials: [String: Set<String>] = [:]

    /// The documents of every partial guide `slug` includes, in name order.
    func includedPartialDocuments(of slug: String) -> [DirectiveDocument] {
        includedPartials[slug, default: []].sorted().compactMap { partialDocuments[$0] }
    }

    /// The parsed title of `scenario`, if it has one.
    public func scenarioTitle(_ scenario: ScenarioDeclaration) -> DirectiveDocument? {
        scenarioTitles[scenario.file]?[scenario.id]
    }

    /// Parses and checks everything in `site`, appending every problem to `diagnostics`.
    public static func check(_ site: Site, diagnostics: inout [Diagnostic]) -> CheckedSite {
        check(site, cache: .disabled, diagnostics: &diagnostics)
    }

    /// Checks `site` as ``check(_:diagnostics:)`` does, reusing from `cache` what was computed
    /// from files whose bytes did not change: parsed documents, and, while the rules are the
    /// same, type checks and resolved scenarios.
    static func check(_ site: Site, cache: SiteCache, diagnostics: inout [Diagnostic]) -> CheckedSite {
        var checker = SiteChecker(site: site, cache: cache)
        let checked = checker.check()
        diagnostics += checker.diagnostics
        return checked
    }

    /// Whether the page of `scenario` for guide `slug` depends on `today` (docs/language.md,
    /// "today"), so the page must say as of which date it was made.
    func usesToday(guide slug: String, scenario: ResolvedScenario) -> Bool {
        site.rules.usesToday(guideNames[slug, default: []], givenFacts: Set(scenario.givenFacts.keys))
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

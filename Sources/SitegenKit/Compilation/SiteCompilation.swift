import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// What a compilation of a site is made from.
public struct CompilationOptions: Sendable {
    /// The site root (holds `Content/` and `Templates/`).
    public var root: URL
    /// The date that `today` means, as `YYYY-MM-DD`; `nil` for `SOURCE_DATE_EPOCH` or the clock.
    public var asOf: String?
    /// Whether the scenario pages' bodies are kept once rendered (``SiteCompilation/body(of:)``),
    /// for `check`, which compares them; a build lets each go once it is written.
    var keepsBodies = false
    /// Whether the pages are laid out with the templates. Without them (a render of one body),
    /// the templates' problems are not the compilation's, and a root without `Content/` is a
    /// site with no content rather than an error.
    var usesTemplates = true
    /// Whether draft guides (`draft: true`) get pages. They are loaded and checked either way.
    public var includesDrafts = false

    /// Options for the site at `root`.
    public init(root: URL, asOf: String? = nil) {
        self.root = root
        self.asOf = asOf
    }
}

/// One compilation of a site: everything build, serve, check, explain and render know about it,
/// made once by ``compile(_:cache:through:)`` and asked for by typed, memoised queries.
///
/// The stages run in order (``Stage``): **load** reads and parses every file (``Site``),
/// **check** parses and type-checks every directive and resolves the scenarios
/// (``CheckedSite``), **date** settles what `today` means, **applicability** checks that every
/// scenario gives the facts that apply to it, and **plan** lists the pages (``BuildPlan``).
/// Load and check always run, so that every problem of the content is reported at once; the
/// later stages run only while no stage found an error.
///
/// The queries answer what pages and the commands need, each worked out once: a guide's
/// documents, the partials it includes, the facts it needs, its resolved scenarios, the branch
/// decisions of a scenario's page (``scenarioCase(of:guide:)``), the date stamper, the Markdown
/// options, and the files a page is made from (``inputs(of:)``), from which an incremental
/// rebuild knows which pages a change reaches.
///
/// The stages are run by one thread, before any page is rendered; the queries may then be asked
/// from every rendering thread at once.
final class SiteCompilation: @unchecked Sendable {
    /// The stages, in the order they run.
    enum Stage: Int, Comparable, Sendable {
        case load, check, date, applicability, plan

        static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
    }

    let options: CompilationOptions
    /// What earlier compilations of the same site computed (``SiteCache/disabled`` for none).
    let cache: SiteCache
    /// The load stage's site.
    let site: Site
    /// Every problem the stages run so far found, in the order found.
    private(set) var diagnostics: [Diagnostic]
    /// The last stage that ran.
    private(set) var stage = Stage.load
    private var checkedSite: CheckedSite?
    private var resolvedToday: CivilDate?
    private var builtPlan: BuildPlan?
    /// Guarded by `lock`: asked for from every rendering thread.
    private var cases: [String: [String: ScenarioCase]] = [:]
    private var bodies: [String: String] = [:]
    private var madeStamper: DateStamper?
    private let lock = NSLock()
    /// What the environments of the site's scenarios need of its rules, worked out once.
    private let environmentPlan: Environment.Plan

    private init(options: CompilationOptions, cache: SiteCache) {
        self.options = options
        self.cache = cache
        var diagnostics: [Diagnostic] = []
        if !options.usesTemplates,
            !FileManager.default.fileExists(atPath: options.root.appendingPathComponent(SitePaths.content).path)
        {
            self.site = Site.empty(root: options.root)
        } else {
            self.site = Site.load(root: options.root, cache: cache, diagnostics: &diagnostics)
        }
        environmentPlan = site.rules.environmentPlan()
        self.diagnostics = diagnostics
    }

    /// A compilation of the site `options` names, run through `stage` (or up to the first stage
    /// after check that finds an error).
    static func compile(_ options: CompilationOptions, cache: SiteCache = .disabled, through stage: Stage = .plan) -> SiteCompilation {
        var timings = PhaseTimings()
        let compilation = SiteCompilation(options: options, cache: cache)
        timings.mark("load")
        compilation.run(through: stage, timings: &timings)
        timings.report()
        return compilation
    }

    /// Runs the stages after the last one that ran, through `last`. Load and check always run;
    /// each later stage runs only when no error was found before it.
    func run(through last: Stage) {
        var timings = PhaseTimings()
        run(through: last, timings: &timings)
        timings.report()
    }

    /// ``run(through:)``, marking each stage in `timings`.
    private func run(through last: Stage, timings: inout PhaseTimings) {
        while stage < last {
            let next = Stage(rawValue: stage.rawValue + 1)!
            if next > .check, diagnostics.containsErrors { return }
            switch next {
            case .load: break
            case .check: runCheck()
            case .date: runDate()
            case .applicability: runApplicability()
            case .plan: builtPlan = BuildPlan(checked: checked, includesDrafts: options.includesDrafts)
            }
            timings.mark("\(next)")
            stage = next
        }
    }

    /// Whether every stage through `last` ran and none found an error.
    func succeeded(through last: Stage) -> Bool {
        stage >= last && !diagnostics.containsErrors
    }

    /// The problems found, each once, sorted for display.
    var sortedDiagnostics: [Diagnostic] { Array(Set(diagnostics)).sortedForDisplay() }

    /// Adds problems found by a client (a page, a command) to the compilation's.
    func report(_ more: [Diagnostic]) { diagnostics += more }

    // MARK: Stages

    private func runCheck() {
        checkedSite = CheckedSite.check(site, cache: cache, diagnostics: &diagnostics)
        // A site.yml that could not be read names no calendar whatever it says: the warning
        // would send the writer to add a line that may be there.
        let siteFileUnread = diagnostics.contains { $0.isRootCause && $0.file == SitePaths.siteFile }
        if let checkedSite, !siteFileUnread, let warning = CalendarCheck.run(checkedSite) { diagnostics.append(warning) }
        if !options.usesTemplates {
            diagnostics.removeAll {
                let file = $0.file ?? ""
                return file.hasPrefix(SitePaths.templates + "/") || file.hasPrefix(BuiltInFiles.templatesFolder + "/")
            }
        }
    }

    /// Adds the expressions of a draft that is not part of the site (a file given to `render`),
    /// parsed and checked by the caller, so that its directives can be evaluated.
    func addDraftExpressions(_ parsed: [ExpressionSource: Rules.Expression]) {
        checkedSite?.expressions.merge(parsed)
    }

    private func runDate() {
        if options.asOf == nil, let epoch = Today.invalidEpoch() {
            diagnostics.append(SettingsProblem.sourceDateEpoch(epoch))
            return
        }
        guard let today = Today.resolve(asOf: options.asOf, timeZone: site.configuration.timeZone) else {
            diagnostics.append(CompilationProblem.invalidAsOf(options.asOf ?? ""))
            return
        }
        resolvedToday = today
    }

    /// Facts that apply only sometimes: whether each scenario gives what applies to it.
    private func runApplicability() {
        guard site.rules.hasConditionalFacts else { return }
        for guide in site.guides {
            let required = requiredFacts(ofGuide: guide.slug)
            let used = checked.guideNames[guide.slug, default: []]
            for scenario in scenarios(ofGuide: guide.slug) {
                diagnostics += site.rules.applicabilityProblems(
                    of: scenario, requiredFacts: required, guide: guide.slug, usedNames: used, in: environment(for: scenario))
            }
        }
    }

    /// The check stage's result; only once the check stage ran.
    var checked: CheckedSite {
        guard let checkedSite else { preconditionFailure("the check stage has not run") }
        return checkedSite
    }

    /// The date `today` means; only once the date stage succeeded.
    var today: CivilDate {
        guard let resolvedToday else { preconditionFailure("the date stage has not run") }
        return resolvedToday
    }

    /// The pages; only once the plan stage ran.
    var plan: BuildPlan {
        guard let builtPlan else { preconditionFailure("the plan stage has not run") }
        return builtPlan
    }

    // MARK: Queries

    /// The guide with `slug`, if the site has one.
    func guide(_ slug: String) -> Guide? { site.guides.first { $0.slug == slug } }

    /// A guide's parsed body, title and description.
    func documents(ofGuide slug: String) -> GuideDocuments? {
        guard let body = checked.guideDocuments[slug], let titles = checked.titleDocuments[slug] else { return nil }
        return GuideDocuments(body: body, title: titles.title, description: titles.description)
    }

    /// The partials a guide includes, directly or through other partials.
    func includedPartials(ofGuide slug: String) -> Set<String> { checked.includedPartials[slug, default: []] }

    /// The facts a guide needs, in the order of the rules files.
    func requiredFacts(ofGuide slug: String) -> [String] { checked.requiredFacts[slug, default: []] }

    /// A guide's scenarios, resolved against the facts it needs, in file order.
    func scenarios(ofGuide slug: String) -> [ResolvedScenario] { checked.scenarios[slug, default: []] }

    /// The values of the rules for `scenario` on the compilation's date.
    func environment(for scenario: ResolvedScenario) -> Environment {
        environmentPlan.environment(for: scenario, today: today)
    }

    /// The date stamper of the site's language, time zone and formats; the cache's, whose
    /// formatted dates earlier builds made, while those settings are the same.
    var stamper: DateStamper {
        lock.withLock {
            if let madeStamper { return madeStamper }
            let configuration = site.configuration
            let made = cache.stamper(
                for: .init(language: configuration.language, timeZone: configuration.timeZone, formats: configuration.dateFormats))
            madeStamper = made
            return made
        }
    }

    /// How Markdown is rendered: the site's settings (`unsafe_html`).
    var markdownOptions: MarkdownOptions {
        site.configuration.unsafeHTML ? [.footnotes, .unsafeHTML] : .site
    }

    /// The case a scenario stands for: the branch decisions of its guide's body (partials
    /// included) and the stamps its kept branches hold. Worked out once per compilation and
    /// shared by the guide's page, the scenario's page and check; ``release(guide:)`` lets a
    /// build forget a guide's cases once its pages are written.
    ///
    /// - Parameters:
    ///   - environment: the scenario's ``environment(for:)``, when the caller has it.
    ///   - expansion: the guide's body already expanded for the scenario, when the caller has
    ///     it: its decisions and stamps are the case's, and the body is not walked again.
    func scenarioCase(
        of scenario: ResolvedScenario, guide slug: String, environment: Environment? = nil,
        expansion: ScenarioBodyRenderer.Expansion? = nil
    ) -> ScenarioCase {
        if let known = lock.withLock({ cases[slug]?[scenario.id] }) { return known }
        var made = ScenarioCase(decisions: [], stamped: [])
        if let expansion {
            made = ScenarioCase(decisions: expansion.decisions, stamped: expansion.everyStamp)
        } else if let body = checked.guideDocuments[slug] {
            let walk = ConditionWalk.decisions(
                of: body, checked: checked, environment: environment ?? self.environment(for: scenario), stamper: stamper)
            made = ScenarioCase(decisions: walk.inner.decisions, stamped: walk.stamped)
        }
        lock.withLock { cases[slug, default: [:]][scenario.id] = made }
        return made
    }

    /// Forgets what was worked out for the pages of guide `slug`, unless the compilation keeps
    /// them for check.
    func release(guide slug: String) {
        guard !options.keepsBodies else { return }
        lock.withLock { cases[slug] = nil }
    }

    /// Keeps the body of a rendered scenario page, when the options ask for it.
    func keep(body: ScenarioBodyRenderer.Rendered, of page: Page) {
        guard options.keepsBodies else { return }
        // Made into a String only when kept: builds keep none, and making one checks every byte.
        let html = body.html
        lock.withLock { bodies[page.path] = html }
    }

    /// The body a scenario page was rendered with, when the options asked to keep it.
    func body(of page: Page) -> String? { lock.withLock { bodies[page.path] } }
}

/// Which way one conditional of a page went: its condition, and whether that held.
///
/// A struct rather than a tuple: arrays of tuples are copied and destroyed through the runtime's
/// generic tuple witnesses, and every page makes and drops a list of these.
struct BranchDecision: Sendable {
    /// The condition of the branch that was decided.
    var condition: ExpressionSource
    /// Whether it held.
    var value: Bool
}

/// The case a scenario stands for in its guide's body.
struct ScenarioCase: Sendable {
    /// Which branch each conditional took, in document order.
    var decisions: [BranchDecision]
    /// The expressions of the stamps the kept branches hold, in order.
    var stamped: [ExpressionSource]
}

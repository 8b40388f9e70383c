import Diagnostics
import Foundation
import Rules

/// What a build is asked to do.
public struct BuildOptions: Sendable {
    /// The site root (holds `Content/` and `Templates/`).
    public var root: URL
    /// How many pages render at once.
    public var jobs: Int
    /// The date that `today` means, as `YYYY-MM-DD`; `nil` for `SOURCE_DATE_EPOCH` or the clock.
    public var asOf: String?
    /// How `build(_:toFolder:)` indexes the site for search; `nil` for no index. `site.yml`'s
    /// `search: false` turns indexing off whatever this says.
    public var search: SearchOptions?

    /// Options for building the site at `root`.
    public init(root: URL, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, asOf: String? = nil) {
        self.root = root
        self.jobs = max(1, jobs)
        self.asOf = asOf
    }
}

/// What a build did.
public struct BuildResult: Sendable {
    /// Every problem found, sorted for display.
    public var diagnostics: [Diagnostic]
    /// The files that were read, for quoting lines in diagnostics.
    public var sources: SourceFiles
    /// The number of guides.
    public var guideCount: Int
    /// The number of (guide, scenario) pages.
    public var scenarioCount: Int
    /// The number of files written (pages, sitemap and assets).
    public var pageCount: Int
    /// Whether the output has a search index (`pagefind/`).
    public var searchIndexed = false
    /// Whether `site.yml` wants search (its `search:` setting).
    var searchWanted = true

    /// Whether the build succeeded.
    public var succeeded: Bool { !diagnostics.containsErrors }

    /// A result with these figures.
    public init(diagnostics: [Diagnostic], sources: SourceFiles, guideCount: Int, scenarioCount: Int, pageCount: Int) {
        self.diagnostics = diagnostics
        self.sources = sources
        self.guideCount = guideCount
        self.scenarioCount = scenarioCount
        self.pageCount = pageCount
    }
}

/// Runs the pipeline: load → check → plan → evaluate and render each page → lay out → write.
/// Every phase is a call in `build(_:into:)`, in order.
public enum Builder {
    /// Builds the site into `output`. Nothing is written when the content has errors, and pages
    /// are written only after every check has passed.
    public static func build(_ options: BuildOptions, into output: any OutputSink) -> BuildResult {
        buildKeepingSite(options, into: output).result
    }

    /// A build that also hands back the checked site and the date `today` meant, for `check`,
    /// which inspects them after building (`nil` when the build stopped before they existed).
    static func buildKeepingSite(
        _ options: BuildOptions, into output: any OutputSink
    ) -> (result: BuildResult, checked: CheckedSite?, today: CivilDate?) {
        var diagnostics: [Diagnostic] = []
        var timings = PhaseTimings()

        // Load and check: every source file is read, parsed and checked exactly once.
        let site = Site.load(root: options.root, diagnostics: &diagnostics)
        timings.mark("load")
        var result = BuildResult(
            diagnostics: [], sources: site.sources, guideCount: site.guides.count, scenarioCount: 0, pageCount: 0)
        result.searchWanted = site.configuration.search

        let checked = CheckedSite.check(site, diagnostics: &diagnostics)
        timings.mark("check")
        guard !diagnostics.containsErrors else {
            result.diagnostics = Array(Set(diagnostics)).sortedForDisplay()
            return (result, nil, nil)
        }
        guard let today = Today.resolve(asOf: options.asOf, timeZone: site.configuration.timeZone) else {
            result.diagnostics = [Diagnostic(.error, "build.as-of", "--as-of '\(options.asOf ?? "")' is not a valid date", file: nil)]
            return (result, nil, nil)
        }

        // Facts that apply only sometimes: whether each scenario gives what applies to it.
        if site.rules.hasConditionalFacts {
            for guide in site.guides {
                let required = checked.requiredFacts[guide.slug, default: []]
                for scenario in checked.scenarios[guide.slug, default: []] {
                    let environment = site.rules.environment(for: scenario, today: today)
                    diagnostics += site.rules.applicabilityProblems(
                        of: scenario, requiredFacts: required, guide: guide.slug, in: environment)
                }
            }
            if diagnostics.containsErrors {
                result.diagnostics = Array(Set(diagnostics)).sortedForDisplay()
                return (result, nil, nil)
            }
        }

        // Plan: which pages exist.
        let plan = BuildPlan(checked: checked)
        result.scenarioCount = plan.scenarioPageCount

        timings.mark("plan")
        diagnostics += write(plan.pages, of: checked, plan: plan, today: today, jobs: options.jobs, into: output)
        timings.mark("render and write \(plan.pages.count) pages")
        diagnostics += writeSiteFiles(of: site, plan: plan, into: output)
        timings.mark("sitemap and assets")
        timings.report()
        result.pageCount = plan.pages.count + site.guides.count + 1 + site.assets.count
        // A problem in a partial shows once, not once per scenario that includes it.
        result.diagnostics = Array(Set(diagnostics)).sortedForDisplay()
        return (result, checked, today)
    }

    /// Builds into a staging folder and swaps it in for `destination` only when the build
    /// succeeded (SPEC §11).
    public static func build(_ options: BuildOptions, toFolder destination: URL) -> BuildResult {
        let staged: StagedDiskOutput
        do {
            staged = try StagedDiskOutput(destination: destination)
        } catch {
            return BuildResult(diagnostics: error.diagnostics, sources: SourceFiles(), guideCount: 0, scenarioCount: 0, pageCount: 0)
        }
        var result = build(options, into: staged)
        guard result.succeeded else {
            staged.discard()
            return result
        }
        // The index is made from the staged pages, so it is swapped in with exactly them.
        if let search = options.search, result.searchWanted {
            if let warning = SearchIndex.index(staged.staging, options: search, root: options.root) {
                result.diagnostics.append(warning)
            } else {
                result.searchIndexed = true
            }
        }
        do {
            try staged.commit()
        } catch {
            result.diagnostics += error.diagnostics
        }
        return result
    }

    /// Evaluates, renders and lays out `pages` in parallel; each page goes straight to the
    /// output, so no build holds every page's HTML at once.
    static func write(
        _ pages: [Page], of checked: CheckedSite, plan: BuildPlan, today: CivilDate, jobs: Int, into output: any OutputSink,
        stamper: DateStamper? = nil
    ) -> [Diagnostic] {
        let renderer = PageRenderer(checked: checked, plan: plan, today: today, stamper: stamper)
        // A guide's evaluated scenarios are let go once its last page is written, so memory
        // stays that of the guides in progress, not of every page of the site.
        let remaining = GuidePageCounter(pages)
        return renderInParallel(pages, jobs: jobs) { page, diagnostics in
            defer { if let slug = remaining.pageDone(page) { renderer.release(guide: slug) } }
            guard let data = renderer.render(page, diagnostics: &diagnostics) else { return }
            do {
                try output.write(data, to: page.path)
                // A guide's rules, for its pages' own evaluator, go beside the guide's page.
                if case .guide(let slug) = page.kind, let path = page.companionPaths.first {
                    try output.write(Data(renderer.rulesData(for: slug).script.utf8), to: path)
                }
            } catch {
                diagnostics.append(Diagnostic(.error, "output.write", "cannot write \(page.path): \(error.localizedDescription)", file: nil))
            }
        }
    }

    /// Writes the site-wide files: the sitemap and the assets.
    ///
    /// - Parameter sitemap: the sitemap's bytes when the caller knows them already (the same
    ///   pages and base URL as a build it kept).
    static func writeSiteFiles(of site: Site, plan: BuildPlan, into output: any OutputSink, sitemap: Data? = nil) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        do {
            try output.write(sitemap ?? Data(Sitemap.xml(for: plan.pages, baseURL: site.configuration.baseURL).utf8), to: "sitemap.xml")
            for asset in site.assets {
                guard let data = SiteFiles(root: site.root).asset(asset.source, diagnostics: &diagnostics) else { continue }
                try output.write(data, to: asset.output)
            }
        } catch {
            diagnostics.append(Diagnostic(.error, "output.write", "cannot write the output: \(error.localizedDescription)", file: nil))
        }
        return diagnostics
    }

    /// Runs `work` for every page on `jobs` threads and gathers the diagnostics it reports.
    static func renderInParallel(
        _ pages: [Page], jobs: Int, work: @escaping @Sendable (Page, inout [Diagnostic]) -> Void
    ) -> [Diagnostic] {
        let state = ParallelState()
        let workers = min(jobs, max(pages.count, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var local: [Diagnostic] = []
            while let index = state.nextIndex(below: pages.count) {
                work(pages[index], &local)
            }
            state.append(local)
        }
        return state.diagnostics
    }
}

/// Shared work queue and results of a parallel render.
/// Counts the pages of each guide still to be written.
private final class GuidePageCounter: @unchecked Sendable {
    // Guarded by `lock`.
    private var left: [String: Int] = [:]
    private let lock = NSLock()

    init(_ pages: [Page]) {
        for page in pages {
            if let slug = page.guideSlug { left[slug, default: 0] += 1 }
        }
    }

    /// Notes `page` as written; returns its guide's slug when it was the guide's last page.
    func pageDone(_ page: Page) -> String? {
        guard let slug = page.guideSlug else { return nil }
        return lock.withLock {
            let count = left[slug, default: 1] - 1
            left[slug] = count
            return count == 0 ? slug : nil
        }
    }
}

private final class ParallelState: @unchecked Sendable {
    // Both fields are guarded by `lock`.
    private var next = 0
    private var collected: [Diagnostic] = []
    private let lock = NSLock()

    func nextIndex(below count: Int) -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func append(_ diagnostics: [Diagnostic]) {
        lock.withLock { collected += diagnostics }
    }

    var diagnostics: [Diagnostic] { lock.withLock { collected } }
}

/// Wall time per phase, printed to standard error when `SITEGEN_TIMINGS=1`, for profiling.
struct PhaseTimings {
    private let enabled = ProcessInfo.processInfo.environment["SITEGEN_TIMINGS"] == "1"
    private var last = ContinuousClock.now
    private var lines: [String] = []

    mutating func mark(_ phase: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let elapsed = now - last
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        lines.append(String(format: "%9.1f ms  %@", milliseconds, phase))
        last = now
    }

    func report() {
        guard enabled else { return }
        FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8))
    }
}

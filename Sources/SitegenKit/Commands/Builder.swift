import Diagnostics
import Foundation
import Rules

/// `sitegen build`: a compilation of the site (``SiteCompilation``) through its plan, then
/// every page evaluated, rendered and laid out in parallel, and written.
public enum Builder {
    /// Builds the site into `output`. Nothing is written when the content has errors, and pages
    /// are written only after every check has passed.
    public static func build(_ options: BuildOptions, into output: any OutputSink) -> BuildResult {
        let compilation = SiteCompilation.compile(options.compilation)
        if options.keepsSiteUntilExit { KeptUntilExit.keep(compilation) }
        return build(compilation, jobs: options.jobs, into: output)
    }

    /// Writes every page of `compilation` into `output`, unless its stages found errors; the
    /// pages' own problems are added to the compilation's.
    static func build(_ compilation: SiteCompilation, jobs: Int, into output: any OutputSink) -> BuildResult {
        var timings = PhaseTimings()
        let site = compilation.site
        var result = BuildResult(diagnostics: [], sources: site.sources, guideCount: 0, scenarioCount: 0, pageCount: 0)
        result.searchWanted = site.configuration.search
        guard compilation.succeeded(through: .plan) else {
            result.diagnostics = compilation.sortedDiagnostics
            return result
        }
        let plan = compilation.plan
        // Drafts left out of the build are not counted.
        result.guideCount = plan.guides.count
        result.scenarioCount = plan.scenarioPageCount
        compilation.report(write(plan.pages, of: compilation, jobs: jobs, into: output))
        timings.mark("render and write \(plan.pages.count) pages")
        compilation.report(writeSiteFiles(of: site, plan: plan, into: output))
        timings.mark("sitemap and assets")
        timings.report()
        result.pageCount = plan.pages.count + plan.guides.count + 1 + site.assets.count
        // A problem in a partial shows once, not once per scenario that includes it.
        result.diagnostics = compilation.sortedDiagnostics
        return result
    }

    /// Builds into a staging folder and swaps it in for `destination` only when the build
    /// succeeded (README.md, "Output").
    public static func build(_ options: BuildOptions, toFolder destination: URL) -> BuildResult {
        let staged: StagedDiskOutput
        do {
            staged = try StagedDiskOutput(
                destination: destination, removal: options.replacedOutputRemoval, keepsSpare: options.keepsSpareOutput)
        } catch {
            return BuildResult(diagnostics: error.diagnostics, sources: SourceFiles(), guideCount: 0, scenarioCount: 0, pageCount: 0)
        }
        var result = build(options, into: staged)
        guard result.succeeded else {
            staged.discard()
            return result
        }
        // The index is made from the staged pages, so it is swapped in with exactly them (and
        // none a spare held that this build did not write).
        staged.removeUnwritten()
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
    static func write(_ pages: [Page], of compilation: SiteCompilation, jobs: Int, into output: any OutputSink) -> [Diagnostic] {
        let renderer = PageRenderer(compilation: compilation)
        // A guide's evaluated scenarios are let go once its last page is written, so memory
        // stays that of the guides in progress, not of every page of the site.
        let remaining = GuidePageCounter(pages)
        // The templates once for each worker that will run (see TemplateSet.compiledAgain()):
        // no more than there are runs of pages, whatever `--jobs` asks for.
        let runs = workRuns(of: pages, jobs: jobs)
        let workers = workerCount(jobs: jobs, runs: runs.count)
        let templates = (0..<workers).map { $0 == 0 ? renderer.site.templates : renderer.site.templates.compiledAgain() }
        let diagnostics = renderInParallel(pages, runs: runs, workers: workers) { page, worker, diagnostics in
            defer { if let slug = remaining.pageDone(page) { renderer.release(guide: slug) } }
            guard let bytes = renderer.render(page, templates: templates[worker], diagnostics: &diagnostics) else { return }
            do {
                try output.write(bytes: bytes, to: page.path)
                // A guide's rules, for its pages' own evaluator, go beside the guide's page.
                if case .guide(let slug) = page.kind, let path = page.companionPaths.first {
                    try output.write(Data(renderer.rulesData(for: slug).script.utf8), to: path)
                }
            } catch {
                diagnostics.append(CompilationProblem.cannotWrite(page.path, error))
            }
        }
        return diagnostics + renderer.missingStepReferences.diagnostics { compilation.scenarios(ofGuide: $0).map(\.id) }
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
            diagnostics.append(CompilationProblem.cannotWriteOutput(error))
        }
        return diagnostics
    }

    /// Runs `work` for every page on `workers` threads, each taking one of `runs` (``workRuns(of:jobs:)``)
    /// at a time, and gathers the diagnostics it reports. `work` is told which thread it runs on,
    /// from 0 to `workers - 1`, for what it keeps per thread.
    static func renderInParallel(
        _ pages: [Page], runs: [Range<Int>], workers: Int, work: @escaping @Sendable (Page, Int, inout [Diagnostic]) -> Void
    ) -> [Diagnostic] {
        let state = ParallelState()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var local: [Diagnostic] = []
            while let run = state.nextIndex(below: runs.count) {
                for index in runs[run] { work(pages[index], worker, &local) }
            }
            state.append(local)
        }
        return state.diagnostics
    }

    /// How many threads render `runs` runs of pages when `jobs` are asked for: at least one,
    /// and no more than there are runs.
    static func workerCount(jobs: Int, runs: Int) -> Int {
        min(max(jobs, 1), max(runs, 1))
    }

    /// The most pages a worker takes at once: enough for a whole guide of most sites, few enough
    /// that the workers still share a guide of thousands of scenarios.
    static let maxPagesPerRun = 64

    /// `pages` cut into the runs the workers take one at a time: consecutive pages of the same
    /// guide, at most ``maxPagesPerRun`` each. A guide's pages read the same parsed documents
    /// and scenarios: rendered on one core, the reference counts those reads change stay in that
    /// core's cache, where two workers on the same guide made each count's cache line move
    /// between the cores on every read (at 10,000 pages, about a tenth of a build's CPU).
    ///
    /// With few pages (a rebuild under `serve` of the guide that was edited), runs are cut to
    /// about an equal share of each of `jobs` workers: one guide of 50 scenarios as one run
    /// would leave every core but one idle while the writer waits for the page.
    static func workRuns(of pages: [Page], jobs: Int = 1) -> [Range<Int>] {
        let share = (pages.count + max(jobs, 1) - 1) / max(jobs, 1)
        let limit = max(1, min(maxPagesPerRun, share))
        var runs: [Range<Int>] = []
        var start = 0
        for index in pages.indices where index > start {
            if index - start == limit || pages[index].guideSlug != pages[start].guideSlug {
                runs.append(start..<index)
                start = index
            }
        }
        if start < pages.count { runs.append(start..<pages.count) }
        return runs
    }
}

/// Objects a command leaves for its process's end to drop (``BuildOptions/keepsSiteUntilExit``).
/// They stay reachable from here, so a leak checker does not count them.
enum KeptUntilExit {
    private nonisolated(unsafe) static var objects: [AnyObject] = []
    private static let lock = NSLock()

    static func keep(_ object: AnyObject) {
        lock.withLock { objects.append(object) }
    }

    /// How many objects are kept (for tests).
    static var count: Int { lock.withLock { objects.count } }

    /// Drops every object kept: for tests, whose process goes on, and whose leak checker
    /// (the sanitizers') would report what is still kept at its end.
    static func dropAll() { lock.withLock { objects.removeAll() } }
}

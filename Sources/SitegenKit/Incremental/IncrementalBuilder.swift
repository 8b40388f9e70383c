import Diagnostics
import Foundation
import Rules

/// Keeps a built site in memory and, when files change, re-renders only the pages that depend
/// on what changed (for `sitegen serve`). Every rebuild is a new ``SiteCompilation`` that reads
/// the whole site again, but parses and checks again only what depends on files whose bytes
/// changed (``SiteCache``); a page is rendered again only when a file it is made from changed
/// (``SiteInputs``). The bytes are always exactly those of a clean build.
public final class IncrementalBuilder: @unchecked Sendable {
    /// What one rebuild did.
    public struct Outcome: Sendable {
        /// Problems found; with errors, the previous snapshot stays in place.
        public var diagnostics: [Diagnostic]
        /// Files read, for quoting lines.
        public var sources: SourceFiles
        /// The output paths that were rendered again (pages only).
        public var renderedPages: [String]
        /// Whether the snapshot changed.
        public var changed: Bool

        /// Whether the build succeeded.
        public var succeeded: Bool { !diagnostics.containsErrors }
    }

    private let options: BuildOptions
    private let cache: SiteCache
    // Guarded by `lock`: rebuilds may be asked for from the watcher while requests read.
    private var last: LastBuild?
    private let lock = NSLock()

    /// A builder for the site that `options` describes; nothing is built until `rebuild()`.
    public convenience init(options: BuildOptions) {
        self.init(options: options, cache: SiteCache())
    }

    /// A builder that keeps what it parsed in `cache` (tests give one with a short settle time).
    init(options: BuildOptions, cache: SiteCache) {
        self.options = options
        self.cache = cache
    }

    /// How many source files the rebuilds so far read from disk rather than trusting `stat`.
    var filesRead: Int { cache.filesRead }

    /// Every file of the last successful build, by output path.
    public var files: [String: Data] { lock.withLock { last?.files ?? [:] } }

    /// Reads the site again and re-renders the pages whose sources changed. The first call
    /// renders everything.
    @discardableResult
    public func rebuild() -> Outcome {
        lock.lock()
        defer { lock.unlock() }
        var timings = PhaseTimings()
        defer { timings.report() }
        let compilation = SiteCompilation.compile(options.compilation, cache: cache, through: .load)
        timings.mark("load")
        let site = compilation.site
        let texts = site.sources.all.mapValues(\.text)
        // Unchanged files are the very strings of the last build (the cache hands them back),
        // so most of these comparisons end at the storage pointer.
        let changed = Set(texts.keys).union(last?.sourceTexts.keys ?? texts.keys).filter { texts[$0] != last?.sourceTexts[$0] }
        // Pages are a function of the sources and the date alone: when neither changed since the
        // last successful build (a save without changes), only the assets, copied as they are,
        // can differ.
        if let last, changed.isEmpty, !compilation.diagnostics.containsErrors,
            Today.resolve(asOf: options.asOf, timeZone: site.configuration.timeZone) == last.today
        {
            return reuse(last, for: site)
        }
        compilation.run(through: .plan)
        timings.mark("check and plan")
        guard compilation.succeeded(through: .plan) else { return failure(compilation) }
        let plan = compilation.plan
        let inputs = compilation.inputs
        let cameOrWent = changed.filter { texts[$0] == nil || last?.sourceTexts[$0] == nil }
        let dirty =
            last.map { pagesToRender(plan.pages, changed: changed, cameOrWent: cameOrWent, inputs: inputs, since: $0) } ?? plan.pages
        let output = MemoryOutput()
        compilation.report(Builder.write(dirty, of: compilation, jobs: options.jobs, into: output))
        timings.mark("render \(dirty.count) pages")
        // The sitemap lists the pages under the base URL; with both the same, it is the same.
        let pagePaths = plan.pages.map(\.path)
        let sameSitemap = last.map { pagePaths == $0.pagePaths && site.configuration.baseURL == $0.baseURL } ?? false
        compilation.report(
            Builder.writeSiteFiles(of: site, plan: plan, into: output, sitemap: sameSitemap ? last?.files["sitemap.xml"] : nil))
        timings.mark("sitemap and assets")
        guard !compilation.diagnostics.containsErrors else { return failure(compilation) }
        let next = LastBuild(
            after: last, compilation: compilation, written: output.files, pagePaths: pagePaths, inputs: inputs, sourceTexts: texts)
        let changedSnapshot = last.map { next.differs(from: $0, written: output.files) } ?? true
        last = next
        cache.keepOnly(Set(texts.keys))
        timings.mark("snapshot")
        return Outcome(diagnostics: next.diagnostics, sources: site.sources, renderedPages: dirty.map(\.path), changed: changedSnapshot)
    }

    private func failure(_ compilation: SiteCompilation) -> Outcome {
        Outcome(diagnostics: compilation.sortedDiagnostics, sources: compilation.site.sources, renderedPages: [], changed: false)
    }

    /// The pages of `pages` that a change of the files in `changed` reaches, judged by what
    /// each page was made from in the last build and is made from now; pages the last build
    /// did not have are all rendered.
    private func pagesToRender(
        _ pages: [Page], changed: Set<String>, cameOrWent: Set<String>, inputs: SiteInputs, since last: LastBuild
    ) -> [Page] {
        if SiteInputs.everyPage(dependsOnAnyOf: changed, appeared: cameOrWent, before: last.inputs, now: inputs) {
            return pages
        }
        let known = last.pagePathSet
        // A guide's page and its scenarios' pages are made from the same files: judged once per
        // guide, not once for each of a large site's thousands of pages.
        var guideVerdicts: [String: Bool] = [:]
        return pages.filter { page in
            guard known.contains(page.path) else { return true }
            guard let slug = page.guideSlug else {
                return SiteInputs.page(page, dependsOnAnyOf: changed, before: last.inputs, now: inputs)
            }
            if let verdict = guideVerdicts[slug] { return verdict }
            let verdict = SiteInputs.page(page, dependsOnAnyOf: changed, before: last.inputs, now: inputs)
            guideVerdicts[slug] = verdict
            return verdict
        }
    }

    /// The outcome of a rebuild whose sources are those of the last successful build: its
    /// pages stand, with its warnings; assets changed on disk are taken in.
    private func reuse(_ build: LastBuild, for site: Site) -> Outcome {
        var diagnostics: [Diagnostic] = []
        let assetOutputs = Set(site.assets.map(\.output))
        var changed = assetOutputs != build.assets
        var next = build.files
        for path in build.assets { next[path] = nil }
        let files = SiteFiles(root: site.root)
        for asset in site.assets {
            guard let data = files.asset(asset.source, diagnostics: &diagnostics) else { continue }
            if build.files[asset.output] != data { changed = true }
            next[asset.output] = data
        }
        guard !diagnostics.containsErrors else {
            return Outcome(diagnostics: diagnostics, sources: site.sources, renderedPages: [], changed: false)
        }
        if changed {
            last?.files = next
            last?.assets = assetOutputs
        }
        return Outcome(diagnostics: build.diagnostics, sources: site.sources, renderedPages: [], changed: changed)
    }
}

import Diagnostics
import Foundation
import Rules

/// What an incremental rebuild keeps of the last successful build: its files, and what they
/// were made from.
struct LastBuild {
    /// Every file of the build, by output path.
    var files: [String: Data]
    /// The assets' output paths.
    var assets: Set<String>
    /// Every source file's text, by path.
    var sourceTexts: [String: String]
    /// The pages' output paths, in plan order.
    var pagePaths: [String]
    /// The same paths, for lookups.
    var pagePathSet: Set<String>
    /// The files each page was made from.
    var inputs: SiteInputs
    /// The date `today` meant.
    var today: CivilDate
    /// The site's base URL, which the sitemap holds.
    var baseURL: String
    /// The build's warnings, shown again while nothing changes.
    var diagnostics: [Diagnostic]

    /// The build after `previous` that wrote `written` (the pages rendered again, the sitemap
    /// and the assets): pages not rendered again keep their bytes, pages no longer planned go.
    init(
        after previous: LastBuild?, compilation: SiteCompilation, written: [String: Data], pagePaths: [String], inputs: SiteInputs,
        sourceTexts: [String: String]
    ) {
        let plan = compilation.plan
        var files: [String: Data]
        let samePages = previous.map { pagePaths == $0.pagePaths } ?? false
        if let previous, samePages {
            files = previous.files  // the same pages: only what was written changes
        } else {
            files = [:]
            files.reserveCapacity(plan.pages.count + written.count)
            for page in plan.pages {
                files[page.path] = previous?.files[page.path]
                for path in page.companionPaths { files[path] = previous?.files[path] }
            }
        }
        // Assets that are gone must not stay.
        let assets = Set(compilation.site.assets.map(\.output))
        for path in (previous?.assets ?? []).subtracting(assets) { files[path] = nil }
        for (path, data) in written { files[path] = data }
        self.files = files
        self.assets = assets
        self.sourceTexts = sourceTexts
        self.pagePaths = pagePaths
        // Hashing every path of a large site again would be most of a small rebuild's work here.
        self.pagePathSet = samePages ? previous?.pagePathSet ?? Set(pagePaths) : Set(pagePaths)
        self.inputs = inputs
        self.today = compilation.today
        self.baseURL = compilation.site.configuration.baseURL
        self.diagnostics = compilation.sortedDiagnostics
    }

    /// Whether this build's files differ from `previous`'s: the files are the pages, the sitemap
    /// and the assets, so with the same pages and assets and nothing written differently,
    /// nothing changed.
    func differs(from previous: LastBuild, written: [String: Data]) -> Bool {
        written.contains { previous.files[$0.key] != $0.value } || pagePaths != previous.pagePaths || assets != previous.assets
    }
}

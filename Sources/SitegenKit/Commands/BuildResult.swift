import Diagnostics
import Foundation
import Rules

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

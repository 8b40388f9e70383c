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
    /// Whether draft guides (`draft: true` in their front matter) get pages: `build --drafts`
    /// and `serve`. Without it a draft is checked but appears nowhere in the output.
    public var includesDrafts = false
    /// How `build(_:toFolder:)` removes the output it replaced: at once (the default, so a
    /// caller finds it gone), or in the background once the new output is in place, which
    /// `sitegen build` asks for so that nobody waits for the old pages to be deleted.
    public var replacedOutputRemoval = FolderRemoval.now
    /// Whether `build(_:toFolder:)` keeps the output it replaced beside the new one
    /// (`.Output.sitegen-spare`) for the next build to write over, which `sitegen build` asks for:
    /// a repeated build then rewrites files instead of making and deleting them all (README.md,
    /// "Commands").
    public var keepsSpareOutput = false
    /// Whether the build leaves the site it loaded and worked out in memory when it returns,
    /// for the process to drop at its end, instead of freeing it first. A release build of
    /// `sitegen build` asks for it, since its process ends right after (a debug build does not:
    /// the sanitizers' leak checker would report the kept site): freeing a 10,000-page site object by object
    /// took about 20 ms on one core, after the last page was written. A process that goes on
    /// (`sitegen serve`, the tests) keeps the default and gets its memory back.
    public var keepsSiteUntilExit = false

    /// Options for building the site at `root`.
    public init(root: URL, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, asOf: String? = nil) {
        self.root = root
        self.jobs = max(1, jobs)
        self.asOf = asOf
    }

    /// What the build's compilation is made from.
    var compilation: CompilationOptions {
        var options = CompilationOptions(root: root, asOf: asOf)
        options.includesDrafts = includesDrafts
        return options
    }
}

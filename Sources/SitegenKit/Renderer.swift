import Diagnostics
import Foundation
import MarkdownRendering

/// Renders one Markdown text outside a build, as `sitegen render` does.
public enum Renderer {
    /// What a render produced.
    public struct Output: Sendable {
        /// The HTML body.
        public var html: String
        /// Problems found.
        public var diagnostics: [Diagnostic]
        /// Texts for quoting lines in diagnostics.
        public var sources: SourceFiles
    }

    /// Renders `markdown` (from `path`, for messages) with the settings of the site at `root`
    /// when it has a `Content/site.yml`, and SPEC §3's defaults otherwise.
    public static func render(markdown: String, path: String, root: URL) -> Output {
        var diagnostics: [Diagnostic] = []
        let files = SiteFiles(root: root)
        var sources = SourceFiles()
        let source = SourceFile(path: path, text: markdown)
        sources.add(source)
        var configuration = SiteConfiguration.defaults
        if files.exists(SitePaths.siteFile), let site = files.read(SitePaths.siteFile, diagnostics: &diagnostics) {
            sources.add(site)
            configuration = SiteConfiguration.load(site, diagnostics: &diagnostics)
        }
        var options: MarkdownOptions = .site
        if configuration.unsafeHTML { options.insert(.unsafeHTML) }
        let document = MarkdownDocument(parsing: source.text, options: options)
        document.removeEastAsianSoftBreaks()
        return Output(html: document.renderHTML(), diagnostics: diagnostics, sources: sources)
    }
}

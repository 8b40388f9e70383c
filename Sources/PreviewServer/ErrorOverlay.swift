import Diagnostics
import MarkdownRendering

/// The panel that covers every served page while the content has errors: each diagnostic as
/// `sitegen build` prints it (file, line, column, message and the line with a caret), escaped
/// for HTML.
public struct ErrorOverlay: Sendable {
    /// The problems of the failed build.
    public var diagnostics: [Diagnostic]
    /// The files they quote.
    public var sources: SourceFiles

    /// An overlay for a build that reported `diagnostics`.
    public init(diagnostics: [Diagnostic], sources: SourceFiles) {
        self.diagnostics = diagnostics
        self.sources = sources
    }

    /// The diagnostics as text, as `sitegen build` prints them.
    public var text: String {
        DiagnosticRenderer(sources: sources).render(diagnostics)
    }

    /// The overlay as an HTML fragment, to insert into a page's `<body>`.
    public var html: String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let heading = "The site did not build: \(errors) error\(errors == 1 ? "" : "s")"
        return """
            <div id="sitegen-error-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;\
            overflow:auto;margin:0;padding:1.5rem;background:rgba(20,20,20,.96);color:#f5f5f5;\
            font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left">\
            <h1 style="margin:0 0 1rem;font-size:1.2rem;color:#ff8a80">\(Self.escape(heading))</h1>\
            <pre style="margin:0;white-space:pre-wrap;color:inherit;background:none">\(Self.escape(text))</pre>\
            <p style="margin:1rem 0 0;color:#bdbdbd">The page reloads when the content is fixed.</p></div>

            """
    }

    /// A whole page holding only the overlay, served while no build has succeeded yet.
    public var page: String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>sitegen: build error</title></head>
        <body>
        \(html)</body>
        </html>

        """
    }

    static func escape(_ text: String) -> String { MarkdownDocument.escapeHTML(text) }
}

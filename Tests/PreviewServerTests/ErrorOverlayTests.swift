import Diagnostics
import PreviewServer
import Testing

@Suite struct ErrorOverlayTests {
    func overlay(message: String, line: String) -> ErrorOverlay {
        var sources = SourceFiles()
        sources.add(SourceFile(path: "Content/guides/a.md", text: "---\ntitle: A\n---\n\(line)\n"))
        let range = SourceRange(
            start: SourceLocation(file: "Content/guides/a.md", line: 4, column: 7),
            end: SourceLocation(file: "Content/guides/a.md", line: 4, column: 15))
        return ErrorOverlay(diagnostics: [.error("test.error", message, at: range)], sources: sources)
    }

    @Test func showsFileLineAndCaretExcerpt() {
        let html = overlay(message: "something is wrong", line: "{% if broken %}").html
        #expect(html.contains("id=\"sitegen-error-overlay\""))
        #expect(html.contains("The site did not build: 1 error<"))
        #expect(html.contains("Content/guides/a.md:4:7: error: something is wrong\n    4 | {% if broken %}\n      |       ^^^^^^^^"))
    }

    @Test func escapesMessagesAndQuotedLines() {
        let html = overlay(message: "bad <script>alert(\"x\")</script> & more", line: "{% if <script>alert(1)</script> %}").html
        #expect(!html.contains("<script>"))
        #expect(html.contains("bad &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more"))
        #expect(html.contains("{% if &lt;script&gt;alert(1)&lt;/script&gt; %}"))
    }

    @Test func aWholePageForBeforeTheFirstBuild() {
        let page = overlay(message: "m", line: "x").page
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<body>\n<div id=\"sitegen-error-overlay\""))
        #expect(page.hasSuffix("</body>\n</html>\n"))
    }
}

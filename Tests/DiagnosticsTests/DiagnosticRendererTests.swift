import Testing

@testable import Diagnostics

/// Diagnostics go to a terminal: nothing quoted from content may reach it as a control sequence.
@Suite struct DiagnosticRendererTests {
    @Test func controlCharactersFromContentAreEscaped() {
        // ESC ] 0 ; … BEL retitles a terminal; ESC [ 2 J clears it; U+202E reverses what follows.
        let line = "title: \u{1B}]0;pwned\u{07}x\u{1B}[2Jyz \u{202E}abc"
        var sources = SourceFiles()
        sources.add(SourceFile(path: "Content/guides/g.md", text: "---\n\(line)\n---\n"))
        let column = Array(line).firstIndex(of: "x")! + 1
        let start = SourceLocation(file: "Content/guides/g.md", line: 2, column: column)
        let diagnostic = Diagnostic.error(
            "front-matter.unknown", "unknown key '\u{1B}[2J\u{9B}'", at: SourceRange(start: start, length: 1))
        let text = DiagnosticRenderer(sources: sources).render(diagnostic)
        for control in ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}"] {
            #expect(!text.contains(control), "\(text.debugDescription)")
        }
        #expect(text.contains("unknown key '\\u{1B}[2J\\u{9B}'"), "\(text)")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines[1] == "    2 | title: \\u{1B}]0;pwned\\u{7}x\\u{1B}[2Jyz \\u{202E}abc")
        // The caret still stands under the 'x'.
        let caret = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        let x = lines[1].firstIndex(of: "x").map { lines[1].distance(from: lines[1].startIndex, to: $0) }
        #expect(caret != nil && caret == x, "\(lines)")
    }

    @Test func ordinaryTextIsUnchanged() {
        #expect(DiagnosticRenderer.terminalSafe("期限\tまで\n次") == "期限\tまで\n次")
    }
}

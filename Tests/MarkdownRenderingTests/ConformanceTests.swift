import Foundation
import Testing

@testable import MarkdownRendering

/// sitegen's renderer must give exactly what the `cmark-gfm` command gives with the extensions
/// README.md lists ("Guides"), for every example of the GFM spec and of cmark-gfm's extension tests.
@Suite("GFM conformance against the cmark-gfm command")
struct ConformanceTests {
    static let specExamples = (try? SpecExample.load("gfm-spec.txt")) ?? []
    static let extensionExamples = (try? SpecExample.load("gfm-extensions.txt")) ?? []

    @Test func examplesWereFound() {
        // The GFM spec 0.29 has 672 examples and the extension file 32; a parsing slip would
        // silently shrink the arguments below.
        #expect(Self.specExamples.count > 600)
        #expect(Self.extensionExamples.count > 25)
    }

    /// The footnote example is left to `footnotesRender`: Debian's cmark-gfm command has no
    /// footnotes flag, and the extension file predates the library's footnote markup (`fn-1`
    /// ids and `data-footnote-*` attributes since 0.29.0.gfm.6).
    static var comparableExamples: [SpecExample] {
        (specExamples + extensionExamples).filter { $0.section != "Footnotes" }
    }

    @Test(arguments: comparableExamples)
    func matchesCommand(_ example: SpecExample) throws {
        let expected = try CmarkCommand.render(example.markdown)
        let actual = MarkdownDocument.html(from: example.markdown, options: .site)
        #expect(actual == expected, "markdown:\n\(example.markdown)")
    }

    @Test func footnotesRender() throws {
        let example = try #require(Self.extensionExamples.first { $0.section == "Footnotes" })
        let html = MarkdownDocument.html(from: example.markdown, options: .site)
        #expect(html.contains(##"<sup class="footnote-ref"><a href="#fn-1" id="fnref-1" data-footnote-ref>1</a></sup>"##))
        #expect(html.contains(#"<section class="footnotes" data-footnotes>"#))
        #expect(html.contains("<p>This doesn't have a referent[^nope].</p>"))
        // Without the option the same text has no footnotes.
        #expect(!MarkdownDocument.html(from: example.markdown, options: []).contains("data-footnote"))
    }

    @Test func unsafeHTMLPassesRawHTMLThrough() throws {
        let markdown = "<div>raw</div>\n\ntext <b>bold</b>\n"
        #expect(MarkdownDocument.html(from: markdown) == "<!-- raw HTML omitted -->\n<p>text <!-- raw HTML omitted -->bold<!-- raw HTML omitted --></p>\n")
        #expect(MarkdownDocument.html(from: markdown, options: [.unsafeHTML]) == "<div>raw</div>\n<p>text <b>bold</b></p>\n")
        #expect(try CmarkCommand.render(markdown, unsafe: true) == MarkdownDocument.html(from: markdown, options: [.unsafeHTML, .footnotes]))
    }
}

/// Runs Debian's `cmark-gfm` command, the reference renderer.
enum CmarkCommand {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "the cmark-gfm command is not installed; run scripts/setup" }
    }

    static func render(_ markdown: String, unsafe: Bool = false) throws -> String {
        let candidates = ["/usr/bin/cmark-gfm", "/usr/local/bin/cmark-gfm", "/opt/homebrew/bin/cmark-gfm"]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Missing()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        var arguments = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-e", "tasklist"]
        if unsafe { arguments.append("--unsafe") }
        // The input goes through a file, not a pipe: tests run in parallel, and a write to a
        // pipe whose reader has gone would kill the test process with SIGPIPE.
        let input = FileManager.default.temporaryDirectory
            .appendingPathComponent("sitegen-conformance-\(UUID().uuidString).md")
        try Data(markdown.utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        process.arguments = arguments + [input.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

// libFuzzer target: the whole page path on arbitrary bytes. The input is a guide body rendered
// by `DraftRenderer.render` (directives → Markdown → HTML, as `sitegen render` does) against the
// fixture site Tests/SitegenKitTests/Fixtures/rules; then the same bytes go straight through
// MarkdownDocument's passes (tokens, glossary marking, East Asian soft breaks, HTML) in safe and
// unsafe mode, private-use token characters and all. A first line `@facts A=1 B=2` replaces the
// facts given to the render. See docs/fuzzing.md.
import Diagnostics
import Foundation
import FuzzSupport
import MarkdownRendering
import SitegenKit

/// The fixture site, found from this file's place in the package.
let siteRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Tests/SitegenKitTests/Fixtures/rules")
let defaultFacts = ["service=other", "cloud=false", "expiry=2026-03-10", "fee=1500"]
let terms = [TermPattern(spellings: ["証明書", "CSR", "サーバ"]), TermPattern(spellings: ["Web", ""])]

func fuzzPage(_ input: String) {
    var markdown = input
    var facts = defaultFacts
    if input.hasPrefix("@facts") {
        let line = input.prefix { $0 != "\n" }
        facts = line.dropFirst("@facts".count).split(separator: " ").map(String.init)
        markdown = String(input.dropFirst(line.count))
    }
    let output = DraftRenderer.render(
        markdown: markdown, path: "Content/guides/fuzz.md", root: siteRoot, facts: facts, asOf: "2026-01-15")
    _ = DiagnosticRenderer(sources: output.sources).render(output.diagnostics)

    for options in [MarkdownOptions.site, [.footnotes, .unsafeHTML]] {
        let document = MarkdownDocument(parsing: markdown, options: options)
        _ = document.tokenOccurrences()
        document.replaceTokens { occurrence in
            occurrence.id % 2 == 0
                ? .text("<\(occurrence.id)|*`")
                : .html("<b>\(occurrence.id)</b>", text: "\(occurrence.id)")
        }
        document.markFirstOccurrences(of: terms) { index, text in "<dfn data-term=\"\(index)\">\(text)</dfn>" }
        document.removeEastAsianSoftBreaks()
        _ = document.renderHTML()
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzPage(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

#if !SITEGEN_FUZZING
/// Without libFuzzer: runs every file given (or every file in a folder given), as a replayer of
/// corpora and crashes.
@main
enum Replay {
    static func main() {
        replayInputs(fuzz)
    }
}
#endif

import CmarkNodeAccess
import Foundation
import SeededRandom
import Testing

@testable import MarkdownRendering

/// A node's text read where cmark-gfm keeps it is the text its public API gives.
@Suite struct NodeLiteralTests {
    /// Every node of every example of the GFM spec and of its extensions' spec: text, code
    /// spans, code blocks, raw HTML, and the nodes that have no literal.
    @Test func literalsReadInPlaceAreThePublicOnesOnTheSpecExamples() {
        let examples = ConformanceTests.specExamples + ConformanceTests.extensionExamples
        #expect(examples.count > 600)
        for example in examples {
            for (inPlace, publicAPI) in MarkdownDocument(parsing: example.markdown).literalsReadBothWays() {
                #expect(inPlace == publicAPI, "\(example.testDescription)")
            }
        }
    }

    /// The same on random documents of the pieces a guide is made of: Japanese text, entities
    /// and escapes (which cmark gives text of its own), emphasis, links, tables, footnotes.
    @Test func literalsReadInPlaceAreThePublicOnesOnRandomDocuments() {
        var random = SeededGenerator(seed: 0x11_7E8A)
        let pieces = [
            "申請", "手続き", " ", "\n", "\n\n", "- ", "1. ", "# ", "**", "_", "`", "`code`", "&amp;", "&#x41;", "\\*",
            "[リンク](https://example.jp)", "www.example.jp", "~~消~~", "| a | b |\n| - | - |\n", "[^1]", "[^1]: 注\n",
            "<b>", "```\nブロック\n```\n", "    字下げ\n", "> 引用\n", "😀", "\t",
        ]
        for round in 0..<500 {
            let markdown = (0..<Int.random(in: 1...40, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            for (inPlace, publicAPI) in MarkdownDocument(parsing: markdown).literalsReadBothWays() {
                #expect(inPlace == publicAPI, "round \(round): \(markdown.debugDescription)")
            }
        }
    }

    /// Where the system installs cmark-gfm's own headers (Debian and Ubuntu do), text is read in
    /// place: a build that quietly fell back to copying every text would be slower, not wrong.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/include/cmark-gfm/node.h")))
    func debianHeadersAreUsedWhereInstalled() {
        #expect(sitegen_reads_literals_in_place() == 1)
    }
}

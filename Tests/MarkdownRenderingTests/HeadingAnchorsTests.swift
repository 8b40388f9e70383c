import Dispatch
import SeededRandom
import Testing

@testable import MarkdownRendering

/// Anchors kept by heading text and shared by many documents, from several threads at once,
/// give every document the HTML that anchors made for it alone give: the same ids, the same
/// `-2` for a repeated heading or an id the page already has, the same links. Past the number
/// of texts kept, anchors are made each time and are still the same.
@Suite struct HeadingAnchorsTests {
    private static let texts = ["手順", "Step 1", "step-1", "a&b", "\"引用\"", "<x>", "証明書の更新", "手順-2", "Q&A"]

    private static func documents(count: Int, seed: UInt64) -> [(markdown: String, taken: Set<String>)] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { number in
            let headings = (0..<Int.random(in: 0...5, using: &random)).map { _ in
                // Now and then a text no other document has, to fill the anchors past what they keep.
                Int.random(in: 0..<4, using: &random) == 0 ? "見出し\(number)" : texts.randomElement(using: &random)!
            }
            let markdown = headings.map { "## \($0)\n\n本文\n" }.joined(separator: "\n")
            let taken: Set<String> = Bool.random(using: &random) ? ["step-1", "手順"] : []
            return (markdown, taken)
        }
    }

    private static func html(_ markdown: String, taken: Set<String>, anchors: HeadingAnchors) -> String {
        let document = MarkdownDocument(parsing: markdown, options: .site)
        document.addHeadingIDs(taken: taken.sorted(), anchors: anchors)
        return document.renderHTML()
    }

    @Test func sharedAnchorsGiveEachDocumentItsOwnHTML() {
        let documents = Self.documents(count: HeadingAnchors.capacity + 1500, seed: 0x4EAD_0001)
        let shared = HeadingAnchors(anchorLabel: "この見出しへのリンク")
        var results = [String](repeating: "", count: documents.count)
        results.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: 4) { part in
                for index in stride(from: part, to: documents.count, by: 4) {
                    slots[index] = Self.html(documents[index].markdown, taken: documents[index].taken, anchors: shared)
                }
            }
        }
        var differing: [Int] = []
        for (index, document) in documents.enumerated() {
            let alone = Self.html(document.markdown, taken: document.taken, anchors: HeadingAnchors(anchorLabel: "この見出しへのリンク"))
            if results[index] != alone { differing.append(index) }
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }

    /// Texts that are canonically equivalent but spelled with different characters (`が` as one
    /// character or as `か` and a combining mark) are kept apart: each has the id made from its
    /// own characters, whichever a build meets first.
    @Test func equivalentTextsSpelledApartKeepTheirOwnIDs() {
        let composed = "手順\u{304C}"
        let decomposed = "手順\u{304B}\u{3099}"
        // Equal as Strings, which compare canonically; their ids differ in their bytes.
        #expect(composed == decomposed)
        let ids = [composed, decomposed].map { Array(MarkdownDocument.headingID(for: $0).utf8) }
        #expect(ids[0] != ids[1])
        for order in [[composed, decomposed], [decomposed, composed]] {
            let anchors = HeadingAnchors(anchorLabel: "リンク")
            for text in order {
                #expect(Array(anchors.anchor(forText: text).id.utf8) == Array(MarkdownDocument.headingID(for: text).utf8))
            }
        }
    }

    /// On one page too: HTML compares ids by their characters, so the second heading keeps the
    /// id made from its own text, with no `-2`; a heading spelled exactly as an earlier one, or as
    /// an id the page already has, still gets one.
    @Test func equivalentHeadingsSpelledApartOnOnePageKeepTheirOwnIDs() {
        let composed = "手順\u{304C}"
        let decomposed = "手順\u{304B}\u{3099}"
        let document = MarkdownDocument(
            parsing: "## \(composed)\n\n## \(decomposed)\n\n## \(composed)\n\n## step-1\n", options: .site)
        document.addHeadingIDs(taken: ["step-1"], anchorLabel: "リンク")
        let ids = document.renderHTML().components(separatedBy: "id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(ids.map { Array($0.utf8) } == ["\(composed)", "\(decomposed)", "\(composed)-2", "step-1-2"].map { Array($0.utf8) })
    }

    @Test func anAnchorNamesItsIDAndLinksToIt() {
        let anchor = HeadingAnchors(anchorLabel: "Link & more").anchor(forText: "A&B 手順")
        #expect(anchor.id == "ab-手順")
        #expect(anchor.target == "<span class=\"heading-id\" id=\"ab-手順\"></span>")
        #expect(
            anchor.link
                == "<a class=\"heading-anchor\" href=\"#ab-%E6%89%8B%E9%A0%86\" aria-label=\"Link &amp; more\" data-pagefind-ignore>#</a>")
    }

    /// Keys are equal exactly when their UTF-8 bytes are: random texts, many of one length
    /// (the same characters in another order), and canonically equivalent spellings.
    @Test func utf8KeysAreEqualExactlyWhenTheirBytesAre() {
        var random = SeededGenerator(seed: 0x07F8_0001)
        let pieces = TextPieces.characters + ["手順", "順手", "e\u{301}", "\u{E9}", ""]
        for round in 0..<3000 {
            let a = (0..<Int.random(in: 0...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            let b = Bool.random(using: &random) ? a.shuffled(using: &random) : (0..<Int.random(in: 0...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            let (x, y) = (a.joined(), b.joined())
            #expect((UTF8Key(x) == UTF8Key(y)) == (Array(x.utf8) == Array(y.utf8)), "round \(round): \(x.debugDescription) \(y.debugDescription)")
            if UTF8Key(x) == UTF8Key(y) { #expect(UTF8Key(x).hashValue == UTF8Key(y).hashValue) }
        }
        #expect(UTF8Key("e\u{301}") != UTF8Key("\u{E9}"))
        #expect(UTF8Key("手順") != UTF8Key("順手"))
        #expect(UTF8Key("") == UTF8Key(""))
    }
}

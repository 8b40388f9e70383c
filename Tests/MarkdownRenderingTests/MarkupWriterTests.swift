import SeededRandom
import Testing

@testable import MarkdownRendering

/// Markup written into one String's storage, or into the bytes of a ``Markup``, is the markup
/// that joining its pieces gives, with
/// escaped text escaped as `MarkdownDocument.escapeHTML` escapes it (for text with every
/// character HTML escapes, Japanese, emoji, and the empty text), and numbers written as
/// `String` writes them, zero-padded to a width.
@Suite struct MarkupWriterTests {
    private static let pieces = [
        "", "a", "&", "<", ">", "\"", "'", "&amp;", " ", "2026年5月30日(土)", "証明書", "e\u{301}", "👩‍💻", "\n", "\u{0}",
        "<span class=\"x\">", "%E8",
    ]

    @Test func writtenMarkupIsTheJoinedPiecesWithTextEscaped() {
        var random = SeededGenerator(seed: 0x3A2C_0001)
        for round in 0..<3000 {
            // Each piece is written as it is or escaped, at random.
            let parts = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                (
                    (0..<Int.random(in: 0...4, using: &random)).map { _ in Self.pieces.randomElement(using: &random)! }.joined(),
                    Bool.random(using: &random)
                )
            }
            let number = [Int.random(in: -5...100_000, using: &random), .min, .max, 0].randomElement(using: &random)!
            let width = Int.random(in: 0...22, using: &random)
            let digits = String(number.magnitude)
            let padded = (number < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
            let expected = "<p>" + parts.map { $0.1 ? MarkdownDocument.escapeHTML($0.0) : $0.0 }.joined() + padded + String(number)
            // The capacity the writers in the renderer give: each piece's bytes, six for each
            // escaped byte, and room for the number.
            let capacity = parts.map { $0.1 ? MarkupWriter.escapedCapacity(of: $0.0) : $0.0.utf8.count }.reduce(0, +) + 3 + 23 + 20
            func write(_ markup: inout MarkupWriter) {
                markup.append("<p>")
                for (text, escaped) in parts {
                    if escaped { markup.appendEscaped(text) } else { markup.append(contentsOf: text) }
                }
                markup.append(number, width: width)
                markup.append(number)
            }
            let written = MarkupWriter.make(capacity: capacity, write)
            #expect(written == expected, "round \(round)")
            #expect(Array(written.utf8) == Array(expected.utf8), "round \(round)")
            // The same markup as bytes for cmark-gfm: the UTF-8, then one NUL.
            let markup = MarkupWriter.markup(capacity: capacity, write)
            #expect(markup == Markup(expected), "round \(round)")
            #expect(markup.terminatedUTF8 == Array(expected.utf8) + [0], "round \(round)")
            #expect(markup.description == expected, "round \(round)")
        }
    }

    @Test func everyEscapedCharacterFillsTheCapacityGivenForIt() {
        // `"` is the longest entity (&quot;, six bytes): text of nothing else fills the capacity.
        let text = String(repeating: "\"", count: 40)
        let written = MarkupWriter.make(capacity: MarkupWriter.escapedCapacity(of: text)) { $0.appendEscaped(text) }
        #expect(written == String(repeating: "&quot;", count: 40))
    }
}

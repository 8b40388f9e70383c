import Diagnostics
import SeededRandom
import Testing

/// Lines found over a text's bytes are the pieces that splitting its UTF-8 view at line feeds
/// gives, and, for text whose line endings are normalized, the lines that splitting on the
/// Character "\n" gives: line feeds next to combining marks, emoji sequences, Japanese and blank
/// lines included.
@Suite struct TextLinesTests {
    @Test func linesOverBytesAreTheLinesOfCharacters() {
        let pieces = [
            "\n", "\n", "\n\n", " ", "  - ", "1. ", "手順", "証明書", "a", "\u{301}", "e\u{301}", "か\u{3099}", "👩‍💻", "🇯🇵", "\t",
            "{% include \"x\" %}", "\u{600}",
        ]
        var random = SeededGenerator(seed: 0x11E5_0001)
        for round in 0..<3000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            for omittingEmpty in [false, true] {
                let byCharacters = text.split(separator: "\n", omittingEmptySubsequences: omittingEmpty)
                #expect(
                    TextLines.lines(of: text, omittingEmpty: omittingEmpty) == byCharacters,
                    "round \(round), omitting empty lines: \(omittingEmpty): \(text.debugDescription)")
            }
        }
    }

    /// With CR LF and lone CRs left in, the lines are still the UTF-8 view's pieces, byte for
    /// byte and index for index (a CR LF is one Character, so splitting on Characters differs).
    @Test func linesAreTheUTF8ViewsPieces() {
        var random = SeededGenerator(seed: 0x11E5_0002)
        for round in 0..<3000 {
            let text = (0..<Int.random(in: 0...10, using: &random)).map { _ in TextPieces.characters.randomElement(using: &random)! }.joined()
            for omittingEmpty in [false, true] {
                let expected = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: omittingEmpty).map { Substring($0) }
                let lines = TextLines.lines(of: text, omittingEmpty: omittingEmpty)
                #expect(lines.map { Array($0.utf8) } == expected.map { Array($0.utf8) }, "round \(round): \(text.debugDescription)")
                #expect(lines.map(\.startIndex) == expected.map(\.startIndex), "round \(round): \(text.debugDescription)")
            }
        }
        #expect(TextLines.lines(of: "") == [""])
        #expect(TextLines.lines(of: "", omittingEmpty: true) == [])
        #expect(TextLines.lines(of: "a\n") == ["a", ""])
    }
}

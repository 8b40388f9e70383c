import SeededRandom
import Testing

@testable import Directives

/// Lines found over a text's bytes are the lines that splitting on the Character "\n" gives,
/// for text whose line endings are normalized: line feeds next to combining marks, emoji
/// sequences, Japanese and blank lines included.
@Suite struct LineSplittingTests {
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
                    IncludePlacement.lines(of: text, omittingEmpty: omittingEmpty) == byCharacters,
                    "round \(round), omitting empty lines: \(omittingEmpty): \(text.debugDescription)")
            }
        }
    }
}

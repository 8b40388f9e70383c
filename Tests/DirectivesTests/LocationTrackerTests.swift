import Diagnostics
import SeededRandom
import Testing

@testable import Directives

/// The tracker's line and column of a byte offset are those counted on the text itself: lines
/// by line feeds, columns in Characters from the line's start (from the first column given on
/// the first line), for offsets asked in increasing order, as a scan asks them, and out of order.
@Suite struct LocationTrackerTests {
    /// The place of the character at UTF-8 offset `offset` of `text`, counted plainly.
    private static func expected(_ text: String, _ offset: Int, start: Diagnostics.SourceLocation) -> Diagnostics.SourceLocation {
        let before = String(decoding: text.utf8.prefix(offset), as: UTF8.self)
        let lines = before.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let line = start.line + lines.count - 1
        return Diagnostics.SourceLocation(file: start.file, line: line, column: (lines.count == 1 ? start.column : 1) + lines[lines.count - 1].count)
    }

    @Test func placesAreCountedInCharactersFromTheLineStart() {
        var random = SeededGenerator(seed: 0x10CA_7001)
        // Directive-like ASCII between the pieces, so that offsets fall where a scan asks.
        let pieces = TextPieces.characters.filter { !$0.contains("\r") } + ["{{ x }}", "{% if a %}", "\n", "\n"]
        for round in 0..<1500 {
            let text = (0..<Int.random(in: 0...10, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            // Offsets on character boundaries, where a scan stops (at a directive's `{`).
            var boundaries: [Int] = [0]
            var offset = 0
            for character in text {
                offset += character.utf8.count
                boundaries.append(offset)
            }
            let start = Diagnostics.SourceLocation(file: "g.md", line: Int.random(in: 1...9, using: &random), column: Int.random(in: 1...9, using: &random))
            var tracker = LocationTracker(bytes: Array(text.utf8), start: start)
            let asked = Int.random(in: 0..<4, using: &random) == 0 ? boundaries.shuffled(using: &random) : boundaries
            for target in asked {
                let found = tracker.location(at: target)
                #expect(found == Self.expected(text, target, start: start), "round \(round), offset \(target): \(text.debugDescription)")
            }
        }
    }
}

import SeededRandom
import Testing

@testable import Diagnostics

/// A source file's lines, found with memchr over its bytes, are the lines that splitting its
/// normalized text on "\n" gives, for text with CR LF and lone CR endings, a BOM, Japanese,
/// combining marks next to line ends, empty lines and no final newline.
@Suite struct SourceFileTests {
    @Test func linesAreTheTextSplitAtLineFeeds() {
        let pieces = ["a", "\n", "\r\n", "\r", "\n\n", "期限", "e\u{301}", "\u{301}", "👩‍💻", " ", "\t", "- 手順: x", "\u{FEFF}"]
        var random = SeededGenerator(seed: 0x50F1_0001)
        for round in 0..<3000 {
            let text = (0..<Int.random(in: 0...14, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let file = SourceFile(path: "f.md", text: text)
            let expected = file.text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(file.lineCount == expected.count, "round \(round): \(text.debugDescription)")
            for number in 1...max(file.lineCount, 1) where number <= expected.count {
                #expect(file.line(number).map(String.init) == String(expected[number - 1]), "round \(round), line \(number)")
            }
            #expect(file.line(file.lineCount + 1) == nil)
            #expect(!file.text.utf8.contains(UInt8(ascii: "\r")), "round \(round): a carriage return was left")
        }
    }
}

import MarkdownRendering
import SeededRandom
import Testing

@testable import SitegenKit

/// ``ScenarioBodyRenderer/pointsBetweenBackticks(_:in:)`` finds lines with memchr; here it is
/// held to reading the text a byte at a time, on random texts of backticks, line feeds and
/// Japanese, at random points in the order of the text.
@Suite struct PointsBetweenBackticksTests {
    /// The plain way: the point's offset from the lines counted byte by byte.
    static func plain(_ points: [SourcePoint], in text: [UInt8]) -> [Bool] {
        var lineStarts = [0]
        for (offset, byte) in text.enumerated() where byte == UInt8(ascii: "\n") { lineStarts.append(offset + 1) }
        return points.map { point in
            guard point.line <= lineStarts.count else { return false }
            let at = lineStarts[point.line - 1] + point.column - 1
            return at > 0 && at < text.count && text[at - 1] == UInt8(ascii: "`") && text[at] == UInt8(ascii: "`")
        }
    }

    @Test func agreesWithReadingByteByByte() {
        var random = SeededGenerator(seed: 0x6261_636b)
        let pieces: [[UInt8]] = ["`", "``", "\n", "a", "コード", " ", "\n\n"].map { Array($0.utf8) }
        for round in 0..<2_000 {
            let text = (0..<Int.random(in: 0...40, using: &random)).flatMap { _ in pieces.randomElement(using: &random)! }
            // Points at byte offsets of the text (and one past it), as line and column, in order.
            var offsets = (0..<Int.random(in: 1...6, using: &random)).map { _ in Int.random(in: 0...text.count, using: &random) }
            offsets.sort()
            let points = offsets.map { offset -> SourcePoint in
                let before = text[..<offset]
                let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
                let lineStart = (before.lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
                return SourcePoint(line: line, column: offset - lineStart + 1)
            }
            let found = ScenarioBodyRenderer.pointsBetweenBackticks(points, in: text)
            #expect(found == Self.plain(points, in: text), "round \(round): \(String(decoding: text, as: UTF8.self).debugDescription) at \(offsets)")
        }
    }
}

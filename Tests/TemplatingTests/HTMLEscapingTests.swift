import SeededRandom
import Testing

@testable import Templating

/// Escaping a word at a time writes what escaping a byte at a time writes, for text of every
/// length around the eight-byte words (each escaped byte at every place in a word, Japanese,
/// digits and spaces, which send a word to the byte checks, and bytes just beside the escaped
/// ones), and the word check never passes a word that holds a byte to escape.
@Suite struct HTMLEscapingTests {
    private static func byteAtATime(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            case UInt8(ascii: "'"): out += Array("&#39;".utf8)
            default: out.append(byte)
            }
        }
        return out
    }

    @Test func wordsAreEscapedAsBytesAre() {
        let pieces = [
            "<", ">", "&", "\"", "'", "#", "a", " ", "0", "?", "=", ";", "%", "期限", "年", "\u{7F}", "\u{0}", "abcdefgh", "2026年1月31日",
            "%3A%2F", "\u{3E}\u{3F}", "\u{26}\u{27}", "\u{22}\u{23}", "\u{3C}\u{3D}", "\u{24}\u{25}",
        ]
        var random = SeededGenerator(seed: 0xE5C4_0001)
        for round in 0..<5000 {
            let text = (0..<Int.random(in: 0...(round % 2 == 0 ? 12 : 40), using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            let bytes = Array(text.utf8)
            // Small storage to begin with, so that escaping also grows it.
            var written = OutputBytes(capacity: Int.random(in: 0...16, using: &random))
            bytes.withUnsafeBufferPointer { HTMLEscaping.append($0, to: &written) }
            #expect(written.array == Self.byteAtATime(bytes), "round \(round): \(text.debugDescription)")
        }
    }

    @Test func noWordWithAByteToEscapeIsPassed() {
        var random = SeededGenerator(seed: 0xE5C4_0002)
        let escaped: [UInt8] = Array("<>&\"'".utf8)
        for _ in 0..<20_000 {
            // Any bytes, one of them to escape, at any place.
            var bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &random) }
            bytes[Int.random(in: 0..<8, using: &random)] = escaped.randomElement(using: &random)!
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect(HTMLEscaping.mayNeedEscaping(word), "\(bytes)")
        }
        // Every word without one of the five bytes or `#` passes: the two looks that cover
        // them take no other byte.
        let others = (0...255).map(UInt8.init).filter { !escaped.contains($0) && $0 != UInt8(ascii: "#") }
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in others.randomElement(using: &random)! }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect(!HTMLEscaping.mayNeedEscaping(word), "\(bytes)")
        }
        // Words of letters and Japanese text pass at once.
        for text in ["abcdefgh", "期限の年月", "ZZZZZZZZ"] {
            let word = Array(text.utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect(!HTMLEscaping.mayNeedEscaping(word), "\(text)")
        }
    }
}

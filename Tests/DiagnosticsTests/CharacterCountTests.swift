import Diagnostics
import SeededRandom
import Testing

/// Characters counted over bytes, a scalar at a time where no scalar can join another, agree
/// with the Standard Library's count of the same text.
@Suite struct CharacterCountTests {
    @Test func charactersAreCountedAsStringCountsThem() {
        var generator = SeededGenerator(seed: 0x5EED_0031)
        var fast = 0
        for round in 0..<5000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                TextPieces.characters.randomElement(using: &generator)!
            }.joined()
            #expect(CharacterCount.count(of: text) == text.count, "round \(round): \(text.debugDescription)")
            if text.unicodeScalars.allSatisfy(CharacterCount.isStandalone) { fast += 1 }
        }
        // Both the scalar count and the fallback are exercised.
        #expect(fast > 300 && fast < 4700, "\(fast) texts of standalone scalars")
    }

    @Test func standaloneScalarsStayApartFromEachOther() {
        // Every standalone scalar is a character of its own beside the quotes and beside other
        // standalone scalars: no rule of grapheme breaking joins two of them (a following
        // combining mark joins any of them, which is why a text with one is counted in full).
        let standalone = (0...0x10FFFF).lazy.compactMap(Unicode.Scalar.init).filter(CharacterCount.isStandalone)
        let neighbours = ["\"", "'", "a", " ", "\n", "\t", "\u{0}", "ー", "漢", "「", "！", "か", "ア"]
        #expect(neighbours.allSatisfy { $0.unicodeScalars.allSatisfy(CharacterCount.isStandalone) })
        var checked = 0
        for scalar in standalone {
            for neighbour in neighbours {
                #expect((String(scalar) + neighbour).count == 2, "U+\(String(scalar.value, radix: 16)) then \(neighbour.debugDescription)")
                #expect((neighbour + String(scalar)).count == 2, "\(neighbour.debugDescription) then U+\(String(scalar.value, radix: 16))")
            }
            checked += 1
        }
        #expect(checked > 20_000)
        // What joins a neighbour, or pairs with one, is not standalone.
        for joining: Unicode.Scalar in ["\r", "\u{301}", "\u{3099}", "\u{302A}", "\u{FF9E}", "\u{200D}", "\u{600}", "\u{903}", "\u{1F1EF}", "\u{1100}", "\u{FE0F}"] {
            #expect(!CharacterCount.isStandalone(joining), "U+\(String(joining.value, radix: 16))")
        }
    }

    /// Bytes that are not all well-formed UTF-8: cut pieces, stray continuation bytes, overlong
    /// forms (`E0 80 80` would read as U+0000), surrogates and lone lead bytes are counted as
    /// decoding them and counting the characters counts them.
    @Test func bytesAreCountedAsTheirDecodedStringCountsThem() {
        var generator = SeededGenerator(seed: 0x5EED_0033)
        let odd: [[UInt8]] = [[0xE0, 0x80, 0x80], [0xE0, 0x81, 0x81], [0xED, 0xA0, 0x80], [0x80], [0xBF], [0xE3], [0xE3, 0x81], [0xC0, 0x80], [0xFF], [0xF0, 0x9F]]
        var fast = 0
        for round in 0..<5000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                if Int.random(in: 0..<4, using: &generator) == 0 {
                    bytes += odd.randomElement(using: &generator)!
                } else {
                    bytes += Array(TextPieces.characters.randomElement(using: &generator)!.utf8)
                }
            }
            // A piece cut short at either end, as a slice of a text might be.
            if Int.random(in: 0..<3, using: &generator) == 0, !bytes.isEmpty {
                bytes.removeFirst(Int.random(in: 0...min(2, bytes.count), using: &generator))
            }
            let expected = String(decoding: bytes, as: UTF8.self).count
            #expect(bytes.withUnsafeBufferPointer(CharacterCount.count(utf8:)) == expected, "round \(round): \(bytes)")
            if bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) || String(validating: bytes, as: UTF8.self)?.unicodeScalars.allSatisfy(CharacterCount.isStandalone) == true {
                fast += 1
            }
        }
        #expect(fast > 300 && fast < 4700, "\(fast) byte strings of standalone scalars")
    }
}

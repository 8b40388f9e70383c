import Foundation
import Testing

@testable import MarkdownRendering

/// Heading links encode their ids over bytes; Foundation's percent-encoding is the reference.
@Suite struct FragmentEncodingTests {
    @Test func encodingAgreesWithFoundationOnRandomText() {
        // Letters, digits and punctuation of ASCII, kana, kanji, full-width forms, accents,
        // emoji and controls: every kind of byte sequence a heading can hold.
        let pool: [Unicode.Scalar] =
            Array("aZ09-._~ %#/?&=+!'()*,;:@[]\"<>\\^`{|}".unicodeScalars)
            + Array("見出し手順のまとめ、。「」（）ＡＢ１２é\u{0301}한국어😀\u{7F}\u{01}".unicodeScalars)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                text.append(pool.randomElement(using: &generator)!)
            }
            let string = String(text)
            let expected = string.addingPercentEncoding(withAllowedCharacters: MarkdownDocument.fragmentCharacters)
            #expect(MarkdownDocument.percentEncodedFragment(string) == expected, "\(string.debugDescription)")
        }
    }

    @Test func examples() {
        #expect(MarkdownDocument.percentEncodedFragment("step-1.a_b~") == "step-1.a_b~")
        #expect(MarkdownDocument.percentEncodedFragment("手順") == "%E6%89%8B%E9%A0%86")
        #expect(MarkdownDocument.percentEncodedFragment("a b") == "a%20b")
    }
}

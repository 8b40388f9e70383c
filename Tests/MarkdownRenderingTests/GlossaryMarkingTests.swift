import Testing

@testable import MarkdownRendering

/// README.md, "The glossary": the first occurrence of a term in prose is marked; later ones, headings, links and
/// code are left alone; ASCII terms match at word boundaries, other terms as written.
@Suite struct GlossaryMarkingTests {
    func mark(_ markdown: String, _ terms: [[String]]) -> String {
        let document = MarkdownDocument(parsing: markdown)
        document.markFirstOccurrences(of: terms.map { TermPattern(spellings: $0) }) { index, text in
            "<dfn data-term=\"\(index)\">\(text)</dfn>"
        }
        return document.renderHTML()
    }

    @Test func onlyTheFirstOccurrenceInProseIsMarked() {
        let html = mark("# CSRの作り方\n\nCSRを作ります。次にCSRを送ります。\n", [["CSR"]])
        #expect(html == "<h1>CSRの作り方</h1>\n<p><dfn data-term=\"0\">CSR</dfn>を作ります。次にCSRを送ります。</p>\n")
    }

    @Test func linksAndCodeAreNotProse() {
        let html = mark("[CSR](https://example.jp) と `CSR` と\n\n    CSR\n\n最後に CSR。\n", [["CSR"]])
        #expect(html.contains("<a href=\"https://example.jp\">CSR</a> と <code>CSR</code>"))
        #expect(html.contains("<pre><code>CSR\n</code></pre>"))
        #expect(html.contains("<p>最後に <dfn data-term=\"0\">CSR</dfn>。</p>"))
    }

    @Test func asciiTermsMatchAtWordBoundariesOnly() {
        #expect(mark("CSRs and XCSR and CSR_x, then CSR.", [["CSR"]]) == "<p>CSRs and XCSR and CSR_x, then <dfn data-term=\"0\">CSR</dfn>.</p>\n")
        // Japanese characters next to an ASCII term are boundaries.
        #expect(mark("ここでCSRを作る", [["CSR"]]) == "<p>ここで<dfn data-term=\"0\">CSR</dfn>を作る</p>\n")
    }

    @Test func japaneseTermsMatchAsWrittenAndAliasesCount() {
        let terms = [["サーバ証明書", "SSLサーバ証明書"], ["秘密鍵", "プライベートキー"]]
        let html = mark("SSLサーバ証明書とプライベートキー。サーバ証明書と秘密鍵。", terms)
        #expect(html == "<p><dfn data-term=\"0\">SSLサーバ証明書</dfn>と<dfn data-term=\"1\">プライベートキー</dfn>。サーバ証明書と秘密鍵。</p>\n")
    }

    /// A term is never linked inside a longer word declared with `not_inside`: the product name
    /// stays whole, and the term's first occurrence on its own is linked.
    @Test func termsAreNotLinkedInsideLongerWords() {
        let document = MarkdownDocument(parsing: "IIJサーバ証明書管理サービスで、サーバ証明書を発行します。\n")
        document.markFirstOccurrences(of: [TermPattern(spellings: ["サーバ証明書"], notInside: ["IIJサーバ証明書管理サービス"])]) {
            "<dfn data-term=\"\($0)\">\($1)</dfn>"
        }
        #expect(document.renderHTML() == "<p>IIJサーバ証明書管理サービスで、<dfn data-term=\"0\">サーバ証明書</dfn>を発行します。</p>\n")
        // Without the declaration the term is found inside the name.
        #expect(mark("IIJサーバ証明書管理サービスで", [["サーバ証明書"]]).contains("IIJ<dfn data-term=\"0\">サーバ証明書</dfn>管理"))
        // The longest declared name at a place wins: a term that is the whole name is linked as one.
        #expect(mark("IIJサーバ証明書管理サービスで", [["サーバ証明書"], ["IIJサーバ証明書管理サービス"]])
            == "<p><dfn data-term=\"1\">IIJサーバ証明書管理サービス</dfn>で</p>\n")
    }

    /// The replacement form names the term and the spelling found, counted among the term's
    /// spellings without the empty ones, and puts in what it is given.
    @Test func replacementsAreChosenByTermAndSpelling() {
        let matcher = TermMatcher([TermPattern(spellings: ["", "鍵", "秘密鍵"]), TermPattern(spellings: ["CSR"])])
        #expect(matcher.spellings(ofTerm: 0) == ["鍵", "秘密鍵"])
        let document = MarkdownDocument(parsing: "秘密鍵とCSRと鍵。\n")
        var asked: [[Int]] = []
        document.markFirstOccurrences(using: matcher) { term, spelling in
            asked.append([term, spelling])
            return .html("<b>\(term).\(spelling)</b>", text: matcher.spellings(ofTerm: term)[spelling])
        }
        #expect(asked == [[0, 1], [1, 0]])
        #expect(document.renderHTML() == "<p><b>0.1</b>と<b>1.0</b>と鍵。</p>\n")
    }

    @Test func termsInTableCellsAndEmphasisAreMarked() {
        let html = mark("| 項目 |\n| --- |\n| **秘密鍵** |\n", [["秘密鍵"]])
        #expect(html.contains("<td><strong><dfn data-term=\"0\">秘密鍵</dfn></strong></td>"))
    }

    /// The matcher agrees with the plainest search (at each place, the longest remaining
    /// spelling that matches, the earlier term among spellings as long) on random texts and
    /// random terms: kana sharing their first bytes, ASCII words at word boundaries, spellings
    /// inside one another, and phrases never linked into.
    @Test func matcherAgreesWithALongestMatchSearch() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = ["サ", "ー", "バ", "証", "明", "書", "ル", "ト", "CSR", "a", "_", " ", "。", "é", "1", "👩", "\u{200D}"]
        func word(_ length: ClosedRange<Int>) -> String {
            (0..<Int.random(in: length, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
        }
        func isWordByte(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
        }
        for _ in 0..<300 {
            let terms = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                TermPattern(
                    spellings: (0..<Int.random(in: 1...3, using: &generator)).map { _ in word(1...3) },
                    notInside: Bool.random(using: &generator) ? [word(2...4)] : [])
            }
            let text = Array(word(0...40).utf8)
            // The reference: every spelling in the matcher's order, checked at every place.
            let protected = Array(Set(terms.flatMap(\.notInside))).sorted()
            let spellings: [(term: Int, bytes: [UInt8])] =
                terms.enumerated().flatMap { index, term in term.spellings.map { (index, Array($0.utf8)) } }
                + protected.map { (-1, Array($0.utf8)) }
            var remaining = Set(terms.indices)
            var expected: [(term: Int, range: Range<Int>)] = []
            var position = 0
            while position < text.count && !remaining.isEmpty {
                var best: (term: Int, bytes: [UInt8])?
                for spelling in spellings where spelling.term < 0 || remaining.contains(spelling.term) {
                    let end = position + spelling.bytes.count
                    guard end <= text.count, Array(text[position..<end]) == spelling.bytes else { continue }
                    if spelling.bytes.allSatisfy({ $0 < 0x80 }) {
                        if position > 0 && isWordByte(text[position - 1]) { continue }
                        if end < text.count && isWordByte(text[end]) { continue }
                    }
                    if best == nil || spelling.bytes.count > best!.bytes.count { best = spelling }
                }
                guard let found = best else {
                    position += 1
                    continue
                }
                if found.term >= 0 {
                    expected.append((found.term, position..<position + found.bytes.count))
                    remaining.remove(found.term)
                }
                position += found.bytes.count
            }
            let matcher = TermMatcher(terms)
            var left = [Bool](repeating: true, count: terms.count)
            var leftCount = terms.count
            let actual = text.withUnsafeBufferPointer {
                matcher.firstMatches(in: $0, remaining: &left, remainingCount: &leftCount)
            }
            #expect(actual.map(\.term) == expected.map(\.term), "\(String(decoding: text, as: UTF8.self)) \(terms)")
            #expect(actual.map(\.range) == expected.map(\.range))
            // Each match names the spelling found: its text is the text matched.
            #expect(actual.map { Array(matcher.spellings(ofTerm: $0.term)[$0.spelling].utf8) } == actual.map { Array(text[$0.range]) })
            #expect(leftCount == remaining.count)
        }
    }
}

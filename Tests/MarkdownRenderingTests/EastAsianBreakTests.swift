import SeededRandom
import Testing

@testable import MarkdownRendering

@Suite struct EastAsianBreakTests {
    func render(_ markdown: String) -> String {
        let document = MarkdownDocument(parsing: markdown)
        document.removeEastAsianSoftBreaks()
        return document.renderHTML()
    }

    @Test func breakBetweenJapaneseCharactersDisappears() {
        #expect(render("証明書を\n発行します。\n") == "<p>証明書を発行します。</p>\n")
        #expect(render("確認します。\n次に") == "<p>確認します。次に</p>\n")
        // After full-width punctuation the break goes whatever follows.
        #expect(render("「その他」\n(お客様") == "<p>「その他」(お客様</p>\n")
    }

    /// A sentence or clause ended by full-width punctuation gains no space before Latin letters,
    /// digits, markup or a value on the next line.
    @Test func breakAfterFullWidthPunctuationDisappearsWhateverFollows() {
        #expect(render("ご案内します。\nJPドメインは") == "<p>ご案内します。JPドメインは</p>\n")
        #expect(render("かかります。\n4月28日まで") == "<p>かかります。4月28日まで</p>\n")
        #expect(render("次に、\n**CSR**を") == "<p>次に、<strong>CSR</strong>を</p>\n")
        #expect(render("「承認」\nする") == "<p>「承認」する</p>\n")
        #expect(render("完了！\nNext") == "<p>完了！Next</p>\n")
        // Half-width punctuation is not East Asian: the break stays.
        #expect(render("done.\nNext") == "<p>done.\nNext</p>\n")
        #expect(render("日本語(\nabc") == "<p>日本語(\nabc</p>\n")
        // Before full-width punctuation, the other side decides as before.
        #expect(render("abc\n「引用」") == "<p>abc\n「引用」</p>\n")
    }

    /// Lines of random text whose characters at the break are one to four bytes long (Latin,
    /// accented Latin, kana and kanji, full-width and half-width punctuation, Hangul, emoji),
    /// held to the rule read off the characters themselves: the break goes when the character
    /// before it is wide, and it is full-width punctuation or the character after is wide too.
    @Test func theCharactersAtABreakAreReadWhateverTheirLength() {
        let pieces = ["a", "Z", "7", "é", "ß", "証", "明", "か", "ア", "。", "、", "「", "」", "！", "（", "?", ",", "한", "글", "😀", "𠮷", "ｱ", "Ω"]
        var generator = SeededGenerator(seed: 0xEA57_0A51)
        var removed = 0
        for round in 0..<2000 {
            func line() -> String {
                (0..<Int.random(in: 1...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            }
            let before = line()
            let after = line()
            let last = before.unicodeScalars.last!
            let first = after.unicodeScalars.first!
            let goes =
                MarkdownDocument.isEastAsianWide(last)
                && (MarkdownDocument.isFullWidthPunctuation(last) || MarkdownDocument.isEastAsianWide(first))
            if goes { removed += 1 }
            let expected = "<p>" + before + (goes ? "" : "\n") + after + "</p>\n"
            #expect(render(before + "\n" + after) == expected, "round \(round)")
        }
        // Both outcomes must be drawn often.
        #expect(removed > 300 && removed < 1700, "\(removed) breaks removed")
    }

    @Test func breakBetweenLatinWordsStays() {
        #expect(render("a line\nbreak\n") == "<p>a line\nbreak</p>\n")
    }

    @Test(arguments: [
        ("日本語\nEnglish", "<p>日本語\nEnglish</p>\n"),
        ("English\n日本語", "<p>English\n日本語</p>\n"),
        ("RSA 2048bit\nの鍵", "<p>RSA 2048bit\nの鍵</p>\n"),
        ("全角ＡＢＣ\n全角", "<p>全角ＡＢＣ全角</p>\n"),
        ("한국어\n문장", "<p>한국어\n문장</p>\n"),
    ])
    func mixedCases(_ markdown: String, _ html: String) {
        #expect(render(markdown) == html)
    }

    @Test func breaksNextToInlineMarkupLookAtTheText() {
        #expect(render("**重要**\nです") == "<p><strong>重要</strong>です</p>\n")
        #expect(render("手順は\n`コード`") == "<p>手順は<code>コード</code></p>\n")
        #expect(render("[リンク](a)\nです") == "<p><a href=\"a\">リンク</a>です</p>\n")
    }

    @Test func hardBreaksAreKept() {
        #expect(render("一行目\\\n二行目") == "<p>一行目<br />\n二行目</p>\n")
    }

    /// What the first walk notes for the passes after it (the nodes that may hold a token, the
    /// headings, the soft breaks) and what the token pass notes for the glossary (the prose text
    /// nodes once the values are in) are the nodes those passes' own walks would find: on random
    /// documents of headings, lists, steps, links, images, tables, line breaks, values and
    /// terms, the page is the same whether the passes use the noted nodes or walk again.
    @Test func notedNodesAreTheOnesTheWalksFind() {
        var generator = SeededGenerator(seed: 0x0B5E_12ED)
        let lines = [
            "## 手順", "### Step 1 の確認", "証明書を", "発行します。", "abc", "「承認」", "1. 申し込む", "2. 確認する", "- 項目",
            "> 引用です", "| a | b |\n|---|---|\n| 証 | 明 |", "", "`code`", "[証明書](https://example.jp)", "![証明書の図](a.png)",
            "   1. CSRを作る", "CSR証明書", "```\n証明書\n```", "[]()",
        ]
        let matcher = TermMatcher([
            TermPattern(spellings: ["証明書"]), TermPattern(spellings: ["CSR"]), TermPattern(spellings: ["値1", "値3"]),
            TermPattern(spellings: ["確認"]), TermPattern(spellings: ["明"]),
        ])
        var pages = 0
        for round in 0..<600 {
            var markdown = ""
            var tokens = 0
            var lineCount = 0
            for _ in 0..<Int.random(in: 1...14, using: &generator) {
                var line = lines.randomElement(using: &generator)!
                if line == "[]()" {
                    // A link without text, whose URL holds a value.
                    line = "[](https://example.jp/\(InlineToken.make(tokens)))"
                    tokens += 1
                } else if Bool.random(using: &generator) {
                    line += InlineToken.make(tokens)
                    tokens += 1
                }
                markdown += line + "\n"
                lineCount += line.split(separator: "\n", omittingEmptySubsequences: false).count
            }
            let points = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                SourcePoint(line: Int.random(in: 1...lineCount, using: &generator), column: Int.random(in: 1...6, using: &generator))
            }
            let withTerms = Bool.random(using: &generator)
            func page(forgettingNoted: Bool) -> String {
                let document = MarkdownDocument(parsing: markdown)
                for place in document.places(of: points) {
                    document.insertMarkup("<span class=\"step\"></span>", atStartOf: place, wrapping: ("<span>", "</span>"))
                }
                if forgettingNoted { document.notedTokenVisits = nil }
                document.replaceTokens { occurrence in
                    occurrence.id % 2 == 0 ? .text("値\(occurrence.id)") : .html("<b>証\(occurrence.id)</b>", text: "証\(occurrence.id)")
                }
                if forgettingNoted {
                    document.notedHeadings = nil
                    document.notedSoftBreaks = nil
                    document.notedProseTexts = nil
                }
                if withTerms {
                    document.markFirstOccurrences(using: matcher) { index, text in "<dfn data-term=\"\(index)\">\(text)</dfn>" }
                }
                document.removeEastAsianSoftBreaks()
                document.addHeadingIDs(anchorLabel: "リンク")
                return document.renderHTML()
            }
            let noted = page(forgettingNoted: false)
            if noted.contains("<dfn") { pages += 1 }
            #expect(noted == page(forgettingNoted: true), "round \(round): \(markdown.debugDescription) \(points)")
        }
        // The terms were found on many pages, so the glossary's use of the noted texts was tried.
        #expect(pages > 150)
    }

    /// A glossary pass before the token pass replaces text nodes that the first walk noted: the
    /// token pass then walks the tree again, and no freed node is touched.
    @Test func termsBeforeTokensWalkAgain() {
        let markdown = "1. 証明書\(InlineToken.make(0))を確認\n2. 証明書\n"
        let document = MarkdownDocument(parsing: markdown)
        _ = document.places(of: [SourcePoint(line: 1, column: 1)])
        document.markFirstOccurrences(using: TermMatcher([TermPattern(spellings: ["確認"])])) { _, text in "<dfn>\(text)</dfn>" }
        document.replaceTokens { _ in .text("2026年") }
        #expect(document.renderHTML() == "<ol>\n<li>証明書2026年を<dfn>確認</dfn></li>\n<li>証明書</li>\n</ol>\n")
    }
}

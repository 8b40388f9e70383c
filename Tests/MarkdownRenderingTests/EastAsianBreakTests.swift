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

    /// The soft breaks and headings the token pass notes for the passes after it are the ones
    /// those passes' own walks would find: on random documents of headings, lists, line breaks
    /// and values, the page is the same whether the passes use the noted nodes or walk again.
    @Test func notedNodesAreTheOnesTheWalksFind() {
        var generator = SeededGenerator(seed: 0x0B5E_12ED)
        let lines = [
            "## 手順", "### Step 1 の確認", "証明書を", "発行します。", "abc", "「承認」", "1. 申し込む", "2. 確認する", "- 項目",
            "> 引用です", "| a | b |\n|---|---|\n| 証 | 明 |", "", "`code`",
        ]
        for round in 0..<400 {
            var markdown = ""
            var tokens = 0
            for _ in 0..<Int.random(in: 1...14, using: &generator) {
                var line = lines.randomElement(using: &generator)!
                if Bool.random(using: &generator) {
                    line += InlineToken.make(tokens)
                    tokens += 1
                }
                markdown += line + "\n"
            }
            func page(forgettingNoted: Bool) -> String {
                let document = MarkdownDocument(parsing: markdown)
                document.replaceTokens { occurrence in
                    occurrence.id % 2 == 0 ? .text("値\(occurrence.id)") : .html("<b>証\(occurrence.id)</b>", text: "証\(occurrence.id)")
                }
                if forgettingNoted {
                    document.notedHeadings = nil
                    document.notedSoftBreaks = nil
                }
                document.removeEastAsianSoftBreaks()
                document.addHeadingIDs(anchorLabel: "リンク")
                return document.renderHTML()
            }
            #expect(page(forgettingNoted: false) == page(forgettingNoted: true), "round \(round): \(markdown.debugDescription)")
        }
    }
}

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
        #expect(render("「その他」\n(お客様") == "<p>「その他」\n(お客様</p>\n")
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
}

import SeededRandom
import Testing

@testable import MarkdownRendering

@Suite struct TokenTests {
    @Test func tokensRoundTrip() {
        let text = "a" + InlineToken.make(0) + "b" + InlineToken.make(1234) + InlineToken.make(7)
        #expect(InlineToken.split(text) == [.literal("a"), .token(0), .literal("b"), .token(1234), .token(7)])
        #expect(InlineToken.split("plain") == [.literal("plain")])
        // A lone opener is text, not a token.
        #expect(InlineToken.split("x\u{E000}y") == [.literal("x\u{E000}y")])
    }

    /// A token standing for text that starts or ends with punctuation or whitespace carries an
    /// edge of that class, which the emphasis rules read and replacement drops.
    @Test func edgesReadLikeTheTextAndGoWithTheToken() {
        let token = InlineToken.make(3, standingFor: "(日)")
        #expect(token.unicodeScalars.first == InlineToken.punctuationEdge)
        #expect(token.unicodeScalars.last == InlineToken.punctuationEdge)
        #expect(InlineToken.split("a" + token + "b") == [.literal("a"), .token(3), .literal("b")])
        #expect(InlineToken.make(4, standingFor: "abc") == InlineToken.make(4))
        #expect(InlineToken.make(5, standingFor: " x").unicodeScalars.first == InlineToken.whitespaceEdge)
        // `**` before a bare token is not left-flanking before 「; with the edge it is, as with 「 itself.
        let document = MarkdownDocument(parsing: "x" + InlineToken.make(0, standingFor: "「") + "**「b」**")
        document.replaceTokens { _ in .text("「") }
        #expect(document.renderHTML() == MarkdownDocument.html(from: "x「**「b」**"))
        // Authors cannot type an edged token either.
        #expect(!InlineToken.neutralize(token).unicodeScalars.contains { (0xE000...0xE005).contains($0.value) })
    }

    /// Tokens are written byte by byte; they are the scalars the format names: an opener (after
    /// an edge, for text that starts with one), a private-use digit per decimal digit of the id,
    /// a closer (before an edge). Held to that on random ids and texts of every edge class.
    @Test func tokensAreTheScalarsOfTheirFormat() {
        var random = SeededGenerator(seed: 12)
        let texts = ["", "a", "日", "(日)", " x", "x ", "「承認」", "2026年2月15日(日)", "\u{3000}全角", "—", "a_b", "🙂"]
        func reference(_ id: Int, lead: Unicode.Scalar?, open: Unicode.Scalar, close: Unicode.Scalar, trail: Unicode.Scalar?) -> String {
            var scalars = String.UnicodeScalarView()
            if let lead { scalars.append(lead) }
            scalars.append(open)
            for digit in String(id).unicodeScalars { scalars.append(Unicode.Scalar(InlineToken.digitZero + digit.value - 0x30)!) }
            scalars.append(close)
            if let trail { scalars.append(trail) }
            return String(scalars)
        }
        for round in 0..<2_000 {
            let id = round < 30 ? round : [Int.random(in: 0..<1_000, using: &random), Int.random(in: 0...999_999_999, using: &random)][round % 2]
            #expect(InlineToken.make(id) == reference(id, lead: nil, open: InlineToken.open, close: InlineToken.close, trail: nil))
            #expect(
                InlineToken.make(id, marker: true)
                    == reference(id, lead: nil, open: InlineToken.markerOpen, close: InlineToken.markerClose, trail: nil))
            let text = texts.randomElement(using: &random)!
            let lead = text.unicodeScalars.first.flatMap(InlineToken.edge(for:))
            let trail = text.unicodeScalars.last.flatMap(InlineToken.edge(for:))
            let expected = reference(
                id, lead: lead, open: lead == nil ? InlineToken.open : InlineToken.openAfterEdge,
                close: trail == nil ? InlineToken.close : InlineToken.closeBeforeEdge, trail: trail)
            #expect(InlineToken.make(id, standingFor: text) == expected, "id \(id), text \(text.debugDescription)")
        }
    }

    /// A text's first and last scalars, read from its bytes for a token's edges, are the
    /// scalar view's, on random texts of one- to four-byte scalars.
    @Test func firstAndLastScalarsAreReadFromTheBytes() {
        var random = SeededGenerator(seed: 29)
        let pool: [Unicode.Scalar] = ["a", " ", "(", "\u{7F}", "\u{80}", "é", "\u{7FF}", "\u{800}", "日", "「", "\u{3000}", "\u{FFFD}", "\u{FFFF}", "\u{10000}", "🙂", "\u{10FFFF}"]
        for _ in 0..<2_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...5, using: &random) { scalars.append(pool.randomElement(using: &random)!) }
            let text = String(scalars)
            let (first, last) = text.withUTF8Bytes { (InlineToken.firstScalar(of: $0), InlineToken.lastScalar(of: $0)) }
            #expect(first == text.unicodeScalars.first, "\(text.debugDescription)")
            #expect(last == text.unicodeScalars.last, "\(text.debugDescription)")
        }
    }

    /// Tokens taken out before parsing leave a point: line and UTF-8 column of where they stood.
    @Test func removedTokensLeavePoints() {
        let text = "1. " + InlineToken.make(0) + "**a**\n   é" + InlineToken.make(1) + InlineToken.make(2, standingFor: "(x)")
        let (left, removed) = InlineToken.removeTokens(from: text) { $0 < 2 }
        #expect(String(decoding: left, as: UTF8.self) == "1. **a**\n   é" + InlineToken.make(2, standingFor: "(x)"))
        #expect(removed.map(\.id) == [0, 1])
        #expect(removed.map(\.point) == [SourcePoint(line: 1, column: 4), SourcePoint(line: 2, column: 6)])
        let document = MarkdownDocument(parsingUTF8: left)
        let places = document.places(of: removed.map(\.point))
        #expect(places.map(\.listItemPath) == [[1], [1]])
        #expect(places.map(\.inCode) == [false, false])
    }

    /// The points of removed tokens agree with counting lines byte by byte, on random texts of
    /// newlines, multi-byte characters and tokens (the text is copied in runs, lines found with
    /// memchr).
    @Test func removedTokenPointsMatchAByteByByteCount() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "\n", "é", "申", "\n\n", " ", "**", "\u{E000}"]
        for _ in 0..<500 {
            var text = ""
            var id = 0
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                if Bool.random(using: &generator), Int.random(in: 0..<3, using: &generator) == 0 {
                    text += InlineToken.make(id)
                    id += 1
                } else {
                    text += pieces.randomElement(using: &generator)!
                }
            }
            let (left, removed) = InlineToken.removeTokens(from: text) { $0 % 2 == 0 }
            // The reference: the text without the even tokens, each point found by walking bytes.
            var expectedText: [UInt8] = []
            var expectedPoints: [(Int, SourcePoint)] = []
            var line = 1
            var lineStart = 0
            for piece in InlineToken.split(text) {
                switch piece {
                case .token(let token) where token % 2 == 0:
                    expectedPoints.append((token, SourcePoint(line: line, column: expectedText.count - lineStart + 1)))
                case .token(let token):
                    expectedText += Array(InlineToken.make(token).utf8)
                case .literal(let literal):
                    for byte in literal.utf8 {
                        expectedText.append(byte)
                        if byte == UInt8(ascii: "\n") {
                            line += 1
                            lineStart = expectedText.count
                        }
                    }
                }
            }
            #expect(left == expectedText)
            #expect(removed.map(\.id) == expectedPoints.map(\.0))
            #expect(removed.map(\.point) == expectedPoints.map(\.1))
            // The same text given as its bytes (an expansion's) gives the same.
            let (leftOfBytes, removedOfBytes) = InlineToken.removeTokens(fromUTF8: Array(text.utf8)) { $0 % 2 == 0 }
            #expect(leftOfBytes == expectedText)
            #expect(removedOfBytes.map(\.id) == expectedPoints.map(\.0))
            #expect(removedOfBytes.map(\.point) == expectedPoints.map(\.1))
        }
    }

    /// Stamped values are plain text wherever they stand: a `|`, `*`, `<` or backtick in a value
    /// must not change the table, emphasis or code around it.
    /// Found by fuzzing (FuzzPage): a token-shaped run of more digits than an Int holds, as an
    /// author could type it, trapped on overflow; it is text like any other malformed token.
    @Test func tokenWithTooManyDigitsIsText() {
        let digits = String(repeating: "\u{E011}", count: 25)
        let text = "a\u{E000}\(digits)\u{E001}b"
        #expect(InlineToken.split(text) == [.literal(text)])
        let document = MarkdownDocument(parsing: text)
        #expect(document.tokenOccurrences().isEmpty)
        #expect(document.renderHTML().hasPrefix("<p>a\u{E000}"))
        // Nine digits, far more values than a page has, are still a token; ten are text.
        #expect(InlineToken.split(InlineToken.make(999_999_999)) == [.token(999_999_999)])
        #expect(InlineToken.split(InlineToken.make(1_000_000_000)) == [.literal(InlineToken.make(1_000_000_000))])
    }

    @Test func replacedValuesAreNeverMarkup() {
        let value = "a|b *c* <d> `e`"
        let token = InlineToken.make(1)
        let markdown = """
            | 項目 | 値 |
            | --- | --- |
            | x | \(token) |

            文中 \(token) と `code \(token)`

                block \(token)

            [リンク \(token)](https://example.jp/\(token))
            """
        let document = MarkdownDocument(parsing: markdown)
        var contexts: [TokenOccurrence.Context] = []
        for occurrence in document.tokenOccurrences() { contexts.append(occurrence.context) }
        // A link's destination is met when the walk enters the link, before its text.
        #expect(contexts == [.prose, .prose, .code, .code, .attribute, .prose])
        document.replaceTokens { _ in .text(value) }
        let html = document.renderHTML()
        #expect(html.contains("<td>a|b *c* &lt;d&gt; `e`</td>"))
        #expect(html.contains("<p>文中 a|b *c* &lt;d&gt; `e` と <code>code a|b *c* &lt;d&gt; `e`</code></p>"))
        #expect(html.contains("<pre><code>block a|b *c* &lt;d&gt; `e`\n</code></pre>"))
        #expect(html.contains("<a href=\"https://example.jp/a%7Cb%20*c*%20%3Cd%3E%20%60e%60\">リンク a|b *c* &lt;d&gt; `e`</a>"))
        #expect(!html.contains("\u{E000}"))
    }

    @Test func markupReplacementsStandInProseOnly() {
        let token = InlineToken.make(3)
        let document = MarkdownDocument(parsing: "期限は\(token)です。`\(token)`")
        document.replaceTokens { _ in .html("<time datetime=\"2026-02-15\">2026年2月15日</time>", text: "2026年2月15日") }
        #expect(document.renderHTML() == "<p>期限は<time datetime=\"2026-02-15\">2026年2月15日</time>です。<code>2026年2月15日</code></p>\n")
    }

    @Test func authorsRawHTMLStaysOmittedBesideSitegenMarkup() {
        let token = InlineToken.make(0)
        let document = MarkdownDocument(parsing: "<script>x</script>\n\n\(token) <b>b</b>")
        document.replaceTokens { _ in .html("<span>ok</span>", text: "ok") }
        let html = document.renderHTML()
        #expect(html.contains("<span>ok</span>"))
        #expect(!html.contains("<script>") && !html.contains("<b>"))
    }

    @Test func listItemPathsNumberNestedOrderedLists() {
        let t = { (id: Int) in InlineToken.make(id) }
        let markdown = """
            3. \(t(0))三
            4. 四
               1. \(t(1))四の一
               2. \(t(2))四の二
                  - \(t(3))箇条書き
            5. \(t(4))五

            - \(t(5))外
            """
        let paths = MarkdownDocument(parsing: markdown).tokenOccurrences().map(\.listItemPath)
        #expect(paths == [[3], [4, 1], [4, 2], [4, 2], [5], []])
    }

    @Test func stampedTextJoinsEastAsianBreakDecision() {
        let token = InlineToken.make(0)
        let document = MarkdownDocument(parsing: "期限は\n\(token)\nまでです")
        document.replaceTokens { _ in .html("<time>三月</time>", text: "三月") }
        document.removeEastAsianSoftBreaks()
        #expect(document.renderHTML() == "<p>期限は<time>三月</time>までです</p>\n")
    }

    /// Table cells accept no custom node; markup still reaches the page there.
    @Test func markupInTableCells() {
        let token = InlineToken.make(0)
        let document = MarkdownDocument(parsing: "| 期限 |\n| --- |\n| \(token) |\n")
        document.replaceTokens { _ in .html("<time datetime=\"2026-02-02\">2月2日</time>", text: "2月2日") }
        let html = document.renderHTML()
        #expect(html.contains("<td><time datetime=\"2026-02-02\">2月2日</time></td>"))
        #expect(!html.unicodeScalars.contains { (0xE000...0xE0FF).contains($0.value) })
    }

    /// Markers are swapped over the rendered bytes: several in one page with Japanese text around
    /// them, while a token (not a marker), a lone opening scalar and a marker at the very end
    /// are handled like `split` handles them.
    @Test func markersAreSubstitutedOverBytes() {
        let token = InlineToken.make(0)
        let text = "前" + InlineToken.make(1, marker: true) + "中" + InlineToken.make(0, marker: true)
            + "後" + token + "\u{E002}x" + InlineToken.make(12, marker: true)
        let values = Dictionary(uniqueKeysWithValues: (0...12).map { ($0, "<m\($0)>") })
        let substituted = Array(text.utf8).withUnsafeBufferPointer { bytes in
            InlineToken.substitute(bytes, marker: true) { values[$0]! }
        }
        #expect(substituted == "前<m1>中<m0>後" + token + "\u{E002}x<m12>")
        let joined = InlineToken.split(text, marker: true).map { piece -> String in
            switch piece {
            case .literal(let literal): literal
            case .token(let id): values[id]!
            }
        }.joined()
        #expect(substituted == joined)
    }

    /// The edge a character gets is cmark-gfm's class of it (Unicode whitespace, punctuation,
    /// or a letter), for every scalar: the ranges of Japanese letters answered without a
    /// lookup of their properties included.
    @Test func edgesFollowTheCharactersClassForEveryScalar() {
        func reference(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
            if scalar.isASCII {
                if [0x20, 0x09, 0x0A, 0x0C, 0x0D].contains(scalar.value) { return InlineToken.whitespaceEdge }
                return ##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##.unicodeScalars.contains(scalar) ? InlineToken.punctuationEdge : nil
            }
            switch scalar.properties.generalCategory {
            case .spaceSeparator: return InlineToken.whitespaceEdge
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                .finalPunctuation, .otherPunctuation:
                return InlineToken.punctuationEdge
            default: return nil
            }
        }
        var differing: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if InlineToken.edge(for: scalar) != reference(scalar) { differing.append(value) }
        }
        #expect(differing.isEmpty, "\(differing.prefix(10).map { String($0, radix: 16) })")
    }

    /// Text put into markup escapes `&`, `<`, `>` and `"`, and only those, on random texts.
    @Test func escapingHTMLAgreesWithReplacingEachCharacter() {
        var generator = SeededGenerator(seed: 0xE5C)
        let pieces = ["a", "日", "é", "&", "<", ">", "\"", "'", " ", "&amp;", "🙂", "\n"]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            var expected = ""
            for character in text {
                switch character {
                case "&": expected += "&amp;"
                case "<": expected += "&lt;"
                case ">": expected += "&gt;"
                case "\"": expected += "&quot;"
                default: expected.append(character)
                }
            }
            #expect(MarkdownDocument.escapeHTML(text) == expected, "\(text.debugDescription)")
        }
    }

    /// Markdown handed over as bytes (what is left once tokens are taken out of a String, so
    /// valid UTF-8) parses as the same text made into a String: on random texts of blocks,
    /// inlines, multi-byte characters, NUL and CRLF.
    @Test func parsingBytesIsParsingTheirString() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [
            Array("# 見出し\n".utf8), Array("- a\n".utf8), Array("1. 申請\n".utf8), Array("~~x~~ ".utf8), Array("**b**".utf8),
            Array("www.example.jp ".utf8), Array("| a | b |\n| - | - |\n".utf8), Array("\n\n".utf8), Array("`c`".utf8),
            [0x00], [0xC3, 0xA9], Array("\r\n".utf8), Array("\u{E001}".utf8),
        ]
        for _ in 0..<500 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...30, using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(
                MarkdownDocument(parsingUTF8: bytes).renderHTML() == MarkdownDocument(parsing: text).renderHTML(),
                "\(bytes)")
        }
    }

    /// The tokens made once for small ids are the ones made afresh: the same id, the same
    /// edges, for values that start and end with letters, spaces and punctuation; the id read
    /// back from each is its own.
    @Test func cachedTokensAreTheTokensMadeAfresh() {
        let values = ["", "a", "承認", " a", "a ", "(a", "a)", "「承認」", " a)", "(a ", "2026年2月15日(日)", "\u{3000}値"]
        for id in 0..<(InlineToken.cachedIDs + 40) {
            #expect(InlineToken.make(id) == InlineToken.make(id, marker: false))
            for value in values {
                let lead = value.unicodeScalars.first.flatMap(InlineToken.edge(for:))
                let trail = value.unicodeScalars.last.flatMap(InlineToken.edge(for:))
                let token = InlineToken.make(id, standingFor: value)
                #expect(token == InlineToken.make(id, lead: lead, trail: trail), "id \(id), value \(value.debugDescription)")
                #expect(InlineToken.split(token).contains { if case .token(id) = $0 { true } else { false } }, "id \(id)")
            }
        }
    }
}

/// Headings get readable, stable ids from their text, unique on the page.
@Suite struct HeadingIDTests {
    @Test(arguments: [
        ("手順", "手順"),
        ("既存契約の「品目名」と「対象サービス」を確かめる", "既存契約の品目名と対象サービスを確かめる"),
        ("Step 2: CSR を作る", "step-2-csr-を作る"),
        ("  ---  ", "section"),
        ("料金(税別)・注意", "料金税別注意"),
    ])
    func idFromText(text: String, id: String) {
        #expect(MarkdownDocument.headingID(for: text) == id)
    }

    /// The rule as the documentation states it, by every scalar's Unicode properties: the id
    /// classifies ASCII by its byte instead, and must agree on every text.
    private static func idByProperties(_ text: String) -> String {
        var id = ""
        var pendingDash = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar == "-" || scalar == "_" {
                pendingDash = !id.isEmpty
                continue
            }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
                if pendingDash {
                    id += "-"
                    pendingDash = false
                }
                id += scalar.isASCII ? String(scalar).lowercased() : String(scalar)
            default:
                continue
            }
        }
        return id.isEmpty ? "section" : id
    }

    @Test func idsAgreeWithTheRuleByUnicodeProperties() {
        var generator = SeededGenerator(seed: 0x4EAD_1D5)
        // Every ASCII character, and what Japanese headings hold: kana, kanji, full-width
        // letters and digits, punctuation, spaces of other widths, marks and emoji.
        let pieces = (0..<128).map { String(UnicodeScalar(UInt8($0))) } + [
            "手順", "の", "ー", "「", "」", "、", "。", "・", "(", ")", "Ａ", "ｚ", "９", "①", "Ⅻ", "\u{3000}", "\u{2003}",
            "\u{85}", "\u{A0}", "e\u{301}", "か\u{3099}", "👩‍💻", "🇯🇵", "É", "ß", "ǅ", "Ω",
        ]
        for round in 0..<5000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(MarkdownDocument.headingID(for: text) == Self.idByProperties(text), "round \(round): \(text.debugDescription)")
        }
    }

    /// Every scalar alone, and after a letter and a space: the ranges of Japanese letters that
    /// are kept without a lookup of their properties included.
    @Test func everyScalarIsKeptOrDroppedByTheRule() {
        var differing: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), "a " + String(scalar)] where MarkdownDocument.headingID(for: text) != Self.idByProperties(text) {
                differing.append(value)
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(10).map { String($0, radix: 16) })")
    }

    @Test func idsAreUniqueAndLinked() {
        let document = MarkdownDocument(parsing: "## 手順\n\n本文\n\n## 手順\n\n### Step 1\n", options: .site)
        document.addHeadingIDs(taken: ["step-1"], anchorLabel: "この見出しへのリンク")
        let html = document.renderHTML()
        #expect(html.contains("<h2><span class=\"heading-id\" id=\"手順\"></span>手順<a class=\"heading-anchor\" href=\"#%E6%89%8B%E9%A0%86\" aria-label=\"この見出しへのリンク\" data-pagefind-ignore>#</a></h2>"))
        #expect(html.contains("id=\"手順-2\""))
        #expect(html.contains("<h3><span class=\"heading-id\" id=\"step-1-2\"></span>Step 1"))
    }
}

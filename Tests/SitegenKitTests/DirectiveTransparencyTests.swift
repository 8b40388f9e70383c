import Foundation
import MarkdownRendering
import Testing

@testable import SitegenKit

/// Directives never change how the Markdown around them parses: a snippet with a directive
/// renders as cmark-gfm renders the same snippet with the directive replaced by what it stands
/// for (nothing for a step, a comment or an untaken branch; the value for a stamp; the number for
/// a reference; the kept text for a branch, a raw block or an include).
///
/// Every context is tried at the top level and inside an ordered-list item, with every kind of
/// directive. sitegen's own markup (step anchors, links of references, `<time>` around dates) is
/// taken out of its HTML before comparing, since cmark-gfm has none of it.
@Suite struct DirectiveTransparencyTests {
    /// Snippets with a hole (`%`) where the directive goes. Single-line paragraphs, so East
    /// Asian line breaks play no part.
    static let contexts: [String] = [
        "%**「承認」する**",
        "**「承認」する**%",
        "**%「承認」する**",
        "**「承認」%**する",
        "前%**「承認」**後",
        "*「注意」*%は",
        "%*「注意」*は",
        "__「下線」__%",
        "%__「下線」__",
        "foo_%_bar_",
        "~~「取消」~~%",
        "%~~「取消」~~",
        "`コード %`",
        "`x`%**太字**",
        "[リンク%](https://example.com/)",
        "%[「リンク」](https://example.com/)",
        "[リンク](https://example.com/%)",
        "![画像%](a.png)",
        "<https://example.com/a%>",
        "www.example.com %",
        "「括弧」%（全角）",
        "a**%**b",
        "*%*",
        "テキスト%  \n次の行",
        "- 項目%**「太字」**",
        "> 引用%**「太字」**",
        "## 見出し%**「太字」**",
        "| 列 | 列2 |\n| --- | --- |\n| %**「セル」** | b |",
        "%# 見出しのつもり",
        "%- 箇条のつもり",
    ]

    /// A directive and what it stands for.
    struct Kind: CustomStringConvertible {
        var directive: String
        var standsFor: String
        /// Whether it can only stand in an ordered-list item, outside code.
        var isStep = false
        var description: String { directive }
    }

    static let kinds: [Kind] = [
        Kind(directive: "{{ word }}", standsFor: "abc"),
        Kind(directive: "{{ bracketed }}", standsFor: "「承認」"),
        Kind(directive: "{{ parenthesised }}", standsFor: "(日)"),
        Kind(directive: "{{ kanji }}", standsFor: "承認"),
        Kind(directive: "{{ amount }}", standsFor: "1,500"),
        Kind(directive: "{{ nothing }}", standsFor: ""),
        Kind(directive: "{{ day }}", standsFor: "2026年3月10日(火)"),
        Kind(directive: "{% step \"s\" %}", standsFor: "", isStep: true),
        Kind(directive: "{% ref \"target\" %}", standsFor: "1"),
        Kind(directive: "{# 書き手へのメモ #}", standsFor: ""),
        Kind(directive: "{% if off %}消える{% endif %}", standsFor: ""),
        Kind(directive: "{% if on %}「分岐」{% endif %}", standsFor: "「分岐」"),
        Kind(directive: "{% raw %}「生」{% endraw %}", standsFor: "「生」"),
        Kind(directive: "{% include \"inline\" %}", standsFor: "「部品」"),
    ]

    static let facts = [
        "word=abc", "bracketed=「承認」", "parenthesised=(日)", "kanji=承認", "amount=1,500",
        "day=2026-03-10", "on=true", "off=false",
    ]

    /// Every context in both places; the reference's target is in a list of its own (`1)`),
    /// so it is step 1 wherever the context stands.
    static var cases: [(String, Bool)] {
        contexts.flatMap { [($0, false), ($0, true)] }
    }

    static func makeSite() throws -> FixtureSite {
        let site = try FixtureSite("rules")
        try site.write("Content/rules/transparency.yml", """
            facts:
              word: { type: string, question: w }
              bracketed: { type: string, question: b }
              parenthesised: { type: string, question: p }
              kanji: { type: string, question: k }
              amount: { type: string, question: a }
              day: { type: date, question: d }
              "on": { type: bool, question: o }
              "off": { type: bool, question: f }
            rules:
              nothing: '""'

            """)
        try site.write("Content/partials/inline.md", "「部品」")
        return site
    }

    static func wrap(_ context: String, inItem: Bool) -> String {
        guard inItem else { return context }
        return "1. " + context.replacingOccurrences(of: "\n", with: "\n   ")
    }

    static let trailer = "\n\n1) {% step \"target\" %}目標\n"

    /// sitegen's HTML without the markup cmark-gfm does not make (step anchors and titles,
    /// heading ids and their links, references, dates). A step anchor before a block
    /// (an item that starts with a list, a quote or a table) stands on a line of its own.
    static func withoutOwnMarkup(_ html: String) -> String {
        withoutStepTitles(html)
            .replacingOccurrences(of: #"<span class="step-anchor" id="[^"]*"></span>\n?"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"<span class="heading-id" id="[^"]*"></span>"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"<a class="heading-anchor" href="[^"]*" aria-label="[^"]*" data-pagefind-ignore>#</a>"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"<a class="step-ref" href="[^"]*">([^<]*)</a>"#, with: "$1", options: .regularExpression)
            .replacingOccurrences(of: #"<time datetime="[^"]*">([^<]*)</time>"#, with: "$1", options: .regularExpression)
    }

    /// `html` without the step titles' weighting spans (each opening tag and its own closing
    /// tag, found by counting the spans between them).
    static func withoutStepTitles(_ html: String) -> String {
        let opening = #"<span class="step-title" data-pagefind-weight="2">"#
        var text = html
        while let start = text.range(of: opening) {
            var depth = 1
            var cursor = start.upperBound
            var closing: Range<String.Index>?
            while depth > 0, let end = text[cursor...].range(of: "</span>") {
                if let next = text[cursor...].range(of: "<span"), next.lowerBound < end.lowerBound {
                    depth += 1
                    cursor = next.upperBound
                } else {
                    depth -= 1
                    cursor = end.upperBound
                    if depth == 0 { closing = end }
                }
            }
            guard let closing else { break }
            text.removeSubrange(closing)
            text.removeSubrange(start)
        }
        return text
    }

    @Test func enoughCases() {
        #expect(Self.contexts.count >= 20)
        #expect(Self.kinds.count >= 10)
    }

    @Test(arguments: cases)
    func directivesParseLikeWhatTheyStandFor(context: String, inItem: Bool) throws {
        let site = try Self.makeSite()
        for kind in Self.kinds {
            // A step names an ordered-list item; in code it is an error (tested elsewhere).
            if kind.isStep && (!inItem || context.contains("`")) { continue }
            let source = Self.wrap(context, inItem: inItem).replacingOccurrences(of: "%", with: kind.directive) + Self.trailer
            let expectedSource = Self.wrap(context, inItem: inItem).replacingOccurrences(of: "%", with: kind.standsFor)
                + Self.trailer.replacingOccurrences(of: "{% step \"target\" %}", with: "")
            let output = DraftRenderer.render(
                markdown: source, path: "Content/guides/t.md", root: site.root, facts: Self.facts, asOf: "2026-01-15")
            #expect(output.diagnostics.isEmpty, "\(kind) in \(context): \(output.diagnostics)")
            let expected = MarkdownDocument.html(from: expectedSource)
            #expect(Self.withoutOwnMarkup(output.html) == expected, "\(kind) in:\n\(source)")
        }
    }
}

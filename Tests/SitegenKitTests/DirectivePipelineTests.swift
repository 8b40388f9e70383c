import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// Directives through the whole page path (directives → Markdown → HTML), with the rules of
/// `Fixtures/rules` (README.md: directives, stamps and steps).
@Suite struct DirectivePipelineTests {
    static let facts = ["service=web", "cloud=false", "expiry=2026-03-10"]

    func render(_ markdown: String, facts: [String] = facts) throws -> DraftRenderer.Output {
        let site = try FixtureSite("rules")
        return DraftRenderer.render(markdown: markdown, path: "Content/guides/t.md", root: site.root, facts: facts, asOf: "2026-01-15")
    }

    func html(_ markdown: String, facts: [String] = facts) throws -> String {
        let output = try render(markdown, facts: facts)
        #expect(output.diagnostics.isEmpty, "\(output.diagnostics)")
        return output.html
    }

    func errors(_ markdown: String, facts: [String] = facts) throws -> [Diagnostic] {
        try render(markdown, facts: facts).diagnostics.filter { $0.severity == .error }
    }

    // MARK: Each row of the directive table

    @Test func stampsEachType() throws {
        #expect(try html("{{ expiry }}") == "<p><time datetime=\"2026-03-10\">2026年3月10日(火)</time></p>\n")
        #expect(try html("{{ expiry | date: era }}") == "<p><time datetime=\"2026-03-10\">令和8年3月10日</time></p>\n")
        #expect(try html("{{ expiry | date: \"M月d日\" }}") == "<p><time datetime=\"2026-03-10\">3月10日</time></p>\n")
        #expect(try html("{{ service }} {{ fee }} {{ host }}") == "<p>Web 1,500 www.example.jp</p>\n")
        // 2026-02-07 is a Saturday, so the previous business day is Friday 2026-02-06.
        #expect(try html("{{ contact_by | date: \"yyyy-MM-dd\" }}") == "<p><time datetime=\"2026-02-06\">2026-02-06</time></p>\n")
    }

    @Test func boolCannotBeStamped() throws {
        let error = try #require(try errors("前置き\n\n本文 {{ cloud }}\n").first)
        #expect(error.id == "directive.stamp-bool")
        #expect(error.range?.start == SourceLocation(file: "Content/guides/t.md", line: 3, column: 7))
    }

    @Test func conditionsPickTheirBranch() throws {
        let text = "{% if is_other %}\nその他\n{% elif cloud %}\nクラウド\n{% else %}\nその他以外\n{% endif %}\n"
        #expect(try html(text) == "<p>その他以外</p>\n")
        #expect(try html(text, facts: ["service=other", "cloud=false", "expiry=2026-03-10"]) == "<p>その他</p>\n")
        #expect(try html(text, facts: ["service=web", "cloud=true", "expiry=2026-03-10"]) == "<p>クラウド</p>\n")
        #expect(try html("前{% if cloud %}（クラウド）{% endif %}後") == "<p>前後</p>\n")
    }

    @Test func includesRawAndComments() throws {
        #expect(try html("{% include \"note\" %}") == "<p>注意: <time datetime=\"2026-02-10\">2026年2月10日(火)</time> までに終えてください。</p>\n")
        #expect(try html("{% raw %}{{ expiry }}{% endraw %}") == "<p>{{ expiry }}</p>\n")
        // The comment line vanishes whole; the break between 後 and 次 is East Asian, so it goes too.
        #expect(try html("前{# 書き手へのメモ #}後\n{# 一行まるごと #}\n次") == "<p>前後次</p>\n")
        #expect(try html("a{# note #}b\n{# whole line #}\nc") == "<p>ab\nc</p>\n")
    }

    // MARK: Own-line directives

    @Test func ownLineBranchesLeaveNoLinesInListsAndTables() throws {
        let text = """
            - 一
            {% if cloud %}
            - クラウドだけ
            {% endif %}
            - 二

            | 項目 | 値 |
            | --- | --- |
            {% if is_other %}
            | その他 | 行 |
            {% endif %}
            | 期限 | {{ expiry | date: "M/d" }} |
            """
        #expect(try html(text) == """
            <ul>
            <li>一</li>
            <li>二</li>
            </ul>
            <table>
            <thead>
            <tr>
            <th>項目</th>
            <th>値</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td>期限</td>
            <td><time datetime="2026-03-10">3/10</time></td>
            </tr>
            </tbody>
            </table>

            """)
    }

    @Test func includeAloneOnItsLineIsIndentedIntoTheListItem() throws {
        let text = "1. 手順\n   {% include \"nested\" %}\n2. 次\n"
        #expect(try html(text) == """
            <ol>
            <li>手順
            <ul>
            <li>入れ子の一注意: <time datetime="2026-02-10">2026年2月10日(火)</time> までに終えてください。</li>
            </ul>
            </li>
            <li>次</li>
            </ol>

            """)
    }

    // MARK: Steps

    @Test func stepsRenumberWhenABranchRemovesOne() throws {
        let text = """
            1. {% step "a" %}一
            {% if cloud %}
            1. {% step "b" %}クラウド
            {% endif %}
            1. {% step "c" %}三
               1. {% step "c1" %}三の一
               2. {% step "c2" %}三の二

            手順{% ref "c" %}と手順{% ref "c2" %}
            """
        let without = try html(text)
        #expect(without.contains("手順<a class=\"step-ref\" href=\"#step-c\">2</a>と手順<a class=\"step-ref\" href=\"#step-c2\">2.2</a>"))
        let with = try html(text, facts: ["service=web", "cloud=true", "expiry=2026-03-10"])
        #expect(with.contains("手順<a class=\"step-ref\" href=\"#step-c\">3</a>と手順<a class=\"step-ref\" href=\"#step-c2\">3.2</a>"))
        #expect(with.contains("<span class=\"step-anchor\" id=\"step-b\"></span>クラウド"))
    }

    /// A wrapped sentence gains no space before a stamped date on the next line.
    @Test func noSpaceAfterFullWidthPunctuationBeforeAStamp() throws {
        #expect(try html("期限があります。\n{{ expiry }}までです。\n")
            == "<p>期限があります。<time datetime=\"2026-03-10\">2026年3月10日(火)</time>までです。</p>\n")
    }

    /// A step stands for nothing, so the emphasis after it parses as it would without it.
    @Test func stepLeavesTheBoldAfterItBold() throws {
        let output = try html("1. {% step \"a\" %}**「承認」する**\n2. 手順{% ref \"a\" %}の後\n")
        #expect(output.contains("<li><span class=\"step-title\" data-pagefind-weight=\"2\"><span class=\"step-anchor\" id=\"step-a\"></span><strong>「承認」する</strong></span></li>"))
        #expect(output.contains("手順<a class=\"step-ref\" href=\"#step-a\">1</a>の後"))
    }

    /// A step in code would name no step (its anchor cannot stand there): an error at the tag.
    @Test func stepInsideCodeIsAnError() throws {
        let block = try errors("1. 手順\n\n       コード {% step \"b\" %}\n\n手順{% ref \"b\" %}\n")
        #expect(block.first?.id == "step.in-code")
        #expect(block.first?.range?.start == SourceLocation(file: "Content/guides/t.md", line: 3, column: 12))
        #expect(block.first?.message.contains("move it out of the code") == true)
        let span = try #require(try errors("1. `コード {% step \"c\" %}`\n").first)
        #expect(span.id == "step.in-code")
        #expect(span.range?.start == SourceLocation(file: "Content/guides/t.md", line: 1, column: 9))
        // Right after the code span, the step is in the item's text.
        #expect(try errors("1. `コード`{% step \"c\" %}\n").isEmpty)
        // Alone in a code span: taken out, it leaves two backticks, which Markdown reads as text.
        for text in ["1. `{% step \"d\" %}` コード内\n", "1. 手順 ``{% step \"d\" %}``\n"] {
            let emptied = try #require(try errors(text).first, "\(text)")
            #expect(emptied.id == "step.in-code")
        }
        #expect(try errors("1. `コード`\n   {% step \"e\" %}`x`\n").first?.id != "step.in-code")
    }

    @Test func refToARemovedStepIsAnErrorAtTheRef() throws {
        let text = "1. 一\n{% if cloud %}\n1. {% step \"b\" %}クラウド\n{% endif %}\n\n手順{% ref \"b\" %}を参照\n"
        let error = try #require(try errors(text).first)
        #expect(error.id == "step.missing-ref")
        #expect(error.range?.start == SourceLocation(file: "Content/guides/t.md", line: 6, column: 3))
        #expect(try errors(text, facts: ["service=web", "cloud=true", "expiry=2026-03-10"]).isEmpty)
    }

    // MARK: Stamped values stay plain text

    @Test func labelsWithMarkdownCharactersBreakNothing() throws {
        let facts = ["service=other", "cloud=false", "expiry=2026-03-10"]
        let text = """
            | サービス | 備考 |
            | --- | --- |
            | {{ service }} | 後ろの列 |

            [{{ service }}](https://example.jp/) と `{{ service }}`

                {{ service }}
            """
        let output = try html(text, facts: facts)
        let label = "その他 | *強調* &lt;b&gt; `code`"
        #expect(output.contains("<td>\(label)</td>\n<td>後ろの列</td>"))
        #expect(output.contains("<a href=\"https://example.jp/\">\(label)</a>"))
        #expect(output.contains("<code>\(label)</code>"))
        #expect(output.contains("<pre><code>\(label)\n</code></pre>"))
        #expect(!output.contains("<em>") && !output.contains("<b>"))
    }

    // MARK: Errors with their places

    @Test func unclosedIfAndStrayEndifPointAtTheirLines() throws {
        let unclosed = try #require(try errors("前\n{% if cloud %}\n本文\n").first)
        #expect(unclosed.id == "directive.unclosed")
        #expect(unclosed.range?.start.line == 2)
        let stray = try #require(try errors("本文\n\n{% endif %}\n").first)
        #expect(stray.id == "directive.stray")
        #expect(stray.range?.start == SourceLocation(file: "Content/guides/t.md", line: 3, column: 1))
    }

    @Test func everyBranchIsCheckedEvenWhenNotTaken() throws {
        // No scenario here takes the branch, and its condition is still checked.
        let text = "{% if cloud %}\n{% if service == \"otehr\" %}x{% endif %}\n{% endif %}\n"
        let error = try #require(try errors(text).first)
        #expect(error.message.contains("'otehr' is not a choice of service (choices: other, web; did you mean 'other'?)"))
        #expect(error.range?.start == SourceLocation(file: "Content/guides/t.md", line: 2, column: 18))
    }

    @Test func includeMayNotLeaveThePartialsFolder() throws {
        let error = try #require(try errors("{% include \"../rules/r\" %}\n").first)
        #expect(error.id == "include.outside")
    }

    /// Which include names stay inside Content/partials/: every part a plain name.
    @Test(arguments: [
        ("notice", true), ("sub/notice", true), ("a.b", true), ("...", true), (".hidden", true),
        ("日本語/注意", true), ("", false), ("/abs", false), ("a/../b", false), ("..", false),
        (".", false), ("./a", false), ("a//b", false), ("a/", false), ("a\\b", false), ("a\u{0}b", false),
    ])
    func partialNamesInsideThePartialsFolder(name: String, safe: Bool) {
        #expect((CheckedSite.partialNameProblem(name) == nil) == safe)
    }

    /// `not_inside` keeps a glossary term from being linked inside a longer name: the sample's
    /// service, IIJサーバ証明書管理サービス, holds the term サーバ証明書.
    @Test func glossaryTermIsNotLinkedInsideTheServiceName() throws {
        let site = try FixtureSite("rules")
        let sample = "サーバ証明書:\n  definition: 証明書。\n  not_inside: [IIJサーバ証明書管理サービス]\n"
        try site.write("Content/glossary.yml", sample)
        let text = "IIJサーバ証明書管理サービスでは、サーバ証明書を登録します。\n"
        let output = DraftRenderer.render(markdown: text, path: "Content/guides/t.md", root: site.root, facts: Self.facts)
        #expect(output.html.hasPrefix("<p>IIJサーバ証明書管理サービスでは、<span class=\"term-wrap\"><a class=\"term\""))
        try site.write("Content/glossary.yml", sample.replacingOccurrences(of: "not_inside: [IIJサーバ証明書管理サービス]", with: ""))
        let unprotected = DraftRenderer.render(markdown: text, path: "Content/guides/t.md", root: site.root, facts: Self.facts)
        #expect(unprotected.html.hasPrefix("<p>IIJ<span class=\"term-wrap\">"))
    }

    @Test func missingFactIsNamed() throws {
        let error = try #require(try errors("{{ expiry }}", facts: ["service=web"]).first)
        #expect(error.message.contains("expiry"))
    }
}

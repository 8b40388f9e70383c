import Diagnostics
import Directives
import Testing

/// A tag or comment alone on its line takes the line with it; other directives do not.
@Suite struct OwnLineTests {
    private func output(_ text: String, _ conditions: [String: Bool] = [:], values: [String: String] = [:]) -> String {
        var context = TestContext(conditions: conditions, values: values)
        let (output, diagnostics) = expand(text, &context)
        #expect(diagnostics.isEmpty)
        #expect(context.diagnostics.isEmpty)
        return output
    }

    @Test func branchesWrappingListItemsLeaveNoBlankLines() {
        let text = """
            手順:
            {% if a %}
            - 項目A
            {% else %}
            - 項目B
            {% endif %}
            - 共通

            """
        #expect(output(text, ["a": true]) == "手順:\n- 項目A\n- 共通\n")
        #expect(output(text, ["a": false]) == "手順:\n- 項目B\n- 共通\n")
    }

    @Test func branchesWrappingTableRowsLeaveNoBlankLines() {
        let text = """
            | 手順 | 内容 |
            |---|---|
            {% if cancel %}
            | 1 | 解約 |
            {% endif %}
            | 2 | 申込 |
            """
        #expect(output(text, ["cancel": false]) == "| 手順 | 内容 |\n|---|---|\n| 2 | 申込 |")
        #expect(output(text, ["cancel": true]) == "| 手順 | 内容 |\n|---|---|\n| 1 | 解約 |\n| 2 | 申込 |")
    }

    @Test func indentedTagsWithTrailingSpacesStillTakeTheirLine() {
        let text = "- 親\n  {% if a %}  \n  - 子\n\t{% endif %}\t\n- 次\n"
        #expect(output(text, ["a": true]) == "- 親\n  - 子\n- 次\n")
        #expect(output(text, ["a": false]) == "- 親\n- 次\n")
    }

    @Test func inlineConditionalInATableCell() {
        let text = "| 1 | {% if a %}解約{% else %}不要{% endif %} |\n"
        #expect(output(text, ["a": true]) == "| 1 | 解約 |\n")
        #expect(output(text, ["a": false]) == "| 1 | 不要 |\n")
    }

    @Test func inlineConditionalInAListItem() {
        let text = "- 期限: {% if a %}今日{% endif %}まで\n- 次\n"
        #expect(output(text, ["a": true]) == "- 期限: 今日まで\n- 次\n")
        #expect(output(text, ["a": false]) == "- 期限: まで\n- 次\n")
    }

    @Test func twoTagsOnOneLineDoNotTakeIt() {
        let text = "a\n{% if a %}{% endif %}\nb"
        #expect(output(text, ["a": true]) == "a\n\nb")
    }

    @Test func stampAloneOnALineKeepsItsLine() {
        #expect(output("a\n{{ x }}\nb", values: ["x": "X"]) == "a\nX\nb")
        #expect(output("a\n  {{ x }}  \nb", values: ["x": "X"]) == "a\n  X  \nb")
    }

    @Test func commentAloneOnALineDisappearsEntirely() {
        let (document, diagnostics) = parse("a\n  {# メモ #}\nb\n")
        #expect(diagnostics.isEmpty)
        #expect(document.nodes == [.text("a\nb\n")])
    }

    @Test func multiLineComment() {
        let (ownLine, _) = parse("a\n{# 一行目\n二行目 #}\nb\n")
        #expect(ownLine.nodes == [.text("a\nb\n")])
        let (inline, _) = parse("a{# x\ny #}b")
        #expect(inline.nodes == [.text("ab")])
    }

    @Test func rawTagsAloneOnTheirLinesTakeThem() {
        let (document, diagnostics) = parse("```\n{% raw %}\n{{ x }} {% if %}\n{% endraw %}\n```\n")
        #expect(diagnostics.isEmpty)
        #expect(document.nodes == [.text("```\n{{ x }} {% if %}\n```\n")])
    }

    @Test func tagOnTheLastLineWithoutNewline() {
        #expect(output("a\n{% if a %}\nb\n{% endif %}", ["a": true]) == "a\nb\n")
    }
}

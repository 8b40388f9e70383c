import Diagnostics
import Directives
import Foundation
import Testing

/// An include alone on its line must not take its partial out of the list item it follows:
/// indented less than the item's text, the partial's own list items would join the outer list
/// and renumber its steps silently.
@Suite struct IncludePlacementTests {
    private func problems(_ text: String) -> [Diagnostic] {
        parse(text).diagnostics
    }

    @Test func indentedTooLittleUnderAnItemIsAnError() {
        let text = """
            1. 申し込みます。
            2. 証明書を取り寄せます。
              {% include "sub-steps" %}
            3. 設定します。

            """
        let found = problems(text)
        #expect(found.map(\.id) == ["include.outside"])
        #expect(found.first?.range == span(3, 3, 28))
        #expect(found.first?.message.contains("indented 2, less than the text of the list item above (at column 4)") == true)
        #expect(found.first?.message.contains("indent the include by 3 spaces") == true)
    }

    /// Right under an item at the start of the line, a partial of plain text continues the
    /// item's paragraph (fine); one with list items of its own would renumber the outer list.
    @Test func atTheStartOfTheLineRightUnderAnItemDependsOnThePartial() {
        let text = "1. 手順\n   説明\n{% include \"x\" %}\n2. 次\n"
        #expect(problems(text).isEmpty)
        var plain = TestContext()
        plain.partials["x"] = "注意: 期限があります。\n"
        #expect(expand(text, &plain).diagnostics.isEmpty)
        var withItems = TestContext()
        withItems.partials["x"] = "{% if a %}\n1. 一\n2. 二\n{% endif %}\n"
        withItems.conditions["a"] = true
        let (_, found) = expand(text, &withItems)
        #expect(found.map(\.id) == ["include.outside"])
        #expect(found.first?.range == span(3, 1, 18))
        #expect(found.first?.message.contains("indent the include by 3 spaces") == true)
        // After a continuation line and a blank line, the list ends: fine.
        var after = withItems
        #expect(expand("1. 手順\n   説明\n\n{% include \"x\" %}\n", &after).diagnostics.isEmpty)
    }

    @Test(arguments: [
        // Inside the item: indented like its text, or more.
        "1. 手順\n   {% include \"x\" %}\n",
        "10. 手順\n    {% include \"x\" %}\n",
        "1. 手順\n\n   説明\n\n   {% include \"x\" %}\n",
        // Inside the outer item, after a nested list.
        "1. 手順\n   - a\n   - b\n   {% include \"x\" %}\n",
        // After a blank line at the start of the line: the list ends, as meant.
        "1. a\n2. b\n\n{% include \"notes\" %}\n",
        // No list at all, a heading, a paragraph, an indented code block.
        "# 見出し\n{% include \"x\" %}\n",
        "本文です。\n  {% include \"x\" %}\n",
        "    code\n{% include \"x\" %}\n",
        "- - -\n{% include \"x\" %}\n",
        // Directive lines between the item and the include leave nothing.
        "1. 手順\n   {% if a %}\n   {% include \"x\" %}\n   {% endif %}\n",
        // An include inside a line is not this check's.
        "1. 手順 {% include \"x\" %}\n",
        // The first line of a file.
        "{% include \"x\" %}\n",
    ])
    func wellPlacedIncludes(text: String) {
        #expect(problems(text).isEmpty, "\(text)")
    }

    /// Inside a line of a list item, a partial whose later lines hold list items or a new
    /// paragraph would leave the item; one line, or lines that continue the paragraph, stay.
    @Test(arguments: [
        ("1. 手順 {% include \"x\" %}\n2. 次\n", "前置き\n- 一\n- 二\n", true),
        ("1. 手順 {% include \"x\" %}\n2. 次\n", "前置き\n\n別の段落\n", true),
        ("1. 手順\n   説明 {% include \"x\" %}\n", "前置き\n1. 一\n", true),
        ("1. 手順 {% include \"x\" %}\n2. 次\n", "注意\n", false),
        ("1. 手順 {% include \"x\" %}\n2. 次\n", "一行目\n二行目\n", false),
        ("本文 {% include \"x\" %}\n", "前置き\n- 一\n", false),
    ])
    func insideALineOfAListItem(text: String, partial: String, isError: Bool) {
        #expect(problems(text).isEmpty)
        var context = TestContext()
        context.partials["x"] = partial
        let (_, found) = expand(text, &context)
        #expect(found.map(\.id) == (isError ? ["include.outside"] : []), "\(text) with \(partial)")
        if isError {
            #expect(found.first?.message.hasPrefix("this include stands inside a line of a list item") == true)
            #expect(found.first?.message.contains("indented by 3 spaces") == true)
        }
    }

    @Test func aDirectiveLineBetweenDoesNotHideTheItem() {
        let found = problems("1. 手順\n   説明\n{% if a %}\n  {% include \"x\" %}\n{% endif %}\n")
        #expect(found.map(\.id) == ["include.outside"])
        #expect(found.first?.range?.start.line == 4)
    }

    @Test func anIncludeInAConditionalIsChecked() {
        let found = problems("1. a\n2. b\n{% if c %}\n {% include \"x\" %}\n{% endif %}\n")
        #expect(found.map(\.id) == ["include.outside"])
    }

    /// The sample site and every fixture page: no include of theirs is misplaced (the check
    /// must not reject what was fine).
    @Test func theSampleAndTheFixturesAreFine() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var checked = 0
        for folder in ["Content", "Tests/SitegenKitTests/Fixtures"] {
            let base = root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in files where url.pathExtension == "md" {
                let text = try String(contentsOf: url, encoding: .utf8)
                guard text.contains("{% include") else { continue }
                var diagnostics: [Diagnostic] = []
                _ = DirectiveDocument.parse(SourceFile(path: url.path, text: text), diagnostics: &diagnostics)
                #expect(!diagnostics.contains { $0.id == "include.outside" }, "\(url.path): \(diagnostics)")
                checked += 1
            }
        }
        #expect(checked > 3)
    }
}

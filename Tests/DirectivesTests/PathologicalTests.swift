import Diagnostics
import Directives
import Testing

/// Input that must neither crash, overflow the stack nor take quadratic time (docs/reliability.md).
@Suite struct PathologicalTests {
    @Test func tenThousandNestedIfsAreOneClearError() {
        let depth = 10_000
        let text = (0..<depth).map { "{% if c\($0) %}\n" }.joined() + "x\n"
            + String(repeating: "{% endif %}\n", count: depth)
        let (document, diagnostics) = parse(text)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.id == "directive.nesting")
        #expect(diagnostics.first?.message == "'if' blocks nest more than 256 deep")
        #expect(diagnostics.first?.range == span(DirectiveDocument.maximumNesting + 1, 1, 14))

        var conditionals = 0
        document.forEachNode { if case .conditional = $0 { conditionals += 1 } }
        #expect(conditionals == DirectiveDocument.maximumNesting)

        var context = TestContext()
        for index in 0..<depth { context.conditions["c\(index)"] = true }
        var expansionDiagnostics: [Diagnostic] = []
        _ = DirectiveExpander().expand(document, context: &context, diagnostics: &expansionDiagnostics)
        #expect(expansionDiagnostics.isEmpty)
        #expect(document == document)
    }

    @Test func tenThousandUnclosedIfs() {
        let text = String(repeating: "{% if a %}", count: 10_000)
        let (_, diagnostics) = parse(text)
        #expect(diagnostics.filter { $0.id == "directive.nesting" }.count == 1)
        #expect(diagnostics.filter { $0.id == "directive.unclosed" }.count == DirectiveDocument.maximumNesting)
    }

    @Test func hundredThousandDirectivesOnOneLine() {
        let count = 100_000
        let text = String(repeating: "{{ x }} ", count: count)
        let (document, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        #expect(document.nodes.count == 2 * count)
        guard case .stamp(let last) = document.nodes[2 * count - 2] else {
            Issue.record("expected a stamp")
            return
        }
        #expect(last.range.start == at(1, 8 * (count - 1) + 1))
        #expect(last.expression.location == at(1, 8 * (count - 1) + 4))

        var context = TestContext(values: ["x": "1"])
        var expansionDiagnostics: [Diagnostic] = []
        let output = DirectiveExpander().expand(document, context: &context, diagnostics: &expansionDiagnostics)
        #expect(output.utf8.count == 2 * count)
    }

    @Test func hundredThousandDirectivesOnTheirOwnLines() {
        let text = String(repeating: "{% if a %}\n- 項目 {{ x }}\n{% endif %}\n", count: 33_334)
        let (document, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        #expect(document.nodes.count == 33_334)
        var context = TestContext(conditions: ["a": true], values: ["x": "X"])
        var expansionDiagnostics: [Diagnostic] = []
        let output = DirectiveExpander().expand(document, context: &context, diagnostics: &expansionDiagnostics)
        #expect(output == String(repeating: "- 項目 X\n", count: 33_334))
    }

    @Test func megabyteJapaneseLineCountsCharacters() {
        let prefix = String(repeating: "あ", count: 350_000)
        let (document, diagnostics) = parse(prefix + "{{ x }}" + prefix + "{% endif %}")
        #expect(diagnostics.map(\.range) == [span(1, 700_008, 700_019)])
        guard case .stamp(let stamp) = document.nodes[1] else {
            Issue.record("expected a stamp")
            return
        }
        #expect(stamp.expression.location == at(1, 350_004))
    }

    @Test func manyInlineCommentsMergeIntoOneText() {
        let (document, diagnostics) = parse(String(repeating: "a{# c #}", count: 100_000))
        #expect(diagnostics.isEmpty)
        #expect(document.nodes == [.text(String(repeating: "a", count: 100_000))])
    }

    @Test func stormOfUnterminatedOpeners() {
        let (_, diagnostics) = parse(String(repeating: "{{", count: 20_000))
        #expect(diagnostics.count == 20_000)
        #expect(diagnostics.allSatisfy { $0.id == "directive.unterminated" })
        let (_, comments) = parse(String(repeating: "{#", count: 20_000))
        #expect(comments.count == 1)
    }

    @Test func longUnterminatedStringDoesNotSwallowTheFile() {
        let (document, diagnostics) = parse("{{ \"abc\n{{ ok }}")
        #expect(diagnostics.map(\.id) == ["directive.unterminated"])
        guard case .stamp(let stamp) = document.nodes.last else {
            Issue.record("expected a stamp")
            return
        }
        #expect(stamp.expression.text == "ok")
    }
}

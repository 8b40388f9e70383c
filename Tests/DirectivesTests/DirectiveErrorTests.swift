import Diagnostics
import Directives
import Testing

/// Every error with its identifier, message and exact place.
@Suite struct DirectiveErrorTests {
    private func only(_ text: String) -> Diagnostic? {
        let (_, diagnostics) = parse(text)
        #expect(diagnostics.count == 1, "expected one diagnostic, got \(diagnostics)")
        #expect(diagnostics.allSatisfy { $0.severity == .error })
        return diagnostics.first
    }

    @Test func unclosedIf() {
        let diagnostic = only("a\n{% if x %}\nb\n")
        #expect(diagnostic?.id == "directive.unclosed")
        #expect(diagnostic?.message == "this 'if' is never closed with '{% endif %}'")
        #expect(diagnostic?.range == span(2, 1, 11))
    }

    @Test func unclosedIfStaysInTheTreeForChecking() {
        let (document, _) = parse("{% if x %}\n{{ y }}")
        var stamps: [String] = []
        document.forEachNode { if case .stamp(let stamp) = $0 { stamps.append(stamp.expression.text) } }
        #expect(stamps == ["y"])
    }

    @Test func strayEndif() {
        let diagnostic = only("a\n  {% endif %}")
        #expect(diagnostic?.id == "directive.stray")
        #expect(diagnostic?.message == "'endif' has no matching 'if'")
        #expect(diagnostic?.range == span(2, 3, 14))
    }

    @Test func strayElseOnAJapaneseLine() {
        let diagnostic = only("本文 {% else %} 続き")
        #expect(diagnostic?.id == "directive.stray")
        #expect(diagnostic?.message == "'else' has no matching 'if'")
        #expect(diagnostic?.range == span(1, 4, 14))
    }

    @Test func strayElif() {
        let diagnostic = only("{% elif x %}")
        #expect(diagnostic?.id == "directive.stray")
        #expect(diagnostic?.range == span(1, 1, 13))
    }

    @Test func elifAfterElse() {
        let diagnostic = only("{% if a %}\n{% else %}\n{% elif b %}\n{% endif %}")
        #expect(diagnostic?.id == "directive.order")
        #expect(diagnostic?.message == "'elif' cannot follow 'else' in the same 'if'")
        #expect(diagnostic?.range == span(3, 1, 13))
        #expect(diagnostic?.notes.first?.range == span(2, 1, 11))
    }

    @Test func secondElse() {
        let diagnostic = only("{% if a %}{% else %}{% else %}{% endif %}")
        #expect(diagnostic?.id == "directive.order")
        #expect(diagnostic?.range == span(1, 21, 31))
    }

    @Test func unterminatedStampPointsAtItsOpeningAndParsingGoesOn() {
        let (document, diagnostics) = parse("日付: {{ expiry\n次の行 {{ ok }}")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.id == "directive.unterminated")
        #expect(diagnostics.first?.message == "'{{' is never closed with '}}'")
        #expect(diagnostics.first?.range == span(1, 5, 7))
        guard case .stamp(let stamp) = document.nodes.last else {
            Issue.record("expected the second stamp to be parsed, got \(document.nodes)")
            return
        }
        #expect(stamp.expression.location == at(2, 8))
        #expect(document.nodes.first == .text("日付: {{ expiry\n次の行 "))
    }

    @Test func unterminatedTagAtTheEnd() {
        let diagnostic = only("a {% if x")
        #expect(diagnostic?.id == "directive.unterminated")
        #expect(diagnostic?.message == "'{%' is never closed with '%}'")
        #expect(diagnostic?.range == span(1, 3, 5))
    }

    @Test func unterminatedComment() {
        let (document, diagnostics) = parse("x\n{# メモ\n{{ y }}")
        #expect(diagnostics.map(\.id) == ["directive.unterminated"])
        #expect(diagnostics.first?.message == "'{#' is never closed with '#}'")
        #expect(diagnostics.first?.range == span(2, 1, 3))
        #expect(document.nodes.count == 2)
    }

    @Test func unknownTagPointsAtItsName() {
        let diagnostic = only("{% iff x %}")
        #expect(diagnostic?.id == "directive.unknown")
        #expect(diagnostic?.message.hasPrefix("unknown directive 'iff'") == true)
        #expect(diagnostic?.range == span(1, 4, 7))
        // Other template languages' spellings of a tag this language has get its name.
        #expect(only("{% if a %}x{% elsif b %}y{% endif %}")?.message.hasPrefix("unknown directive 'elsif'; did you mean 'elif'? (known:") == true)
        #expect(only("{% partial \"note\" %}")?.message.hasPrefix("unknown directive 'partial'; did you mean 'include'?") == true)
    }

    @Test func tagWithoutName() {
        let diagnostic = only("{%  %}")
        #expect(diagnostic?.id == "directive.syntax")
        #expect(diagnostic?.range == span(1, 1, 7))
    }

    @Test func includeWithoutAString() {
        let diagnostic = only("{% include note %}")
        #expect(diagnostic?.id == "directive.syntax")
        #expect(diagnostic?.message == "'include' needs exactly one double-quoted name, as in '{% include \"name\" %}'")
        #expect(diagnostic?.range == span(1, 1, 19))
        #expect(only("{% include \"a\" \"b\" %}")?.id == "directive.syntax")
        #expect(only("{% include \"\" %}")?.id == "directive.syntax")
        #expect(only("{% step %}")?.message == "'step' needs exactly one double-quoted label, as in '{% step \"label\" %}'")
        #expect(only("{% ref csr %}")?.id == "directive.syntax")
    }

    @Test func ifWithoutExpression() {
        let diagnostic = only("{% if %}x{% endif %}")
        #expect(diagnostic?.id == "directive.syntax")
        #expect(diagnostic?.message == "'if' needs a condition, as in '{% if expiry < cutover %}'")
        #expect(diagnostic?.range == span(1, 1, 9))
        #expect(only("{% if a %}{% elif %}{% endif %}")?.range == span(1, 11, 21))
    }

    @Test func argumentsWhereNoneBelong() {
        let diagnostic = only("{% if a %}{% else if b %}{% endif %}")
        #expect(diagnostic?.id == "directive.syntax")
        #expect(diagnostic?.message == "'else' takes no argument; a branch with its own condition is '{% elif condition %}'")
        #expect(only("{% if a %}x{% endif a %}")?.message == "'endif' takes no argument")
        #expect(diagnostic?.range == span(1, 19, 23))
    }

    @Test func emptyStamp() {
        let diagnostic = only("{{  }}")
        #expect(diagnostic?.id == "directive.syntax")
        #expect(diagnostic?.message == "'{{ }}' needs an expression to stamp")
        #expect(diagnostic?.range == span(1, 1, 7))
    }

    @Test func unknownFilter() {
        let diagnostic = only("{{ x | upper }}")
        #expect(diagnostic?.id == "directive.filter")
        #expect(diagnostic?.message == "unknown filter 'upper' (the only filter is 'date')")
        #expect(diagnostic?.range == span(1, 8, 13))
    }

    @Test func badDateFormats() {
        #expect(only("{{ x | date }}")?.id == "directive.syntax")
        #expect(only("{{ x | date: }}")?.id == "directive.syntax")
        #expect(only("{{ x | date: \"\" }}")?.id == "directive.syntax")
        // An unclosed quote hides the `}}`, so the stamp itself is unterminated.
        #expect(only("{{ x | date: \"M月 }}")?.id == "directive.unterminated")
        #expect(only("{{ x | date: long short }}")?.id == "directive.syntax")
        #expect(only("{{ x | }}")?.message == "'|' must be followed by a filter, as in '| date: long'")
    }

    @Test func endrawWithoutRaw() {
        let diagnostic = only("{% endraw %}")
        #expect(diagnostic?.id == "directive.stray")
        #expect(diagnostic?.message == "'endraw' has no matching 'raw'")
        #expect(diagnostic?.range == span(1, 1, 13))
    }

    @Test func rawNeverClosed() {
        let (document, diagnostics) = parse("a\n{% raw %}\n{{ x }}")
        #expect(diagnostics.map(\.id) == ["directive.unclosed"])
        #expect(diagnostics.first?.message == "this 'raw' is never closed with '{% endraw %}'")
        #expect(diagnostics.first?.range == span(2, 1, 10))
        #expect(document.nodes == [.text("a\n{{ x }}")])
    }

    @Test func everyProblemIsReportedInOneRun() {
        let text = """
            {% endif %}
            {{ x | upper }}
            {% iff %}
            {% include nope %}
            {% if a %}
            """
        let (_, diagnostics) = parse(text)
        #expect(
            diagnostics.sortedForDisplay().map(\.id) == [
                "directive.stray", "directive.filter", "directive.unknown", "directive.syntax", "directive.unclosed",
            ])
        #expect(diagnostics.sortedForDisplay().map { $0.range?.start.line } == [1, 2, 3, 4, 5])
    }

    @Test func messagesAreOneSentenceWithoutFullStop() {
        let (_, diagnostics) = parse("{% endif %}{% if %}{{ }}{% x %}{% include %}{{ a | b }}{% raw %}")
        #expect(!diagnostics.isEmpty)
        for diagnostic in diagnostics {
            #expect(!diagnostic.message.hasSuffix("."))
            #expect(!diagnostic.message.contains("\n"))
        }
    }
}

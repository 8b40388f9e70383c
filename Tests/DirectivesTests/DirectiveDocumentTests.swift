import Diagnostics
import Directives
import Testing

/// Each row of the directives table (README.md, Directives), parsed into nodes with exact places.
@Suite struct DirectiveDocumentTests {
    @Test func plainStampOnAJapaneseLine() {
        let (document, diagnostics) = parse("期限は{{ expiry }}です")
        #expect(diagnostics.isEmpty)
        let range = span(1, 4, 16)
        #expect(
            document.nodes == [
                .text("期限は"),
                .stamp(
                    Stamp(
                        expression: ExpressionSource(text: "expiry", location: at(1, 7), range: range),
                        format: nil, range: range)),
                .text("です"),
            ])
        #expect(document.containsDirectives)
        #expect(document.file == guidePath)
    }

    @Test func stampWithNamedDateFormat() {
        let (document, diagnostics) = parse("{{ complete_by | date: era }}")
        #expect(diagnostics.isEmpty)
        let range = span(1, 1, 30)
        #expect(
            document.nodes == [
                .stamp(
                    Stamp(
                        expression: ExpressionSource(text: "complete_by", location: at(1, 4), range: range),
                        format: .named("era"), range: range))
            ])
    }

    @Test func stampWithQuotedPatternOnSecondJapaneseLine() throws {
        let (document, diagnostics) = parse("タイトル\n手続き日: {{ action_date|date:\"M月d日\" }}。")
        #expect(diagnostics.isEmpty)
        guard case .stamp(let stamp) = document.nodes[1] else {
            Issue.record("expected a stamp, got \(document.nodes)")
            return
        }
        #expect(stamp.expression.text == "action_date")
        // 手続き日: is six characters, so `{{` is column 7 and the expression column 10.
        #expect(stamp.expression.location == at(2, 10))
        #expect(stamp.format == .pattern("M月d日"))
        #expect(stamp.range == span(2, 7, 36))
        #expect(document.nodes[2] == .text("。"))
    }

    @Test func onlyTheLastPipeOutsideStringsIsTheFilter() {
        let (document, diagnostics) = parse(#"{{ label("a|b") | date: long }}"#)
        #expect(diagnostics.isEmpty)
        guard case .stamp(let stamp) = document.nodes.first else {
            Issue.record("expected a stamp")
            return
        }
        #expect(stamp.expression.text == #"label("a|b")"#)
        #expect(stamp.format == .named("long"))

        let (noFilter, _) = parse(#"{{ "x | y" }}"#)
        guard case .stamp(let plain) = noFilter.nodes.first else {
            Issue.record("expected a stamp")
            return
        }
        #expect(plain.expression.text == #""x | y""#)
        #expect(plain.format == nil)
    }

    @Test func conditionalWithElifAndElse() {
        let text = "{% if a %}A{% elif b %}B{% else %}C{% endif %}"
        let (document, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        let ifRange = span(1, 1, 11)
        let elifRange = span(1, 12, 24)
        #expect(
            document.nodes == [
                .conditional(
                    [
                        Branch(
                            condition: ExpressionSource(text: "a", location: at(1, 7), range: ifRange),
                            body: [.text("A")], range: ifRange),
                        Branch(
                            condition: ExpressionSource(text: "b", location: at(1, 20), range: elifRange),
                            body: [.text("B")], range: elifRange),
                        Branch(condition: nil, body: [.text("C")], range: span(1, 25, 35)),
                    ], range: span(1, 1, 47))
            ])
    }

    @Test func conditionsKeepTheirWhitespaceFreeText() {
        let (document, diagnostics) = parse("{%if   expiry - 1 month < today%}x{%endif%}")
        #expect(diagnostics.isEmpty)
        guard case .conditional(let branches, _) = document.nodes.first else {
            Issue.record("expected a conditional")
            return
        }
        #expect(branches.first?.condition?.text == "expiry - 1 month < today")
        #expect(branches.first?.condition?.location == at(1, 8))
    }

    @Test func stringsMayHoldClosingDelimiters() {
        let (document, diagnostics) = parse(#"{% if name == "%}" %}x{% endif %}{{ "}}" }}"#)
        #expect(diagnostics.isEmpty)
        guard case .conditional(let branches, _) = document.nodes.first,
            case .stamp(let stamp) = document.nodes.last
        else {
            Issue.record("expected a conditional and a stamp, got \(document.nodes)")
            return
        }
        #expect(branches.first?.condition?.text == #"name == "%}""#)
        #expect(branches.first?.body == [.text("x")])
        #expect(stamp.expression.text == #""}}""#)
    }

    @Test func includeOwnLineAndInline() {
        let (document, diagnostics) = parse("- 項目\n  {% include \"note\" %}\n見て{% include \"word\" %}ね")
        #expect(diagnostics.isEmpty)
        #expect(
            document.nodes == [
                .text("- 項目\n"),
                .include(name: "note", indentation: "  ", range: span(2, 3, 23)),
                .text("見て"),
                .include(name: "word", indentation: nil, range: span(3, 3, 23)),
                .text("ね"),
            ])
    }

    @Test func stepAndRefNeverTakeTheirLine() {
        let (document, diagnostics) = parse("1. {% step \"csr\" %}CSRを作る\n{% ref \"csr\" %}\n")
        #expect(diagnostics.isEmpty)
        #expect(
            document.nodes == [
                .text("1. "),
                .step(label: "csr", range: span(1, 4, 20)),
                .text("CSRを作る\n"),
                .ref(label: "csr", range: span(2, 1, 16)),
                .text("\n"),
            ])
    }

    @Test func rawKeepsDirectivesAsText() {
        let (document, diagnostics) = parse("a{% raw %}{{ x }} {% if %} {# c #}{% endraw %}b")
        #expect(diagnostics.isEmpty)
        #expect(document.nodes == [.text("a{{ x }} {% if %} {# c #}b")])
        #expect(document.containsDirectives)
    }

    @Test func commentsAreRemoved() {
        let (document, diagnostics) = parse("a{# 注意: ここは {{ x }} #}b")
        #expect(diagnostics.isEmpty)
        #expect(document.nodes == [.text("ab")])
        #expect(document.containsDirectives)
    }

    @Test func loneClosersArePlainText() {
        let (document, diagnostics) = parse("a }} b %} c #} {x} { {")
        #expect(diagnostics.isEmpty)
        #expect(document.nodes == [.text("a }} b %} c #} {x} { {")])
        #expect(!document.containsDirectives)
    }

    @Test func emptyText() {
        let (document, diagnostics) = parse("")
        #expect(diagnostics.isEmpty)
        #expect(document.nodes.isEmpty)
        #expect(!document.containsDirectives)
    }

    @Test func textInsideALargerFileStartsAtItsPlace() {
        var diagnostics: [Diagnostic] = []
        let start = SourceLocation(file: guidePath, line: 2, column: 8)
        let document = DirectiveDocument.parse("{{ name }}様\n{% endif %}", at: start, diagnostics: &diagnostics)
        guard case .stamp(let stamp) = document.nodes.first else {
            Issue.record("expected a stamp")
            return
        }
        #expect(stamp.expression.location == at(2, 11))
        #expect(stamp.range == span(2, 8, 18))
        // The next line starts at column 1 again.
        #expect(diagnostics.map(\.range) == [span(3, 1, 12)])
    }

    @Test func forEachNodeVisitsEveryBranchDepthFirst() {
        let text = "{{ a }}{% if b %}{{ c }}{% if d %}{{ e }}{% endif %}{% else %}{{ f }}{% endif %}{{ g }}"
        let (document, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        var seen: [String] = []
        document.forEachNode { node in
            switch node {
            case .stamp(let stamp): seen.append(stamp.expression.text)
            case .conditional(let branches, _): seen.append(contentsOf: branches.map { $0.condition?.text ?? "else" })
            default: break
            }
        }
        #expect(seen == ["a", "b", "else", "c", "d", "e", "f", "g"])
    }
}

/// Places and own-line rules for directives that span lines or text that starts mid-line.
@Suite struct DirectivePlaceTests {
    @Test func directiveSpanningLines() {
        let (document, diagnostics) = parse("a {{\n  expiry\n}} b")
        #expect(diagnostics.isEmpty)
        guard case .stamp(let stamp) = document.nodes[1] else {
            Issue.record("expected a stamp")
            return
        }
        #expect(stamp.expression.text == "expiry")
        #expect(stamp.expression.location == at(2, 3))
        #expect(stamp.range == SourceRange(start: at(1, 3), end: at(3, 3)))
        #expect(document.nodes.last == .text(" b"))
    }

    @Test func textStartingMidLineHasNoOwnLineAtItsStart() {
        var diagnostics: [Diagnostic] = []
        let start = SourceLocation(file: guidePath, line: 2, column: 8)
        let title = DirectiveDocument.parse("{% include \"t\" %}", at: start, diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty)
        #expect(title.nodes == [.include(name: "t", indentation: nil, range: span(2, 8, 25))])

        let atLineStart = DirectiveDocument.parse(
            "{% include \"t\" %}", at: SourceLocation(file: guidePath, line: 1, column: 1), diagnostics: &diagnostics)
        #expect(atLineStart.nodes == [.include(name: "t", indentation: "", range: span(1, 1, 18))])
    }

    /// The room the expander sets aside: the text outside `if`s and the longest branch of
    /// each, nested ones included; stamps, steps and includes count nothing.
    @Test func textSizeHintCountsTheLongestBranch() {
        let (document, diagnostics) = parse(
            "期限は{{ expiry }}です\n{% if a %}ab{% if b %}cdef{% endif %}{% elif c %}123456789{% else %}x{% endif %}!{% include \"p\" %}")
        #expect(diagnostics.isEmpty)
        // 期限は (9 bytes), です and the line break (7), the longer of ab+cdef (6) and 123456789 (9), ! (1).
        #expect(document.textSizeHint == 9 + 7 + 9 + 1)
        #expect(parse("").document.textSizeHint == 0)
        #expect(parse("plain text").document.textSizeHint == 10)
    }
}

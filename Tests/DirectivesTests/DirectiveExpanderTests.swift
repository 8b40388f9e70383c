import Diagnostics
import Directives
import Testing

/// Expansion for one scenario, with a context that answers from dictionaries.
@Suite struct DirectiveExpanderTests {
    @Test func ifElifElsePicksTheRightBranch() {
        let text = "{% if a %}A{% elif b %}B{% else %}C{% endif %}"
        for (conditions, expected) in [
            (["a": true, "b": true], "A"), (["a": false, "b": true], "B"), (["a": false, "b": false], "C"),
        ] {
            var context = TestContext(conditions: conditions)
            let (output, diagnostics) = expand(text, &context)
            #expect(diagnostics.isEmpty)
            #expect(output == expected)
        }
    }

    @Test func laterConditionsAreNotAskedOnceOneHolds() {
        // `b` is unknown to the context; asking for it would report an error.
        var context = TestContext(conditions: ["a": true])
        let (output, _) = expand("{% if a %}A{% elif b %}B{% endif %}", &context)
        #expect(output == "A")
        #expect(context.diagnostics.isEmpty)
    }

    @Test func anUndecidedConditionTakesNoBranch() {
        var context = TestContext(conditions: [:])
        let (output, _) = expand("x{% if broken %}A{% else %}B{% endif %}y", &context)
        #expect(output == "xy")
        #expect(context.diagnostics.count == 1)
    }

    @Test func nestedIfs() {
        let text = """
            {% if a %}
            A
            {% if b %}
            AB
            {% else %}
            A-not-B
            {% endif %}
            {% endif %}
            end
            """
        var both = TestContext(conditions: ["a": true, "b": true])
        #expect(expand(text, &both).output == "A\nAB\nend")
        var onlyA = TestContext(conditions: ["a": true, "b": false])
        #expect(expand(text, &onlyA).output == "A\nA-not-B\nend")
        var neither = TestContext(conditions: ["a": false])
        #expect(expand(text, &neither).output == "end")
    }

    @Test func stampsStepsAndRefsComeFromTheContext() {
        var context = TestContext(values: ["expiry": "2026年3月10日", "d": "3/10"])
        let text = "1. {% step \"csr\" %}期限 {{ expiry }}、{{ d | date: \"M月d日\" }}、{{ d | date: short }}、手順{% ref \"csr\" %}"
        let (output, diagnostics) = expand(text, &context)
        #expect(diagnostics.isEmpty)
        #expect(output == "1. 期限 2026年3月10日、3/10[\"M月d日\"]、3/10[short]、手順#csr")
        #expect(context.steps == ["csr"])
    }

    @Test func includeInsideAListItemIsIndented() {
        var context = TestContext(partials: ["note": "注意:\n\n- A\n- B\n"])
        let text = "1. 手順\n   {% include \"note\" %}\n2. 次\n"
        let (output, diagnostics) = expand(text, &context)
        #expect(diagnostics.isEmpty)
        #expect(context.diagnostics.isEmpty)
        #expect(output == "1. 手順\n   注意:\n\n   - A\n   - B\n2. 次\n")
    }

    @Test func nestedIncludesAccumulateIndentation() {
        var context = TestContext(partials: [
            "outer": "外側\n  {% include \"inner\" %}\n外側の後\n",
            "inner": "内側1\n内側2",
        ])
        let text = "- x\n  {% include \"outer\" %}\n- y\n"
        let (output, diagnostics) = expand(text, &context)
        #expect(diagnostics.isEmpty)
        #expect(output == "- x\n  外側\n    内側1\n    内側2\n  外側の後\n- y\n")
    }

    @Test func inlineIncludeIsInsertedAsItIs() {
        var context = TestContext(partials: ["word": "証明書"])
        #expect(expand("サーバ{% include \"word\" %}です", &context).output == "サーバ証明書です")
    }

    /// A partial's file ends with a line break; inside a line, that break would end a table
    /// row or a paragraph where the include stands.
    @Test func inlineIncludeLeavesOutThePartialsFinalLineBreaks() {
        var context = TestContext(partials: ["word": "製品名\n", "words": "一行目\n二行目\n\n", "empty": "\n"])
        #expect(expand("| x {% include \"word\" %} | y |\n", &context).output == "| x 製品名 | y |\n")
        #expect(expand("1. 手順 {% include \"word\" %}\n2. 次\n", &context).output == "1. 手順 製品名\n2. 次\n")
        // Only the end: line breaks inside the partial are its own text.
        #expect(expand("A {% include \"words\" %} B", &context).output == "A 一行目\n二行目 B")
        #expect(expand("A{% include \"empty\" %}B", &context).output == "AB")
        // Nested: the inner include is inside a line of the outer partial, the outer inside the guide's.
        context.partials["outer"] = "〔{% include \"word\" %}〕\n"
        #expect(expand("見出し {% include \"outer\" %} の後\n", &context).output == "見出し 〔製品名〕 の後\n")
        // An own-line include keeps its line: the partial's lines stay lines.
        #expect(expand("前\n{% include \"word\" %}\n後\n", &context).output == "前\n製品名\n後\n")
    }

    @Test func partialsSeeTheSameScenario() {
        var context = TestContext(
            conditions: ["cloud": true], values: ["name": "太郎"],
            partials: ["p": "{% if cloud %}\nクラウド {{ name }}\n{% endif %}\n"])
        #expect(expand("  {% include \"p\" %}\n", &context).output == "  クラウド 太郎\n")
        context.conditions["cloud"] = false
        // An empty partial leaves nothing behind, not even a blank line.
        #expect(expand("a\n  {% include \"p\" %}\nb\n", &context).output == "a\nb\n")
    }

    @Test func includeCycleIsAnErrorNamingTheChain() {
        var context = TestContext(partials: [
            "a": "A\n{% include \"b\" %}\n",
            "b": "B\n  {% include \"a\" %}\n",
        ])
        let (output, diagnostics) = expand("{% include \"a\" %}\n", &context)
        #expect(output == "A\nB\n")
        #expect(diagnostics.count == 1)
        let cycle = diagnostics.first
        #expect(cycle?.id == "include.cycle")
        #expect(cycle?.message == "include cycle: a → b → a")
        #expect(cycle?.range == span(2, 3, 20, in: "Content/partials/b.md"))
    }

    @Test func includeTooDeepIsAnError() {
        var context = TestContext(endlessChain: true)
        let expander = DirectiveExpander(maxIncludeDepth: 5)
        let (output, diagnostics) = expand("{% include \"d1\" %}\n", &context, expander: expander)
        #expect(output == "d1\nd2\nd3\nd4\nd5\n")
        #expect(diagnostics.map(\.id) == ["include.depth"])
        #expect(diagnostics.first?.message == "includes nest more than 5 deep")
    }

    @Test func rawKeepsStampsLiterally() {
        var context = TestContext(values: ["x": "X"])
        let (output, diagnostics) = expand("{% raw %}{{ x }}{% endraw %} {{ x }}", &context)
        #expect(diagnostics.isEmpty)
        #expect(output == "{{ x }} X")
    }

    @Test func conditionsWithDelimitersInsideStrings() {
        var context = TestContext(conditions: [#"label == "50%} off""#: true, #"x == "}}""#: false])
        let text = #"{% if label == "50%} off" %}yes{% endif %}{% if x == "}}" %}no{% endif %}"#
        let (output, diagnostics) = expand(text, &context)
        #expect(diagnostics.isEmpty)
        #expect(context.diagnostics.isEmpty)
        #expect(output == "yes")
    }
}

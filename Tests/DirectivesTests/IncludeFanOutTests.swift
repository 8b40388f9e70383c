import Diagnostics
import Directives
import Testing

/// Partials b0…b(n−1), each including the next twice: the page doubles at every level, 2^n
/// copies within the depth limit. Expansion must stop with one clear error at the include
/// where a limit was crossed, quickly, long before the page grows large.
@Suite struct IncludeFanOutTests {
    /// A context whose partials are `b0` … `b(levels-1)`; each holds `text` and includes the
    /// next one twice, on lines of their own.
    private func fanOut(levels: Int, text: String) -> TestContext {
        var context = TestContext()
        for level in 0..<levels {
            let next = level + 1 < levels ? "{% include \"b\(level + 1)\" %}\n{% include \"b\(level + 1)\" %}\n" : ""
            context.partials["b\(level)"] = text + next
        }
        return context
    }

    @Test func aPageOfDoublingPartialsIsTooLarge() {
        // 32 levels and 1 KB per partial would be 4 TB; the limit is 8 MiB.
        var context = fanOut(levels: 32, text: String(repeating: "あいうえお", count: 70) + "\n")
        let (output, diagnostics) = expand("# Title\n\n{% include \"b0\" %}\n", &context)
        #expect(diagnostics.map(\.id) == ["include.too-large"])
        let diagnostic = diagnostics.first
        #expect(diagnostic?.message.hasPrefix("includes make this page more than 8 MiB of text (at Content/guides/g.md → b0 → b1") == true)
        // At an include of one of the partials, with its file, line and column.
        #expect(diagnostic?.range?.start.file.hasPrefix("Content/partials/b") == true)
        #expect(diagnostic?.range?.start.column == 1)
        #expect(output.utf8.count <= DirectiveExpander.defaultMaxOutputSize + 2_000)
        #expect(output.utf8.count > DirectiveExpander.defaultMaxOutputSize / 2)
    }

    @Test func emptyPartialsAreBoundedByTheNumberOfIncludes() {
        var context = fanOut(levels: 32, text: "")
        let (output, diagnostics) = expand("{% include \"b0\" %}\n", &context)
        #expect(diagnostics.map(\.id) == ["include.too-large"])
        #expect(diagnostics.first?.message.hasPrefix("this page follows more than 10000 includes") == true)
        #expect(output.isEmpty)
        #expect(context.partialRequests.count == DirectiveExpander.defaultMaxIncludes + 1)
    }

    @Test func smallFanOutsAreFine() {
        var context = fanOut(levels: 6, text: "x\n")
        let (output, diagnostics) = expand("{% include \"b0\" %}\n", &context)
        #expect(diagnostics.isEmpty)
        #expect(output == String(repeating: "x\n", count: 63))
    }

    @Test func limitsCanBeSetAndAreExact() {
        var context = TestContext()
        context.partials["p"] = "12345\n"
        let text = String(repeating: "{% include \"p\" %}\n", count: 4)
        let fits = DirectiveExpander(maxOutputSize: 24)
        #expect(expand(text, &context, expander: fits).diagnostics.isEmpty)
        let tight = DirectiveExpander(maxOutputSize: 23)
        let (_, diagnostics) = expand(text, &context, expander: tight)
        #expect(diagnostics.map(\.id) == ["include.too-large"])
        #expect(diagnostics.first?.range == span(4, 1, 18))
        let fewIncludes = DirectiveExpander(maxIncludes: 3)
        #expect(expand(text, &context, expander: fewIncludes).diagnostics.map(\.id) == ["include.too-large"])
    }

    /// A walk that keeps no text follows the same branches and includes, asks the context the
    /// same questions and reports the same limits as an expansion that keeps it.
    @Test func aWalkWithoutTextMeetsTheSameLimitsAndQuestions() {
        var walker = DirectiveExpander(maxOutputSize: 23)
        walker.keepsText = false
        var context = TestContext()
        context.partials["p"] = "12345\n{% if a %}{{ v }}{% endif %}\n"
        context.conditions["a"] = true
        context.values["v"] = "value"
        let text = "intro\n" + String(repeating: "  {% include \"p\" %}\n", count: 4)
        for expander in [DirectiveExpander(maxOutputSize: 23), DirectiveExpander(), DirectiveExpander(maxIncludes: 2)] {
            var kept = context
            var walked = context
            var walking = expander
            walking.keepsText = false
            let full = expand(text, &kept, expander: expander)
            let walk = expand(text, &walked, expander: walking)
            #expect(walk.output.isEmpty)
            #expect(!full.output.isEmpty)
            #expect(walk.diagnostics == full.diagnostics)
            #expect(walked.partialRequests == kept.partialRequests)
        }
        #expect(expand(text, &context, expander: walker).diagnostics.map(\.id) == ["include.too-large"])
    }
}

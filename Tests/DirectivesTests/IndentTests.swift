import Testing

@testable import Directives

/// An included partial's text, indented as its include was: every non-empty line gets the
/// indentation, and the text ends with a newline.
@Suite struct IndentTests {
    /// The same, line by line.
    static func reference(_ text: String, _ indentation: String) -> String {
        guard !text.isEmpty else { return "" }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.isEmpty ? "" : indentation + $0 }.joined(separator: "\n") + "\n"
    }

    @Test func agreesWithIndentingLineByLineOnRandomText() {
        let pool: [Character] = ["a", "手", "\n", "\n", " ", "-", "é"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let text = String((0..<Int.random(in: 0...14, using: &generator)).map { _ in pool.randomElement(using: &generator)! })
            for indentation in ["", "  ", "   ", "\t"] {
                #expect(DirectiveExpander.indent(text, by: indentation) == Self.reference(text, indentation), "\(text.debugDescription)")
            }
        }
    }

    @Test func examples() {
        #expect(DirectiveExpander.indent("a\n\nb", by: "  ") == "  a\n\n  b\n")
        #expect(DirectiveExpander.indent("a\nb\n", by: "") == "a\nb\n")
        #expect(DirectiveExpander.indent("a", by: "") == "a\n")
        #expect(DirectiveExpander.indent("", by: "  ").isEmpty)
    }
}

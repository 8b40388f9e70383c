import Diagnostics
import Testing

@testable import Rules

struct ExpressionParserTests {
    private func tree(_ text: String) -> String? {
        let (expression, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty, "\(text): \(diagnostics)")
        return expression?.sexp
    }

    @Test func precedence() {
        #expect(tree("not a and b or c") == "(or (and (not a) b) c)")
        #expect(tree("a or b and c") == "(or a (and b c))")
        #expect(tree("a - 1 day < b") == "(< (- a {1 day}) b)")
        #expect(tree("x in [\"a\", \"b\"]") == "(in x [\"a\" \"b\"])")
        #expect(tree("x not in []") == "(not in x [])")
        #expect(tree("not x in [1]") == "(not (in x [1]))")
        #expect(tree("not not a") == "(not (not a))")
        #expect(tree("a + 1 - 2") == "(- (+ a 1) 2)")
        #expect(tree("(a or b) and c") == "(and (or a b) c)")
        #expect(tree("a == b and c != d") == "(and (== a b) (!= c d))")
        #expect(tree("a - (b - c)") == "(- a (- b c))")
    }

    @Test func everyComparison() {
        for op in ["==", "!=", "<", "<=", ">", ">="] {
            #expect(tree("a \(op) b") == "(\(op) a b)")
        }
        #expect(tree("a<=b") == "(<= a b)")
    }

    @Test func literals() {
        #expect(tree("true") == "true")
        #expect(tree("false") == "false")
        #expect(tree("30") == "30")
        #expect(tree("\"other\"") == "\"other\"")
        #expect(tree("2026-01-31") == "2026-01-31")
        #expect(tree("2026-1") == "(- 2026 1)")
        #expect(tree("[1, 2, 3,]") == "[1 2 3]")
        #expect(tree("today") == "today")
        let (escaped, _) = parse(#""a\"b\\c""#)
        #expect(escaped?.kind == .string(#"a"b\c"#))
    }

    @Test func durations() {
        #expect(tree("1 day") == "{1 day}")
        #expect(tree("30 days") == "{30 day}")
        #expect(tree("1 week") == "{1 week}")
        #expect(tree("2 weeks") == "{2 week}")
        #expect(tree("1 month") == "{1 month}")
        #expect(tree("6 months") == "{6 month}")
        #expect(tree("1 year") == "{1 year}")
        #expect(tree("3 years") == "{3 year}")
        #expect(tree("1 business day") == "{1 businessDay}")
        #expect(tree("2 business days") == "{2 businessDay}")
        #expect(tree("d + 2 business days - 1 week") == "(- (+ d {2 businessDay}) {1 week})")
    }

    @Test func functions() {
        #expect(tree("min(a, b)") == "(min a b)")
        #expect(tree("max(a, b + 1 day)") == "(max a (+ b {1 day}))")
        #expect(tree("end_of_month(d)") == "(end_of_month d)")
        #expect(tree("business_day_on_or_after(d)") == "(business_day_on_or_after d)")
        #expect(tree("business_day_on_or_before(d - 1 day)") == "(business_day_on_or_before (- d {1 day}))")
    }

    @Test func rangesOfNodes() throws {
        // "a - 1 day < b" starting at line 3, column 10.
        let (parsed, _) = parse("a - 1 day < b", at: loc("f.md", 3, 10))
        let expression = try #require(parsed)
        #expect(expression.range.start == loc("f.md", 3, 10))
        #expect(expression.range.end == loc("f.md", 3, 23))
        guard case .binary(_, let lhs, let rhs) = expression.kind, case .binary(_, _, let duration) = lhs.kind else {
            Issue.record("unexpected tree")
            return
        }
        #expect(duration.range == SourceRange(start: loc("f.md", 3, 14), length: 5))
        #expect(rhs.range == SourceRange(start: loc("f.md", 3, 22), length: 1))
        // Parentheses belong to the node they group.
        let (grouped, _) = parse("(a)")
        #expect(grouped?.range == SourceRange(start: loc("t", 1, 1), length: 3))
    }

    @Test func newlinesAdvanceLines() throws {
        let (parsed, _) = parse("a and\n  bb", at: loc("f", 4, 8))
        let expression = try #require(parsed)
        guard case .binary(.and, _, let rhs) = expression.kind else {
            Issue.record("unexpected tree")
            return
        }
        #expect(rhs.range == SourceRange(start: loc("f", 5, 3), length: 2))
    }

    /// Each syntax error, with its id, message, and the exact range of the offending token.
    @Test(arguments: [
        ("a <", "rules.syntax", "expected an expression, found end of expression", 1, 4, 1),
        ("a < b < c", "rules.syntax", "comparisons cannot be chained; combine them with 'and'", 1, 7, 1),
        ("a == b in c", "rules.syntax", "comparisons cannot be chained; combine them with 'and'", 1, 8, 2),
        ("(a or b", "rules.syntax", "expected ')', found end of expression", 1, 8, 1),
        ("a b", "rules.syntax", "expected an operator or end of expression, found 'b'", 1, 3, 1),
        ("", "rules.syntax", "expected an expression, found end of expression", 1, 1, 1),
        ("and", "rules.syntax", "expected an expression, found 'and'", 1, 1, 3),
        ("a + )", "rules.syntax", "expected an expression, found ')'", 1, 5, 1),
        (
            "foo(1)", "rules.syntax",
            "unknown function 'foo' (functions: min, max, end_of_month, business_day_on_or_after, business_day_on_or_before)",
            1, 1, 3
        ),
        ("min(a)", "rules.syntax", "min takes 2 arguments, but 1 was given", 1, 1, 6),
        ("min(a, b, c)", "rules.syntax", "min takes 2 arguments, but 3 were given", 1, 1, 12),
        ("min(a b)", "rules.syntax", "expected ',' or ')' in the arguments of min, found 'b'", 1, 7, 1),
        ("2026-02-30", "rules.invalid-date", "'2026-02-30' does not exist: February 2026 has 28 days", 1, 1, 10),
        ("x < 2026-13-01", "rules.invalid-date", "'2026-13-01' is not a date: there is no month 13 (months are 01 to 12)", 1, 5, 10),
        ("\"abc", "rules.syntax", "unterminated string: expected a closing '\"'", 1, 1, 1),
        (#""a\nb""#, "rules.syntax", #"unknown escape '\n' in a string (only \" and \\ are allowed)"#, 1, 3, 2),
        ("a = b", "rules.syntax", "unexpected character '='; did you mean '=='?", 1, 3, 1),
        ("a == 'x'", "rules.syntax", "unexpected character '''; strings are written in double quotes", 1, 6, 1),
        ("d + 3 business weeks", "rules.syntax", "expected 'day' or 'days' after 'business', found 'weeks'", 1, 16, 5),
        ("[1, 2", "rules.syntax", "expected ',' or ']' in a list, found end of expression", 1, 6, 1),
        ("99999999999999999999", "rules.syntax", "the number 99999999999999999999 is too large", 1, 1, 20),
        ("a and\n  b or", "rules.syntax", "expected an expression, found end of expression", 2, 7, 1),
        ("x == 日本", "rules.syntax", "unexpected character '日'; a string is written in double quotes: \"日本\"", 1, 6, 1),
        ("注意: 必要", "rules.syntax", "unexpected character '注'; a string is written in double quotes, kept inside the YAML value's own quotes: '\"注意: 必要\"'", 1, 1, 1),
        ("x in [東京, 大阪]", "rules.syntax", "unexpected character '東'; a string is written in double quotes: \"東京\"", 1, 7, 1),
    ])
    func syntaxErrors(
        text: String, id: String, message: String, line: Int, column: Int, length: Int
    ) {
        let (expression, diagnostics) = parse(text)
        #expect(expression == nil)
        #expect(diagnostics.count == 1)
        let diagnostic = diagnostics.first
        #expect(diagnostic?.id == id)
        #expect(diagnostic?.message == message)
        #expect(diagnostic?.severity == .error)
        #expect(diagnostic?.range == SourceRange(start: loc("t", line, column), length: length))
    }

    @Test func errorsAreOffsetByTheStart() {
        let (_, diagnostics) = parse("a <", at: loc("g.md", 5, 10))
        #expect(diagnostics.first?.range?.start == loc("g.md", 5, 13))
    }
}

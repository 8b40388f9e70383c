import Diagnostics
import Testing

@testable import Rules

/// `if c then a else b`: parsed at the lowest precedence, type-checked (a bool condition, one
/// type for both branches), evaluated lazily, and seen by every walk over expressions.
struct ConditionalExpressionTests {
    private func tree(_ text: String) -> String? {
        let (expression, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty, "\(text): \(diagnostics)")
        return expression?.sexp
    }

    private func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test func parsesAtTheLowestPrecedence() {
        #expect(tree("if a then b else c") == "(if a b c)")
        #expect(tree("if a or b then x + 1 day else y - 2 days") == "(if (or a b) (+ x {1 day}) (- y {2 day}))")
        #expect(tree("if a then 1 else 2 + 3") == "(if a 1 (+ 2 3))")
        #expect(tree("if not a and b then 1 else 2") == "(if (and (not a) b) 1 2)")
    }

    @Test func nests() {
        #expect(tree("if a then 1 else if b then 2 else 3") == "(if a 1 (if b 2 3))")
        #expect(tree("if a then if b then 1 else 2 else 3") == "(if a (if b 1 2) 3)")
        #expect(tree("if if a then b else c then 1 else 2") == "(if (if a b c) 1 2)")
        #expect(tree("(if a then 1 else 2) + 3") == "(+ (if a 1 2) 3)")
        #expect(tree("min(if a then x else y, z)") == "(min (if a x y) z)")
        #expect(tree("[if a then 1 else 2, 3]") == "[(if a 1 2) 3]")
    }

    @Test(arguments: [
        ("if a then 1", "expected 'else' after 'if … then …' (an 'if' needs both branches), found end of expression", 12, 1),
        ("if a 1 else 2", "expected 'then' after the condition of 'if', found '1'", 6, 1),
        ("1 + if a then 2 else 3", "an 'if … then … else …' inside an operation must be in parentheses: (if … then … else …)", 5, 2),
        ("a then b", "expected an operator or end of expression, found 'then'", 3, 4),
        ("else", "expected an expression, found 'else'", 1, 4),
    ])
    func syntaxErrors(text: String, message: String, column: Int, length: Int) {
        let (expression, diagnostics) = parse(text)
        #expect(expression == nil)
        #expect(diagnostics.map(\.id) == ["rules.syntax"])
        #expect(diagnostics.first?.message == message)
        #expect(diagnostics.first?.range == SourceRange(start: loc("t", 1, column), length: length))
    }

    @Test func keywordsAreReserved() {
        for word in ["if", "then", "else"] {
            let (_, diagnostics) = loadLibrary([("r.yml", "rules:\n  \(word): 1\n")])
            #expect(diagnostics.map(\.id) == ["rules.reserved-name"], "\(word)")
        }
    }

    /// A chain of `else if`s is nesting too: bounded before the parser recurses.
    @Test func aLongChainOfElseIfIsTooDeep() {
        let text = String(repeating: "if a then 1 else ", count: 5_000) + "0"
        let (expression, diagnostics) = parse(text)
        #expect(expression == nil)
        #expect(diagnostics.map(\.id) == ["rules.too-deep"])
        #expect(tree(String(repeating: "if a then 1 else ", count: 50) + "0") != nil)
    }

    private func check(_ text: String) -> (ValueType?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let (parsed, syntax) = parse(text, at: loc("g.md", 3, 1))
        #expect(syntax.isEmpty, "\(syntax)")
        guard let parsed else { return (nil, syntax) }
        return (specLibrary().typeCheck(parsed, diagnostics: &diagnostics), diagnostics)
    }

    @Test func typesOfBothBranches() {
        #expect(check("if cloud_certificate then expiry else expiry - 1 month").0 == .date)
        #expect(check("if cloud_certificate then 1 else 2").0 == .int)
        #expect(check("if cloud_certificate then [] else [1]").0 == .list(.int))
        #expect(check("if cloud_certificate then target_service else target_service").0 == .choice(fact: "target_service"))
        #expect(check("(if cloud_certificate then expiry else cutover) < today").0 == .bool)
    }

    @Test(arguments: [
        ("if expiry then 1 else 2", "the condition of 'if' must be a bool, but this is date", 4, 6),
        (
            "if cloud_certificate then expiry else 3",
            "both branches of 'if' must have one type, but 'then' gives date and 'else' gives int", 27, 13
        ),
        (
            "if cloud_certificate then target_service else \"other\"",
            "both branches of 'if' must have one type, but 'then' gives choice of target_service and 'else' gives string", 27, 27
        ),
    ])
    func typeErrors(text: String, message: String, column: Int, length: Int) {
        let (type, diagnostics) = check(text)
        #expect(type == nil)
        #expect(diagnostics.map(\.id) == ["rules.type-mismatch"])
        #expect(diagnostics.first?.message == message)
        #expect(diagnostics.first?.range == SourceRange(start: loc("g.md", 3, column), length: length))
    }

    @Test func anErrorInABranchIsReportedOnceAndDoesNotCascade() {
        let (type, diagnostics) = check("if cloud_certificate then expiri else expiry")
        #expect(type == nil)
        #expect(diagnostics.map(\.id) == ["rules.unknown-name"])
    }

    private func environment(_ rules: String, facts: [String: Value] = [:], calendar: HolidayCalendar? = nil) throws -> Environment {
        let (library, diagnostics) = loadLibrary(
            [("r.yml", "facts:\n  flag:\n    type: bool\n  day:\n    type: date\nrules:\n" + rules)], calendar: calendar)
        #expect(!diagnostics.containsErrors, "\(diagnostics)")
        let declaration = ScenarioDeclaration(
            id: "s", idRange: SourceRange(loc("s.yml", 1, 1)), guides: ["g"], title: nil, titleLocation: nil, facts: [], file: "s.yml")
        return library.environment(
            for: ResolvedScenario(declaration: declaration, givenFacts: facts), today: date("2026-01-15"))
    }

    @Test func evaluatesTheBranchTaken() throws {
        let rules = """
              pick: if flag then day + 1 month else day - 1 day
              nested: if flag then (if day < 2026-02-01 then "early" else "late") else "off"

            """
        let on = try environment(rules, facts: ["flag": .bool(true), "day": .date(date("2026-01-31"))])
        #expect(on.value(of: "pick") == .date(date("2026-02-28")))
        #expect(on.value(of: "nested") == .string("early"))
        let off = try environment(rules, facts: ["flag": .bool(false), "day": .date(date("2026-01-31"))])
        #expect(off.value(of: "pick") == .date(date("2026-01-30")))
        #expect(off.value(of: "nested") == .string("off"))
    }

    /// The branch not taken is not evaluated: its overflow, its business day outside the
    /// calendar and its missing fact do not fire.
    @Test func theOtherBranchIsNotEvaluated() throws {
        let calendar = HolidayCalendar(name: "jp", holidays: [date("2026-01-01"): "元日"], coveredYears: 2026...2026)
        let rules = """
              safe_int: if flag then 1 else 9223372036854775807 + 1
              safe_date: if flag then 2026-01-05 else 2026-01-05 + 400 business days
              safe_fact: if flag then 2026-01-05 else day

            """
        let environment = try environment(rules, facts: ["flag": .bool(true)], calendar: calendar)
        #expect(environment.value(of: "safe_int") == .int(1))
        #expect(environment.value(of: "safe_date") == .date(date("2026-01-05")))
        #expect(environment.value(of: "safe_fact") == .date(date("2026-01-05")))
        #expect(environment.errors.map(\.name) == ["day"])
        // Taken, the same branches fail.
        let taken = try falseFlagEnvironment(rules, calendar: calendar)
        #expect(Set(taken.errors.map(\.error.diagnostic.id)) == ["rules.overflow", "calendar.out-of-range", "scenario.missing-fact"])
    }

    private func falseFlagEnvironment(_ rules: String, calendar: HolidayCalendar) throws -> Environment {
        try environment(rules, facts: ["flag": .bool(false)], calendar: calendar)
    }

    @Test func jsonTree() throws {
        let (parsed, _) = parse("if a then target.name else \"x\"")
        let expression = try #require(parsed)
        #expect(
            expression.jsonTree.serialized()
                == #"["if",["name","a"],["attr","name",["name","target"]],["str","x"]]"#)
    }

    @Test func walksSeeInsideConditionals() throws {
        let (parsed, _) = parse("if a then b + 2 business days else c.name")
        let expression = try #require(parsed)
        #expect(expression.referencedNames == ["a", "b", "c"])
        #expect(expression.usesBusinessDays)
        #expect(expression.depth == 3)
        let (other, _) = parse("if a then b + 2 business days else c.label")
        #expect(try !expression.hasSameShape(as: #require(other)))
        let (same, _) = parse("(if a then (b + 2 business days) else c.name)")
        #expect(try expression.hasSameShape(as: #require(same)))
    }

    /// A fact that applies only when a condition holds may be read in the branch that condition
    /// guards, and only there.
    @Test func aBranchGuardsAConditionalFact() {
        let text = """
            facts:
              linked:
                type: bool
              cloud:
                type: bool
                applies_when: linked
            rules:
              guarded: if linked then cloud else false
              guarded_else: if not linked then false else cloud
              unguarded: if linked then false else cloud

            """
        let (library, diagnostics) = loadLibrary([("r.yml", text)])
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        for (rule, expected) in [("guarded", [String]()), ("guarded_else", []), ("unguarded", ["cloud"])] {
            let (parsed, _) = parse(rule)
            #expect(library.unguardedConditionalFacts(in: parsed!) == expected, "\(rule)")
        }
    }
}

import Diagnostics
import Testing

@testable import Rules

struct RulesLibraryTests {
    @Test func loadsTheSpecExample() {
        let library = specLibrary()
        #expect(library.factNames == ["target_service", "cloud_certificate", "expiry", "action_date"])
        #expect(
            library.ruleNames == [
                "cutover", "complete_by", "online_cancel_from", "online_cancel_until", "cancellation_required",
                "byo_item_required",
            ])
        #expect(
            library.facts["target_service"]?.choices.map(\.key) == [
                "other", "content-acceleration", "web-high-grade", "document-exchange",
            ])
        #expect(library.facts["target_service"]?.label(forKey: "web-high-grade") == "IIJ Webハイグレードサービス")
        #expect(library.facts["target_service"]?.type == .choice(fact: "target_service"))
        #expect(library.facts["expiry"]?.question == "既存契約の有効期限はいつですか?")
        #expect(library.facts["action_date"]?.defaultExpression?.kind == .name("today"))
        #expect(library.rules["cutover"]?.type == .date)
        #expect(library.rules["complete_by"]?.type == .date)
        #expect(library.rules["online_cancel_from"]?.type == .date)
        #expect(library.rules["cancellation_required"]?.type == .bool)
        #expect(library.rules["byo_item_required"]?.type == .bool)
        #expect(library.rules["cutover"]?.range == SourceRange(start: loc("Content/rules/main.yml", 21, 3), length: 7))
    }

    @Test func yamlTimestampIsADateLiteral() throws {
        let library = specLibrary()
        let cutover = try #require(library.rules["cutover"])
        let date = try #require(CivilDate(year: 2026, month: 2, day: 1))
        #expect(cutover.expression.kind == .date(date))
        // The expression starts where YAML's scalar does: line 21, after "  cutover: ".
        #expect(cutover.expression.range == SourceRange(start: loc("Content/rules/main.yml", 21, 12), length: 10))
        // A quoted scalar points inside the quote.
        let (quoted, diagnostics) = loadLibrary([("r.yml", "rules:\n  d: '2026-02-01'\n  n: 30\n")])
        #expect(diagnostics.isEmpty)
        #expect(quoted.rules["d"]?.expression.kind == .date(date))
        #expect(quoted.rules["d"]?.expression.range.start == loc("r.yml", 2, 7))
        #expect(quoted.rules["n"]?.type == .int)
    }

    @Test func dependencies() {
        let library = specLibrary()
        let (parsed, _) = parse("cancellation_required and byo_item_required")
        guard let expression = parsed else { return }
        let names = library.names(in: expression)
        #expect(names == ["cancellation_required", "byo_item_required"])
        #expect(library.facts(reachableFrom: names) == ["action_date", "target_service"])
        #expect(library.usesToday(names))
        #expect(library.facts(reachableFrom: ["complete_by"]) == ["expiry"])
        #expect(!library.usesToday(["complete_by", "cutover"]))
        #expect(library.usesToday(["today"]))
    }

    /// Type-checks `text` written at line 42, column 7 of a guide.
    private func check(_ text: String, in library: RulesLibrary = specLibrary()) -> (ValueType?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let (parsed, syntax) = parse(text, at: loc("Content/guides/switch.md", 42, 7))
        #expect(syntax.isEmpty, "\(syntax)")
        guard let parsed else { return (nil, syntax) }
        let type = library.typeCheck(parsed, diagnostics: &diagnostics)
        return (type, diagnostics)
    }

    @Test func inferredTypesOfGuideExpressions() {
        #expect(check("expiry - action_date").0 == .int)
        #expect(check("expiry - 1 month").0 == .date)
        #expect(check("1 month + expiry").0 == .date)
        #expect(check("expiry + 2 business days").0 == .date)
        #expect(check("30 + 12").0 == .int)
        #expect(check("min(expiry, cutover)").0 == .date)
        #expect(check("max(1, 2)").0 == .int)
        #expect(check("end_of_month(today)").0 == .date)
        #expect(check("business_day_on_or_after(expiry)").0 == .date)
        #expect(check("business_day_on_or_before(expiry)").0 == .date)
        #expect(check("target_service").0 == .choice(fact: "target_service"))
        #expect(check("target_service == \"other\"").0 == .bool)
        #expect(check("\"other\" != target_service").0 == .bool)
        #expect(check("target_service in [\"other\", \"web-high-grade\"]").0 == .bool)
        #expect(check("expiry in []").0 == .bool)
        #expect(check("not cloud_certificate or cancellation_required").0 == .bool)
        #expect(check("\"a\" < \"b\"").0 == .bool)
        for text in ["expiry - action_date", "target_service == \"other\"", "expiry in []"] {
            #expect(check(text).1.isEmpty)
        }
    }

    /// Each type error of the expression language: id, message and the exact range.
    @Test(arguments: [
        (
            "target_service == \"otehr\"", "rules.unknown-choice",
            "'otehr' is not a choice of target_service (choices: other, content-acceleration, web-high-grade, document-exchange; did you mean 'other'?)",
            25, 7
        ),
        (
            "target_service not in [\"other\", \"web-hi-grade\"]", "rules.unknown-choice",
            "'web-hi-grade' is not a choice of target_service (choices: other, content-acceleration, web-high-grade, document-exchange; did you mean 'web-high-grade'?)",
            39, 14
        ),
        (
            "target_service == \"その他(お客様管理のサーバなど)\"", "rules.unknown-choice",
            "'その他(お客様管理のサーバなど)' is not a choice of target_service ('その他(お客様管理のサーバなど)' is the label of a choice; write its key: other)",
            25, 18
        ),
        ("expiri < today", "rules.unknown-name", "unknown name 'expiri'; did you mean 'expiry'?", 7, 6),
        ("nothing_like_it", "rules.unknown-name", "unknown name 'nothing_like_it'", 7, 15),
        ("target_service == other", "rules.unknown-name",
         "unknown name 'other'; a choice key is written in quotes: \"other\"", 25, 5),
        ("expiry < 3", "rules.type-mismatch", "cannot compare date with int", 7, 10),
        ("target_service == cloud_certificate", "rules.type-mismatch",
         "cannot compare choice of target_service with bool", 7, 35),
        ("cloud_certificate < true", "rules.type-mismatch", "'<' compares ints, dates or strings, not bool values", 7, 24),
        ("expiry + 3", "rules.type-mismatch",
         "cannot add int to date; write a duration: 3 days (or weeks, months, years, business days)", 7, 10),
        ("expiry < \"2026-03-01\"", "rules.type-mismatch",
         "cannot compare date with string; drop the quotes: 2026-03-01 is a date, \"2026-03-01\" is a string", 7, 21),
        ("expiry == \"2026-03-01\"", "rules.type-mismatch",
         "cannot compare date with string; drop the quotes: 2026-03-01 is a date, \"2026-03-01\" is a string", 7, 22),
        ("3 - expiry", "rules.type-mismatch", "cannot subtract date from int", 7, 10),
        ("end_of_month(3)", "rules.type-mismatch", "end_of_month needs a date, but this is int", 20, 1),
        ("business_day_on_or_after(cloud_certificate)", "rules.type-mismatch",
         "business_day_on_or_after needs a date, but this is bool", 32, 17),
        ("min(expiry, 3)", "rules.type-mismatch", "min needs two dates or two ints, but got date and int", 7, 14),
        ("cloud_certificate and expiry", "rules.type-mismatch", "'and' needs bool operands, but this is date", 29, 6),
        ("not expiry", "rules.type-mismatch", "'not' needs a bool, but this is date", 11, 6),
        ("expiry in [1, 2]", "rules.type-mismatch", "'in' needs a list of date on the right, but this is list of int", 17, 6),
        ("expiry in cutover", "rules.type-mismatch", "'in' needs a list on the right, but this is date", 17, 7),
        ("3 in [1, \"a\"]", "rules.type-mismatch",
         "a list holds values of one type, but this is string and the first is int", 16, 3),
    ])
    func typeErrors(text: String, id: String, message: String, column: Int, length: Int) {
        let (type, diagnostics) = check(text)
        #expect(type == nil)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        #expect(diagnostics.first?.id == id)
        #expect(diagnostics.first?.message == message)
        #expect(
            diagnostics.first?.range
                == SourceRange(start: loc("Content/guides/switch.md", 42, column), length: length))
    }

    @Test func errorsDoNotCascade() {
        // One unknown name, reported once, and nothing about the comparisons built on it.
        let (_, diagnostics) = check("unknown_a + 1 day < expiry and cloud_certificate")
        #expect(diagnostics.map(\.id) == ["rules.unknown-name"])
    }

    static let fileA = """
        facts:
          expiry:
            type: date
            question: q
          kind:
            type: choise
          pick:
            type: choice
        rules:
          a: b + 1
          b: a - 1
          c: c
          d: unknown_thing
          cutover: 2026-02-01
          e: expiry - 1 fortnight
          f: "expiri + 1 day"
          uses_a: a + 1

        """

    static let fileB = """
        rules:
          cutover: 2026-03-01
          expiry: today
          and: 1
          bad-name: 2
        facts: {t: {type: date, question: "🇯🇵日付は?", default: toda}, u: {type: int, default: "\\"x\\""}}

        """

    @Test func libraryErrorsAcrossFiles() {
        let (library, diagnostics) = loadLibrary([("Content/rules/a.yml", Self.fileA), ("Content/rules/b.yml", Self.fileB)])
        let a = "Content/rules/a.yml"
        let b = "Content/rules/b.yml"
        func find(_ id: String, _ file: String, _ line: Int) -> Diagnostic? {
            diagnostics.first { $0.id == id && $0.range?.start.file == file && $0.range?.start.line == line }
        }
        #expect(
            find("rules.unknown-type", a, 6)?.message
                == "unknown type 'choise' for fact 'kind' (types: bool, int, string, date, choice)")
        #expect(find("rules.unknown-type", a, 6)?.range == SourceRange(start: loc(a, 6, 11), length: 6))
        #expect(
            find("rules.missing-choices", a, 7)?.message
                == "choice fact 'pick' needs 'choices:', a mapping of keys to labels")
        #expect(find("rules.cycle", a, 10)?.message == "rule 'a' depends on itself: a → b → a")
        // Choices written as a list of keys: the error is at the list, and says how to write them.
        let (_, listed) = loadLibrary([
            ("Content/rules/c.yml", "facts:\n  plan:\n    type: choice\n    question: プランは?\n    choices: [basic, pro]\n")
        ])
        let list = listed.first { $0.id == "rules.missing-choices" }
        #expect(
            list?.message
                == "the choices of fact 'plan' are a list; write them as a mapping of each key to the label readers see: choices: {basic: …, pro: …}")
        #expect(list?.range?.start == loc("Content/rules/c.yml", 5, 14))
        #expect(find("rules.cycle", a, 10)?.range?.start == loc(a, 10, 3))
        #expect(find("rules.cycle", a, 12)?.message == "rule 'c' depends on itself: c → c")
        #expect(find("rules.unknown-name", a, 13)?.range == SourceRange(start: loc(a, 13, 6), length: 13))
        #expect(
            find("rules.syntax", a, 15)?.message == "expected an operator or end of expression, found 'fortnight'")
        #expect(find("rules.syntax", a, 15)?.range?.start == loc(a, 15, 17))
        #expect(find("rules.unknown-name", a, 16)?.range?.start == loc(a, 16, 7))
        // Duplicates point at the second definition, with a note at the first.
        let cutover = find("rules.duplicate", b, 2)
        #expect(cutover?.message == "'cutover' is defined twice")
        #expect(cutover?.range == SourceRange(start: loc(b, 2, 3), length: 7))
        #expect(cutover?.notes.first?.range == SourceRange(start: loc(a, 14, 3), length: 7))
        let expiry = find("rules.duplicate", b, 3)
        #expect(expiry?.notes.first?.range?.start == loc(a, 2, 3))
        #expect(find("rules.reserved-name", b, 4)?.message == "'and' is a reserved word and cannot name a fact or rule")
        #expect(find("rules.invalid-name", b, 5) != nil)
        // Columns count characters: the flag is two scalars but one character.
        #expect(find("rules.unknown-name", b, 6)?.range?.start == loc(b, 6, 53))
        #expect(find("rules.type-mismatch", b, 6)?.message == "the default of fact 'u' is string, but the fact is int")
        // The first definition wins; a rule with errors has no type; one on a cycle neither.
        #expect(library.rules["cutover"]?.range.start.file == a)
        #expect(library.rules["d"]?.type == nil)
        #expect(library.rules["uses_a"]?.type == nil)
        #expect(diagnostics.filter { $0.id == "rules.cycle" }.count == 2)
        #expect(diagnostics.count == 13, "\(diagnostics.map(\.description).joined(separator: "\n"))")
    }

    @Test func duplicateInOneFile() {
        let text = "rules:\n  x: 1\n  y: 2\n  x: 3\n"
        let (_, diagnostics) = loadLibrary([("r.yml", text)])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.id == "rules.duplicate")
        #expect(diagnostics.first?.range?.start == loc("r.yml", 4, 3))
        #expect(diagnostics.first?.notes.first?.range?.start == loc("r.yml", 2, 3))
    }

    @Test func cycleThroughAFactDefault() {
        let text = """
            facts:
              start:
                type: date
                question: q
                default: finish - 1 day
            rules:
              finish: start + 1 day

            """
        let (_, diagnostics) = loadLibrary([("r.yml", text)])
        #expect(diagnostics.map(\.message) == ["rule 'finish' depends on itself: finish → start → finish"])
        #expect(diagnostics.first?.range?.start == loc("r.yml", 7, 3))
    }

    @Test func yamlSyntaxErrorIsReported() {
        let (_, diagnostics) = loadLibrary([("r.yml", "rules:\n  a: [1,\n")])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.id == "yaml.syntax")
        #expect(diagnostics.first?.range?.start.file == "r.yml")
    }
}

struct RulesLibraryFollowUpTests {
    @Test func guideChecksDoNotRepeatRuleErrors() {
        let text = "rules:\n  broken: nope + 1\n  fine: 2026-01-01\n"
        let (library, diagnostics) = loadLibrary([("r.yml", text)])
        #expect(diagnostics.count == 1)
        let (parsed, _) = parse("broken > 3 or fine < 2026-02-01")
        guard let parsed else { return }
        var guideDiagnostics: [Diagnostic] = []
        _ = library.typeCheck(parsed, diagnostics: &guideDiagnostics)
        #expect(guideDiagnostics.isEmpty)
        let (fineOnly, _) = parse("fine < 3")
        guard let fineOnly else { return }
        #expect(library.typeCheck(fineOnly, diagnostics: &guideDiagnostics) == nil)
        #expect(guideDiagnostics.map(\.message) == ["cannot compare date with int"])
    }

    @Test func choiceDefaultIsAKey() {
        let text = """
            facts:
              plan:
                type: choice
                question: どのプランですか?
                choices:
                  basic: ベーシック
                  pro: プロ
                  web-high-grade: ハイグレード
                default: "pro"
              other_plan:
                type: choice
                choices:
                  a: A
                default: "b"
              third_plan:
                type: choice
                choices:
                  web-high-grade: ハイグレード
                default: web-high-grade

            """
        let (library, diagnostics) = loadLibrary([("r.yml", text)])
        // A default that is not a key is read as an expression.
        #expect(diagnostics.map(\.message) == ["unknown name 'b'"])
        #expect(diagnostics.first?.range == SourceRange(start: loc("r.yml", 14, 15), length: 1))
        let scenario = ResolvedScenario(
            declaration: ScenarioDeclaration(
                id: "s", idRange: SourceRange(loc("s.yml", 1, 1)), guides: ["g"], title: nil, titleLocation: nil,
                facts: [], file: "s.yml"),
            givenFacts: [:])
        let environment = library.environment(for: scenario, today: CivilDate(iso: "2026-01-01")!)
        #expect(environment.value(of: "plan") == .choice(fact: "plan", key: "pro", label: "プロ"))
        #expect(
            environment.value(of: "third_plan")
                == .choice(fact: "third_plan", key: "web-high-grade", label: "ハイグレード"))
    }

    @Test func aBrokenDeclarationDoesNotCascade() throws {
        let text = """
            facts:
              moved_on:
                type: day
                question: 移転日は?
            rules:
              broken: + 2026/01/20
              notice_by: moved_on - 1 day
              later: broken + 1 day
            deadlines:
              broken: 期限
            """
        let (library, diagnostics) = loadLibrary([("Content/rules/r.yml", text)])
        #expect(diagnostics.map(\.id) == ["rules.unknown-type", "rules.syntax"], "\(diagnostics)")
        #expect(library.brokenNames == ["moved_on", "broken"])
        let first = try #require(diagnostics.first)
        #expect(first.range?.start == loc("Content/rules/r.yml", 3, 11))
    }

    @Test func namesOfAFileThatIsNotYAMLAreSilentAndNeverSuggested() throws {
        let broken = "rules:\n  jp_expiry: 2026-01-01\n   bad: [\n"
        let (library, diagnostics) = loadLibrary([("Content/rules/a.yml", broken), ("Content/rules/b.yml", specRulesText)])
        #expect(diagnostics.map(\.id) == ["yaml.syntax"], "\(diagnostics)")
        #expect(diagnostics.first?.isRootCause == true)
        #expect(library.brokenNames.contains("jp_expiry"))
        var errors: [Diagnostic] = []
        let (parsed, _) = parse("jp_expiry < expiry and jp_expir < expiry")
        _ = library.typeCheck(try #require(parsed), diagnostics: &errors)
        // Only the name the broken file does not hold is unknown, and no suggestion points into it.
        #expect(errors.map(\.message) == ["unknown name 'jp_expir'"], "\(errors)")
    }
}

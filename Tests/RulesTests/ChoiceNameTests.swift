import Diagnostics
import Testing

@testable import Rules

/// A choice's short name for prose: declared as `key: {label: …, name: …}`, read with `.name`
/// (the label when there is no name) and `.label`, type-checked, evaluated.
struct ChoiceNameTests {
    static let rulesText = """
        facts:
          target_service:
            type: choice
            question: 対象サービスはどれですか?
            choices:
              other: その他(お客様管理のサーバなど)
              managed-waf:
                label: IIJマネージドWAFサービス(IIJサーバ証明書管理サービス連携オプション/保護対象グループ追加オプション)
                name: IIJマネージドWAFサービス
            default: "managed-waf"
          expiry:
            type: date
        rules:
          service_name: target_service.name
          service_label: target_service.label

        """

    private func library() -> RulesLibrary {
        let (library, diagnostics) = loadLibrary([("Content/rules/r.yml", Self.rulesText)])
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return library
    }

    private func environment(_ facts: [String: Value]) -> Environment {
        let declaration = ScenarioDeclaration(
            id: "s", idRange: SourceRange(loc("s.yml", 1, 1)), guides: ["g"], title: nil, titleLocation: nil, facts: [], file: "s.yml")
        return library().environment(
            for: ResolvedScenario(declaration: declaration, givenFacts: facts), today: CivilDate(iso: "2026-01-15")!)
    }

    @Test func declaresLabelsAndNames() throws {
        let fact = try #require(library().facts["target_service"])
        #expect(fact.choices.map(\.key) == ["other", "managed-waf"])
        #expect(fact.choices.map(\.name) == [nil, "IIJマネージドWAFサービス"])
        #expect(fact.label(forKey: "managed-waf") == "IIJマネージドWAFサービス(IIJサーバ証明書管理サービス連携オプション/保護対象グループ追加オプション)")
        #expect(library().rules["service_name"]?.type == .string)
        #expect(
            fact.choicesJSON.serialized()
                == #"[["other","その他(お客様管理のサーバなど)"],["managed-waf","IIJマネージドWAFサービス(IIJサーバ証明書管理サービス連携オプション/保護対象グループ追加オプション)","IIJマネージドWAFサービス"]]"#
        )
    }

    @Test func nameOrLabel() {
        let waf = environment([:])  // the default, managed-waf
        #expect(waf.value(of: "service_name") == .string("IIJマネージドWAFサービス"))
        #expect(waf.value(of: "service_label") == .string("IIJマネージドWAFサービス(IIJサーバ証明書管理サービス連携オプション/保護対象グループ追加オプション)"))
        // A choice without a name: its label.
        let other = environment(["target_service": .choice(fact: "target_service", key: "other", label: "その他(お客様管理のサーバなど)")])
        #expect(other.value(of: "service_name") == .string("その他(お客様管理のサーバなど)"))
        #expect(other.value(of: "service_label") == .string("その他(お客様管理のサーバなど)"))
    }

    @Test func parses() {
        let (parsed, diagnostics) = parse("target_service.name == \"x\" or (a).label < b")
        #expect(diagnostics.isEmpty)
        #expect(parsed?.sexp == "(or (== (.name target_service) \"x\") (< (.label a) b))")
        let (spaced, _) = parse("target_service . name")
        #expect(spaced?.sexp == "(.name target_service)")
    }

    @Test(arguments: [
        ("target_service.key", "expected '.name' or '.label' after '.', found 'key'", 16, 3),
        ("target_service.", "expected '.name' or '.label' after '.', found end of expression", 16, 1),
        ("1.5", "expected '.name' or '.label' after '.', found '5'", 3, 1),
    ])
    func syntaxErrors(text: String, message: String, column: Int, length: Int) {
        let (parsed, diagnostics) = parse(text)
        #expect(parsed == nil)
        #expect(diagnostics.map(\.id) == ["rules.syntax"])
        #expect(diagnostics.first?.message == message)
        #expect(diagnostics.first?.range == SourceRange(start: loc("t", 1, column), length: length))
    }

    /// `.name` on something that is not a choice is a type error at the operand's place.
    @Test func nameOfANonChoiceIsATypeError() throws {
        let (parsed, _) = parse("expiry.name", at: loc("Content/guides/g.md", 12, 4))
        var diagnostics: [Diagnostic] = []
        #expect(library().typeCheck(try #require(parsed), diagnostics: &diagnostics) == nil)
        #expect(diagnostics.map(\.id) == ["rules.type-mismatch"])
        #expect(diagnostics.first?.message == "'.name' reads a choice, but this is date")
        #expect(diagnostics.first?.range == SourceRange(start: loc("Content/guides/g.md", 12, 4), length: 6))
    }

    @Test func badDeclarations() {
        let text = """
            facts:
              pick:
                type: choice
                choices:
                  a: {name: A}
                  b: {label: B, nick: b}
                  c: {label: "", name: C}

            """
        let (library, diagnostics) = loadLibrary([("r.yml", text)])
        #expect(diagnostics.map(\.id) == ["rules.syntax", "rules.unknown-key", "rules.syntax"])
        #expect(
            diagnostics.map(\.message) == [
                "choice 'a' of fact 'pick' needs 'label:', the words readers see",
                "unknown key 'nick' in choice 'b' of fact 'pick' (expected: label, name)",
                "'label' of choice 'c' of fact 'pick' must be text",
            ])
        #expect(diagnostics.map { $0.range?.start.line } == [5, 6, 7])
        #expect(diagnostics.map { $0.range?.start.column }.prefix(2) == [10, 21])
        #expect(library.facts["pick"]?.choices.map(\.label) == ["a", "B", "c"])
    }
}

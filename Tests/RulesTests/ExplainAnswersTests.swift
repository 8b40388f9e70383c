import Diagnostics
import Testing

@testable import Rules

@Suite struct ExplainAnswersTests {
    func load(_ yaml: String) -> (RulesLibrary, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let library = RulesLibrary.load(
            ruleFiles: [SourceFile(path: "Content/rules/r.yml", text: yaml)], calendar: nil, diagnostics: &diagnostics)
        return (library, diagnostics)
    }

    @Test func answersOfChoiceAndBoolFactsCanBeExplained() {
        let (library, diagnostics) = load("""
            facts:
              plan:
                type: choice
                choices: {a: A, b: B}
                explain: {a: Aの説明}
              cloud:
                type: bool
                explain:
                  "true": はいの説明
            """)
        #expect(diagnostics.isEmpty)
        #expect(library.facts["plan"]?.explanations == ["a": "Aの説明"])
        #expect(library.facts["cloud"]?.explanations == ["true": "はいの説明"])
    }

    @Test func anUnknownAnswerOrAnUnexplainableFactIsAnError() {
        let (_, diagnostics) = load("""
            facts:
              plan:
                type: choice
                choices: {a: A, b: B}
                explain: {c: x}
              day:
                type: date
                explain: {x: y}
            """)
        #expect(diagnostics.map(\.id) == ["rules.unknown-answer", "rules.explain"])
        #expect(diagnostics.first?.message == "'c' is not an answer of fact 'plan' (answers: a, b)")
        #expect(diagnostics.first?.range?.start == SourceLocation(file: "Content/rules/r.yml", line: 5, column: 15))
    }
}

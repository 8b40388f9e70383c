import Diagnostics
import Testing

@testable import Rules

/// A fact's declaration is a value: equal when its fields are, whichever object holds them, and
/// a copy changed alone.
@Suite struct FactDeclarationTests {
    private func declaration(_ name: String = "plan", question: String? = "ご契約のプランは?") -> FactDeclaration {
        FactDeclaration(
            name: name, type: .choice(fact: name), question: question,
            choices: [.init(key: "light", label: "ライトプラン"), .init(key: "standard", label: "スタンダードプラン", name: "標準")],
            range: SourceRange(loc("Content/rules/facts.yml", 2, 3)))
    }

    @Test func declarationsMadeApartAreEqualWhenTheirFieldsAre() {
        let a = declaration()
        let b = declaration("pl" + "an")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
    }

    @Test func changingACopyLeavesTheOriginal() {
        let original = declaration()
        var copy = original
        copy.question = nil
        copy.choices.append(.init(key: "business", label: "ビジネスプラン"))
        copy.explanations["light"] = "小規模向け"
        copy.appliesWhen = parse("plan == \"light\"").0
        #expect(original.question == "ご契約のプランは?")
        #expect(original.choices.map(\.key) == ["light", "standard"])
        #expect(original.explanations.isEmpty)
        #expect(original.appliesWhen == nil)
        #expect(copy.appliesWhen != nil)
        #expect(copy.choices.map(\.key) == ["light", "standard", "business"])
        #expect(copy.explanations == ["light": "小規模向け"])
        #expect(copy != original)
        // Changed back field by field, the copy equals the original again, and hashes alike.
        copy.question = original.question
        copy.choices.removeLast()
        copy.explanations = [:]
        copy.appliesWhen = nil
        #expect(copy == original)
        #expect(copy.hashValue == original.hashValue)
    }

    @Test func everyFieldTellsDeclarationsApart() {
        let a = declaration()
        #expect(a != declaration("other"))
        #expect(a != declaration(question: "プランは?"))
        var other = a
        other.range = SourceRange(loc("Content/rules/facts.yml", 9, 3))
        #expect(a != other)
        other = a
        other.defaultExpression = parse("\"light\"").0
        #expect(a != other)
        other = a
        other.type = .string
        #expect(a != other)
    }
}

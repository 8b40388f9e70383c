import Diagnostics
import Testing

@testable import Rules

struct ScenarioTests {
    static let path = "Content/scenarios/switch.yml"
    static let text = """
        guide: switch
        scenarios:
          - id: other-before-cutover
            title: 対象サービス「その他」/ {{ cutover }}までに手続き
            facts:
              target_service: other
              cloud_certificate: false
              expiry: 2026-03-10
              action_date: 2026-01-20
          - id: broken
            title: x
            facts:
              target_service: otehr
              cloud_certificate: maybe
              expiri: 2026-03-10
              action_date: 2026-02-30
          - id: Bad_ID
          - id: other-before-cutover
            facts:
              target_service: web-high-grade
              cloud_certificate: true
              expiry: "2026-04-01"

        """

    private func load(_ path: String, _ text: String) -> (ScenarioFile?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let file = ScenarioFile.load(SourceFile(path: path, text: text), diagnostics: &diagnostics)
        return (file, diagnostics)
    }

    @Test func loadsScenarios() throws {
        let (loaded, diagnostics) = load(Self.path, Self.text)
        let file = try #require(loaded)
        #expect(file.guides == ["switch"])
        #expect(file.scenarios.map(\.id) == ["other-before-cutover", "broken", "other-before-cutover"])
        let first = file.scenarios[0]
        #expect(first.title == "対象サービス「その他」/ {{ cutover }}までに手続き")
        #expect(first.titleLocation == loc(Self.path, 4, 12))
        #expect(first.idRange == SourceRange(start: loc(Self.path, 3, 9), length: 20))
        #expect(first.facts.map(\.name) == ["target_service", "cloud_certificate", "expiry", "action_date"])
        #expect(first.facts[2].text == "2026-03-10")
        #expect(first.facts[2].valueRange.start == loc(Self.path, 8, 15))
        // The bad id is the only structural error.
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.id == "scenario.invalid-id")
        #expect(diagnostics.first?.message == "scenario id 'Bad_ID' may contain only lowercase letters, digits and '-'")
        #expect(diagnostics.first?.range == SourceRange(start: loc(Self.path, 17, 9), length: 6))
    }

    @Test func resolvesAGoodScenario() throws {
        let library = specLibrary()
        let (loaded, _) = load(Self.path, Self.text)
        let scenario = try #require(loaded?.scenarios.first)
        var diagnostics: [Diagnostic] = []
        let required = library.facts(reachableFrom: ["cancellation_required", "complete_by", "byo_item_required"])
        let resolved = try #require(library.resolve(scenario, requiredFacts: required, diagnostics: &diagnostics))
        #expect(diagnostics.isEmpty)
        #expect(
            resolved.givenFacts["target_service"]
                == .choice(fact: "target_service", key: "other", label: "その他(お客様管理のサーバなど)"))
        #expect(resolved.givenFacts["cloud_certificate"] == .bool(false))
        #expect(resolved.givenFacts["expiry"] == .date(CivilDate(year: 2026, month: 3, day: 10)!))
    }

    @Test func reportsEveryProblemOfAScenario() throws {
        let library = specLibrary()
        let (loaded, _) = load(Self.path, Self.text)
        let scenario = try #require(loaded?.scenarios[1])
        var diagnostics: [Diagnostic] = []
        let required: Set<String> = ["target_service", "cloud_certificate", "expiry", "action_date"]
        let resolved = library.resolve(scenario, requiredFacts: required, guide: "switch", diagnostics: &diagnostics)
        #expect(resolved == nil)
        let expected: [(String, String, Int, Int)] = [
            (
                "scenario.unknown-choice",
                "scenario 'broken' gives fact 'target_service' 'otehr', which is not a choice of target_service (choices: other, content-acceleration, web-high-grade, document-exchange; did you mean 'other'?)",
                13, 23
            ),
            (
                "scenario.wrong-type",
                "scenario 'broken' gives fact 'cloud_certificate' 'maybe', which is not a bool (true or false)",
                14, 26
            ),
            ("scenario.unknown-fact", "scenario 'broken' gives unknown fact 'expiri'; did you mean 'expiry'?", 15, 7),
            (
                "scenario.wrong-type",
                "scenario 'broken' gives fact 'action_date' an impossible date: '2026-02-30' does not exist: February 2026 has 28 days", 16, 20
            ),
            ("scenario.missing-fact", "scenario 'broken' does not give fact 'expiry', which guide 'switch' needs", 10, 9),
        ]
        #expect(diagnostics.count == expected.count, "\(diagnostics)")
        for (diagnostic, (id, message, line, column)) in zip(diagnostics, expected) {
            #expect(diagnostic.id == id)
            #expect(diagnostic.message == message)
            #expect(diagnostic.range?.start == loc(Self.path, line, column))
        }
    }

    @Test func aDefaultMakesAFactOptional() throws {
        let library = specLibrary()
        let text = """
            guides: [switch, move]
            scenarios:
              - id: no-date
                facts:
                  target_service: other
                  cloud_certificate: true
                  expiry: 2026-03-10

            """
        let (loaded, diagnostics) = load("s.yml", text)
        #expect(diagnostics.isEmpty)
        #expect(loaded?.guides == ["switch", "move"])
        let scenario = try #require(loaded?.scenarios.first)
        var resolveDiagnostics: [Diagnostic] = []
        let resolved = library.resolve(
            scenario, requiredFacts: Set(library.factNames), diagnostics: &resolveDiagnostics)
        #expect(resolved != nil)
        #expect(resolveDiagnostics.isEmpty)
        // Facts a guide does not need may be left out.
        let partial = ScenarioDeclaration(
            id: "x", idRange: SourceRange(loc("s.yml", 1, 1)), guides: ["g"], title: nil, titleLocation: nil,
            facts: [], file: "s.yml")
        #expect(library.resolve(partial, requiredFacts: ["action_date"], diagnostics: &resolveDiagnostics) != nil)
        #expect(library.resolve(partial, requiredFacts: ["expiry"], diagnostics: &resolveDiagnostics) == nil)
        #expect(resolveDiagnostics.map(\.message) == ["scenario 'x' does not give fact 'expiry', which guide 'g' needs"])
    }

    @Test func duplicateIDsAcrossFiles() throws {
        let (first, _) = load(Self.path, Self.text)
        let other = """
            guides: [switch, move]
            scenarios:
              - id: broken
              - id: fresh

            """
        let (second, _) = load("Content/scenarios/more.yml", other)
        var diagnostics: [Diagnostic] = []
        ScenarioFile.checkDuplicateIDs([try #require(first), try #require(second)], diagnostics: &diagnostics)
        #expect(diagnostics.count == 2)
        #expect(diagnostics.allSatisfy { $0.id == "scenario.duplicate-id" })
        #expect(diagnostics[0].message == "scenario id 'other-before-cutover' is used twice for guide 'switch'")
        #expect(diagnostics[0].range?.start == loc(Self.path, 18, 9))
        #expect(diagnostics[0].notes.first?.range?.start == loc(Self.path, 3, 9))
        #expect(diagnostics[1].message == "scenario id 'broken' is used twice for guide 'switch'")
        #expect(diagnostics[1].range?.start == loc("Content/scenarios/more.yml", 3, 9))
    }

    @Test func structuralErrors() {
        let (file, diagnostics) = load("s.yml", "scenarios:\n  - title: no id\n")
        #expect(file == nil)
        #expect(diagnostics.map(\.id) == ["scenario.missing-guide"])
        let (_, more) = load("s.yml", "guide: g\nscenario: []\nscenarios:\n  - title: no id\n  - 3\n")
        #expect(more.map(\.id) == ["scenario.unknown-key", "scenario.missing-id", "scenario.syntax"])
        #expect(more.map { $0.range?.start.line } == [2, 4, 5])
    }
}

import Testing

@testable import Diagnostics

/// Diagnostics that differ only in the scenario their notes name are shown as one.
@Suite struct ScenarioNoteMergingTests {
    let rule = SourceRange(SourceLocation(file: "Content/rules/r.yml", line: 3, column: 5))

    func scenario(_ id: String, line: Int) -> Diagnostic.Note {
        .scenario(id, at: SourceRange(SourceLocation(file: "Content/scenarios/g.yml", line: line, column: 9)))
    }

    func error(_ message: String = "the result is outside the years 1–9999", notes: [Diagnostic.Note]) -> Diagnostic {
        Diagnostic(.error, "rules.date-out-of-range", message, at: rule, notes: notes)
    }

    @Test func scenariosAreNamedInTheOrderOfTheirFileAndEachOnce() {
        let other = Diagnostic.Note("the rule is used here")
        let merged = [
            error(notes: [scenario("late", line: 9), other]),
            error(notes: [scenario("early", line: 3), other]),
            error(notes: [scenario("late", line: 9), other]),
        ].sortedForDisplay()
        #expect(merged.count == 1)
        #expect(merged[0].notes.map(\.message) == ["in scenarios 'early', 'late'", "the rule is used here"])
        #expect(merged[0].notes[0].range?.start.line == 3)
    }

    @Test func diagnosticsThatDifferOtherwiseStayApart() {
        let merged = [
            error(notes: [scenario("a", line: 3)]),
            error("another message", notes: [scenario("b", line: 5)]),
        ].sortedForDisplay()
        #expect(merged.map { $0.notes.map(\.message) } == [["in scenario 'b'"], ["in scenario 'a'"]])
    }

    @Test func diagnosticsWithoutScenarioNotesAreLeftAsTheyAre() {
        let plain = error(notes: [])
        #expect([plain, plain].sortedForDisplay() == [plain, plain])
    }

    @Test func pastFiveScenariosTheRestAreCounted() {
        let notes = (1...8).map { scenario("s\($0)", line: $0 * 2) }
        let merged = notes.map { error(notes: [$0]) }.sortedForDisplay()
        #expect(merged.count == 1)
        #expect(merged[0].notes.map(\.message) == ["in scenarios 's1', 's2', 's3', 's4', 's5' and 3 more"])
    }
}

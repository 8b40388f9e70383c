import Diagnostics
import Testing

@testable import Rules

/// An `IncrementalEvaluator` that is given facts one after another has, for every fact and rule,
/// the value (or the failure) a fresh `Environment` of the same facts has, whatever the order
/// the facts come in, and also when only some rules are kept up to date until `complete`.
struct IncrementalEvaluatorTests {
    private func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    /// The spec library, plus a rule that fails past the calendar and one that reads it.
    private func library() -> RulesLibrary {
        let text =
            specRulesText
            + "  late: expiry + 400 business days\n  later: late + 1 day\n  window: online_cancel_from <= action_date\n"
        let (library, diagnostics) = loadLibrary([("r.yml", text)], calendar: japaneseTestCalendar())
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return library
    }

    private func environment(_ library: RulesLibrary, _ given: [String: Value], today: CivilDate) -> Environment {
        let declaration = ScenarioDeclaration(
            id: "", idRange: SourceRange(loc("s.yml", 1, 1)), guides: [], title: nil, titleLocation: nil, facts: [], file: "s.yml")
        return library.environment(for: ResolvedScenario(declaration: declaration, givenFacts: given), today: today)
    }

    /// Every name's value, `nil` for a failure, as the evaluator has it and as an environment has it.
    private func compare(
        _ evaluator: IncrementalEvaluator, _ values: IncrementalEvaluator.Values, with environment: Environment, library: RulesLibrary
    ) throws {
        for name in library.factNames + library.ruleNames {
            let expression = try #require(parse(name).0)
            let incremental = try? evaluator.evaluate(evaluator.prepare(expression), in: values)
            #expect(incremental == environment.value(of: name), "\(name)")
        }
        var seen: [Value] = []
        evaluator.forEachValue(in: values) { seen.append($0) }
        let expected = environment.factValues.map(\.value) + environment.ruleValues.map(\.value)
        #expect(seen.count == expected.count)
        #expect(Set(seen) == Set(expected))
    }

    @Test(arguments: [false, true])
    func valuesMatchAFreshEnvironmentInEveryOrder(relevantOnly: Bool) throws {
        let library = library()
        let today = date("2026-01-15")
        let evaluator = IncrementalEvaluator(library: library, today: today)
        let facts: [(String, Value)] = [
            ("expiry", .date(date("2027-06-01"))),
            ("target_service", .choice(fact: "target_service", key: "web-high-grade", label: "IIJ Webハイグレードサービス")),
            ("action_date", .date(date("2027-05-10"))),
            ("cloud_certificate", .bool(true)),
            ("expiry", .date(date("2026-03-10"))),
        ]
        let relevance = evaluator.relevance(of: [evaluator.prepare(try #require(parse("window").0))])
        for order in [[0, 1, 2, 3, 4], [2, 0, 3, 1, 4], [3, 2, 1, 0, 4], [4, 2]] {
            var values = evaluator.initialValues()
            var given: [String: Value] = [:]
            try compare(evaluator, values, with: environment(library, given, today: today), library: library)
            for index in order {
                let (name, value) = facts[index]
                let slot = try #require(evaluator.factSlot(name))
                evaluator.give(slot, value, to: &values, relevance: relevantOnly ? relevance : nil)
                given[name] = value
                let fresh = environment(library, given, today: today)
                // What the relevant rules read is up to date before `complete`.
                let window = try? evaluator.evaluate(evaluator.prepare(try #require(parse("window").0)), in: values)
                #expect(window == fresh.value(of: "window"))
                evaluator.complete(&values)
                try compare(evaluator, values, with: fresh, library: library)
                #expect(evaluator.isGiven(slot, in: values))
            }
        }
    }

    @Test func aMissingFactIsAMissingFactError() throws {
        let library = library()
        let evaluator = IncrementalEvaluator(library: library, today: date("2026-01-15"))
        let values = evaluator.initialValues()
        #expect(evaluator.factValue(try #require(evaluator.factSlot("expiry")), in: values) == nil)
        #expect(evaluator.factValue(try #require(evaluator.factSlot("action_date")), in: values) == .date(date("2026-01-15")))
        #expect(evaluator.factSlot("cutover") == nil)
        let completeBy = evaluator.prepare(try #require(parse("complete_by").0))
        let nowhere = evaluator.prepare(try #require(parse("nowhere").0))
        do throws(EvaluationError) {
            _ = try evaluator.evaluate(completeBy, in: values)
            Issue.record("complete_by has no expiry to be computed from")
        } catch {
            #expect(error.isMissingFact)
        }
        do throws(EvaluationError) {
            _ = try evaluator.evaluate(nowhere, in: values)
            Issue.record("an unknown name has no value")
        } catch {
            #expect(!error.isMissingFact)
        }
    }
}

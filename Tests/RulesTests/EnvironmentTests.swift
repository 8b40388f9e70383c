import Diagnostics
import Testing

@testable import Rules

struct EnvironmentTests {
    private func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    private func scenario(_ facts: [String: Value], id: String = "s") -> ResolvedScenario {
        ResolvedScenario(
            declaration: ScenarioDeclaration(
                id: id, idRange: SourceRange(loc("s.yml", 1, 1)), guides: ["switch"], title: nil,
                titleLocation: nil, facts: [], file: "s.yml"),
            givenFacts: facts)
    }

    private let other = Value.choice(fact: "target_service", key: "other", label: "その他(お客様管理のサーバなど)")

    private func evaluate(_ text: String, in environment: Environment) throws -> Value {
        let (parsed, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        let expression = try #require(parsed)
        return try environment.evaluate(expression)
    }

    @Test func specRulesForAScenario() {
        let library = specLibrary()
        let environment = library.environment(
            for: scenario([
                "target_service": other, "cloud_certificate": .bool(false), "expiry": .date(date("2026-03-10")),
                "action_date": .date(date("2026-01-20")),
            ]),
            today: date("2026-01-15"))
        let values = environment.ruleValues
        #expect(values.map(\.name) == library.ruleNames)
        let byName = Dictionary(uniqueKeysWithValues: values.map { ($0.name, $0.value) })
        #expect(byName["cutover"] == .date(date("2026-02-01")))
        #expect(byName["complete_by"] == .date(date("2026-02-10")))
        // 2026-03-10 minus 30 days: 10 days back to 2026-02-28, 20 more to 2026-02-08.
        #expect(byName["online_cancel_from"] == .date(date("2026-02-08")))
        #expect(byName["online_cancel_until"] == .date(date("2026-02-12")))
        #expect(byName["cancellation_required"] == .bool(true))
        #expect(byName["byo_item_required"] == .bool(true))
        #expect(environment.errors.isEmpty)
        #expect(environment.factValues.map(\.name) == library.factNames)
    }

    /// Environments made from one plan for several scenarios each hold their own scenario's
    /// values, the same as environments made each on its own.
    @Test func onePlanServesManyScenarios() {
        let library = specLibrary()
        let plan = library.environmentPlan()
        let today = date("2026-01-15")
        let scenarios = ["2026-03-10", "2026-02-01", "2027-12-31", "2026-01-16"].enumerated().map { index, expiry in
            scenario(
                [
                    "target_service": other, "cloud_certificate": .bool(index % 2 == 0), "expiry": .date(date(expiry)),
                    "action_date": .date(date("2026-01-20")),
                ], id: "s\(index)")
        }
        let shared = scenarios.map { plan.environment(for: $0, today: today) }
        for (scenario, environment) in zip(scenarios, shared) {
            let alone = library.environment(for: scenario, today: today)
            #expect(environment.scenario.id == scenario.id)
            #expect(environment.ruleValues.map(\.name) == alone.ruleValues.map(\.name))
            #expect(environment.ruleValues.map(\.value) == alone.ruleValues.map(\.value))
            #expect(environment.factValues.map(\.value) == alone.factValues.map(\.value))
            #expect(environment.value(of: "expiry") == scenario.givenFacts["expiry"])
        }
        // Different scenarios, different values: the plan holds none of them.
        #expect(Set(shared.map { $0.value(of: "complete_by").map { "\($0)" } ?? "" }).count == scenarios.count)
    }

    @Test func defaultsAndToday() throws {
        let library = specLibrary()
        let environment = library.environment(
            for: scenario([
                "target_service": .choice(fact: "target_service", key: "web-high-grade", label: "IIJ Webハイグレードサービス"),
                "cloud_certificate": .bool(true), "expiry": .date(date("2026-03-31")),
            ]),
            today: date("2026-02-15"))
        #expect(environment.value(of: "action_date") == .date(date("2026-02-15")))
        #expect(environment.value(of: "cancellation_required") == .bool(false))
        #expect(environment.value(of: "byo_item_required") == .bool(false))
        #expect(environment.value(of: "complete_by") == .date(date("2026-02-28")))
        #expect(try evaluate("today", in: environment) == .date(date("2026-02-15")))
    }

    @Test func expressions() throws {
        let library = specLibrary(calendar: japaneseTestCalendar())
        let environment = library.environment(
            for: scenario([
                "target_service": other, "cloud_certificate": .bool(false), "expiry": .date(date("2026-03-10")),
                "action_date": .date(date("2026-01-20")),
            ]),
            today: date("2026-01-15"))
        // Jan 20 → Jan 31 is 11 days, February 28, then 10 days of March.
        #expect(try evaluate("expiry - action_date", in: environment) == .int(49))
        #expect(try evaluate("action_date - expiry", in: environment) == .int(-49))
        #expect(try evaluate("target_service == \"other\"", in: environment) == .bool(true))
        #expect(try evaluate("target_service != \"other\"", in: environment) == .bool(false))
        #expect(try evaluate("target_service in [\"web-high-grade\"]", in: environment) == .bool(false))
        #expect(try evaluate("min(expiry, cutover)", in: environment) == .date(date("2026-02-01")))
        #expect(try evaluate("max(expiry, cutover)", in: environment) == .date(date("2026-03-10")))
        #expect(try evaluate("min(3, 2 + 4)", in: environment) == .int(3))
        #expect(try evaluate("end_of_month(expiry)", in: environment) == .date(date("2026-03-31")))
        // 2026-02-01 is a Sunday.
        #expect(try evaluate("business_day_on_or_after(cutover)", in: environment) == .date(date("2026-02-02")))
        #expect(try evaluate("business_day_on_or_before(cutover)", in: environment) == .date(date("2026-01-30")))
        #expect(try evaluate("cutover + 2 business days", in: environment) == .date(date("2026-02-03")))
        #expect(try evaluate("2026-05-07 - 3 business days", in: environment) == .date(date("2026-04-28")))
        #expect(try evaluate("expiry + 2 weeks", in: environment) == .date(date("2026-03-24")))
        #expect(try evaluate("expiry - 1 year", in: environment) == .date(date("2025-03-10")))
        #expect(try evaluate("not cloud_certificate and expiry > cutover", in: environment) == .bool(true))
        #expect(try evaluate("cloud_certificate or expiry <= cutover", in: environment) == .bool(false))
        #expect(try evaluate("expiry >= 2026-03-10 and expiry < 2026-03-11", in: environment) == .bool(true))
        #expect(try evaluate("[1, 2]", in: environment) == .list([.int(1), .int(2)]))
    }

    @Test func businessDaysOutsideTheCalendarAreAnError() throws {
        let library = specLibrary(calendar: japaneseTestCalendar())
        let environment = library.environment(
            for: scenario(["target_service": other, "cloud_certificate": .bool(false), "expiry": .date(date("2027-12-28"))]),
            today: date("2026-01-15"))
        let (parsed, _) = parse("expiry + 5 business days", at: loc("g.md", 3, 4))
        let expression = try #require(parsed)
        do {
            _ = try environment.evaluate(expression)
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostic.id == "calendar.out-of-range")
            #expect(
                error.diagnostic.message
                    == "business-day arithmetic reached 2028-01-01, outside the years holiday calendar 'jp' covers (2025–2027)")
            #expect(error.diagnostic.range == SourceRange(start: loc("g.md", 3, 4), length: 24))
        }
    }

    @Test func aRuleThatFailsIsRecordedAndRethrown() throws {
        let text = specRulesText + "  late: expiry + 400 business days\n  later: late + 1 day\n"
        let (library, diagnostics) = loadLibrary([("r.yml", text)], calendar: japaneseTestCalendar())
        #expect(diagnostics.isEmpty)
        let environment = library.environment(
            for: scenario(["target_service": other, "cloud_certificate": .bool(false), "expiry": .date(date("2027-06-01"))]),
            today: date("2026-01-15"))
        #expect(environment.errors.map(\.name) == ["late", "later"])
        #expect(environment.ruleValues.count == library.ruleNames.count - 2)
        #expect(throws: EvaluationError.self) { try evaluate("later", in: environment) }
        #expect(environment.errors.first?.error.diagnostic.range?.start == loc("r.yml", 27, 9))
    }

    @Test func hugeAmountsAreErrorsNotCrashes() throws {
        let library = specLibrary()
        let environment = library.environment(
            for: scenario(["target_service": other, "cloud_certificate": .bool(false), "expiry": .date(date("2026-03-10"))]),
            today: date("2026-01-15"))
        #expect(throws: EvaluationError.self) { try evaluate("expiry + 9000000000 days", in: environment) }
        #expect(throws: EvaluationError.self) { try evaluate("expiry + 9000 years", in: environment) }
        #expect(throws: EvaluationError.self) { try evaluate("9223372036854775807 + 1", in: environment) }
        #expect(try evaluate("expiry + 100000 business days", in: environment) != .bool(false))
    }

    @Test func manyEvaluationsAreCheap() throws {
        let library = specLibrary()
        let environment = library.environment(
            for: scenario(["target_service": other, "cloud_certificate": .bool(false), "expiry": .date(date("2026-03-10"))]),
            today: date("2026-01-15"))
        let (parsed, _) = parse("cancellation_required and complete_by < online_cancel_until")
        let expression = try #require(parsed)
        for _ in 0..<10_000 {
            _ = try environment.evaluate(expression)
        }
    }
}

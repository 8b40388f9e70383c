import Diagnostics
import Directives
import Foundation
import Rules
import SeededRandom
import Testing

@testable import SitegenKit

/// The page's evaluator (Templates/assets/sitegen-rules.js) against the Swift one: for every
/// sample guide and for a rules corpus that uses every operator and function, thousands of
/// random fact sets (every choice, both bools, dates across 2024–2028 with month ends, 29
/// February and year ends, ints at the edges of 64 bits, strings with accents and wide letters,
/// and texts that are not values at all) must give the same value or the same error for every
/// fact, rule, condition and stamp; and dates written in every supported pattern must be the
/// same text as Foundation's ICU formatter gives.
@Suite(.serialized) struct EvaluatorDifferentialTests {
    static let casesPerGuide = 10_000

    @Test(arguments: ["switch-to-external-certificate", "move-certificate-to-new-server", "check-contract"])
    func sampleGuide(_ slug: String) throws {
        let checked = try Self.checkedSite(root: SampleContentTests.root)
        try compare(checked: checked, guide: slug, seed: UInt64(slug.utf8.count) &* 7919)
    }

    @Test func rulesCorpus() throws {
        let fixture = try FixtureSite("evaluator")
        try FileManager.default.copyItem(
            at: NodeRunner.repositoryRoot.appendingPathComponent("Templates"), to: fixture.root.appendingPathComponent("Templates"))
        let checked = try Self.checkedSite(root: fixture.root)
        try compare(checked: checked, guide: "all", seed: 20_260_115)
    }

    /// Random well-typed expressions over the corpus's facts (every operator, every function,
    /// `if … then … else …` nested anywhere, `.name` and `.label`), each evaluated for random
    /// fact sets by both evaluators.
    @Test func randomExpressions() throws {
        let fixture = try FixtureSite("evaluator")
        try FileManager.default.copyItem(
            at: NodeRunner.repositoryRoot.appendingPathComponent("Templates"), to: fixture.root.appendingPathComponent("Templates"))
        let checked = try Self.checkedSite(root: fixture.root)
        var generator = SeededGenerator(seed: 20_261_202)
        var expressions: [Rules.Expression] = []
        var conditionals = 0
        while expressions.count < 400 {
            let type = RandomExpressions.Kind.allCases.randomElement(using: &generator)!
            let text = RandomExpressions.text(of: type, depth: 4, using: &generator)
            var diagnostics: [Diagnostic] = []
            let parsed = ExpressionParser.parse(text, at: SourceLocation(file: "random", line: 1, column: 1), diagnostics: &diagnostics)
            let expression = try #require(parsed, "\(text): \(diagnostics)")
            #expect(checked.site.rules.typeCheck(expression, diagnostics: &diagnostics) != nil, "\(text): \(diagnostics)")
            try #require(diagnostics.isEmpty, "\(text): \(diagnostics)")
            if text.contains("if ") { conditionals += 1 }
            expressions.append(expression)
        }
        #expect(conditionals > 100)
        let file = Self.caseFile(checked: checked, guide: "all", count: 1_000, seed: 77, extra: expressions)
        let result = try Self.runDifferential(file)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("1000 passed, 0 failed"), "\(result.output)")
    }

    /// Dates in every width of every supported pattern letter, both languages, from 1873 (and
    /// before, where an era cannot be written) to 2100, and days before the Gregorian reform of
    /// 1582, which both write in the proleptic Gregorian calendar. The page writes dates without
    /// a zone; so must the build, in any zone, also the days around one a zone skipped.
    @Test func datePatterns() throws {
        var generator = SeededGenerator(seed: 42)
        var letters: [String] = []
        for (letter, widths) in [("G", 5), ("y", 5), ("M", 5), ("L", 5), ("d", 2), ("E", 6)] {
            for width in 1...widths { letters.append(String(repeating: letter, count: width)) }
        }
        let patterns = letters + [
            "y年M月d日(E)", "GGGGy年M月d日", "GGGGGy.MM.dd", "Gy年", "yyyy-MM-dd", "MMMM d, y", "EEEE, MMM d, yyyy",
            "'week of' d MMM ''yy", "d日'('E')'", "LLLL yyyy", "'G'y",
            // Quoted G is literal; '' is an apostrophe, so a G between two of them is a field.
            "y年M月d日'(GW明け)'", "'G' y年", "'it''s G' y年", "''G''y年", "'it''s' G y年", "y年'G", "'GW''s end' M/d",
        ]
        // Era changes, month ends and leap days, and random days.
        var days: [CivilDate] = ["1872-12-31", "1873-01-01", "1912-07-29", "1912-07-30", "1926-12-24", "1926-12-25",
            "1989-01-07", "1989-01-08", "2019-04-30", "2019-05-01", "2020-02-29", "2100-02-28", "2000-02-29",
            "0001-01-01", "0004-02-29", "0200-02-28", "0200-03-01", "1000-01-01", "1582-10-04", "1582-10-14", "1582-10-15",
            "2011-12-29", "2011-12-30", "2011-12-31", "1994-12-30", "1994-12-31", "1995-01-01"]
            .compactMap { CivilDate(iso: $0) }
        let low = CivilDate(iso: "1873-01-01")!.daysSinceEpoch
        let high = CivilDate(iso: "2100-12-31")!.daysSinceEpoch
        for _ in 0..<400 { days.append(CivilDate(daysSinceEpoch: Int.random(in: low...high, using: &generator))) }
        var entries: [JSONValue] = []
        // Samoa skipped 2011-12-30, Kiribati's Line Islands 1994-12-31.
        // Regional tags (ja-JP, en-US) are their language on both sides.
        let stampers = [
            ("ja", "Asia/Tokyo"), ("en", "Asia/Tokyo"), ("ja", "Pacific/Apia"), ("en", "Pacific/Kiritimati"), ("ja-JP", "Asia/Tokyo"),
            ("en-US", "America/New_York"),
        ]
        for (language, zone) in stampers {
            let stamper = DateStamper(language: language, timeZone: zone, formats: [:])
            for pattern in patterns {
                let expected: [JSONValue] = days.map { day in
                    do throws(StampError) {
                        return .object([("ok", .string(try stamper.stampText(.date(day), format: .pattern(pattern))))])
                    } catch {
                        return .object([("error", .string(error.id))])
                    }
                }
                entries.append(.object([
                    ("language", .string(language)), ("pattern", .string(pattern)),
                    ("dates", .array(days.map { .string($0.isoString) })), ("expect", .array(expected)),
                ]))
            }
        }
        let file = JSONValue.object([("cases", .array([])), ("formats", .array(entries))])
        let result = try Self.runDifferential(file)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("\(entries.count) passed, 0 failed"), "\(result.output)")
    }

    /// Every time zone site.yml accepts is one the page's `todayIn` knows (Node's Intl, as in
    /// Chromium), and gives the day Foundation gives at instants either side of midnight in
    /// Tokyo and of the date line: the page's today never falls back to UTC for a valid site.
    @Test func everyAcceptedTimeZoneIsTheSameTodayInThePage() throws {
        let zones = SiteTimeZone.names.sorted()
        #expect(zones.count > 400 && zones.contains("UTC") && zones.contains("Asia/Tokyo") && zones.contains("Etc/GMT-9"))
        // 2023-01-14T15:30:00Z and 2023-01-15T00:29:59Z (Tokyo's midnight, the date line's
        // morning), 2023-07-01T10:30:00Z and 2023-07-01T00:00:00Z (daylight saving in the north):
        // past days, which every tz database version writes alike.
        let instants: [Int64] = [1_673_710_200, 1_673_742_599, 1_688_207_400, 1_688_169_600]
        var expected: [JSONValue] = []
        for zone in zones {
            for instant in instants {
                let day = try #require(Today.resolve(asOf: nil, timeZone: zone, environment: ["SOURCE_DATE_EPOCH": String(instant)]))
                expected.append(.array([.string(zone), .int(Int(instant)), .string(day.isoString)]))
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-zones-\(UUID().uuidString).json")
        try Data(JSONValue.array(expected).serialized().utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        // Intl must accept each zone (no RangeError, the fallback's cause) and agree on the day.
        let script = """
            const Rules = require("./Templates/assets/sitegen-rules.js");
            const bad = [];
            for (const [zone, seconds, day] of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))) {
              try { new Intl.DateTimeFormat("en-US-u-ca-gregory-nu-latn", { timeZone: zone }); }
              catch (e) { bad.push(zone + ": " + e.message); continue; }
              const got = Rules.todayIn(zone, new Date(seconds * 1000));
              if (got !== day) bad.push(zone + " at " + seconds + ": " + got + ", not " + day);
            }
            console.log(bad.length ? bad.slice(0, 20).join("\\n") : "all zones agree");
            process.exit(bad.length ? 1 : 0);
            """
        let result = try NodeRunner.run(["-e", script, url.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("all zones agree"), "\(result.output)")
    }

    /// A mutation of the page evaluator's month clamping (the day is no longer clamped to the
    /// month's end) must make the comparison fail: the test can tell a wrong evaluator.
    @Test func mutatedClampingIsCaught() throws {
        let source = try String(
            contentsOf: NodeRunner.repositoryRoot.appendingPathComponent("Templates/assets/sitegen-rules.js"), encoding: .utf8)
        let mutated = source.replacingOccurrences(of: "Math.min(day, daysInMonth(", with: "Math.max(day, daysInMonth(")
        try #require(mutated != source, "the clamping line was not found; update this mutation with the evaluator")
        let library = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-mutant-\(UUID().uuidString).js")
        try Data(mutated.utf8).write(to: library)
        defer { try? FileManager.default.removeItem(at: library) }
        let checked = try Self.checkedSite(root: SampleContentTests.root)
        let file = Self.caseFile(checked: checked, guide: "switch-to-external-certificate", count: 300, seed: 5)
        let result = try Self.runDifferential(file, library: library.path)
        #expect(result.status != 0, "\(result.output)")
        #expect(result.output.contains(" failed"), "\(result.output)")
    }

    // MARK: - Cases

    private func compare(checked: CheckedSite, guide: String, seed: UInt64) throws {
        let file = Self.caseFile(checked: checked, guide: guide, count: Self.casesPerGuide, seed: seed)
        let result = try Self.runDifferential(file)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("\(Self.casesPerGuide) passed, 0 failed"), "\(result.output)")
    }

    static func checkedSite(root: URL) throws -> CheckedSite {
        var diagnostics: [Diagnostic] = []
        let site = Site.load(root: root, diagnostics: &diagnostics)
        let checked = CheckedSite.check(site, diagnostics: &diagnostics)
        try #require(!diagnostics.containsErrors, "\(diagnostics)")
        return checked
    }

    static func runDifferential(_ file: JSONValue, library: String? = nil) throws -> (status: Int32, output: String) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-cases-\(UUID().uuidString).json")
        try Data(file.serialized().utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var arguments = ["Tests/js/differential.js", url.path]
        if let library { arguments += ["--lib", library] }
        return try NodeRunner.run(arguments)
    }

    /// The case file of Tests/js/differential.js: the guide's rules data and, for each random
    /// fact set, what Swift computes.
    static func caseFile(
        checked: CheckedSite, guide slug: String, count: Int, seed: UInt64, extra: [Rules.Expression] = []
    ) -> JSONValue {
        let data = GuideRulesData(checked: checked, guide: slug)
        let rules = checked.site.rules
        let configuration = checked.site.configuration
        let stamper = DateStamper(language: configuration.language, timeZone: configuration.timeZone, formats: configuration.dateFormats)
        let facts = rules.factNames.filter(data.reachable.contains)
        let names = facts + rules.ruleNames.filter(data.reachable.contains)
        let expressions = data.expressionList(in: checked)
        let stamps = data.stampList(in: checked)
        var generator = SeededGenerator(seed: seed)
        var cases: [JSONValue] = []
        cases.reserveCapacity(count)
        for _ in 0..<count {
            var texts: [(String, JSONValue)] = []
            var given: [String: Value] = [:]
            var invalid: [JSONValue] = []
            for name in facts {
                guard let fact = rules.facts[name] else { continue }
                // Facts with a default are often left out, as readers leave them.
                let leaveOut = fact.defaultExpression != nil ? 0.3 : 0.03
                if Double.random(in: 0..<1, using: &generator) < leaveOut { continue }
                let text = FactTexts.random(for: fact, using: &generator)
                texts.append((name, .string(text)))
                if let value = rules.factValue(text, for: name) { given[name] = value } else { invalid.append(.string(name)) }
            }
            let today = FactTexts.randomDay(using: &generator)
            let declaration = ScenarioDeclaration(
                id: "case", idRange: SourceRange(SourceLocation(file: "case", line: 1, column: 1)), guides: [slug], title: nil,
                titleLocation: nil, facts: [], file: "case")
            let environment = rules.environment(for: ResolvedScenario(declaration: declaration, givenFacts: given), today: today)
            let errors = Dictionary(environment.errors.map { ($0.name, $0.error.diagnostic.id) }, uniquingKeysWith: { first, _ in first })
            let values: [(String, JSONValue)] = names.map { name in
                if let value = environment.value(of: name) { return (name, .object([("ok", .string(value.description))])) }
                return (name, .object([("error", .string(errors[name] ?? "missing"))]))
            }
            let expressionResults: [JSONValue] = expressions.map { expression in
                do throws(EvaluationError) {
                    return .object([("ok", .string(try environment.evaluate(expression).description))])
                } catch {
                    return .object([("error", .string(error.diagnostic.id))])
                }
            }
            let extraResults: [JSONValue] = extra.map { expression in
                do throws(EvaluationError) {
                    return .object([("ok", .string(try environment.evaluate(expression).description))])
                } catch {
                    return .object([("error", .string(error.diagnostic.id))])
                }
            }
            let stampResults: [JSONValue] = stamps.map { stamp in
                let value: Value
                do throws(EvaluationError) {
                    value = try environment.evaluate(stamp.expression)
                } catch {
                    return .object([("error", .string(error.diagnostic.id))])
                }
                do throws(StampError) {
                    return .object([("ok", .string(try stamper.stampText(value, format: stamp.format)))])
                } catch {
                    return .object([("error", .string(error.id))])
                }
            }
            // The case the build records for these facts: the decisions of the guide's text, in
            // order, and the first error of a condition (a missing fact leaves it undecided).
            let body = checked.guideDocuments[slug] ?? DirectiveDocument(file: "", nodes: [])
            let evaluation = ConditionWalk.decisions(of: body, checked: checked, environment: environment, stamper: stamper)
            let decisions: [JSONValue] = evaluation.inner.decisions.compactMap { decision in
                data.expressionNumber(of: decision.condition).map { .array([.int($0), .int(decision.value ? 1 : 0)]) }
            }
            let firstError = evaluation.inner.diagnostics.first { $0.id != "scenario.missing-fact" }.map { JSONValue.string($0.id) } ?? .null
            cases.append(.object([
                ("facts", .object(texts)), ("today", .string(today.isoString)),
                ("expect", .object([
                    ("invalid", .array(invalid)), ("values", .object(values)),
                    ("expressions", .array(expressionResults)), ("stamps", .array(stampResults)),
                    ("extra", .array(extraResults)),
                    ("walk", .object([("decisions", .array(decisions)), ("error", firstError)])),
                ])),
            ]))
        }
        return .object([("rules", data.data), ("extra", .array(extra.map(\.jsonTree))), ("cases", .array(cases))])
    }
}

/// Random expressions of the evaluator corpus (Fixtures/evaluator), as text, well typed by
/// construction: every operand is parenthesised, so precedence never changes what is meant.
enum RandomExpressions {
    enum Kind: CaseIterable {
        case bool, int, date, string, choice
    }

    static func text(of kind: Kind, depth: Int, using generator: inout SeededGenerator) -> String {
        func pick(_ options: [String]) -> String { options.randomElement(using: &generator)! }
        func sub(_ kind: Kind) -> String { "(" + text(of: kind, depth: depth - 1, using: &generator) + ")" }
        let leaf = depth <= 0 || Int.random(in: 0..<4, using: &generator) == 0
        // An `if` anywhere: a quarter of the inner nodes.
        if !leaf, Int.random(in: 0..<4, using: &generator) == 0 {
            return "if \(sub(.bool)) then \(sub(kind)) else \(sub(kind))"
        }
        switch kind {
        case .bool:
            if leaf { return pick(["flag", "true", "false", "is_pro", "tier_b", "name_before"]) }
            switch Int.random(in: 0..<9, using: &generator) {
            case 0: return "\(sub(.int)) \(pick(["<", "<=", ">", ">=", "==", "!="])) \(sub(.int))"
            case 1: return "\(sub(.date)) \(pick(["<", "<=", ">", ">=", "==", "!="])) \(sub(.date))"
            case 2: return "\(sub(.string)) \(pick(["<", "==", "!=", ">="])) \(sub(.string))"
            case 3: return "\(sub(.choice)) \(pick(["==", "!="])) \(pick(["\"basic\"", "\"pro\"", "\"web-high\""]))"
            case 4: return "not \(sub(.bool))"
            case 5: return "\(sub(.bool)) \(pick(["and", "or"])) \(sub(.bool))"
            case 6: return "plan \(pick(["in", "not in"])) [\"pro\", \"web-high\"]"
            case 7: return "\(sub(.date)) in [start, end, 2026-02-01]"
            default: return "\(sub(.string)) in [\"プロ\", \"階層B\", name]"
            }
        case .int:
            if leaf { return pick(["count", "0", "1", "30", "9223372036854775000", "span"]) }
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: return "\(sub(.int)) \(pick(["+", "-"])) \(sub(.int))"
            case 1: return "\(sub(.date)) - \(sub(.date))"
            default: return "\(pick(["min", "max"]))(\(sub(.int)), \(sub(.int)))"
            }
        case .date:
            if leaf { return pick(["start", "end", "acted", "today", "2026-01-31", "2024-02-29", "next_bd"]) }
            switch Int.random(in: 0..<5, using: &generator) {
            case 0, 1:
                let amount = pick(["0", "1", "2", "5", "12", "31", "400"])
                let unit = pick(["days", "weeks", "months", "years", "business days"])
                return "\(sub(.date)) \(pick(["+", "-"])) \(amount) \(unit)"
            case 2: return "\(pick(["end_of_month", "business_day_on_or_after", "business_day_on_or_before"]))(\(sub(.date)))"
            default: return "\(pick(["min", "max"]))(\(sub(.date)), \(sub(.date)))"
            }
        case .string:
            if leaf { return pick(["name", "\"m\"", "\"é\"", "plan.name", "plan.label", "tier.name", "plan_name"]) }
            return "\(sub(.choice)).\(pick(["name", "label"]))"
        case .choice:
            // Both of one fact, so that either fits either branch of an `if`; `tier` comes in
            // through strings.
            return pick(["plan", "pick_choice"])
        }
    }
}

/// Random texts for facts, as a reader or a support person might type them: mostly values, some
/// at the edges, some not values at all.
enum FactTexts {
    static let low = CivilDate(iso: "2024-01-01")!.daysSinceEpoch
    static let high = CivilDate(iso: "2028-12-31")!.daysSinceEpoch

    static func randomDay(using generator: inout SeededGenerator) -> CivilDate {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0:  // the end of a month
            let day = CivilDate(daysSinceEpoch: Int.random(in: low...high, using: &generator))
            return day.endOfMonth
        case 1:  // 29 February, the first or last day of a year
            return [CivilDate(iso: "2024-02-29")!, CivilDate(iso: "2028-02-29")!, CivilDate(iso: "2026-01-01")!,
                CivilDate(iso: "2025-12-31")!, CivilDate(iso: "2024-01-01")!, CivilDate(iso: "2028-12-31")!,
                CivilDate(iso: "2026-02-01")!, CivilDate(iso: "2026-01-31")!].randomElement(using: &generator)!
        default:
            return CivilDate(daysSinceEpoch: Int.random(in: low...high, using: &generator))
        }
    }

    static func random(for fact: FactDeclaration, using generator: inout SeededGenerator) -> String {
        let wrong = Int.random(in: 0..<40, using: &generator) == 0
        switch fact.type {
        case .bool:
            if wrong { return ["yes", "TRUE", "1", ""].randomElement(using: &generator)! }
            return Bool.random(using: &generator) ? "true" : "false"
        case .int:
            if wrong { return ["abc", "1.5", "", "+-1", "99999999999999999999", "１２", " 5"].randomElement(using: &generator)! }
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: return ["0", "1", "-1", "5", "50", "51", "10", "11", "807", "808", "-808", "+7",
                "9223372036854775807", "-9223372036854775808"].randomElement(using: &generator)!
            default: return String(Int.random(in: -2000...2000, using: &generator))
            }
        case .string:
            return ["shop.example.co.jp", "www.example.jp", "é", "e\u{301}", "a", "b", "m", "M", "ｍ", "𝒜b", "", "日本語",
                "O'Brien & <co>", "l"].randomElement(using: &generator)!
        case .date:
            if wrong { return ["2026-02-30", "2026-1-1", "20260101", "2026-13-01", "", "２０２６-01-01"].randomElement(using: &generator)! }
            return randomDay(using: &generator).isoString
        case .choice:
            if wrong { return ["nope", fact.choices.first?.label ?? "x", ""].randomElement(using: &generator)! }
            return fact.choices.randomElement(using: &generator)?.key ?? ""
        default:
            return ""
        }
    }
}

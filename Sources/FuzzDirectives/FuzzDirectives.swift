// libFuzzer target: the directive parser (`{{ }}`, `{% %}`, `{# #}`, raw blocks, own-line tags)
// and the expander, with a context that type-checks and evaluates every condition and stamp
// against a small rules library, stamps through DateStamper (so `| date: "…"` patterns are
// fuzzed too) and offers partials, one of which is the input itself (include cycles). The input
// is one guide body. See docs/fuzzing.md.
import Diagnostics
import Directives
import Foundation
import Rules

/// A rules library with a fact of every type, a calendar and one scenario that gives the facts,
/// so names resolve, type-check and evaluate. Built once.
struct Fixture: Sendable {
    static let rulesText = """
        facts:
          service:
            type: choice
            question: サービスは?
            choices:
              other: "その他 | *強調* <b> `code`"
              web: Web
          cloud:
            type: bool
          expiry:
            type: date
          start:
            type: date
            default: today
          fee:
            type: int
            default: "1500"
          host:
            type: string
            default: '"www.example.jp"'
        rules:
          cutover: 2026-02-01
          complete_by: expiry - 1 month
          cancel_by: expiry - 30 days - 1 day
          contact_by: previous_business_day(expiry - 30 days - 1 day)
          is_other: service == "other"
          late: start > cutover and not cloud
          services: '["web", "other"]'
          big: fee + 9223372036854775000
          month_end: end_of_month(expiry)

        """
    static let calendarText = """
        holidays:
          2026-01-01: 元日
          2026-01-12: 成人の日
          2026-05-04: みどりの日
          2026-05-05: こどもの日
          2026-05-06: 休日

        """

    let library: RulesLibrary
    let environment: Environment

    init() {
        var diagnostics: [Diagnostic] = []
        let calendar = HolidayCalendar.load(
            SourceFile(path: "Content/calendars/jp.yml", text: Self.calendarText), diagnostics: &diagnostics)
        library = RulesLibrary.load(
            ruleFiles: [SourceFile(path: "Content/rules/r.yml", text: Self.rulesText)], calendar: calendar,
            diagnostics: &diagnostics)
        precondition(!diagnostics.contains { $0.severity == .error }, "the fixture rules must load: \(diagnostics)")
        let given: [String: Value] = [
            "service": .choice(fact: "service", key: "web", label: "Web"),
            "cloud": .bool(false),
            "expiry": .date(CivilDate(iso: "2026-03-10")!),
        ]
        let place = SourceRange(SourceLocation(file: "s.yml", line: 1, column: 1))
        let scenario = ResolvedScenario(
            declaration: ScenarioDeclaration(
                id: "s", idRange: place, guides: ["g"], title: nil, titleLocation: nil, facts: [], file: "s.yml"),
            givenFacts: given)
        environment = library.environment(for: scenario, today: CivilDate(iso: "2026-01-15")!)
    }
}

let fixture = Fixture()

/// Answers the expander as a page render would, from the fixture's scenario.
struct FuzzContext: DirectiveContext {
    var partials: [String: DirectiveDocument]
    var stamper: DateStamper
    var diagnostics: [Diagnostic] = []

    mutating func value(of source: ExpressionSource) -> Value? {
        guard let expression = ExpressionParser.parse(source.text, at: source.location, diagnostics: &diagnostics),
            fixture.library.typeCheck(expression, diagnostics: &diagnostics) != nil
        else { return nil }
        do throws(EvaluationError) {
            return try fixture.environment.evaluate(expression)
        } catch {
            diagnostics.append(error.diagnostic)
            return nil
        }
    }

    mutating func condition(_ expression: ExpressionSource) -> Bool? {
        guard case .bool(let holds) = value(of: expression) else { return nil }
        return holds
    }

    mutating func stamp(_ stamp: Stamp) -> String {
        guard let value = value(of: stamp.expression) else { return "" }
        return (try? stamper.stampText(value, format: stamp.format)) ?? ""
    }

    mutating func step(_ label: String, range: SourceRange) -> String { "1" }

    mutating func ref(_ label: String, range: SourceRange) -> String { "1" }

    mutating func partial(_ name: String, range: SourceRange) -> DirectiveDocument? { partials[name] }
}

/// Parses and expands one input.
func fuzzDirectives(_ text: String) {
    let guide = SourceFile(path: "Content/guides/g.md", text: text)
    var diagnostics: [Diagnostic] = []
    let document = DirectiveDocument.parse(guide, diagnostics: &diagnostics)
    var nodes = 0
    document.forEachNode { _ in nodes += 1 }
    // The input is also a partial, so an include of "self" is a cycle, and "note" includes it.
    var partialDiagnostics: [Diagnostic] = []
    let partials: [String: DirectiveDocument] = [
        "self": DirectiveDocument.parse(
            SourceFile(path: "Content/partials/self.md", text: text), diagnostics: &partialDiagnostics),
        "note": DirectiveDocument.parse(
            SourceFile(path: "Content/partials/note.md", text: "注意: {{ complete_by | date: era }}\n{% include \"self\" %}\n"),
            diagnostics: &partialDiagnostics),
    ]
    var context = FuzzContext(
        partials: partials,
        stamper: DateStamper(language: "ja", timeZone: "Asia/Tokyo", formats: ["era": "GGGGy年M月d日"]))
    _ = DirectiveExpander(maxIncludeDepth: 8).expand(document, context: &context, diagnostics: &diagnostics)
    var sources = SourceFiles()
    sources.add(guide)
    _ = DiagnosticRenderer(sources: sources).render(diagnostics + context.diagnostics)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzDirectives(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

#if !SITEGEN_FUZZING
/// Without libFuzzer: runs every file given (or every file in a folder given), as a replayer of
/// corpora and crashes.
@main
enum Replay {
    static func main() {
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else {
                print("no such file: \(argument)")
                exit(1)
            }
            let paths = isFolder.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 }
                : [argument]
            for path in paths {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                data.withUnsafeBytes { _ = fuzz($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
                count += 1
            }
        }
        print("ran \(count) inputs")
    }
}
#endif

// Shared by sitegen's libFuzzer targets: a small rules library to check and evaluate against, and
// the replayer that runs saved inputs through a target without libFuzzer.
import Diagnostics
import Foundation
import Rules

/// A rules library with a fact of every type, a calendar and one scenario that gives the facts,
/// so names resolve, type-check and evaluate. Built once.
public struct Fixture: Sendable {
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
          contact_by: business_day_on_or_before(expiry - 30 days - 1 day)
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

    public let library: RulesLibrary
    public let environment: Environment

    public init() {
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

/// Runs `fuzz` on every file named in the arguments (or every file in a folder named there):
/// built without libFuzzer, each target replays corpora and crashes this way.
public func replayInputs(_ fuzz: (UnsafePointer<UInt8>?, Int) -> CInt) {
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

import Foundation
import Testing

import SitegenKit

/// docs/check.md is the reference of every diagnostic id: each id the code can report is
/// listed there, and each id listed there is one the code can report.
///
/// How ids are found, so the test holds however a call is laid out: every diagnostic id is a
/// string literal of the shape `area.name` (lower-case ASCII words, the name's words joined by
/// `-`), whether it is passed to `Diagnostic(...)`, `.error(...)`, `.warning(...)`,
/// a problem type's factory, a `DirectiveProblem` or `StampError` case or a `YAMLProblem.Area`, and on
/// the call's line or its own. So every whole literal of that shape in `Sources/**/*.swift`
/// counts, except file names (the name is a file extension, like `rules.js`) and the few
/// literals of that shape that are not ids, listed in `notIDs`. In docs/check.md an id is
/// any backticked text of the same shape that is not a file name.
@Suite struct DiagnosticIDsDocumentedTests {
    static let root = SampleContentTests.root

    /// Literals shaped like ids that are not: a logger's label, and site.yml keys that
    /// messages name.
    static let notIDs: Set<String> = ["sitegen.serve", "contact.text", "contact.url"]

    /// Extensions of file names that are shaped like ids (`sitemap.xml`, `rules.js`).
    static let fileExtensions: Set<String> = ["html", "xml", "yml", "yaml", "js", "md", "json", "css", "txt", "mustache"]

    /// Every id the code can report.
    static func codeIDs() throws -> Set<String> {
        try Set(codeIDsByFile(under: "Sources").values.joined())
    }

    /// The ids written in each Swift file under `folder` (a path from the root), by file name;
    /// files that write none are left out.
    static func codeIDsByFile(under folder: String) throws -> [String: Set<String>] {
        let sources = root.appendingPathComponent(folder)
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var ids: [String: Set<String>] = [:]
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: #/"([a-z]+\.[a-z]+(?:-[a-z]+)*)"/#) {
                let literal = String(match.output.1)
                guard !isFileName(literal), !notIDs.contains(literal) else { continue }
                ids[url.lastPathComponent, default: []].insert(literal)
            }
        }
        return ids
    }

    /// The files of the Rules module that may write ids: its problem types, and `StampError`,
    /// whose cases name theirs.
    static let rulesProblemFiles: Set<String> = [
        "RulesProblem.swift", "ScenarioProblem.swift", "CalendarProblem.swift", "YAMLProblem.swift", "StampError.swift",
    ]

    /// Every id docs/check.md lists.
    static func documentedIDs() throws -> Set<String> {
        let text = try String(contentsOf: root.appendingPathComponent("docs/check.md"), encoding: .utf8)
        return Set(text.matches(of: #/`([a-z]+\.[a-z]+(?:-[a-z]+)*)`/#).map { String($0.output.1) }.filter { !isFileName($0) })
    }

    /// Whether an id-shaped literal is a file name (`sitemap.xml`), which the docs may quote too.
    static func isFileName(_ literal: String) -> Bool {
        literal.split(separator: ".").last.map { fileExtensions.contains(String($0)) } ?? false
    }

    @Test func everyIDInTheCodeIsDocumentedAndEveryDocumentedIDExists() throws {
        let code = try Self.codeIDs()
        let documented = try Self.documentedIDs()
        // A sanity floor: if the scan found almost nothing, the pattern has drifted from the code.
        #expect(code.count > 100, "found only \(code.sorted())")
        #expect(code.contains("rules.unknown-name") && code.contains("check.dead-link") && !code.contains("rules.js"))
        #expect(code.subtracting(documented).isEmpty, "not in docs/check.md: \(code.subtracting(documented).sorted())")
        #expect(documented.subtracting(code).isEmpty, "in docs/check.md but reported nowhere: \(documented.subtracting(code).sorted())")
    }

    /// The Rules module reports the rules, scenario, calendar, YAML and stamp ids, each through
    /// one factory of its problem types (as Directives and SitegenKit do theirs), so an id or
    /// its wording is changed in one place; every one of them is documented.
    @Test func rulesWritesItsIDsOnlyInItsProblemTypesAndDocumentsEach() throws {
        let byFile = try Self.codeIDsByFile(under: "Sources/Rules")
        let outside = byFile.filter { !Self.rulesProblemFiles.contains($0.key) }
        #expect(outside.isEmpty, "ids written outside the problem types: \(outside)")
        let rulesIDs = Set(byFile.values.joined())
        // Every area the module reports, so that a scan that found nothing cannot pass.
        for area in ["rules.", "scenario.", "calendar.", "yaml.", "stamp."] {
            #expect(rulesIDs.contains { $0.hasPrefix(area) }, "no \(area) id found in \(rulesIDs.sorted())")
        }
        #expect(rulesIDs.count >= 40, "found only \(rulesIDs.sorted())")
        let undocumented = rulesIDs.subtracting(try Self.documentedIDs())
        #expect(undocumented.isEmpty, "not in docs/check.md: \(undocumented.sorted())")
    }

    /// `check --allow` takes the ids of warnings: the list it holds them to is docs/check.md's.
    @Test func theWarningIDsAreTheDocumentedWarnings() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/check.md"), encoding: .utf8)
        // A row may name several ids: `check.unused-fact`, `check.unused-rule` | warning |.
        let rows = text.matches(of: #/^\| (`[a-z]+\.[a-z-]+`(?:, `[a-z]+\.[a-z-]+`)*) \| warning \|/#.anchorsMatchLineEndings())
        let documented = Set(rows.flatMap { $0.output.1.matches(of: #/`([a-z.-]+)`/#).map { String($0.output.1) } })
        #expect(documented.count > 20)
        #expect(WarningIDs.all == documented)
    }
}

import ArgumentParser
import Diagnostics
import Foundation
import SitegenKit

/// `sitegen check`: every check of `build`, nothing written, and warnings for writers.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the site without writing anything: errors, warnings and branch coverage."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var site: SiteOptions

    @OptionGroup var date: DateOptions

    @Option(help: "Output format: text for people, json for editors and CI.")
    var format: Format = .text

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    @Option(
        name: .customLong("allow"),
        help: ArgumentHelp(
            "With --strict: a warning id that does not fail the check (still reported); repeatable.", valueName: "ID"))
    var allowed: [String] = []

    func validate() throws {
        for id in allowed {
            if let problem = WarningIDs.problem(allowing: id) { throw ValidationError("--allow: \(problem)") }
        }
    }

    func run() throws {
        let result = SiteCheck.run(BuildOptions(root: site.rootURL, asOf: date.asOf))
        switch format {
        case .json:
            let document = CheckReport(
                diagnostics: result.diagnostics.map(DiagnosticRecord.init), coverage: result.coverage, uncovered: result.uncovered,
                errors: result.diagnostics.filter { $0.severity == .error }.count,
                warnings: result.diagnostics.filter { $0.severity == .warning }.count)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(document), as: UTF8.self))
        case .text:
            Console.error(DiagnosticRenderer(sources: result.sources).render(result.diagnostics), ifNotEmpty: true)
            print(coverageText(result.coverage), terminator: "")
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            let warnings = result.diagnostics.filter { $0.severity == .warning }.count
            print(
                "checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\(strict ? " (strict)" : "")"
            )
        }
        if result.failed(strict: strict, allowing: Set(allowed)) { throw ExitCode(1) }
    }

    /// `1 branch`, `3 branches`.
    private func count(_ number: Int, _ one: String, _ many: String) -> String {
        "\(number) \(number == 1 ? one : many)"
    }

    private func coverageText(_ coverage: [BranchCoverage]) -> String {
        var text = ""
        for guide in coverage {
            let untaken = guide.untaken
            text +=
                "coverage of \(guide.guide): \(count(guide.branches.count, "branch", "branches")), \(count(guide.scenarioCount, "scenario", "scenarios"))"
            text += untaken.isEmpty ? "; every branch is taken by some scenario\n" : "; \(untaken.count) taken by none\n"
            for branch in guide.branches {
                text += "  \(branch.location)  \(branch.scenarios)/\(guide.scenarioCount)  \(branch.condition)\n"
            }
        }
        return text
    }
}

/// The JSON document of `check --format json`.
struct CheckReport: Encodable {
    var diagnostics: [DiagnosticRecord]
    var coverage: [BranchCoverage]
    var uncovered: [UncoveredCase]
    var errors: Int
    var warnings: Int
}

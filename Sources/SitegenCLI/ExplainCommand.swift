import ArgumentParser
import Diagnostics
import Foundation
import SitegenKit

/// `sitegen explain`: why a scenario's page says what it says.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print a scenario's facts, the values of the rules its guide uses and the branch each directive took."
    )

    @Argument(help: "The guide's name (its file name without .md).")
    var guide: String

    @Argument(help: "The scenario's id.")
    var scenario: String

    @OptionGroup var site: SiteOptions

    @OptionGroup var date: DateOptions

    func run() throws {
        let result = Explainer.explain(guide: guide, scenario: scenario, options: BuildOptions(root: site.rootURL, asOf: date.asOf))
        Console.error(DiagnosticRenderer(sources: result.sources).render(result.diagnostics), ifNotEmpty: true)
        guard !result.diagnostics.containsErrors else { throw ExitCode(1) }
        print(result.text, terminator: "")
    }
}

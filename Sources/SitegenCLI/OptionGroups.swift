import ArgumentParser
import Foundation
import Rules
import SitegenKit

/// `--root`, shared by every command that reads a site.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site folder, holding Content/ and Templates/.", valueName: "DIR"))
    var root: String = "."

    var rootURL: URL {
        URL(fileURLWithPath: root, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }
}

/// `--as-of`, shared by every command that evaluates the rules.
struct DateOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date 'today' means, as YYYY-MM-DD.", valueName: "DATE"))
    var asOf: String?

    /// Checks `--as-of`'s shape, so a typo is a usage error (exit 2) rather than a content error.
    func validate() throws {
        guard let asOf, let problem = CivilDate.problem(iso: asOf) else { return }
        // A day the month does not have is as much a usage error as a malformed date.
        throw ValidationError("--as-of takes a date as YYYY-MM-DD, such as 2026-01-31: \(problem)")
    }
}

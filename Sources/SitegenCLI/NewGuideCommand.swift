import ArgumentParser
import Foundation
import SitegenKit

/// `sitegen new guide NAME`: writes a draft guide and its scenarios file.
struct NewGuideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guide",
        abstract: "Write Content/guides/NAME.md (a draft) and Content/scenarios/NAME.yml; nothing that exists is overwritten."
    )

    @Argument(help: ArgumentHelp("The guide's URL name: lower-case letters a-z, digits and '-'.", valueName: "NAME"))
    var name: String

    @OptionGroup var site: SiteOptions

    func validate() throws {
        // A name that cannot be a URL name is a usage error (exit 2), said before anything is read.
        guard SiteScaffold.isValidGuideName(name) else { throw ValidationError(ScaffoldError.invalidGuideName(name).description) }
    }

    func run() throws {
        let written: [String]
        do {
            written = try SiteScaffold.newGuide(name, root: site.rootURL)
        } catch {
            Console.error("error: \(error)")
            throw ExitCode(1)
        }
        print("created guide \(name), a draft (draft: true) that serve shows and build leaves out until you remove that line:")
        for path in written { print("  \(path)") }
    }
}

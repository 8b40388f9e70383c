import ArgumentParser
import Foundation
import SitegenKit

/// `sitegen init [DIR]`: writes a small working site to start from.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a small working site into DIR to start from; nothing that exists is overwritten."
    )

    @Argument(help: ArgumentHelp("The folder of the new site, created when missing.", valueName: "DIR"))
    var directory: String = "."

    @Flag(help: "Also copy the default templates into DIR/Templates/, to change them.")
    var templates = false

    func run() throws {
        let root = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
        let written: [String]
        do {
            written = try SiteScaffold.initSite(at: root, copyTemplates: templates)
        } catch {
            Console.error("error: \(error)")
            throw ExitCode(1)
        }
        let place = directory == "." ? "this folder" : directory
        print("created a site in \(place): \(written.count) files")
        for path in written where !path.hasPrefix("schemas/") && !path.hasPrefix("Templates/") {
            print("  \(path)")
        }
        print("  schemas/ (JSON Schemas that the YAML files name, for editors)")
        if templates { print("  Templates/ (the default templates, to change)") }
        print("\nnext:")
        if directory != "." { print("  cd \(directory)") }
        print("  sitegen serve    # preview at http://127.0.0.1:8080/; pages reload as you save")
        print("  sitegen build    # write the site into Output/")
        print("  sitegen check    # find dead branches, unused rules and broken links")
        print("  sitegen new guide NAME    # start another guide")
    }
}

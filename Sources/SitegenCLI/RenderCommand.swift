import ArgumentParser
import Diagnostics
import Foundation
import SitegenKit

/// `sitegen render`: prints the HTML a Markdown file renders to.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print the HTML that a Markdown file (or standard input, '-') renders to."
    )

    @Argument(help: ArgumentHelp("The Markdown file, or '-' for standard input.", valueName: "FILE|-"))
    var file: String

    @OptionGroup var site: SiteOptions

    @Option(name: .customLong("fact"), help: ArgumentHelp("A fact's value, as NAME=VALUE (repeatable).", valueName: "NAME=VALUE"))
    var facts: [String] = []

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date 'today' means, as YYYY-MM-DD.", valueName: "DATE"))
    var asOf: String?

    func validate() throws { try validateAsOf(asOf) }

    func run() throws {
        let text: String
        let path: String
        if file == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            path = "<stdin>"
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                Console.error("error: cannot read '\(file)'")
                throw ExitCode(1)
            }
            guard let decoded = String(bytes: data, encoding: .utf8) else {
                Console.error("\(file): error: the file is not valid UTF-8 text")
                throw ExitCode(1)
            }
            text = decoded
            path = file
        }
        let output = Renderer.render(markdown: text, path: path, root: site.rootURL, facts: facts, asOf: asOf)
        Console.error(DiagnosticRenderer(sources: output.sources).render(output.diagnostics), ifNotEmpty: true)
        guard !output.diagnostics.containsErrors else { throw ExitCode(1) }
        print(output.html, terminator: "")
    }
}

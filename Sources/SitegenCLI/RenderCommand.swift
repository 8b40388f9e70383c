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

    @Argument(
        help: ArgumentHelp(
            "The Markdown file, or '-' for standard input; a guide's front matter is left out. With --scenario, the guide's own file when omitted.",
            valueName: "FILE|-"))
    var file: String?

    @OptionGroup var site: SiteOptions

    @Option(name: .customLong("fact"), help: ArgumentHelp("A fact's value, as NAME=VALUE (repeatable).", valueName: "NAME=VALUE"))
    var facts: [String] = []

    @OptionGroup var date: DateOptions

    @Option(
        name: .customLong("scenario"),
        help: ArgumentHelp("Render for this scenario, with its facts, as its page's body.", valueName: "GUIDE/ID"))
    var scenario: String?

    func validate() throws {
        if let scenario {
            let parts = scenario.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--scenario takes GUIDE/ID, such as transfer/gtld-open")
            }
            // The scenario gives every fact; a --fact beside it would be silently outvoted.
            guard facts.isEmpty else { throw ValidationError("--fact cannot be used with --scenario, whose facts the page uses") }
        } else if file == nil {
            throw ValidationError("give a Markdown file, '-' for standard input, or --scenario GUIDE/ID")
        }
    }

    func run() throws {
        let output: DraftRenderer.Output
        if let file {
            let (text, path) = try read(file)
            output =
                if let scenario {
                    DraftRenderer.render(scenario: scenario, markdown: text, path: path, root: site.rootURL, asOf: date.asOf)
                } else {
                    DraftRenderer.render(markdown: text, path: path, root: site.rootURL, facts: facts, asOf: date.asOf)
                }
        } else {
            output = DraftRenderer.render(scenario: scenario ?? "", root: site.rootURL, asOf: date.asOf)
        }
        Console.error(DiagnosticRenderer(sources: output.sources).render(output.diagnostics), ifNotEmpty: true)
        guard !output.diagnostics.containsErrors else { throw ExitCode(1) }
        print(output.html, terminator: "")
    }

    /// The text of `file` ('-' for standard input) and the path to name it by.
    private func read(_ file: String) throws -> (text: String, path: String) {
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
        return (text, path)
    }
}

import ArgumentParser
import Foundation
import Rules
import SitegenKit

/// The `sitegen` command and its subcommands (SPEC §12).
public struct SitegenCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Builds one personalised guide per service scenario from Markdown and a rules library.",
        subcommands: [BuildCommand.self, CheckCommand.self, ExplainCommand.self, RenderCommand.self, ServeCommand.self]
    )

    public init() {}

    /// Parses the arguments, runs the command and exits with SPEC §12's codes: 0 on success,
    /// 1 when the content has errors, 2 on a usage error.
    public static func runAndExit(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help and --version print to standard output and succeed.
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if error is ExitCode {
                Foundation.exit(code.rawValue)
            }
            Console.error(fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}

/// Shared options of the commands that read a site.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site folder, holding Content/ and Templates/.", valueName: "DIR"))
    var root: String = "."

    var rootURL: URL {
        URL(fileURLWithPath: root, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }
}

/// Writing to standard error.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

/// Checks `--as-of`'s shape, so a typo is a usage error (exit 2) rather than a content error.
func validateAsOf(_ value: String?) throws {
    guard let value, let problem = CivilDate.problem(iso: value) else { return }
    // A day the month does not have is as much a usage error as a malformed date.
    throw ValidationError("--as-of takes a date as YYYY-MM-DD, such as 2026-01-31: \(problem)")
}

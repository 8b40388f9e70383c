import ArgumentParser
import Foundation
import Rules
import SitegenKit

/// The `sitegen` command and its subcommands (README.md, "Commands").
public struct SitegenCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Builds one personalised guide per service scenario from Markdown and a rules library.",
        version: SitegenCommand.version,
        subcommands: [
            InitCommand.self, NewCommand.self, BuildCommand.self, CheckCommand.self, ExplainCommand.self, RenderCommand.self,
            ServeCommand.self,
        ]
    )

    /// sitegen's version, printed by `sitegen --version`; raised with every release (the rules
    /// data's own format has its own version, docs/reader-values.md).
    public static let version = "0.9.0"

    public init() {}

    /// Parses the arguments, runs the command and exits with the codes of README.md's "Commands": 0 on success,
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

/// Writing to standard error.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

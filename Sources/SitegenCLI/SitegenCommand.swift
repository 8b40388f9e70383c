import ArgumentParser
import SitegenKit

/// The `sitegen` command and its subcommands (SPEC §12).
public struct SitegenCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Builds one personalised guide per service scenario from Markdown and a rules library.",
        subcommands: []
    )

    public init() {}
}

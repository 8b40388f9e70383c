import ArgumentParser

/// `sitegen new`: adds a file of a kind to a site (`sitegen new guide NAME`).
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Add a new file to the site from a starting point.",
        subcommands: [NewGuideCommand.self]
    )
}

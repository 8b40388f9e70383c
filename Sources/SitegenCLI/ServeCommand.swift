import ArgumentParser
import Diagnostics
import Foundation
import PreviewServer
import SitegenKit

/// `sitegen serve`: builds the site into memory and serves it, rebuilding and reloading open
/// pages when `Content/` or `Templates/` change. Nothing is written to disk.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the site from memory; rebuild and reload open pages on every change."
    )

    @OptionGroup var site: SiteOptions

    @Option(help: ArgumentHelp("The address to listen on (default: this machine only).", valueName: "ADDRESS"))
    var host: String = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "PORT"))
    var port: Int = 8080

    @Option(
        name: .customLong("allowed-host"),
        help: ArgumentHelp(
            "Also answer requests for this host name (repeatable); localhost, loopback addresses and --host are always answered.",
            valueName: "NAME"))
    var allowedHosts: [String] = []

    @OptionGroup var date: DateOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
    }

    func run() async throws {
        let server = PreviewServer(
            configuration: .init(root: site.rootURL, host: host, port: port, asOf: date.asOf, allowedHosts: allowedHosts))
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            Console.error("warning: serving on \(host): anyone who can reach this address can read the site")
        }
        let shown = ShownWarnings()
        do {
            try await server.run(
                handlingSignals: true,
                onReady: { address in
                    Console.output("serving \(address.url) (Ctrl-C to stop)")
                }, onRebuild: { report($0, shown: shown) })
        } catch {
            Console.error("error: " + PreviewServer.startProblem(error, host: host, port: port))
            throw ExitCode(1)
        }
    }

    @Sendable private func report(_ report: PreviewServer.BuildReport, shown: ShownWarnings) {
        let result = report.result
        // Milliseconds matter here: an edit is usually rebuilt in a few of them.
        let seconds = String(
            format: "%.3f", Double(report.duration.components.seconds) + Double(report.duration.components.attoseconds) / 1e18)
        guard result.succeeded else {
            Console.error(DiagnosticRenderer(sources: result.sources).render(result.diagnostics), ifNotEmpty: true)
            Console.error("build failed; the pages show the errors until they are fixed")
            return
        }
        // A build's warnings, printed when they differ from the last ones printed: a writer who
        // previews all day sees a new warning once, not after every save.
        let warnings = result.diagnostics.filter { $0.severity == .warning }
        if shown.replace(with: Set(warnings)) {
            Console.error(DiagnosticRenderer(sources: result.sources).render(warnings), ifNotEmpty: true)
        }
        guard report.changed else {
            Console.output("nothing changed: checked in \(seconds) s")
            return
        }
        Console.output(
            "built \(result.pageCount) files in \(seconds) s, \(report.renderedPages.count) pages rendered (build \(report.snapshot.generation))"
        )
    }
}

extension Console {
    /// Writes a line to standard output at once (not buffered, so a pipe sees it).
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

/// The warnings `serve` printed last.
private final class ShownWarnings: @unchecked Sendable {
    private let lock = NSLock()
    private var warnings: Set<Diagnostic> = []

    /// Keeps `warnings`; whether they differ from those kept before.
    func replace(with warnings: Set<Diagnostic>) -> Bool {
        lock.withLock {
            defer { self.warnings = warnings }
            return warnings != self.warnings
        }
    }
}

import Foundation
import Testing

/// Runs the project's JavaScript under Node, for the tests that hold the page's evaluator to
/// the Swift one. `scripts/setup` installs Node (Debian's `nodejs`) when it is missing.
enum NodeRunner {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `node` command, or `nil` when there is none on PATH.
    static var node: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("node")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs `node` with `arguments` (paths relative to the repository root are fine) and gives
    /// its exit status and its standard output and error together.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let node = try #require(Self.node, "Node is not installed; scripts/setup installs it (apt-get install nodejs)")
        let process = Process()
        process.executableURL = node
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting, so that a full pipe cannot stall the child.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

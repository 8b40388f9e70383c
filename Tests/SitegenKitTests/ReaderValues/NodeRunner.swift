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

/// A small seeded generator (SplitMix64), so that every run draws the same cases and a failure
/// can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Builds started while another writes the same output folder take turns: each one's output is
/// complete, and none removes the folder another is still writing.
@Suite(.serialized) struct ConcurrentBuildTests {
    /// Starts a `sitegen build` of `site` into `output` without waiting for it.
    static func startBuild(_ site: FixtureSite, into output: URL, jobs: Int) throws -> Process {
        let process = Process()
        process.executableURL = try CommandLineTests.binary()
        process.arguments = [
            "build", "--root", site.root.path, "--output", output.path, "--as-of", "2026-01-15", "--no-search", "--jobs", String(jobs),
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func concurrentBuildsIntoOneFolderEachLeaveACompleteOutput() throws {
        let site = try CrashSafetyTests.makeSite(guides: 20, scenarios: 8, version: "A")
        let reference = site.root.appendingPathComponent("reference")
        let start = ContinuousClock.now
        let first = try Self.startBuild(site, into: reference, jobs: 1)
        first.waitUntilExit()
        let duration = ContinuousClock.now - start
        #expect(first.terminationStatus == 0)
        let expected = try FixtureSite.files(in: reference)
        #expect(expected.count > 150)

        // A slow build (one thread) is overtaken by a faster one started while it writes. Before
        // the output was locked, the second removed the first's staging folder as a leftover of
        // a killed build; the first, finishing last, then swapped in an output missing the pages
        // written before that, and still said "built".
        let microseconds = Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
        for round in 0..<6 {
            let slow = try Self.startBuild(site, into: site.output, jobs: 1)
            usleep(useconds_t(microseconds * (0.1 + 0.06 * Double(round))))
            let fast = try Self.startBuild(site, into: site.output, jobs: 4)
            for build in [slow, fast] {
                build.waitUntilExit()
                #expect(build.terminationStatus == 0, "round \(round)")
            }
            let output = try FixtureSite.files(in: site.output)
            #expect(output == expected, "round \(round): \(output.count) of \(expected.count) files")
        }
        let leftovers = try OutputReplacementTests.sitegenEntries(in: site.root)
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}

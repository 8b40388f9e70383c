import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `Output/` is always one complete build: killed builds at any moment, and a full disk, leave
/// it exactly as a previous complete build or the new one, never a mix (README.md, "Commands", and docs/reliability.md).
@Suite(.serialized) struct CrashSafetyTests {
    /// A site big enough that a build takes a while: `guides` guides of `scenarios` scenarios.
    static func makeSite(guides: Int, scenarios: Int, version: String) throws -> FixtureSite {
        let site = try FixtureSite("rules")
        let templates = try #require(Bundle.module.url(forResource: "Fixtures/basic/Templates", withExtension: nil))
        try FileManager.default.copyItem(at: templates, to: site.root.appendingPathComponent("Templates"))
        try write(site, guides: guides, scenarios: scenarios, version: version)
        return site
    }

    static func write(_ site: FixtureSite, guides: Int, scenarios: Int, version: String) throws {
        let paragraph = String(repeating: "手順の説明です。**{{ expiry }}** までに終えてください。\n", count: 20)
        for guide in 0..<guides {
            try site.write("Content/guides/g\(guide).md", "---\ntitle: 手順\(guide) \(version)\n---\n\(paragraph)\n{% if cloud %}\nクラウド\n{% endif %}\n")
            var yaml = "guide: g\(guide)\nscenarios:\n"
            for scenario in 0..<scenarios {
                yaml += "  - id: s\(scenario)\n    facts: {service: web, cloud: \(scenario % 2 == 0), expiry: 2026-03-\(10 + scenario % 18)}\n"
            }
            try site.write("Content/scenarios/g\(guide).yml", yaml)
        }
    }

    func build(_ site: FixtureSite, into output: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = try CommandLineTests.binary()
        process.arguments = ["build", "--root", site.root.path, "--output", output.path, "--as-of", "2026-01-15"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func killedBuildsNeverLeaveAMixedOutput() throws {
        let site = try Self.makeSite(guides: 20, scenarios: 8, version: "A")
        let snapshotA = site.root.appendingPathComponent("expected-A")
        let snapshotB = site.root.appendingPathComponent("expected-B")
        #expect(try build(site, into: snapshotA) == 0)
        try Self.write(site, guides: 20, scenarios: 8, version: "B")
        #expect(try build(site, into: snapshotB) == 0)
        let a = try FixtureSite.files(in: snapshotA), b = try FixtureSite.files(in: snapshotB)
        #expect(a != b && a.count > 150)

        // How long a whole build takes here, to spread the kills over it: the fastest of three, since
        // a build timed while other tests load the machine would put most kills after the end.
        var microseconds = Double.infinity
        for _ in 0..<3 {
            let start = ContinuousClock.now
            #expect(try build(site, into: site.output) == 0)
            let duration = ContinuousClock.now - start
            microseconds = min(microseconds, Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12)
        }
        var generator = SystemRandomNumberGenerator()
        var killedMidway = 0
        for run in 0..<50 {
            try Self.write(site, guides: 20, scenarios: 8, version: run % 2 == 0 ? "A" : "B")
            let process = Process()
            process.executableURL = try CommandLineTests.binary()
            process.arguments = ["build", "--root", site.root.path, "--output", site.output.path, "--as-of", "2026-01-15"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let delay = Double.random(in: 0...1.2, using: &generator) * microseconds
            usleep(useconds_t(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal {
                killedMidway += 1
            } else {
                // The build finished before the kill: builds are faster now than when timed (the
                // machine got quieter), so aim the next kills earlier.
                microseconds = min(microseconds, delay)
            }
            let output = try FixtureSite.files(in: site.output)
            #expect(output == a || output == b, "run \(run): Output is neither complete build")
        }
        // Most runs must really have been interrupted, or the test proves nothing.
        #expect(killedMidway >= 25, "only \(killedMidway) of 50 builds were killed before they finished")
        // The next build cleans whatever the killed ones left beside the output.
        #expect(try build(site, into: site.output) == 0)
        let leftovers = try OutputReplacementTests.sitegenEntries(in: site.root)
        #expect(leftovers.isEmpty, "\(leftovers)")
        #expect(try FixtureSite.files(in: site.output) == b)
    }

    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func aFullDiskLeavesTheOutputIntactWithAClearMessage() throws {
        let site = try Self.makeSite(guides: 2, scenarios: 2, version: "A")
        let disk = site.root.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=400k", "tmpfs", disk.path]
        try mount.run()
        mount.waitUntilExit()
        try #require(mount.terminationStatus == 0, "could not mount a tmpfs")
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [disk.path]
            try? umount.run()
            umount.waitUntilExit()
        }
        let output = disk.appendingPathComponent("Output")
        #expect(try build(site, into: output) == 0)
        let before = try FixtureSite.files(in: output)
        // Far more pages than the disk holds.
        try Self.write(site, guides: 60, scenarios: 10, version: "B")
        let process = Process()
        process.executableURL = try CommandLineTests.binary()
        process.arguments = ["build", "--root", site.root.path, "--output", output.path, "--as-of", "2026-01-15"]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("space"), "\(message)")
        #expect(try FixtureSite.files(in: output) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: disk.path).filter { $0 != "Output" }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}

import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Symbolic links that make a loop of folders are reported and skipped; the site still builds.
@Suite struct SymlinkLoopTests {
    @Test func linksToTheirOwnFolderDoNotHangTheBuild() throws {
        let site = try FixtureSite("basic")
        let fileManager = FileManager.default
        try site.write("Content/partials/note.md", "注意\n")
        try site.write("Templates/assets/app.js", "// app\n")
        // Two links to `.` in each folder that is read recursively: each path through them is
        // new, so a walk that only follows paths never ends.
        for folder in ["Content/assets", "Content/partials", "Templates", "Templates/assets"] {
            for name in ["a", "b"] {
                try fileManager.createSymbolicLink(
                    atPath: site.root.appendingPathComponent("\(folder)/\(name)").path, withDestinationPath: ".")
            }
        }
        let process = Process()
        process.executableURL = try CommandLineTests.binary()
        process.arguments = ["build", "--root", site.root.path, "--no-search"]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        // Before the fix the build never ended, its memory growing; give it a generous while.
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning && ContinuousClock.now < deadline { usleep(50_000) }
        let hung = process.isRunning
        if hung { kill(process.processIdentifier, SIGKILL) }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(!hung, "the build did not end")
        #expect(process.terminationStatus == 0, "\(message)")
        for folder in ["Content/assets", "Content/partials", "Templates", "Templates/assets"] {
            #expect(message.contains("\(folder)/a' is a symbolic link to a folder it is in"), "\(folder): \(message)")
        }
        #expect(fileManager.fileExists(atPath: site.output.appendingPathComponent("assets/site.css").path))
        #expect(fileManager.fileExists(atPath: site.output.appendingPathComponent("assets/app.js").path))
    }
}

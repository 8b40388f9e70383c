import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `sitegen serve` binary as a writer runs it.
@Suite(.timeLimit(.minutes(1))) struct ServeCommandTests {
    /// The `sitegen` binary built beside the test bundle.
    static var executable: URL? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("sitegen")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// `sitegen serve` of `site` on a free port, running, with its standard output and error.
    static func serve(_ site: FixtureSite) throws -> (Process, out: Pipe, err: Pipe) {
        let executable = try #require(Self.executable, "build the sitegen product first")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--root", site.root.path, "--port", "0", "--as-of", "2026-01-20"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// What `pipe` gives until it holds `text` (or closes).
    static func read(_ pipe: Pipe, until text: String) async throws -> String {
        let reader = pipe.fileHandleForReading
        return try await offThread { () -> String in
            var data = Data()
            while !String(decoding: data, as: UTF8.self).contains(text) {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                data.append(chunk)
            }
            return String(decoding: data, as: UTF8.self)
        }
    }

    @Test func startsPrintsItsURLAnswersAndExitsZeroOnSIGTERM() async throws {
        let site = try FixtureSite()
        let (process, out, err) = try Self.serve(site)
        defer { if process.isRunning { process.terminate() } }

        // Standard output says how the first build went, then names the URL.
        let line = try await Self.read(out, until: "(Ctrl-C to stop)\n")
        let match = try #require(line.firstMatch(of: /serving http:\/\/127\.0\.0\.1:(\d+)\/ \(Ctrl-C to stop\)/), "got: \(line)")
        let port = try #require(Int(match.1))
        #expect(port > 0)

        let reply = try await RawHTTP.request("GET", "/", port: port)
        #expect(reply.status == 200)
        #expect(reply.text.contains("/_sitegen/events"))

        kill(process.processIdentifier, SIGTERM)
        let exited = try await offThread { () -> Bool in
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            return !process.isRunning
        }
        #expect(exited, "sitegen serve stops on SIGTERM")
        guard exited else { return }
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0, "\(String(decoding: err.fileHandleForReading.availableData, as: UTF8.self))")
        #expect(!FileManager.default.fileExists(atPath: site.output.path), "serve never writes Output/")
    }

    /// A build's warnings go to standard error when they appear, not again after every save
    /// that leaves them as they were.
    @Test func printsAWarningOnceUntilTheWarningsChange() async throws {
        let site = try FixtureSite()
        // Business days on a site in Japanese that names no holiday calendar: a warning.
        try site.write("Content/guides/days.md", "---\ntitle: 営業日\n---\n{{ 2027-05-03 + 1 business day }}までに返信します。\n")
        let (process, out, err) = try Self.serve(site)
        defer { if process.isRunning { process.terminate() } }
        let first = try await Self.read(out, until: "(Ctrl-C to stop)")
        #expect(first.contains("(build 1)"), "\(first)")
        // A save that keeps the warning: built again, the warning not printed again.
        try site.write("Content/guides/days.md", "---\ntitle: 営業日\n---\n{{ 2027-05-03 + 1 business day }}までに返信してください。\n")
        let second = try await Self.read(out, until: "(build 2)")
        #expect(second.contains("(build 2)"), "\(second)")
        kill(process.processIdentifier, SIGTERM)
        let errors = try await offThread { () -> String in
            String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        #expect(errors.components(separatedBy: "business days are counted here").count - 1 == 1, "\(errors)")
        #expect(errors.contains("Content/guides/days.md:4:"), "\(errors)")
    }

    @Test func aBadPortIsAUsageError() async throws {
        let site = try FixtureSite()
        let executable = try #require(Self.executable, "build the sitegen product first")
        let status = try await offThread { () -> Int32 in
            let process = Process()
            process.executableURL = executable
            process.arguments = ["serve", "--root", site.root.path, "--port", "70000"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(status == 2)
    }
}

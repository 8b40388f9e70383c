import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The `sitegen` executable as a user runs it: exit codes 0, 1 and 2 (README.md, "Commands") and output.
@Suite struct CommandLineTests {
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

    /// The binary, or a failure saying to build it.
    static func binary() throws -> URL {
        let found: URL = try #require(executable, "build the sitegen product first")
        return found
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String], in folder: URL) throws -> Run {
        let executable: URL = try #require(Self.executable, "build the sitegen product first")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes are read at once, and before waiting: read one after the other, a child
        // that fills the second (a sanitizer's report) while the first is read stalls for good.
        nonisolated(unsafe) var errData = Data()
        let errRead = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            errRead.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errRead.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test func buildSucceedsWithASummaryLine() throws {
        let site = try FixtureSite("basic")
        let result = try run(["build", "--root", site.root.path, "--jobs", "2"], in: site.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("built 2 guides, 0 scenarios, "))
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("index.html").path))
    }

    @Test func contentErrorsExitOneWithACaretExcerpt() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/site.yml", "title: テスト\ntime_zone: 東京\n")
        let result = try run(["build"], in: site.root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("""
            Content/site.yml:2:12: error: '東京' is not a known time zone (for example Asia/Tokyo)
                2 | time_zone: 東京
                  |            ^^^^
            """))
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    @Test func usageErrorsExitTwo() throws {
        let site = try FixtureSite("basic")
        #expect(try run(["build", "--as-of", "2026-02-30x"], in: site.root).status == 2)
        // A day the month does not have is a usage error too, and says so.
        let noSuchDay = try run(["build", "--as-of", "2026-02-30"], in: site.root)
        #expect(noSuchDay.status == 2)
        #expect(noSuchDay.stderr.contains("'2026-02-30' does not exist: February 2026 has 28 days"))
        #expect(try run(["check", "--as-of", "2026-06-31"], in: site.root).status == 2)
        #expect(try run(["build", "--as-of", "2028-02-29", "--output", "Out2"], in: site.root).status == 0)
        #expect(try run(["build", "--jobs", "0"], in: site.root).status == 2)
        #expect(try run(["frobnicate"], in: site.root).status == 2)
        #expect(try run(["--help"], in: site.root).status == 0)
    }

    /// A port another program holds: the error says so and what to do, and serve exits 1.
    @Test func serveOnAPortInUseSaysSo() throws {
        let site = try FixtureSite("basic")
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket >= 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0 && listen(socket, 1) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let served = try run(["serve", "--port", String(port)], in: site.root)
        #expect(served.status == 1)
        #expect(
            served.stderr.contains("error: cannot serve on 127.0.0.1:\(port): the port is in use, perhaps by another sitegen serve; stop it, or choose another port with --port (--port 0 takes any free one)"),
            "\(served.stderr)")
    }

    @Test func versionAndCompletionScripts() throws {
        let site = try FixtureSite("basic")
        let version = try run(["--version"], in: site.root)
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil, "\(version.stdout)")
        for shell in ["bash", "zsh", "fish"] {
            let script = try run(["--generate-completion-script", shell], in: site.root)
            #expect(script.status == 0, "\(shell): \(script.stderr)")
            #expect(script.stdout.contains("sitegen") && script.stdout.contains("build") && script.stdout.contains("serve"), "\(shell)")
        }
    }

    /// An output inside the sources would be read back as content by the next build (each build
    /// copying the last into itself) or would replace the sources; it is refused before anything
    /// is read or written.
    @Test func anOutputInsideTheSourcesIsAUsageError() throws {
        let site = try FixtureSite("basic")
        for output in ["Content/assets/site", "Content", "Templates/out", ".", "..", "Content/../Content/x"] {
            let result = try run(["build", "--output", output], in: site.root)
            #expect(result.status == 2, "\(output): \(result.stderr)")
            #expect(result.stderr.contains("--output"), "\(output): \(result.stderr)")
            #expect(result.stderr.contains("inside the site's sources") || result.stderr.contains("holds the site"), "\(output): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("Content/assets/site").path))
        // Through a link to a folder of the sources, too.
        try FileManager.default.createSymbolicLink(
            at: site.root.appendingPathComponent("linked"), withDestinationURL: site.root.appendingPathComponent("Content/assets"))
        #expect(try run(["build", "--output", "linked/site"], in: site.root).status == 2)
        // Beside the sources is fine.
        #expect(try run(["build", "--output", "Public"], in: site.root).status == 0)
    }

    @Test func renderReadsStandardInputAndFacts() throws {
        let site = try FixtureSite("rules")
        let input = site.root.appendingPathComponent("snippet.md")
        try Data("期限は{{ complete_by }}。\n".utf8).write(to: input)
        let result = try run(["render", "snippet.md", "--fact", "expiry=2026-03-10"], in: site.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "<p>期限は<time datetime=\"2026-02-10\">2026年2月10日(火)</time>。</p>\n")
        #expect(try run(["render", "snippet.md", "--fact", "expiry=someday"], in: site.root).status == 1)
    }

    @Test func renderLeavesAGuidesFrontMatterOut() throws {
        let site = try FixtureSite("rules")
        try site.write("guide.md", "---\ntitle: 手順\norder: 1\n---\n期限は{{ complete_by }}。\n\n{{ nothing }}\n")
        let result = try run(["render", "guide.md", "--fact", "expiry=2026-03-10"], in: site.root)
        // Front matter is page data: it neither renders (as a rule and a heading) nor shifts
        // the lines problems are reported at.
        #expect(result.status == 1)
        #expect(result.stderr.contains("guide.md:7:4: error:"), "\(result.stderr)")
        try site.write("guide.md", "---\ntitle: 手順\norder: 1\n---\n期限は{{ complete_by }}。\n")
        let good = try run(["render", "guide.md", "--fact", "expiry=2026-03-10"], in: site.root)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout == "<p>期限は<time datetime=\"2026-02-10\">2026年2月10日(火)</time>。</p>\n")
        // Without front matter a leading rule is Markdown, as always.
        try site.write("rule.md", "---\n\n本文\n")
        #expect(try run(["render", "rule.md"], in: site.root).stdout == "<hr />\n<p>本文</p>\n")
    }

    @Test func renderScenarioRendersThatPagesBodyWithItsFacts() throws {
        let site = try SiteCheckTests.makeSite()
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n{% if cloud %}\nクラウド\n{% else %}\n通常\n{% endif %}\n期限は{{ complete_by }}。\n")
        try site.write("Content/scenarios/g.yml", """
            guide: g
            scenarios:
              - id: one
                facts: {cloud: true, expiry: 2026-03-10, service: web}
              - id: two
                facts: {cloud: false, expiry: 2026-05-31, service: web}

            """)
        // The kept branch joins the next line's paragraph, as on the page (no space between
        // Japanese lines).
        let one = try run(["render", "--scenario", "g/one", "--as-of", "2026-01-15"], in: site.root)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == "<p>クラウド期限は<time datetime=\"2026-02-10\">2026年2月10日(火)</time>。</p>\n")
        // Month arithmetic keeps to the month's end: May 31 less a month is April 30.
        let two = try run(["render", "--scenario", "g/two"], in: site.root)
        #expect(two.stdout == "<p>通常期限は<time datetime=\"2026-04-30\">2026年4月30日(木)</time>。</p>\n")
        // A draft of the guide, rendered with the scenario's facts.
        try site.write("draft.md", "---\ntitle: 下書き\n---\n{% if cloud %}雲{% else %}地{% endif %}\n")
        let draft = try run(["render", "draft.md", "--scenario", "g/two"], in: site.root)
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout == "<p>地</p>\n")
        // Unknown guides and scenarios name the known ones; malformed or mixed options are usage errors.
        let unknown = try run(["render", "--scenario", "g/three"], in: site.root)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("guide 'g' has no scenario 'three' (scenarios: one, two)"), "\(unknown.stderr)")
        #expect(try run(["render", "--scenario", "h/one"], in: site.root).stderr.contains("no guide 'h'"))
        #expect(try run(["render", "--scenario", "g"], in: site.root).status == 2)
        #expect(try run(["render", "--scenario", "g/one", "--fact", "cloud=false"], in: site.root).status == 2)
        #expect(try run(["render"], in: site.root).status == 2)
    }

    @Test func checkCoverageSaysOneBranchAndOneScenario() throws {
        let site = try SiteCheckTests.makeSite()
        try site.write("Content/guides/g.md", "---\ntitle: A\n---\n{% if cloud %}\nクラウド\n{% endif %}\n")
        try site.write("Content/scenarios/g.yml", "guide: g\nscenarios:\n  - id: one\n    facts: {cloud: true}\n")
        let result = try run(["check", "--as-of", "2026-01-15"], in: site.root)
        #expect(result.stdout.contains("coverage of g: 1 branch, 1 scenario;"), "\(result.stdout)\(result.stderr)")
    }

    @Test func checkExitCodesAndJSON() throws {
        let site = try SiteCheckTests.makeSite()
        let text = try run(["check", "--as-of", "2026-01-15"], in: site.root)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stderr.contains("Content/guides/g.md:4:1: warning: no scenario takes this branch"))
        #expect(text.stdout.contains("coverage of g: 3 branches, 3 scenarios; 1 taken by none"))
        #expect(try run(["check", "--strict", "--as-of", "2026-01-15"], in: site.root).status == 1)
        // A misspelt id would exempt nothing: a usage error naming the id meant.
        let misspelt = try run(["check", "--strict", "--allow", "check.branch-nevr-taken", "--as-of", "2026-01-15"], in: site.root)
        #expect(misspelt.status == 2)
        #expect(misspelt.stderr.contains("'check.branch-nevr-taken' is not the id of a warning; did you mean 'check.branch-never-taken'?"), "\(misspelt.stderr)")
        let json = try run(["check", "--format", "json", "--as-of", "2026-01-15"], in: site.root)
        #expect(json.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == document["warnings"] as? Int)
        let dead = try #require(diagnostics.first { $0["id"] as? String == "check.branch-never-taken" })
        #expect(dead["file"] as? String == "Content/guides/g.md" && dead["line"] as? Int == 4 && dead["column"] as? Int == 1)
        #expect((document["coverage"] as? [[String: Any]])?.first?["guide"] as? String == "g")
    }
}

import Foundation
import Testing

@testable import SitegenKit

/// `sitegen init` and `sitegen new guide` (README.md, "Start a new site").
@Suite struct ScaffoldTests {
    func options(_ root: URL, includesDrafts: Bool = false) -> BuildOptions {
        var options = BuildOptions(root: root, jobs: 2, asOf: "2026-03-01")
        options.includesDrafts = includesDrafts
        return options
    }

    func build(_ root: URL, includesDrafts: Bool = false) -> (BuildResult, [String: Data]) {
        let output = MemoryOutput()
        let result = Builder.build(options(root, includesDrafts: includesDrafts), into: output)
        return (result, output.files)
    }

    @Test func aNewSiteBuildsAndPassesAStrictCheckWithNothingToSay() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("help")
        let written = try SiteScaffold.initSite(at: root)
        #expect(written.contains("Content/site.yml") && written.contains("Content/glossary.yml"))
        #expect(written.contains("schemas/rules.schema.json"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Templates").path))
        let check = SiteCheck.run(options(root))
        #expect(check.diagnostics.isEmpty, "\(check.diagnostics)")
        #expect(!check.failed(strict: true, allowing: []))
        // The example shows a branch that each of its two scenarios takes.
        #expect(check.coverage.first?.branches.count == 2)
        let (result, files) = build(root)
        #expect(result.succeeded && result.diagnostics.isEmpty, "\(result.diagnostics)")
        for path in [
            "index.html", "guides/example/index.html", "guides/example/online/index.html", "guides/example/by-mail/index.html",
            "glossary/index.html", "assets/style.css",
        ] {
            #expect(files[path] != nil, "\(path)")
        }
        let online = String(decoding: files["guides/example/online/index.html"] ?? Data(), as: UTF8.self)
        // The date rule, computed; the step reference, numbered; the glossary term, linked.
        #expect(online.contains("<time datetime=\"2026-04-15\""))
        #expect(online.contains("<a class=\"step-ref\" href=\"#step-prepare\">1</a>"))
        #expect(online.contains("class=\"term\""))
    }

    /// A new site's version control leaves out what builds make beside the sources: the
    /// output, the spare of the output before it, the lock and staging folders, and Pagefind.
    /// A `.gitignore` the folder has already is kept, and is no reason to refuse.
    @Test func aNewSiteIgnoresWhatBuildsMake() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("help")
        let written = try SiteScaffold.initSite(at: root)
        #expect(written.contains(".gitignore"))
        let patterns = try String(contentsOf: root.appendingPathComponent(".gitignore"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
            .map { String($0.dropFirst().trimmingCharacters(in: CharacterSet(charactersIn: "/"))) }
        // Two builds leave the output and the spare beside each other; a third is running.
        let output = root.appendingPathComponent("Output")
        var build = BuildOptions(root: root)
        build.keepsSpareOutput = true
        for _ in 0..<2 { #expect(Builder.build(build, toFolder: output).succeeded) }
        let lock = try OutputLock(for: output)
        let besideSources = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0 != "Content" && $0 != "schemas" && $0 != ".gitignore" }
        #expect(besideSources.sorted() == [".Output.sitegen-lock", ".Output.sitegen-spare", "Output"], "\(besideSources)")
        withExtendedLifetime(lock) {}
        let staging = StagedDiskOutput.newStagingName(for: output).lastPathComponent
        for name in besideSources + [staging, ".venv-search"] {
            #expect(patterns.contains { fnmatch($0, name, 0) == 0 }, "\(name) is not ignored by \(patterns)")
        }
        // Sources are not ignored.
        for name in ["Content", "schemas", "Templates"] {
            #expect(!patterns.contains { fnmatch($0, name, 0) == 0 }, "\(name)")
        }

        let repository = folder.url.appendingPathComponent("repository")
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        try Data("*.log\n".utf8).write(to: repository.appendingPathComponent(".gitignore"))
        let intoRepository = try SiteScaffold.initSite(at: repository)
        #expect(!intoRepository.contains(".gitignore"))
        #expect(try Data(contentsOf: repository.appendingPathComponent(".gitignore")) == Data("*.log\n".utf8))
    }

    /// The new site's site.yml names the line to uncomment once a rule counts business days,
    /// and `check` says so until it is.
    @Test func theCalendarLineOfANewSiteTurnsJapaneseHolidaysOn() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("help")
        _ = try SiteScaffold.initSite(at: root)
        let rulesURL = root.appendingPathComponent("Content/rules/example.yml")
        let rules = try String(contentsOf: rulesURL, encoding: .utf8)
        #expect(rules.contains("sample_deadline: sample_start + 14 days"))
        try Data(rules.replacingOccurrences(of: "sample_start + 14 days", with: "sample_start + 10 business days").utf8).write(to: rulesURL)
        #expect(SiteCheck.run(options(root)).diagnostics.map(\.id) == ["check.no-calendar"])
        let siteURL = root.appendingPathComponent("Content/site.yml")
        let siteFile = try String(contentsOf: siteURL, encoding: .utf8)
        #expect(siteFile.contains("\n# calendar: jp\n"))
        try Data(siteFile.replacingOccurrences(of: "\n# calendar: jp\n", with: "\ncalendar: jp\n").utf8).write(to: siteURL)
        #expect(SiteCheck.run(options(root)).diagnostics.isEmpty)
    }

    /// Each YAML file names its schema by a path that leads to the schema `init` wrote.
    @Test func theModelinesLeadToTheSchemasWritten() throws {
        let folder = try TemporaryFolder()
        let written = try SiteScaffold.initSite(at: folder.url)
        let yamlFiles = written.filter { $0.hasSuffix(".yml") }
        #expect(yamlFiles.count == 4)
        for path in yamlFiles {
            let text = try String(contentsOf: folder.url.appendingPathComponent(path), encoding: .utf8)
            let prefix = "# yaml-language-server: $schema="
            let firstLine = String(text.prefix { $0 != "\n" })
            #expect(firstLine.hasPrefix(prefix), "\(path)")
            let schema = folder.url.appendingPathComponent(path).deletingLastPathComponent()
                .appendingPathComponent(String(firstLine.dropFirst(prefix.count))).standardizedFileURL
            #expect(try Data(contentsOf: schema) == BuiltInFiles.schemas.first { $0.path == schema.lastPathComponent }?.data, "\(path)")
        }
    }

    @Test func initRefusesToOverwriteAnythingAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("Content"), withIntermediateDirectories: true)
        try Data("# mine\n".utf8).write(to: folder.url.appendingPathComponent("Content/glossary.yml"))
        try Data("{}".utf8).write(to: folder.url.appendingPathComponent("notes.json"))
        #expect(throws: ScaffoldError.wouldOverwrite(["Content/glossary.yml"])) { try SiteScaffold.initSite(at: folder.url) }
        #expect(try FixtureSite.files(in: folder.url) == ["Content/glossary.yml": Data("# mine\n".utf8), "notes.json": Data("{}".utf8)])
        // Every file that is in the way is named, not only the first.
        _ = try SiteScaffold.initSite(at: folder.url.appendingPathComponent("b"))
        do {
            _ = try SiteScaffold.initSite(at: folder.url.appendingPathComponent("b"), copyTemplates: true)
            Issue.record("a second init wrote over the first")
        } catch {
            guard case .wouldOverwrite(let paths) = error else { throw error }
            #expect(paths.count == 10 && paths.contains("Content/site.yml") && paths.contains("schemas/site.schema.json"))
            #expect(error.description.contains("nothing was written"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("b/Templates").path))
    }

    @Test func initWithTemplatesWritesTheDefaultsAndBuildsTheSame() throws {
        let folder = try TemporaryFolder()
        let plain = folder.url.appendingPathComponent("plain")
        let own = folder.url.appendingPathComponent("own")
        _ = try SiteScaffold.initSite(at: plain)
        let written = try SiteScaffold.initSite(at: own, copyTemplates: true)
        #expect(written.contains("Templates/layout.mustache") && written.contains("Templates/assets/style.css"))
        let templates = try FixtureSite.files(in: own.appendingPathComponent("Templates"))
        #expect(templates == Dictionary(uniqueKeysWithValues: BuiltInFiles.templates.map { ($0.path, $0.data) }))
        let (plainResult, plainFiles) = build(plain)
        let (ownResult, ownFiles) = build(own)
        #expect(plainResult.succeeded && ownResult.succeeded && ownResult.diagnostics.isEmpty)
        #expect(plainFiles == ownFiles)
    }

    @Test func aNewGuideBuildsAndChecksCleanInANewSite() throws {
        let folder = try TemporaryFolder()
        _ = try SiteScaffold.initSite(at: folder.url)
        let written = try SiteScaffold.newGuide("billing-change", root: folder.url)
        #expect(written == ["Content/guides/billing-change.md", "Content/scenarios/billing-change.yml"])
        let scenarios = try String(contentsOf: folder.url.appendingPathComponent(written[1]), encoding: .utf8)
        #expect(scenarios.hasPrefix("# yaml-language-server: $schema=../../schemas/scenarios.schema.json\n"))
        let check = SiteCheck.run(options(folder.url))
        #expect(check.diagnostics.isEmpty, "\(check.diagnostics)")
        // It is a draft: out of a build, in a build with drafts.
        let (result, files) = build(folder.url)
        #expect(result.succeeded && result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(files["guides/billing-change/index.html"] == nil)
        let (draftsResult, draftFiles) = build(folder.url, includesDrafts: true)
        #expect(draftsResult.succeeded && draftsResult.diagnostics.isEmpty, "\(draftsResult.diagnostics)")
        #expect(draftFiles["guides/billing-change/default/index.html"] != nil)
    }

    @Test func aNewGuideNeedsAValidNameAndASiteAndOverwritesNothing() throws {
        let folder = try TemporaryFolder()
        #expect(throws: ScaffoldError.noSite(folder.url.path)) { try SiteScaffold.newGuide("a", root: folder.url) }
        _ = try SiteScaffold.initSite(at: folder.url)
        for name in ["Billing", "-billing", "billing_change", "", "../x", "請求", "a/b"] {
            #expect(throws: ScaffoldError.invalidGuideName(name)) { try SiteScaffold.newGuide(name, root: folder.url) }
        }
        #expect(ScaffoldError.invalidGuideName("Billing_Change").description.contains("such as 'billing-change'"))
        // The guide exists: neither file is written, and the error names those in the way.
        let before = try FixtureSite.files(in: folder.url)
        #expect(throws: ScaffoldError.wouldOverwrite(["Content/guides/example.md", "Content/scenarios/example.yml"])) {
            try SiteScaffold.newGuide("example", root: folder.url)
        }
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("Content/scenarios/example.yml"))
        #expect(throws: ScaffoldError.wouldOverwrite(["Content/guides/example.md"])) {
            try SiteScaffold.newGuide("example", root: folder.url)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("Content/scenarios/example.yml").path))
        #expect(try FixtureSite.files(in: folder.url).count == before.count - 1)
    }
}

import Foundation
import Testing

@testable import SitegenKit

/// `draft: true` in a guide's front matter (README.md, "Guides").
@Suite struct DraftTests {
    /// The basic fixture with the default templates and a third guide, a draft with a scenario.
    func siteWithADraft(_ frontMatter: String = "draft: true") throws -> FixtureSite {
        let site = try FixtureSite("basic")
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Templates"))
        try site.write("Content/guides/third.md", "---\ntitle: 書きかけ\norder: 1\n\(frontMatter)\n---\n本文\n")
        try site.write("Content/scenarios/third.yml", "guide: third\nscenarios:\n  - id: only\n    title: 唯一\n    facts: {}\n")
        return site
    }

    func build(_ site: FixtureSite, includesDrafts: Bool) -> (BuildResult, [String: String]) {
        var options = BuildOptions(root: site.root, jobs: 2, asOf: "2026-02-20")
        options.includesDrafts = includesDrafts
        let output = MemoryOutput()
        let result = Builder.build(options, into: output)
        return (result, output.files.mapValues { String(decoding: $0, as: UTF8.self) })
    }

    @Test func aDraftIsLeftOutOfABuildAndEveryListUnlessDraftsAreAsked() throws {
        let site = try siteWithADraft()
        let (result, files) = build(site, includesDrafts: false)
        #expect(result.succeeded && result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.guideCount == 2 && result.scenarioCount == 0)
        #expect(!files.keys.contains { $0.hasPrefix("guides/third") })
        #expect(files["index.html"]?.contains("書きかけ") == false)
        #expect(files["index.html"]?.contains("最初の手順") == true)
        #expect(files["sitemap.xml"]?.contains("third") == false)
        #expect(!files.values.contains { $0.contains("draft-banner") })

        let (withDrafts, draftFiles) = build(site, includesDrafts: true)
        #expect(withDrafts.succeeded && withDrafts.guideCount == 3 && withDrafts.scenarioCount == 1)
        #expect(draftFiles["index.html"]?.contains("書きかけ") == true)
        // Each of the draft's pages says it is a draft; no other page does.
        for (path, html) in draftFiles where path.hasSuffix(".html") {
            #expect(html.contains("class=\"draft-banner") == path.hasPrefix("guides/third/"), "\(path)")
        }
        #expect(draftFiles["guides/third/only/index.html"]?.contains("下書き") == true)
    }

    @Test func checkChecksADraftLikeAnyGuide() throws {
        let site = try siteWithADraft()
        try site.write("Content/guides/third.md", "---\ntitle: 書きかけ\ndraft: true\n---\n[行き先](missing.html)\n")
        let check = SiteCheck.run(BuildOptions(root: site.root, jobs: 2, asOf: "2026-02-20"))
        #expect(check.diagnostics.contains { $0.id == "check.dead-link" && $0.file == "Content/guides/third.md" }, "\(check.diagnostics)")
        try site.write("Content/guides/third.md", "---\ntitle: 書きかけ\ndraft: true\n---\n{{ no_such_rule }}\n")
        let broken = SiteCheck.run(BuildOptions(root: site.root, jobs: 2, asOf: "2026-02-20"))
        #expect(broken.diagnostics.contains { $0.severity == .error && $0.file == "Content/guides/third.md" }, "\(broken.diagnostics)")
    }

    /// A published guide that links to a draft's pages passes as far as the pages check builds
    /// go, but the draft is not on the published site: check warns at the link.
    @Test func checkWarnsOfALinkFromAPublishedGuideToADraftAtTheLink() throws {
        let site = try siteWithADraft()
        try site.write("Content/guides/second.md", "---\ntitle: 二番目\norder: 1\n---\n下書きの[案内](../third/)\n[書きかけへ](../third/only/)\n")
        // Links between drafts, and from a draft to a published guide, are fine.
        try site.write("Content/guides/fourth.md", "---\ntitle: 四番目\ndraft: true\n---\n[別の下書き](../third/)と[公開](../second/)\n")
        let check = SiteCheck.run(BuildOptions(root: site.root, jobs: 2, asOf: "2026-02-20"))
        let warnings = check.diagnostics.filter { $0.id == "check.link-to-draft" }
        #expect(warnings.count == 2, "\(check.diagnostics)")
        #expect(warnings.allSatisfy { $0.severity == .warning && $0.file == "Content/guides/second.md" }, "\(warnings)")
        #expect(warnings.contains { $0.range?.start.line == 5 && $0.range?.start.column == 10 && $0.message.contains("'../third/'") })
        #expect(warnings.contains { $0.range?.start.line == 6 && $0.range?.start.column == 9 && $0.message.contains("'../third/only/'") })
        #expect(warnings.allSatisfy { $0.message.contains("guide 'third', a draft") })
        // Neither is also a dead link; the index, which lists the drafts only in check, adds none.
        #expect(!check.diagnostics.contains { $0.id == "check.dead-link" }, "\(check.diagnostics)")

        // The warning is right: the published build has no such pages, and its index lists no draft.
        let (published, files) = build(site, includesDrafts: false)
        #expect(published.succeeded)
        #expect(DeadLinksCheck.problem(with: "../third/", from: "guides/second/index.html", pages: files) != nil)
        #expect(DeadLinksCheck.problem(with: "../third/only/", from: "guides/second/index.html", pages: files) != nil)
        #expect(files["index.html"]?.contains("third") == false && files["index.html"]?.contains("fourth") == false)

        // Once the guide is published, the link is fine.
        try site.write("Content/guides/third.md", "---\ntitle: 書きかけ\n---\n本文\n")
        let after = SiteCheck.run(BuildOptions(root: site.root, jobs: 2, asOf: "2026-02-20"))
        #expect(!after.diagnostics.contains { $0.id == "check.link-to-draft" && $0.file == "Content/guides/second.md" }, "\(after.diagnostics)")
    }

    @Test func draftMustBeAYAMLBooleanAndSaysWhereItIsNot() throws {
        for value in ["\"true\"", "'false'", "yes-please", "yes", "1", "[true]"] {
            let site = try siteWithADraft("draft: \(value)")
            let (result, _) = build(site, includesDrafts: false)
            #expect(!result.succeeded, "\(value)")
            let problem = try #require(result.diagnostics.first { $0.file == "Content/guides/third.md" }, "\(value)")
            #expect(problem.severity == .error && problem.range?.start.line == 4, "\(value): \(problem)")
            #expect(problem.message.contains("'draft' must be true or false"), "\(value): \(problem.message)")
        }
        let published = try siteWithADraft("draft: false")
        let (result, files) = build(published, includesDrafts: false)
        #expect(result.succeeded && files["guides/third/index.html"] != nil)
    }
}

import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// Headings carry ids made from their text, so writers and readers can link to a section, and
/// `check` holds `#anchor` links to them.
@Suite struct HeadingAnchorTests {
    @Test func linksToHeadingsLiveAndDeadOnesAtTheirLine() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/guides/h.md", """
            ---
            title: 見出しのあるガイド
            ---
            [手順へ](#手順) と [ない節へ](#ない節)

            ## 手順

            本文。

            ## 手順
            """)
        let output = MemoryOutput()
        let build = withExtendedLifetime(site) { Builder.build(BuildOptions(root: site.root, asOf: "2026-01-15"), into: output) }
        #expect(!build.diagnostics.contains { $0.severity == .error }, "\(build.diagnostics)")
        let page = String(decoding: try #require(output.files["guides/h/index.html"]), as: UTF8.self)
        #expect(page.contains("<span class=\"heading-id\" id=\"手順\"></span>手順"))
        #expect(page.contains("id=\"手順-2\""))
        let result = withExtendedLifetime(site) { SiteCheck.run(BuildOptions(root: site.root, asOf: "2026-01-15")) }
        let dead = result.diagnostics.filter { $0.id == "check.dead-link" && $0.range?.start.file == "Content/guides/h.md" }
        #expect(dead.count == 1, "\(result.diagnostics)")
        #expect(dead.first?.message.contains("#ない節") == true)
        #expect(dead.first?.range?.start == SourceLocation(file: "Content/guides/h.md", line: 4, column: 21))
    }

    /// The `#` link beside a heading is named in the site's language.
    @Test func theAnchorLinkIsNamedInTheSitesLanguage() throws {
        let languages = [
            ("ja", "この見出しへのリンク"), ("en", "Link to this section"), ("ja-JP", "この見出しへのリンク"), ("en-US", "Link to this section"),
        ]
        for (language, label) in languages {
            let site = try FixtureSite("basic")
            try site.write("Content/site.yml", "title: Help\nbase_url: https://help.example.jp/test\nlanguage: \(language)\n")
            try site.write("Content/guides/h.md", "---\ntitle: Headings\n---\n## Steps\n\nText.\n")
            let output = MemoryOutput()
            let build = withExtendedLifetime(site) { Builder.build(BuildOptions(root: site.root, asOf: "2026-01-15"), into: output) }
            #expect(!build.diagnostics.contains { $0.severity == .error }, "\(build.diagnostics)")
            let page = String(decoding: try #require(output.files["guides/h/index.html"]), as: UTF8.self)
            #expect(page.contains("<a class=\"heading-anchor\" href=\"#steps\" aria-label=\"\(label)\" data-pagefind-ignore>#</a>"))
        }
    }
}

import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// sitegen marks stamps and its own markup with private-use characters while it renders; the
/// same characters written by an author (in a glossary definition, a title) must never pose as
/// them (issue 21, B8): they become U+FFFD wherever text enters.
@Suite struct PlaceholderForgeryTests {
    @Test func glossaryAndTitlesCannotForgeMarkup() throws {
        let site = try FixtureSite("basic")
        // The repository's own templates: they draw the glossary's tooltips and page.
        let templates = site.root.appendingPathComponent("Templates")
        try FileManager.default.removeItem(at: templates)
        try FileManager.default.copyItem(at: SampleContentTests.root.appendingPathComponent("Templates"), to: templates)
        try site.write("Content/site.yml", "title: t\nsearch: false\n")
        try site.write("Content/glossary.yml", "鍵:\n  definition: \"鍵\\uE002\\uE010\\uE003です。\"\n")
        try site.write("Content/guides/p.md", "---\ntitle: \"題\\uE000\\uE010\\uE001名\"\ndescription: \"説明\\uE002\\uE010\\uE003\"\n---\n鍵を使います。\n")
        let output = MemoryOutput()
        let result = withExtendedLifetime(site) { Builder.build(BuildOptions(root: site.root, asOf: "2026-01-15"), into: output) }
        #expect(!result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics)")
        for (path, data) in output.files where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            #expect(!html.unicodeScalars.contains { (0xE000...0xE019).contains($0.value) }, "\(path) keeps a placeholder character")
        }
        let page = String(decoding: try #require(output.files["guides/p/index.html"]), as: UTF8.self)
        #expect(!page.contains("鍵<time") && !page.contains("説明<time"), "a forged token became markup")
        #expect(page.contains("鍵\u{FFFD}\u{FFFD}\u{FFFD}です。"))
        #expect(page.contains("<title>題\u{FFFD}\u{FFFD}\u{FFFD}名"))
    }
}

import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// The search index step of `build(_:toFolder:)`, with stand-in Pagefind scripts: search is
/// never a condition for a site, and the index is made in the staging folder.
@Suite struct SearchIndexTests {
    /// An executable shell script under the site's root that stands in for Pagefind.
    func fakePagefind(_ site: FixtureSite, _ body: String) throws -> String {
        let path = site.root.appendingPathComponent("fake-pagefind").path
        try site.write("fake-pagefind", "#!/bin/sh\n\(body)\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    func build(_ site: FixtureSite, search: SearchOptions?) -> BuildResult {
        var options = BuildOptions(root: site.root, jobs: 2)
        options.search = search
        return Builder.build(options, toFolder: site.output)
    }

    @Test func missingPagefindIsAWarningAndASiteWithoutSearch() throws {
        let site = try FixtureSite("basic")
        let result = build(site, search: SearchOptions(pagefind: nil, environment: ["PATH": ""]))
        #expect(result.succeeded)
        #expect(!result.searchIndexed)
        #expect(result.diagnostics.map(\.id) == ["search.pagefind-missing"])
        #expect(result.diagnostics.first?.severity == .warning)
        // The fix is a command for this site's own folder, not only for sitegen's sample site.
        #expect(result.diagnostics.first?.message.contains("`scripts/search-setup \(site.root.path)`") == true, "\(result.diagnostics)")
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("index.html").path))
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("pagefind").path))
    }

    @Test func pagefindRunsInTheStagingFolderBeforeTheSwap() throws {
        let site = try FixtureSite("basic")
        // The stand-in records where it ran and whether the pages were there, then writes an index.
        let script = try fakePagefind(site, """
            [ "$1" = --site ] || exit 3
            [ -f "$2/index.html" ] || exit 4
            mkdir -p "$2/pagefind" && echo "// index of $2" > "$2/pagefind/pagefind.js"
            """)
        let result = build(site, search: SearchOptions(pagefind: script, environment: [:]))
        #expect(result.succeeded && result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.searchIndexed)
        let index = try String(contentsOf: site.output.appendingPathComponent("pagefind/pagefind.js"), encoding: .utf8)
        #expect(index.contains(".Output.sitegen-new-"), "indexed \(index), not the staging folder")
    }

    @Test func SITEGEN_PAGEFINDIsUsedWhenNoOptionNamesOne() throws {
        let site = try FixtureSite("basic")
        let script = try fakePagefind(site, "mkdir -p \"$2/pagefind\" && : > \"$2/pagefind/pagefind.js\"")
        let result = build(site, search: SearchOptions(environment: ["SITEGEN_PAGEFIND": script, "PATH": ""]))
        #expect(result.searchIndexed, "\(result.diagnostics)")
    }

    @Test func aFailingPagefindLeavesNoHalfIndex() throws {
        let site = try FixtureSite("basic")
        let script = try fakePagefind(site, "mkdir -p \"$2/pagefind/index\"; echo 'Error: out of cheese' >&2; exit 1")
        let result = build(site, search: SearchOptions(pagefind: script, environment: [:]))
        #expect(result.succeeded)
        #expect(result.diagnostics.map(\.id) == ["search.index-failed"])
        #expect(result.diagnostics.first?.message.contains("out of cheese") == true)
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("pagefind").path))
    }

    @Test func searchFalseInSiteYmlSkipsTheIndexWithoutAWarning() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/site.yml", "title: テストサイト\nbase_url: https://help.example.jp/test\nsearch: false\n")
        let script = try fakePagefind(site, "exit 1")
        let result = build(site, search: SearchOptions(pagefind: script, environment: [:]))
        #expect(result.succeeded && result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(!result.searchIndexed)
    }

    @Test func searchMustBeTrueOrFalse() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/site.yml", "title: テストサイト\nsearch: maybe\n")
        let result = build(site, search: nil)
        #expect(result.diagnostics.contains { $0.id == "site.invalid" && $0.message == "search must be true or false" })
    }

    /// With `search: false` the default templates draw no search box and load no search script.
    @Test func searchFalseLeavesTheBoxOut() throws {
        let site = try CaseCoverageTests.transferSite()
        let (on, onFiles) = ApplicabilityTests.build(site)
        #expect(!on.diagnostics.containsErrors)
        #expect(onFiles["index.html"]?.contains("id=\"site-search\"") == true)
        let path = site.root.appendingPathComponent("Content/site.yml")
        try Data((try String(contentsOf: path, encoding: .utf8) + "search: false\n").utf8).write(to: path)
        let (off, offFiles) = ApplicabilityTests.build(site)
        #expect(!off.diagnostics.containsErrors)
        let index = try #require(offFiles["index.html"])
        #expect(!index.contains("site-search") && !index.contains("search.js"))
    }

    /// Glossary terms in a guide's text weigh more in the index than the text around them.
    @Test func glossaryTermsInGuidesWeighMore() throws {
        let page = try #require(SampleContentTests.build.files["guides/move-certificate-to-new-server/vps-to-vps/index.html"])
        #expect(page.contains("<a class=\"term\"") && page.contains("data-pagefind-weight=\"3\">"))
    }
}

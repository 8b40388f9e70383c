import Foundation
import Testing

@testable import SitegenKit

/// A rebuild after a change renders only the pages that depend on it, and its bytes are
/// exactly those of a clean build.
@Suite struct IncrementalBuilderTests {
    func clean(_ site: FixtureSite) -> [String: Data] {
        let output = MemoryOutput()
        #expect(Builder.build(BuildOptions(root: site.root, jobs: 1, asOf: "2026-02-20"), into: output).succeeded)
        return output.files
    }

    @Test func rebuildsOnlyWhatAChangeTouchesAndMatchesACleanBuild() throws {
        let site = try ScenarioSiteTests().makeSite()
        try site.write("Content/guides/other.md", "---\ntitle: 別\n---\n{% include \"note\" %}\n")
        try site.write("Content/scenarios/other.yml", "guide: other\nscenarios:\n  - id: x\n    facts: {expiry: 2026-04-01}\n")
        let builder = IncrementalBuilder(options: BuildOptions(root: site.root, jobs: 2, asOf: "2026-02-20"))
        let first = builder.rebuild()
        #expect(first.succeeded, "\(first.diagnostics)")
        #expect(builder.files == clean(site))

        // Nothing changed: nothing is rendered.
        let idle = builder.rebuild()
        #expect(idle.renderedPages.isEmpty && !idle.changed)

        // A guide: its own pages and the index.
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n書き換えた本文\n")
        let guideEdit = builder.rebuild()
        #expect(Set(guideEdit.renderedPages) == ["index.html", "guides/g/index.html", "guides/g/given/index.html", "guides/g/from-today/index.html"])
        #expect(builder.files == clean(site))

        // A partial: only the guides that include it.
        try site.write("Content/partials/note.md", "新しい注意\n")
        let partialEdit = builder.rebuild()
        #expect(Set(partialEdit.renderedPages) == ["guides/other/index.html", "guides/other/x/index.html"])
        #expect(builder.files == clean(site))

        // A scenario file: that guide's pages; a removed scenario's page goes away.
        try site.write("Content/scenarios/g.yml", "guide: g\nscenarios:\n  - id: given\n    facts: {service: web, expiry: 2026-03-10, action_date: 2026-01-05}\n")
        let scenarioEdit = builder.rebuild()
        #expect(Set(scenarioEdit.renderedPages) == ["guides/g/index.html", "guides/g/given/index.html"])
        #expect(builder.files["guides/g/from-today/index.html"] == nil)
        #expect(builder.files == clean(site))

        // A template: everything.
        try site.write("Templates/partials/nav.mustache", "<nav>新しいナビ</nav>\n")
        let templateEdit = builder.rebuild()
        #expect(templateEdit.renderedPages.count == 5)
        #expect(builder.files == clean(site))
    }

    @Test func aBrokenChangeKeepsTheLastGoodSnapshot() throws {
        let site = try ScenarioSiteTests().makeSite()
        let builder = IncrementalBuilder(options: BuildOptions(root: site.root, asOf: "2026-02-20"))
        #expect(builder.rebuild().succeeded)
        let before = builder.files
        try site.write("Content/site.yml", "title: [\n")
        let broken = builder.rebuild()
        #expect(!broken.succeeded && broken.diagnostics.first?.file == "Content/site.yml")
        #expect(builder.files == before)
        try site.write("Content/site.yml", "title: 直した\nbase_url: https://help.example.jp/\ncalendar: jp\n")
        #expect(builder.rebuild().succeeded)
        #expect(builder.files == clean(site))
    }
}

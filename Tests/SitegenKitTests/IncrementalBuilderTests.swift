import Foundation
import Testing

@testable import SitegenKit

/// A rebuild after a change renders only the pages that depend on it, and its bytes are
/// exactly those of a clean build.
@Suite struct IncrementalBuilderTests {
    func clean(_ site: FixtureSite) -> [String: Data] { site.cleanBuild() }

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

        // A scenario file: that guide's pages; a removed scenario's page goes away, and the
        // index, which shows each guide's number of scenarios, is made again.
        try site.write("Content/scenarios/g.yml", "guide: g\nscenarios:\n  - id: given\n    facts: {service: web, expiry: 2026-03-10, action_date: 2026-01-05}\n")
        let scenarioEdit = builder.rebuild()
        #expect(Set(scenarioEdit.renderedPages) == ["index.html", "guides/g/index.html", "guides/g/given/index.html"])
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
        let builder = builtOnce(site)
        let before = builder.files
        try site.write("Content/site.yml", "title: [\n")
        let broken = builder.rebuild()
        #expect(!broken.succeeded && broken.diagnostics.first?.file == "Content/site.yml")
        #expect(builder.files == before)
        try site.write("Content/site.yml", "title: 直した\nbase_url: https://help.example.jp/\ncalendar: jp\n")
        #expect(builder.rebuild().succeeded)
        #expect(builder.files == clean(site))
    }

    /// The index shows each guide's number of scenarios: a scenario file that comes or goes
    /// renders it again, as it does the guide's pages.
    @Test func addingOrRemovingAScenarioRebuildsThePagesThatShowTheCount() throws {
        let site = try ScenarioSiteTests().makeSite()
        try site.write(
            "Templates/index.mustache", "{{<layout}}{{$main}}{{#guides}}<p>{{slug}}: {{scenario_count}}</p>{{/guides}}{{/main}}{{/layout}}\n")
        try site.write(
            "Templates/guide.mustache", "{{<layout}}{{$main}}<h1>{{guide.title}}</h1><p>{{guide.scenario_count}}</p>{{/main}}{{/layout}}\n")
        let builder = builtOnce(site)
        #expect(String(decoding: builder.files["index.html"] ?? Data(), as: UTF8.self).contains("<p>g: 2</p>"))

        try site.write("Content/scenarios/more.yml", "guide: g\nscenarios:\n  - id: third\n    facts: {service: web, expiry: 2026-04-01}\n")
        let added = builder.rebuild()
        #expect(added.succeeded, "\(added.diagnostics)")
        #expect(Set(added.renderedPages).isSuperset(of: ["index.html", "guides/g/index.html", "guides/g/third/index.html"]))
        #expect(String(decoding: builder.files["index.html"] ?? Data(), as: UTF8.self).contains("<p>g: 3</p>"))
        #expect(builder.files == clean(site))

        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/scenarios/more.yml"))
        let removed = builder.rebuild()
        #expect(Set(removed.renderedPages).isSuperset(of: ["index.html", "guides/g/index.html"]))
        #expect(String(decoding: builder.files["index.html"] ?? Data(), as: UTF8.self).contains("<p>g: 2</p>"))
        #expect(builder.files == clean(site))
    }

    // What a rebuild reuses from the last one (SiteCache) must never hide a change.

    /// A builder for `site` that has made its first build.
    func builtOnce(_ site: FixtureSite) -> IncrementalBuilder {
        let builder = IncrementalBuilder(options: BuildOptions(root: site.root, asOf: "2026-02-20"))
        #expect(builder.rebuild().succeeded)
        return builder
    }

    /// The step-reference check and the table-width check are kept with the files they read:
    /// a rebuild replays their findings while those files stay the same, and judges again when
    /// the guide or a partial it includes changes.
    @Test func stepReferencesAndTableWidthsAreJudgedAgainWhenTheirFilesChange() throws {
        let site = try ScenarioSiteTests().makeSite()
        try site.write("Content/partials/steps.md", "1. {% step \"apply\" %}申し込む\n")
        try site.write("Content/guides/other.md", "---\ntitle: 別\n---\n{% include \"steps\" %}\n\n手順{% ref \"apply\" %}のあと\n")
        try site.write("Content/scenarios/other.yml", "guide: other\nscenarios:\n  - id: x\n    facts: {expiry: 2026-04-01}\n")
        let builder = builtOnce(site)

        // Only the partial changes: the guide's reference no longer names a step.
        try site.write("Content/partials/steps.md", "1. {% step \"send\" %}送る\n")
        let broken = builder.rebuild()
        #expect(broken.diagnostics.map(\.id) == ["step.unknown-ref"], "\(broken.diagnostics)")
        #expect(broken.diagnostics.first?.file == "Content/guides/other.md")
        // Another file changes: the unchanged guide's finding is still reported.
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n書き換えた本文\n")
        #expect(builder.rebuild().diagnostics.map(\.id) == ["step.unknown-ref"])
        try site.write("Content/partials/steps.md", "1. {% step \"apply\" %}申し込む\n")
        #expect(builder.rebuild().succeeded)

        // A table too wide, in a guide, then found again while only another file changes.
        let header = "|" + String(repeating: " a |", count: TableWidth.maximumColumns + 1)
        let delimiter = "|" + String(repeating: "---|", count: TableWidth.maximumColumns + 1)
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n\(header)\n\(delimiter)\n")
        #expect(builder.rebuild().diagnostics.map(\.id) == ["guide.table-too-wide"])
        try site.write("Content/partials/steps.md", "1. {% step \"apply\" %}申し込む。\n")
        let still = builder.rebuild()
        #expect(still.diagnostics.map(\.id) == ["guide.table-too-wide"] && still.diagnostics.first?.file == "Content/guides/g.md")
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n書き換えた本文\n")
        #expect(builder.rebuild().succeeded)
        #expect(builder.files == clean(site))
    }

    @Test func typeChecksAreRedoneWhenTheRulesChange() throws {
        let site = try ScenarioSiteTests().makeSite()
        let builder = builtOnce(site)
        // The guide did not change, but `late` is no longer a bool: its condition is wrong now.
        try site.write("Content/rules/today.yml", ScenarioSiteTests.todayRules(late: "1 + 1"))
        let broken = builder.rebuild()
        #expect(broken.diagnostics.contains { $0.id == "directive.condition-type" && $0.file == "Content/guides/g.md" }, "\(broken.diagnostics)")
        #expect(broken.diagnostics.first?.id == "directive.condition-type", "\(broken.diagnostics)")
        try site.write("Content/rules/today.yml", ScenarioSiteTests.todayRules(late: "action_date > complete_by"))
        let fixed = builder.rebuild()
        #expect(fixed.succeeded, "\(fixed.diagnostics)")
        #expect(builder.files == clean(site))
    }

    @Test func scenariosAreResolvedAgainWhenAGuideNeedsOtherFacts() throws {
        let site = try ScenarioSiteTests().makeSite()
        let builder = builtOnce(site)
        // The scenario file is the same, but the guide now needs `cloud`, which it does not give.
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n{% if cloud %}クラウド{% endif %}\n")
        let broken = builder.rebuild()
        #expect(!broken.succeeded)
        #expect(broken.diagnostics.contains { $0.file == "Content/scenarios/g.yml" && $0.message.contains("cloud") }, "\(broken.diagnostics)")
        #expect(broken.diagnostics.first?.id == "scenario.missing-fact", "\(broken.diagnostics)")
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\nクラウドではありません\n")
        #expect(builder.rebuild().succeeded)
        #expect(builder.files == clean(site))
    }

    @Test func editsOfTheSameSizeInQuickSuccessionAreAllSeen() throws {
        let site = try ScenarioSiteTests().makeSite()
        let builder = builtOnce(site)
        // Same length, written within the same tick of the file system's clock.
        for text in ["本文その一", "本文その二", "本文その三"] {
            try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n\(text)\n")
            let outcome = builder.rebuild()
            #expect(outcome.changed)
            let page = String(decoding: try #require(builder.files["guides/g/given/index.html"]), as: UTF8.self)
            #expect(page.contains(text))
        }
        #expect(builder.files == clean(site))
    }

    /// Files that `stat` shows unchanged, and that had settled when last read, are not read
    /// again; a file changed just before it was read is read again until it has settled.
    @Test func settledUnchangedFilesAreNotReadAgain() throws {
        let site = try ScenarioSiteTests().makeSite()
        let settle = 0.2
        Thread.sleep(forTimeInterval: settle * 1.5)
        let builder = IncrementalBuilder(
            options: BuildOptions(root: site.root, jobs: 2, asOf: "2026-02-20"), cache: SiteCache(settleTime: settle))
        #expect(builder.rebuild().succeeded)
        let all = builder.filesRead
        #expect(all >= 5)
        #expect(!builder.rebuild().changed)
        #expect(builder.filesRead == all)

        // An edit is read and seen; right after, the file has not settled and is read again.
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n本文その一\n")
        #expect(builder.rebuild().changed)
        #expect(builder.filesRead == all + 1)
        #expect(String(decoding: try #require(builder.files["guides/g/given/index.html"]), as: UTF8.self).contains("本文その一"))
        #expect(!builder.rebuild().changed)
        #expect(builder.filesRead == all + 2)
        Thread.sleep(forTimeInterval: settle * 1.5)
        #expect(!builder.rebuild().changed)
        #expect(builder.filesRead == all + 3)
        #expect(!builder.rebuild().changed)
        #expect(builder.filesRead == all + 3)

        // A tool that puts the old modification time back is still seen: the change time moved.
        let url = site.root.appendingPathComponent("Content/guides/g.md")
        let modified = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)
        try site.write("Content/guides/g.md", "---\ntitle: 手順\n---\n本文その二\n")
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
        #expect(builder.rebuild().changed)
        #expect(String(decoding: try #require(builder.files["guides/g/given/index.html"]), as: UTF8.self).contains("本文その二"))
        #expect(builder.files == clean(site))
    }

    @Test func aSaveWithoutChangesKeepsTheBuildAndItsWarningsButTakesInAssets() throws {
        let site = try ScenarioSiteTests().makeSite()
        // An unknown front matter key gives a warning, which every rebuild must still report.
        try site.write("Content/guides/g.md", "---\ntitle: 手順\ncolour: red\n---\n本文\n")
        let builder = IncrementalBuilder(options: BuildOptions(root: site.root, asOf: "2026-02-20"))
        let first = builder.rebuild()
        #expect(first.succeeded)
        #expect(first.diagnostics.map(\.id) == ["guide.unknown-key"])
        let data = try Data(contentsOf: site.root.appendingPathComponent("Content/guides/g.md"))
        try data.write(to: site.root.appendingPathComponent("Content/guides/g.md"))
        let idle = builder.rebuild()
        #expect(idle.succeeded && !idle.changed && idle.renderedPages.isEmpty)
        #expect(idle.diagnostics == first.diagnostics)

        // An asset added, changed and removed with no source changing: no page is rendered.
        try site.write("Templates/assets/extra.css", "body { color: black }\n")
        let added = builder.rebuild()
        #expect(added.changed && added.renderedPages.isEmpty)
        #expect(builder.files["assets/extra.css"] == Data("body { color: black }\n".utf8))
        try site.write("Templates/assets/extra.css", "body { color: navy }\n")
        #expect(builder.rebuild().changed)
        #expect(builder.files == clean(site))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Templates/assets/extra.css"))
        #expect(builder.rebuild().changed)
        #expect(builder.files["assets/extra.css"] == nil)
        #expect(builder.files == clean(site))
    }
}

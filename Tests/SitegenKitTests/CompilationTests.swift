import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// What build, serve and check share through one compilation: they agree on what a page is made
/// from and how it renders.
@Suite struct CompilationTests {
    func clean(_ site: FixtureSite) -> [String: Data] { site.cleanBuild() }

    /// Every page links to the glossary once there is one, the index too: a glossary that
    /// appears reaches every page, not only the guides' pages.
    @Test func aGlossaryThatAppearsReachesTheIndex() throws {
        let site = try ScenarioSiteTests().makeSite()
        try site.write("Templates/index.mustache", "{{<layout}}{{$main}}<a href=\"{{glossary_url}}\">用語集</a>{{/main}}{{/layout}}\n")
        try site.write("Templates/glossary.mustache", "{{<layout}}{{$main}}{{#terms}}<p>{{term}}</p>{{/terms}}{{/main}}{{/layout}}\n")
        let builder = IncrementalBuilder(options: BuildOptions(root: site.root, jobs: 2, asOf: "2026-02-20"))
        #expect(builder.rebuild().succeeded)
        #expect(builder.files == clean(site))

        try site.write("Content/glossary.yml", "秘密鍵:\n  definition: 鍵。\n")
        let added = builder.rebuild()
        #expect(added.succeeded, "\(added.diagnostics)")
        #expect(added.renderedPages.contains("index.html"))
        #expect(builder.files == clean(site))
    }

    /// `check` compares the scenarios' bodies as the build renders them: with `unsafe_html`, raw
    /// HTML that differs makes the pages differ.
    @Test func checkRendersWithTheBuildsMarkdownOptions() throws {
        let site = try FixtureSite("rules")
        let templates = try #require(Bundle.module.url(forResource: "Fixtures/basic/Templates", withExtension: nil))
        try FileManager.default.copyItem(at: templates, to: site.root.appendingPathComponent("Templates"))
        let settings = try String(contentsOf: site.root.appendingPathComponent("Content/site.yml"), encoding: .utf8)
        try site.write("Content/site.yml", settings + "unsafe_html: true\n")
        try site.write(
            "Content/guides/g.md",
            """
            ---
            title: 手順
            ---
            {% if cloud %}
            <div class="cloud">クラウド</div>
            {% else %}
            <div class="other">その他</div>
            {% endif %}

            {{ service }} {{ expiry }}
            """)
        try site.write(
            "Content/scenarios/g.yml",
            """
            guide: g
            scenarios:
              - id: cloud
                facts: {service: web, cloud: true, expiry: 2026-03-10}
              - id: other
                facts: {service: web, cloud: false, expiry: 2026-03-10}
            """)
        let result = SiteCheck.run(BuildOptions(root: site.root, jobs: 2, asOf: "2026-01-15"))
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")
        #expect(!result.diagnostics.contains { $0.id == "check.identical-pages" }, "\(result.diagnostics)")
    }

    /// One wording of a date `--as-of` cannot mean, whichever command is asked.
    @Test func anInvalidAsOfIsWordedOnce() throws {
        let site = try ScenarioSiteTests().makeSite()
        let build = Builder.build(BuildOptions(root: site.root, asOf: "2026-02-30"), into: MemoryOutput())
        let explain = Explainer.explain(guide: "g", scenario: "given", options: BuildOptions(root: site.root, asOf: "2026-02-30"))
        let render = DraftRenderer.render(scenario: "g/given", root: site.root, asOf: "2026-02-30")
        let messages = [build.diagnostics, explain.diagnostics, render.diagnostics].map { diagnostics in
            diagnostics.filter { $0.id == "build.as-of" }.map(\.message)
        }
        #expect(messages.allSatisfy { $0 == ["--as-of '2026-02-30' is not a valid date"] }, "\(messages)")
    }

    /// `serve` rejects what `build` rejects: a scenario that does not give a fact where it
    /// applies is an error of the applicability stage, which both run.
    @Test func serveRunsTheStagesBuildRuns() throws {
        let site = try CaseCoverageTests.transferSite()
        try site.write(
            "Content/scenarios/transfer.yml",
            """
            guide: transfer
            scenarios:
              - id: jp
                title: .jp
                facts:
                  tld: jp
              - id: gtld
                title: gTLD
                facts:
                  tld: gtld
                  registered_on: 2020-01-01
            """)
        let options = BuildOptions(root: site.root, jobs: 2, asOf: "2026-01-15")
        let build = Builder.build(options, into: MemoryOutput())
        let serve = IncrementalBuilder(options: options).rebuild()
        let errors = { (diagnostics: [Diagnostic]) in diagnostics.filter { $0.severity == .error }.map(\.message) }
        #expect(build.diagnostics.contains { $0.id == "scenario.missing-fact" }, "\(build.diagnostics)")
        #expect(!serve.succeeded)
        #expect(errors(serve.diagnostics) == errors(build.diagnostics))
    }

    /// `sitegen build` leaves its compilation for the process's end to drop, and writes the same
    /// files; a build that does not ask for it keeps nothing (the server builds again and again).
    @Test func aBuildKeepsItsSiteUntilExitOnlyWhenAsked() throws {
        let site = try ScenarioSiteTests().makeSite()
        var options = BuildOptions(root: site.root, jobs: 2, asOf: "2026-01-15")
        let before = KeptUntilExit.count
        let freed = MemoryOutput()
        #expect(Builder.build(options, into: freed).succeeded)
        #expect(KeptUntilExit.count == before)
        options.keepsSiteUntilExit = true
        let kept = MemoryOutput()
        #expect(Builder.build(options, into: kept).succeeded)
        #expect(KeptUntilExit.count == before + 1)
        #expect(kept.files == freed.files)
        KeptUntilExit.dropAll()
        #expect(KeptUntilExit.count == 0)
    }
}

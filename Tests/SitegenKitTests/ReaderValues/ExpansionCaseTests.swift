import Diagnostics
import Directives
import Foundation
import Rules
import Testing

@testable import SitegenKit

/// A scenario's case (its branch decisions and the stamps its kept branches hold) is read from
/// the body as its page expands it, once for both pages. It must be the case the conditions
/// alone give (``ConditionWalk``, which check and explain use): the picker on the guide's page
/// and the scenario's own page must agree on which branches a reader's case takes.
@Suite struct ExpansionCaseTests {
    /// Decisions and stamps, comparable.
    struct Case: Equatable, CustomStringConvertible {
        var decisions: [String]
        var stamps: [String]

        var description: String { "decisions \(decisions), stamps \(stamps)" }
    }

    static func walked(_ body: DirectiveDocument, checked: CheckedSite, environment: Environment, stamper: DateStamper) -> Case {
        let walk = ConditionWalk.decisions(of: body, checked: checked, environment: environment, stamper: stamper)
        return Case(
            decisions: walk.inner.decisions.map { "\($0.condition.text)=\($0.value)" }, stamps: walk.stamped.map(\.text))
    }

    static func expanded(_ body: DirectiveDocument, checked: CheckedSite, environment: Environment, stamper: DateStamper) -> Case {
        let shared = ScenarioBodyRenderer.Shared(checked: checked, stamper: stamper, options: .site)
        let expansion = ScenarioBodyRenderer.expand(body, environment: environment, shared: shared)
        return Case(decisions: expansion.decisions.map { "\($0.condition.text)=\($0.value)" }, stamps: expansion.everyStamp.map(\.text))
    }

    static func compile(_ root: URL) -> SiteCompilation {
        var options = CompilationOptions(root: root, asOf: "2026-01-15")
        options.includesDrafts = true
        let compilation = SiteCompilation.compile(options)
        #expect(!compilation.diagnostics.containsErrors, "\(compilation.diagnostics)")
        return compilation
    }

    /// Every scenario of every sample guide.
    @Test func theSampleScenariosCasesAreTheWalksCases() throws {
        let compilation = Self.compile(SampleContentTests.root)
        let checked = compilation.checked
        var compared = 0
        for (slug, body) in checked.guideDocuments {
            for scenario in compilation.scenarios(ofGuide: slug) {
                let environment = compilation.environment(for: scenario)
                let walked = Self.walked(body, checked: checked, environment: environment, stamper: compilation.stamper)
                #expect(Self.expanded(body, checked: checked, environment: environment, stamper: compilation.stamper) == walked, "\(slug)/\(scenario.id)")
                #expect(!walked.decisions.isEmpty || !walked.stamps.isEmpty)
                compared += 1
            }
        }
        #expect(compared >= 20)
    }

    /// A stamp whose value is empty leaves nothing in the page's text, and one in a partial is
    /// met through the include; both are still the case's stamps: the reader's own value may
    /// not be empty.
    @Test func stampsWithEmptyValuesAndInPartialsCount() throws {
        let site = try FixtureSite("rules")
        try site.write(
            "Content/guides/t.md",
            """
            ---
            title: T
            ---
            {% if cloud %}
            クラウド {{ host }}
            {% elif is_other %}
            その他
            {% else %}
            {% include "note" %}
            ホスト「{{ host }}」料金 {{ fee }}
            {% endif %}
            """)
        try site.write(
            "Content/scenarios/t.yml",
            """
            guide: t
            scenarios:
              - id: empty-host
                facts: { service: web, cloud: false, expiry: 2026-03-10, host: "" }
              - id: cloud
                facts: { service: web, cloud: true, expiry: 2026-03-10, host: "" }
              - id: other
                facts: { service: other, cloud: false, expiry: 2026-03-10 }
            """)
        let compilation = Self.compile(site.root)
        let checked = compilation.checked
        let body = try #require(checked.guideDocuments["t"])
        var cases: [String: Case] = [:]
        for scenario in compilation.scenarios(ofGuide: "t") {
            let environment = compilation.environment(for: scenario)
            let walked = Self.walked(body, checked: checked, environment: environment, stamper: compilation.stamper)
            #expect(Self.expanded(body, checked: checked, environment: environment, stamper: compilation.stamper) == walked, "\(scenario.id)")
            cases[scenario.id] = walked
        }
        #expect(cases["empty-host"] == Case(decisions: ["cloud=false", "is_other=false"], stamps: ["complete_by", "host", "fee"]))
        #expect(cases["cloud"] == Case(decisions: ["cloud=true"], stamps: ["host"]))
        #expect(cases["other"] == Case(decisions: ["cloud=false", "is_other=true"], stamps: []))

        // The guide's picker names, for each case, the facts its page writes, in the order of
        // the rules file: worked out once per list of stamps, each case still gets its own.
        let output = MemoryOutput()
        #expect(Builder.build(BuildOptions(root: site.root, jobs: 2, asOf: "2026-01-15"), into: output).succeeded)
        let page = String(decoding: try #require(output.files["guides/t/index.html"]), as: UTF8.self)
        let start = try #require(page.range(of: #"<script type="application/json" id="picker-data">"#))
        let end = try #require(page[start.upperBound...].range(of: "</script>"))
        let picker = try #require(
            try JSONSerialization.jsonObject(with: Data(page[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        let scenarios = try #require(picker["cases"] as? [[String: Any]])
        var values: [String: [String]] = [:]
        for scenario in scenarios { values[scenario["id"] as? String ?? ""] = scenario["values"] as? [String] }
        #expect(values == ["empty-host": ["expiry", "fee", "host"], "cloud": ["host"], "other": []])
        // Each case's facts are written sorted by name (the rules file declares `service` first),
        // as the picker's JSON writes every object's members.
        #expect(page.contains(#""facts":{"cloud":"false","expiry":"2026-03-10","host":"","service":"web"}"#))
        #expect(page.contains(#""facts":{"cloud":"false","expiry":"2026-03-10","service":"other"}"#))
    }
}

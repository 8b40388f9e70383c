import Diagnostics
import Foundation
import Templating
import Testing

@testable import SitegenKit

/// How values reach the Mustache templates (docs/templates.md): an empty text is false in a
/// section, as template authors expect, and everything else renders as before.
@Suite struct TemplateContextTests {
    func render(_ template: String, _ context: TemplateValue) throws -> String {
        var diagnostics: [Diagnostic] = []
        let templates = TemplateSet.load(
            files: ["index", "guide", "scenario"].map { SourceFile(path: "Templates/\($0).mustache", text: template) },
            folder: "Templates", needsGlossary: false, diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let page = try #require(templates.render("index", context: context, diagnostics: &diagnostics))
        return String(decoding: page, as: UTF8.self)
    }

    @Test func emptyTextIsFalseInSections() throws {
        let template = "{{#a}}[a]{{/a}}{{^a}}[no a]{{/a}}|{{#b}}[b={{b}}]{{/b}}{{^b}}[no b]{{/b}}"
        #expect(try render(template, .object(["a": "", "b": "x"])) == "[no a]|[b=x]")
        // Nested in objects and lists too.
        let nested = "{{#items}}{{#note}}({{note}}){{/note}}{{^note}}(-){{/note}}{{/items}}|{{#page.description}}d{{/page.description}}"
        let context: TemplateValue = .object([
            "items": [.object(["note": "n"]), .object(["note": ""])], "page": .object(["description": ""]),
        ])
        #expect(try render(nested, context) == "(n)(-)|")
    }

    @Test func textEscapesAndNumbersAndFlagsRender() throws {
        let template = "{{t}}|{{{t}}}|{{n}}|{{#flag}}yes{{/flag}}|{{#list}}{{title}};{{/list}}"
        let context: TemplateValue = .object([
            "t": "<b>&'\"", "n": 3, "flag": true,
            "list": [.object(["title": "一"]), .object(["title": "<二>"])],
        ])
        #expect(try render(template, context) == "&lt;b&gt;&amp;&#39;&quot;|<b>&'\"|3|yes|一;&lt;二&gt;;")
    }

    /// Mustache that the templates cannot use is an error at its tag, not a silent difference.
    @Test func transformsAreAnErrorWithTheirPlace() throws {
        var diagnostics: [Diagnostic] = []
        _ = TemplateSet.load(
            files: ["index", "guide", "scenario"].map {
                SourceFile(path: "Templates/\($0).mustache", text: $0 == "guide" ? "<p>\n  {{uppercased(u)}}</p>" : "")
            },
            folder: "Templates", needsGlossary: false, diagnostics: &diagnostics)
        let error = try #require(diagnostics.first)
        #expect(error.id == "template.syntax")
        #expect(error.range?.start == SourceLocation(file: "Templates/guide.mustache", line: 2, column: 3))
    }

    /// The repository's templates on the sample site: nothing is drawn for a value that is empty.
    @Test func samplePagesHaveNoEmptyMarkup() throws {
        let files = SampleContentTests.build.files
        let guide = try #require(files["guides/move-certificate-to-new-server/index.html"])
        // Options without an explanation point at none.
        #expect(guide.contains("value=\"our-shared\"><label for=\"q-current_server-1\">"))
        #expect(!guide.contains("<span class=\"explanation\" id=\"q-current_server-1-explain\"></span>"))
        // A guide with scenarios has no body of its own on its picker page.
        #expect(!guide.contains("<div class=\"guide-body\">\n</div>"))
        let explained = try #require(files["guides/switch-to-external-certificate/index.html"])
        #expect(explained.contains("aria-describedby=\"q-target_service-1-explain\""))
        let glossary = try #require(files["glossary/index.html"])
        #expect(!glossary.contains("<meta name=\"description\" content=\"\">"))
        #expect(try #require(files["index.html"]).contains("glossary/index.html\">用語集</a>"))
    }

    @Test func siteWithoutGlossaryHasNoGlossaryLink() throws {
        let files = try #require(SampleContentTests.buildWithoutGlossary)
        let index = try #require(files["index.html"])
        #expect(index.contains("手順の一覧"))
        // No link to a glossary (the search box's label for glossary results may stay).
        #expect(!index.contains(">用語集</a>") && !index.contains("glossary/index.html"))
        #expect(files["glossary/index.html"] == nil)
    }
}

extension SampleContentTests {
    /// The sample site built from a copy without its glossary.
    static let buildWithoutGlossary: [String: String]? = {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        do {
            try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
            for folder in ["Content", "Templates"] {
                try FileManager.default.copyItem(at: root.appendingPathComponent(folder), to: copy.appendingPathComponent(folder))
            }
            try FileManager.default.removeItem(at: copy.appendingPathComponent("Content/glossary.yml"))
        } catch {
            return nil
        }
        let output = MemoryOutput()
        let result = Builder.build(BuildOptions(root: copy, jobs: 2, asOf: "2026-01-15"), into: output)
        guard !result.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        return output.files.mapValues { String(decoding: $0, as: UTF8.self) }
    }()

    /// A scenario page links to at most 12 of its guide's other cases and to the guide's page
    /// for all of them, so a page's size does not grow with the number of scenarios and the
    /// guide's pages together grow linearly (they grew quadratically when each page listed
    /// every other case).
    @Test func scenarioPagesStayTheSameSizeAsAGuideGainsScenarios() throws {
        func pages(scenarios count: Int) throws -> [String: String] {
            let site = try CaseCoverageTests.transferSite()
            let scenarios = (0..<count).map { "  - id: s\($0)\n    title: ケース\($0)\n    facts: {tld: jp}\n" }.joined()
            try site.write("Content/scenarios/transfer.yml", "guide: transfer\nscenarios:\n" + scenarios)
            let (result, files) = ApplicabilityTests.build(site)
            #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")
            return files.filter { $0.key.hasPrefix("guides/transfer/s") && $0.key.hasSuffix("/index.html") }
        }
        let few = try pages(scenarios: 20)
        let many = try pages(scenarios: 400)
        #expect(few.count == 20 && many.count == 400)
        let largest = { (pages: [String: String]) in pages.values.map(\.utf8.count).max() ?? 0 }
        // Ids and titles grow by a digit or two; a list of every case would add about 80 bytes a case.
        #expect(largest(many) - largest(few) < 200, "\(largest(few)) → \(largest(many)) bytes")
        let totalFew = few.values.reduce(0) { $0 + $1.utf8.count }
        let totalMany = many.values.reduce(0) { $0 + $1.utf8.count }
        #expect(Double(totalMany) / Double(totalFew) < 20 * 1.05)

        // The nearest twelve, in order, and the link to all of them.
        let page = try #require(many["guides/transfer/s0/index.html"])
        let links = page.matches(of: #/<li><a href="[^"]*/(s\d+)/index\.html">/#).map { String($0.output.1) }
        #expect(links == (1...12).map { "s\($0)" })
        #expect(page.contains("#case-list\">このガイドのすべてのケース(400件)</a>"))
        let middle = try #require(many["guides/transfer/s200/index.html"])
        #expect(middle.matches(of: #/<li><a href="[^"]*/(s\d+)/index\.html">/#).map { String($0.output.1) }
            == ((194...206).filter { $0 != 200 }.map { "s\($0)" }))
        #expect(PageRenderer.nearbyScenarios(of: 399, count: 400) == Array(387...398))
        #expect(PageRenderer.nearbyScenarios(of: 1, count: 5) == [0, 2, 3, 4])
        // Up to 12 others, the list is whole and there is no link to more.
        let whole = try #require(try pages(scenarios: 13)["guides/transfer/s0/index.html"])
        #expect(whole.matches(of: #/<li><a href="[^"]*/(s\d+)/index\.html">/#).count == 12)
        #expect(!whole.contains("#case-list\">このガイドのすべてのケース"))
    }
}

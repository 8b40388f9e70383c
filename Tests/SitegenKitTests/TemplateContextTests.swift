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
}

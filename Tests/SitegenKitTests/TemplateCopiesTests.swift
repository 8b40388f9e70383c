import Diagnostics
import Foundation
import Templating
import Testing

@testable import SitegenKit

/// The templates compiled again for each rendering thread lay pages out as the site's own do.
@Suite struct TemplateCopiesTests {
    private func load(_ templates: [String: String]) -> (TemplateSet, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let files = templates.sorted { $0.key < $1.key }.map { SourceFile(path: "Templates/\($0.key).mustache", text: $0.value) }
        let set = TemplateSet.load(files: files, folder: "Templates", needsGlossary: false, diagnostics: &diagnostics)
        return (set, diagnostics)
    }

    private let context = TemplateValue.object(TemplateObject([
        ("title", "A & <B>"),
        ("items", .list([.object(TemplateObject([("name", "one")])), .object(TemplateObject([("name", "two")]))])),
        ("empty", .list([])),
    ]))

    @Test func aCopyRendersEveryTemplateAsTheOriginal() throws {
        let (set, diagnostics) = load([
            "layout": "<title>{{title}}</title>\n{{$main}}default{{/main}}\n{{> partials/footer}}",
            "partials/footer": "  <footer>{{{title}}}</footer>\n",
            "index": "{{<layout}}{{$main}}\n  {{#items}}<li>{{name}}</li>\n  {{/items}}{{^empty}}none{{/empty}}{{/main}}{{/layout}}",
            "guide": "{{! a comment }}{{=<% %>=}}<% title %>",
            "scenario": "{{#items}}{{.}}{{/items}}",
        ])
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let copy = set.compiledAgain()
        for name in ["index", "guide", "scenario", "layout", "partials/footer"] {
            var problems: [Diagnostic] = []
            let original = try #require(set.render(name, context: context, diagnostics: &problems))
            let again = try #require(copy.render(name, context: context, diagnostics: &problems))
            #expect(!original.isEmpty || name == "scenario")
            #expect(original == again, "\(name): \(String(decoding: original, as: UTF8.self))")
            #expect(problems.isEmpty)
        }
        #expect(copy.paths == set.paths && copy.usesDefaults == set.usesDefaults)
    }

    @Test func templatesWithErrorsStayWithoutALibrary() {
        let (set, diagnostics) = load(["index": "{{#open}}", "guide": "", "scenario": ""])
        #expect(!diagnostics.isEmpty)
        var problems: [Diagnostic] = []
        #expect(set.compiledAgain().render("index", context: context, diagnostics: &problems) == [])
    }
}

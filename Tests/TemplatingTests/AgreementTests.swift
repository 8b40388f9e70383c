import Foundation
import Templating
import XCTest

/// The repository's templates rendered by swift-mustache (as sitegen uses it) and by
/// Templating, over the same random page contexts: the bytes must be the same.
final class AgreementTests: XCTestCase {
    func testProjectTemplatesRenderTheSameBytesAsSwiftMustache() throws {
        let sources = try ProjectTemplates.sources()
        XCTAssertTrue(sources.contains { $0.name == "layout" }, "Templates/ not found at \(ProjectTemplates.folder.path)")
        let reference = try SwiftMustacheReference(sources)
        let library = try TemplateLibrary(sources)
        let contexts = PageContexts(seed: 17)
        var compared = 0
        for round in 0..<400 {
            for name in PageContexts.templates where library.template(named: name) != nil {
                let context = contexts.context(for: name)
                let expected = reference.render(name, context)
                let output = try library.render(name, TemplateValue(any: context))
                if output != expected {
                    XCTFail("\(name), round \(round): first difference at \(firstDifference(output, expected))")
                    return
                }
                XCTAssertFalse(output.isEmpty)
                compared += 1
            }
        }
        XCTAssertEqual(compared, 1600)
    }

    /// Hand-made templates that use what the project's do not (yet): standalone tags of every
    /// kind, indented partials, comments, set delimiters, inheritance with several levels.
    func testOtherConstructsRenderTheSameBytesAsSwiftMustache() throws {
        let sources = [
            TemplateSource(name: "page", path: "page", text: """
                {{<frame}}
                {{$title}}Title: {{page.title}}{{/title}}
                  {{$body}}
                  {{! a comment }}
                  {{#guides}}
                  <li>{{title}} {{{description}}}</li>
                  {{/guides}}
                  {{^guides}}
                  none
                  {{/guides}}
                  {{=<% %>=}}
                  <% site.title %> <%& root %>
                  <%={{ }}=%>
                  {{/body}}
                {{/frame}}

                """),
            TemplateSource(name: "frame", path: "frame", text: """
                <html>
                  <title>{{$title}}default{{/title}}</title>
                {{> partials/top}}
                  {{> partials/top}}
                <body>
                {{$body}}{{/body}}
                </body>
                {{#site.search}}  {{> partials/top}}  {{/site.search}}
                </html>
                """),
            TemplateSource(name: "partials/top", path: "partials/top", text: "<nav>\n{{#site}}<a>{{title}}</a>{{/site}}\n</nav>\n"),
        ]
        let reference = try SwiftMustacheReference(sources)
        let library = try TemplateLibrary(sources)
        let contexts = PageContexts(seed: 21)
        for round in 0..<200 {
            let context = contexts.context(for: "index")
            let expected = reference.render("page", context)
            let output = try library.render("page", TemplateValue(any: context))
            guard output == expected else {
                XCTFail("round \(round): first difference at \(firstDifference(output, expected))\n\(output)\n---\n\(expected)")
                return
            }
        }
    }

    private func firstDifference(_ a: String, _ b: String) -> String {
        let a = Array(a.utf8), b = Array(b.utf8)
        let index = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        func around(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, index - 60)..<min(bytes.count, index + 60)], as: UTF8.self).debugDescription
        }
        return "byte \(index):\n  Templating:     \(around(a))\n  swift-mustache: \(around(b))"
    }
}

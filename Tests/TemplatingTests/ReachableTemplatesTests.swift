import Templating
import XCTest

/// `TemplateLibrary.names(reachableFrom:)`: the templates a set of pages can be drawn with.
final class ReachableTemplatesTests: XCTestCase {
    func testEveryPartialAndParentIsFollowedInSectionsBlocksAndOverrides() throws {
        let templates = [
            "page": "{{<layout}}{{$main}}{{#items}}{{> partials/item}}{{/items}}{{/main}}{{/layout}}",
            "layout": "<body>{{$main}}{{> partials/fallback}}{{/main}}{{^user}}{{> partials/footer}}{{/user}}</body>",
            "partials/item": "<li>{{> partials/link}}</li>",
            "partials/link": "<a>{{name}}</a>",
            "partials/fallback": "none",
            "partials/footer": "<footer></footer>",
            "unused": "{{> partials/other}}",
            "partials/other": "x",
        ]
        let library = try TemplateLibrary(
            templates.sorted { $0.key < $1.key }.map { TemplateSource(name: $0.key, path: $0.key, text: $0.value) })
        XCTAssertEqual(
            library.names(reachableFrom: ["page"]),
            ["page", "layout", "partials/item", "partials/link", "partials/fallback", "partials/footer"])
        XCTAssertEqual(library.names(reachableFrom: ["partials/link", "missing"]), ["partials/link"])
        XCTAssertEqual(library.names(reachableFrom: []), [])
    }
}

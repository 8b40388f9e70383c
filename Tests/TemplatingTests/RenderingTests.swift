import SeededRandom
import Templating
import XCTest

/// How values render, where the Mustache specification leaves it open, and the `TemplateFields`
/// route for page models.
final class RenderingTests: XCTestCase {
    private func render(_ text: String, _ context: TemplateValue, partials: [String: String] = [:]) throws -> String {
        let sources = [TemplateSource(name: "t", path: "t", text: text)]
            + partials.map { TemplateSource(name: $0.key, path: $0.key, text: $0.value) }
        return try TemplateLibrary(sources).render("t", context)
    }

    func testValuesInSectionsAndInterpolation() throws {
        let context: TemplateValue = .object(TemplateObject([
            "empty": "", "text": "a<b>&\"'", "zero": 0, "yes": true, "no": false, "none": .null, "list": [1, 2], "nothing": [],
        ]))
        XCTAssertEqual(try render("{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}", context), "e")
        XCTAssertEqual(try render("{{#text}}[{{.}}]{{/text}}", context), "[a&lt;b&gt;&amp;&quot;&#39;]")
        XCTAssertEqual(try render("{{{text}}}", context), "a<b>&\"'")
        XCTAssertEqual(try render("{{#zero}}[{{.}}]{{/zero}}{{^zero}}no{{/zero}}", context), "[0]")
        XCTAssertEqual(try render("{{yes}} {{no}} {{none}}|{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}n{{/no}}", context), "true false |Yn")
        XCTAssertEqual(try render("{{#list}}<{{.}}>{{/list}}{{^nothing}}empty{{/nothing}}{{list}}", context), "<1><2>empty")
        XCTAssertEqual(try render("{{missing.deeper}}{{#missing}}x{{/missing}}", context), "")
    }

    func testParentInASubfolderIsClosedByItsName() throws {
        // Template names keep their folder (`partials/frame`), so a parent's closing tag has one.
        let output = try render("{{<partials/frame}}{{$main}}M{{/main}}{{/partials/frame}}", .object(TemplateObject()),
                                partials: ["partials/frame": "<b>{{$main}}{{/main}}</b>"])
        XCTAssertEqual(output, "<b>M</b>")
    }

    func testListItemsInAnIndentedPartialAreAllIndented() throws {
        // swift-mustache indents only the first item here; every line of the partial should be.
        let output = try render("<ul>\n  {{> items}}\n</ul>\n", .object(TemplateObject(["list": ["a", "b"]])),
                                partials: ["items": "{{#list}}\n<li>{{.}}</li>\n{{/list}}\n"])
        XCTAssertEqual(output, "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
    }

    final class Model: TemplateFields {
        static let title: TemplateKey = "title", items: TemplateKey = "items"
        let title: String
        init(title: String) { self.title = title }
        func templateValue(for key: TemplateKey) -> TemplateValue? {
            switch key {
            case Self.title: .string(title)
            case Self.items: [.object(TemplateObject(["name": "x"])), .object(TemplateObject(["name": "y"]))]
            default: nil
            }
        }
    }

    func testFieldsAnswerLookupsAndFallBackToOuterContexts() throws {
        let output = try render("{{#items}}{{name}}:{{title}} {{/items}}{{unknown}}", .fields(Model(title: "T")))
        XCTAssertEqual(output, "x:T y:T ")
    }

    func testKeysAreInterned() {
        XCTAssertEqual(TemplateKey("title"), "title")
        XCTAssertNotEqual(TemplateKey("title"), "titles")
        XCTAssertEqual(TemplateKey("日本語").name, "日本語")
        var object = TemplateObject(["a": 1, "b": 2])
        object["a"] = nil
        object["c"] = 3
        XCTAssertEqual(object.keys.map(\.name), ["b", "c"])
    }

    /// A key given twice in a literal keeps its first place and takes its last value, as setting
    /// the keys one by one does.
    func testAKeyGivenTwiceKeepsItsPlaceAndItsLastValue() throws {
        let object = TemplateObject(["a": 1, "b": 2, "a": 3])
        XCTAssertEqual(object.keys.map(\.name), ["a", "b"])
        var bySetting = TemplateObject()
        bySetting["a"] = 1
        bySetting["b"] = 2
        bySetting["a"] = 3
        let library = try TemplateLibrary([TemplateSource(name: "t", path: "t", text: "{{a}}{{b}}")])
        XCTAssertEqual(try library.render("t", .object(object)), "32")
        XCTAssertEqual(try library.render("t", .object(bySetting)), "32")
        // A dictionary literal keeps its own array as the object's storage, unless a key repeats.
        let keyA: TemplateKey = "a", keyB: TemplateKey = "b", keyC: TemplateKey = "c"
        let literal: TemplateObject = [keyA: 1, keyB: 2, keyA: 3, keyC: 4, keyB: 5]
        XCTAssertEqual(literal.keys.map(\.name), ["a", "b", "c"])
        XCTAssertEqual(try library.render("t", .object(literal)), "35")
        let plain: TemplateObject = [keyB: 2, keyA: 1]
        XCTAssertEqual(plain.keys.map(\.name), ["b", "a"])
        XCTAssertEqual(try library.render("t", .object(plain)), "12")
    }

    func testRenderingAppendsToABufferThatCanBeReused() throws {
        let library = try TemplateLibrary([TemplateSource(name: "t", path: "t", text: "<{{x}}>")])
        let template = try XCTUnwrap(library.template(named: "t"))
        var buffer = Array("head".utf8)
        try library.render(template, .object(TemplateObject(["x": "1"])), into: &buffer)
        XCTAssertEqual(String(decoding: buffer, as: UTF8.self), "head<1>")
        XCTAssertNil(library.template(named: "nope"))
    }

    /// A page is written into the array it is returned in when it fits the room asked for, and
    /// moved when it does not: the bytes are the same either way, after any bytes already in
    /// the buffer.
    func testThePageIsTheSameWhateverRoomItIsGiven() throws {
        let library = try TemplateLibrary([TemplateSource(name: "t", path: "t", text: "<ul>{{#items}}<li>{{name}} &amp; {{{raw}}}</li>{{/items}}</ul>")])
        let template = try XCTUnwrap(library.template(named: "t"))
        var random = SeededGenerator(seed: 0x0B_7E5_0003)
        for round in 0..<300 {
            let count = Int.random(in: 0...40, using: &random)
            let items: [TemplateValue] = (0..<count).map { index in
                .object(TemplateObject([
                    "name": .string(String(repeating: "名<", count: Int.random(in: 0...8, using: &random))), "raw": .string("\(index)"),
                ]))
            }
            let context = TemplateValue.object(TemplateObject(["items": .list(items)]))
            let head = Array(String(repeating: "h", count: Int.random(in: 0...100, using: &random)).utf8)
            var roomy = head
            try library.render(template, context, into: &roomy, capacity: 1 << 20)
            var tight = head
            try library.render(template, context, into: &tight, capacity: Int.random(in: 0...600, using: &random))
            XCTAssertEqual(tight, roomy, "round \(round)")
            XCTAssertEqual(Array(roomy.prefix(head.count)), head)
            XCTAssertEqual(String(decoding: roomy.dropFirst(head.count), as: UTF8.self), try library.render("t", context))
        }
    }

    /// When rendering fails, the buffer keeps what was written before the failure.
    func testAFailedRenderKeepsWhatWasWritten() throws {
        let library = try TemplateLibrary([
            TemplateSource(name: "page", path: "page", text: "start{{> node}}"),
            TemplateSource(name: "node", path: "node", text: "<li>{{#site}}{{> node}}{{/site}}"),
        ])
        let template = try XCTUnwrap(library.template(named: "page"))
        for capacity in [0, 64, 1 << 20] {
            var buffer = Array("head".utf8)
            XCTAssertThrowsError(
                try library.render(template, .object(TemplateObject(["site": .object(TemplateObject(["title": "t"]))])), into: &buffer, capacity: capacity))
            XCTAssertTrue(String(decoding: buffer, as: UTF8.self).hasPrefix("headstart<li><li>"), "\(capacity)")
        }
    }
}

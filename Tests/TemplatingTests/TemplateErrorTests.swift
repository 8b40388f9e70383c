import Foundation
import Templating
import XCTest

/// What Templating refuses, and how it says so: with the template's file and line.
final class TemplateErrorTests: XCTestCase {
    private func errors(_ templates: [String: String], missingPartials: TemplateLibrary.MissingPartials = .error) -> [TemplateError] {
        let sources = templates.sorted { $0.key < $1.key }.map { TemplateSource(name: $0.key, path: "Templates/\($0.key).mustache", text: $0.value) }
        do {
            _ = try TemplateLibrary(sources, missingPartials: missingPartials)
            return []
        } catch {
            return error.errors
        }
    }

    private func assertError(
        _ templates: [String: String], file: String, line: Int, column: Int? = nil, containing text: String,
        kind: TemplateError.Kind? = nil, sourceLine: UInt = #line
    ) {
        let found = errors(templates)
        XCTAssertEqual(found.count, 1, "\(found)", line: sourceLine)
        guard let error = found.first else { return }
        XCTAssertEqual(error.file, file, line: sourceLine)
        XCTAssertEqual(error.line, line, "\(error)", line: sourceLine)
        if let column { XCTAssertEqual(error.column, column, "\(error)", line: sourceLine) }
        XCTAssertTrue(error.message.contains(text), "\(error)", line: sourceLine)
        if let kind { XCTAssertEqual(error.kind, kind, "\(error)", line: sourceLine) }
    }

    func testUnsupportedConstructsAreErrorsWithFileAndLine() {
        assertError(["a": "x\n{{>*name}}\n"], file: "Templates/a.mustache", line: 2, column: 1, containing: "dynamic partial names", kind: .unsupported)
        assertError(["a": "x\ny {{uppercased(title)}}"], file: "Templates/a.mustache", line: 2, column: 3, containing: "transforms", kind: .unsupported)
        assertError(["a": "{{% CONTENT_TYPE: TEXT }}"], file: "Templates/a.mustache", line: 1, containing: "pragmas", kind: .unsupported)
        assertError(["a": "a\n\n  {{#list}}\nb"], file: "Templates/a.mustache", line: 3, column: 3, containing: "never closed", kind: .syntax)
        assertError(["a": "{{#a}}\n{{/b}}"], file: "Templates/a.mustache", line: 2, containing: "closes a section opened as 'a'")
        assertError(["a": "{{/b}}"], file: "Templates/a.mustache", line: 1, containing: "never opened")
        assertError(["a": "{{! never closed"], file: "Templates/a.mustache", line: 1, containing: "comment is never closed")
        assertError(["a": "{{name with spaces}}"], file: "Templates/a.mustache", line: 1, containing: "not finished")
        assertError(["a": "{{=<% =}}"], file: "Templates/a.mustache", line: 1, containing: "set-delimiter")
        assertError(["a": "{{}}"], file: "Templates/a.mustache", line: 1, containing: "needs a name")
        assertError(
            ["a": "\n{{<b}}{{#x}}{{/x}}{{/b}}", "b": ""], file: "Templates/a.mustache", line: 2,
            containing: "only {{$block}} overrides")
        assertError(["a": "one\n{{> nowhere}}"], file: "Templates/a.mustache", line: 2, containing: "template 'nowhere' does not exist", kind: .missingTemplate)
    }

    func testEveryErrorOfEveryTemplateIsReported() {
        let found = errors(["a": "{{#a}}", "b": "{{/b}}", "c": "{{> d}}"])
        XCTAssertEqual(found.map(\.file), ["Templates/a.mustache", "Templates/b.mustache", "Templates/c.mustache"])
    }

    func testTemplateRecursionIsACompileError() {
        assertError(
            ["layout": "{{> partials/selfx}}", "partials/selfx": "a\n{{> partials/selfx}}\n"],
            file: "Templates/partials/selfx.mustache", line: 2, containing: "template 'partials/selfx' includes itself", kind: .recursion)
        let cycle = errors(["a": "{{> b}}", "b": "x {{> c}}", "c": "\n\n{{> a}}"])
        XCTAssertEqual(cycle.count, 1)
        XCTAssertEqual(cycle.first?.message, "templates include each other in a cycle: a → b → c → a; it could never end")
        XCTAssertEqual(cycle.first?.file, "Templates/c.mustache")
        XCTAssertEqual(cycle.first?.line, 3)
        assertError(["a": "{{<a}}{{/a}}"], file: "Templates/a.mustache", line: 1, containing: "template 'a' includes itself")
        let inheritance = errors(["a": "{{<b}}{{$x}}1{{/x}}{{/b}}", "b": "{{<a}}{{/a}}"])
        XCTAssertEqual(inheritance.count, 1)
        XCTAssertTrue(inheritance.first?.message.contains("a → b → a") ?? false, "\(inheritance)")
    }

    func testRecursionThatDataNeverEndsStopsWithAnError() throws {
        let library = try TemplateLibrary([
            TemplateSource(name: "page", path: "Templates/page.mustache", text: "{{> node}}"),
            TemplateSource(name: "node", path: "Templates/node.mustache", text: "<li>\n{{#site}}{{> node}}{{/site}}"),
        ])
        XCTAssertThrowsError(try library.render("page", .object(TemplateObject(["site": .object(TemplateObject(["title": "t"]))])))) { error in
            guard let error = error as? TemplateError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.file, "Templates/node.mustache")
            XCTAssertEqual(error.line, 2)
            XCTAssertTrue(error.message.contains("levels deep"), error.message)
            XCTAssertEqual(error.kind, .recursion)
        }
        // Also on a thread with a small stack (1 MiB, room for a debug build under a sanitizer, whose
        // frames are several times a release build's): the depth limit comes before
        // the stack's end.
        let done = expectation(description: "rendered on a small stack")
        let thread = Thread {
            do {
                _ = try library.render("page", .object(TemplateObject(["site": .object(TemplateObject(["title": "t"]))])))
                XCTFail("rendered without end")
            } catch {
                done.fulfill()
            }
        }
        thread.stackSize = 1024 * 1024
        thread.start()
        wait(for: [done], timeout: 60)
        // The same partial over finite data (a tree) renders.
        let tree: TemplateValue = .object(TemplateObject(["site": .object(TemplateObject(["site": false]))]))
        XCTAssertEqual(try library.render("page", tree), "<li>\n<li>\n")
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "{{#a}}", count: 75_000) + String(repeating: "{{/a}}", count: 75_000)
        let found = errors(["a": deep])
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.message.contains("nested more than 100 deep") ?? false, "\(found)")
        XCTAssertTrue(errors(["a": String(repeating: "{{#a}}", count: 99) + String(repeating: "{{/a}}", count: 99)]).isEmpty)
    }

    /// swift-mustache's parse is quadratic in these (a 1 MB template of `{x}` took 268 s).
    func testParsingIsLinear() throws {
        func parseTime(_ text: String) throws -> Double {
            let start = Date()
            _ = try TemplateLibrary([TemplateSource(name: "a", path: "a", text: text)])
            return Date().timeIntervalSince(start)
        }
        let braces = try parseTime(String(repeating: "{x}", count: 350_000))  // 1 MB
        let lines = try parseTime(String(repeating: "text\n", count: 200_000))  // 1 MB of lines
        let tags = try parseTime(String(repeating: "{{x}}", count: 75_000))
        let halfTags = try parseTime(String(repeating: "{{x}}", count: 37_500))
        // Generous, for debug builds under a sanitizer on a busy machine; a release build takes
        // 10–200 ms (TemplatingBenchmark). Quadratic parsing took minutes.
        XCTAssertLessThan(braces, 30, "1 MB of {x}")
        XCTAssertLessThan(tags, 30, "75k tags")
        XCTAssertLessThan(lines, 30, "200k lines")
        XCTAssertLessThan(tags, max(0.5, halfTags * 4), "twice the tags should take about twice as long")
    }

    func testMissingPartialsCanRenderNothing() throws {
        XCTAssertTrue(errors(["a": "{{> b}}"], missingPartials: .renderNothing).isEmpty)
        let library = try TemplateLibrary([TemplateSource(name: "a", path: "a", text: "[{{> b}}]")], missingPartials: .renderNothing)
        XCTAssertEqual(try library.render("a", .null), "[]")
    }
}

import Foundation
import Templating
import XCTest

/// Every case of the Mustache specification's test files for what Templating supports
/// (Fixtures/, from the Mustache specification, MIT licence in Fixtures/LICENSE). The
/// specification's optional lambdas file is not among them: values are `TemplateValue`s, which
/// cannot hold code, so there is nothing to run its cases with; dynamic names are not supported
/// either (a compile error, tested in TemplateErrorTests).
final class SpecTests: XCTestCase {
    func testComments() throws { try run("comments", expectedCount: 12) }
    func testDelimiters() throws { try run("delimiters", expectedCount: 14) }
    func testInterpolation() throws { try run("interpolation", expectedCount: 42) }
    func testInverted() throws { try run("inverted", expectedCount: 22) }
    func testPartials() throws { try run("partials", expectedCount: 12) }
    func testSections() throws { try run("sections", expectedCount: 34) }
    func testInheritance() throws { try run("~inheritance", expectedCount: 27) }

    private func run(_ file: String, expectedCount: Int) throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: file, withExtension: "json", subdirectory: "Fixtures"))
        let tests = try JSONDecoder().decode(SpecFile.self, from: Data(contentsOf: url)).tests
        // The whole file runs: a case left out would be a silent difference.
        XCTAssertEqual(tests.count, expectedCount)
        for test in tests {
            let name = test.name
            var sources = [TemplateSource(name: "test", path: "\(file): \(name)", text: test.template)]
            for (partialName, text) in (test.partials ?? [:]).sorted(by: { $0.key < $1.key }) {
                sources.append(TemplateSource(name: partialName, path: "\(file): \(name), partial \(partialName)", text: text))
            }
            do {
                let library = try TemplateLibrary(sources, missingPartials: .renderNothing)
                let output = try library.render("test", test.data.value)
                XCTAssertEqual(output, test.expected, "\(file): \(name)")
            } catch {
                XCTFail("\(file): \(name): \(error)")
            }
        }
    }
}

/// JSON as the specification's files hold it, decoded strictly (a number is not a boolean).
enum JSON: Decodable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSON]), object([String: JSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .int(number)
        } else if let number = try? container.decode(Double.self) {
            self = .double(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let array = try? container.decode([JSON].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    var value: TemplateValue {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .array(let items): .list(items.map(\.value))
        case .object(let fields):
            .object(TemplateObject(fields.sorted { $0.key < $1.key }.map { (TemplateKey($0.key), $0.value.value) }))
        }
    }
}

struct SpecFile: Decodable {
    struct Test: Decodable {
        var name: String
        var data: JSON
        var template: String
        var partials: [String: String]?
        var expected: String
    }

    var tests: [Test]
}

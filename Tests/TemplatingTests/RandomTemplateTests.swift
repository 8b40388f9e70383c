import Foundation
import SeededRandom
import Templating
import XCTest

/// Random templates (white space, line breaks, standalone tags of every kind, partials with
/// indentation, inheritance) rendered by swift-mustache and by Templating: the bytes must be the
/// same. Lists are left out of sections here: an indented partial that draws a list is where the
/// two differ on purpose (only the first item is indented by swift-mustache; see RenderingTests),
/// as they do for block defaults whose first line is indented (see `piece`).
/// Every template starts with a letter: sitegen puts a pragma tag before each template's first
/// line for swift-mustache, and that tag standing alone takes a first line of only white space
/// away with it, which is sitegen's set-up and not Mustache.
final class RandomTemplateTests: XCTestCase {
    func testRandomTemplatesRenderTheSameBytesAsSwiftMustache() throws {
        var random = SeededGenerator(seed: 2026)
        var compared = 0
        for round in 0..<600 {
            let sources = self.sources(&random)
            // Only templates that both accept, and that include each other without end in neither.
            guard let reference = try? SwiftMustacheReference(sources),
                  let library = try? TemplateLibrary(sources, missingPartials: .renderNothing)
            else { continue }
            for _ in 0..<3 {
                let context = self.context(&random)
                let expected = reference.render("main", context)
                let output = try library.render("main", TemplateValue(any: context))
                guard output == expected else {
                    XCTFail("round \(round): templates \(sources.map { "\($0.name): \($0.text.debugDescription)" }) context \(context)\n"
                            + "Templating:     \(output.debugDescription)\nswift-mustache: \(expected.debugDescription)")
                    return
                }
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 600)
    }

    /// Text given as UTF-8 bytes (`TemplateValue.utf8`) renders exactly as the same text given
    /// as a String, wherever it stands: interpolated, escaped or not, as a section, inverted,
    /// in indented partials and blocks.
    func testTextAsBytesRendersAsTheSameString() throws {
        var random = SeededGenerator(seed: 2027)
        var compared = 0
        var differentBytes = 0
        for _ in 0..<600 {
            let sources = self.sources(&random)
            guard let library = try? TemplateLibrary(sources, missingPartials: .renderNothing) else { continue }
            for _ in 0..<3 {
                let context = TemplateValue(any: self.context(&random))
                let bytes = Self.asBytes(context)
                let expected = try library.render("main", context)
                XCTAssertEqual(try library.render("main", bytes), expected, "templates \(sources.map(\.text))")
                compared += 1
                if expected != (try library.render("main", Self.asBytes(context, upperCased: true))) { differentBytes += 1 }
            }
        }
        XCTAssertGreaterThan(compared, 600)
        // The bytes are written, not the String they came from: other bytes give other pages.
        XCTAssertGreaterThan(differentBytes, 100)
    }

    /// `value` with every string given as its UTF-8 bytes instead (upper-cased first, if asked).
    private static func asBytes(_ value: TemplateValue, upperCased: Bool = false) -> TemplateValue {
        switch value {
        case .string(let text): return .utf8(Array((upperCased ? text.uppercased() : text).utf8))
        case .list(let items): return .list(items.map { asBytes($0, upperCased: upperCased) })
        case .object(let object):
            return .object(TemplateObject(object.keys.map { ($0, asBytes(object[$0]!, upperCased: upperCased)) }))
        default: return value
        }
    }

    private static let texts = ["a", "b c", " ", "  ", "\t", "\n", "\n", "\n", "x\n", "  y\n", "<&>"]
    private static let names = ["s", "t", "o", "v"]
    /// Names interpolated: never an object, which swift-mustache writes as Swift's description of
    /// a dictionary, and Templating as nothing.
    private static let shown = ["s", "t", "v", "o.v"]

    /// Three random templates: `main`, which may include `p` and `q`, `p`, which may include
    /// `q`, and `q`.
    private func sources(_ random: inout SeededGenerator) -> [TemplateSource] {
        [
            TemplateSource(name: "main", path: "main", text: template(&random, level: 0)),
            TemplateSource(name: "p", path: "p", text: template(&random, level: 1)),
            TemplateSource(name: "q", path: "q", text: template(&random, level: 2)),
        ]
    }

    /// A template of `level` 0 (main), 1 (p) or 2 (q): each includes only those after it, so no
    /// template includes itself (swift-mustache would recurse until the stack overflows).
    private func template(_ random: inout SeededGenerator, level: Int) -> String {
        "<" + body(&random, level: level, depth: 0, blocks: true)
    }

    private func body(_ random: inout SeededGenerator, level: Int, depth: Int, blocks: Bool) -> String {
        var out = ""
        for _ in 0..<Int.random(in: 1...10, using: &random) {
            out += piece(&random, level: level, depth: depth, blocks: blocks)
        }
        return out
    }

    private func piece(_ random: inout SeededGenerator, level: Int, depth: Int, blocks: Bool) -> String {
        let name = Self.names.randomElement(using: &random)!
        let shown = Self.shown.randomElement(using: &random)!
        switch Int.random(in: 0..<14, using: &random) {
        case 0...4: return Self.texts.randomElement(using: &random)!
        case 5: return "{{\(shown)}}"
        case 6: return ["{{{\(shown)}}}", "{{& \(shown) }}"].randomElement(using: &random)!
        case 7: return "{{! comment }}"
        case 8 where depth < 3:
            let sigil = Bool.random(using: &random) ? "#" : "^"
            return "{{\(sigil)\(name)}}" + body(&random, level: level, depth: depth + 1, blocks: blocks) + "{{/\(name)}}"
        case 9: return (["{{> missing}}"] + (level < 1 ? ["{{> p}}"] : []) + (level < 2 ? ["{{>q}}"] : [])).randomElement(using: &random)!
        case 10 where blocks && depth < 3:
            // A default that starts with a letter: when a block's opening tag stands alone and its
            // default's first line is indented, an override is indented as much (the Mustache
            // specification's "intrinsic indentation"), which swift-mustache does not do.
            let start = ["x", "\nx"].randomElement(using: &random)!
            return "{{$b}}" + start + body(&random, level: level, depth: depth + 1, blocks: false) + "{{/b}}"
        case 11 where blocks && depth < 2 && level < 2:
            // An override that included a partial could expand its own block again without end.
            let override = Bool.random(using: &random) ? "{{$b}}" + body(&random, level: 2, depth: 3, blocks: false) + "{{/b}}" : ""
            let spacing = ["", "\n", " "].randomElement(using: &random)!
            return "{{<q}}" + spacing + override + spacing + "{{/q}}"
        case 12: return "{{=<% %>=}}<%\(shown)%><%={{ }}=%>"
        default: return Self.texts.randomElement(using: &random)!
        }
    }

    private func context(_ random: inout SeededGenerator) -> [String: Any] {
        func value(object: Bool) -> Any {
            switch Int.random(in: object ? 0..<5 : 0..<4, using: &random) {
            case 0: return Bool.random(using: &random)
            case 1: return ["", "v", "a\nb", "<x>\n"].randomElement(using: &random)!
            case 2: return Int.random(in: 0...2, using: &random)
            case 3: return ""
            default: return ["v": ["w", "", "z\n"].randomElement(using: &random)!] as [String: Any]
            }
        }
        var context: [String: Any] = [:]
        for name in Self.names where Int.random(in: 0..<5, using: &random) > 0 { context[name] = value(object: name == "o") }
        return context
    }
}

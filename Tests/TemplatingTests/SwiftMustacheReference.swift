import Foundation
import Mustache
import Templating

/// swift-mustache set up exactly as sitegen's `TemplateSet` sets it up for its pages (the
/// same content type on every template, the same wrapping of texts), so that tests can compare
/// Templating's output with what sitegen has been writing.
struct SwiftMustacheReference {
    let library: MustacheLibrary

    init(_ sources: [TemplateSource]) throws {
        MustacheContentTypes.register(ReferenceHTMLEscaping(), named: ReferenceHTMLEscaping.name)
        var library = MustacheLibrary()
        for source in sources {
            library.register(try MustacheTemplate(string: ReferenceHTMLEscaping.pragma + source.text), named: source.name)
        }
        self.library = library
    }

    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(ReferenceText.wrap(context), withTemplate: name) ?? ""
    }
}

/// sitegen's `TemplateText`: texts as swift-mustache sees them (an empty one is false).
struct ReferenceText: MustacheCustomRenderable, Sendable {
    var text: String
    var renderText: String { text }
    var isNull: Bool { text.isEmpty }

    static func wrap(_ value: Any) -> Any {
        switch value {
        case let text as String: return ReferenceText(text: text)
        case let dictionary as [String: Any]: return dictionary.mapValues(wrap)
        case let array as [Any]: return array.map(wrap)
        default: return value
        }
    }
}

/// sitegen's `FastHTMLEscaping`: the escaping every sitegen template is read with.
struct ReferenceHTMLEscaping: MustacheContentType {
    static let name = "SITEGEN_HTML"
    static let pragma = "{{% CONTENT_TYPE: SITEGEN_HTML }}"

    func escapeText(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension TemplateValue {
    /// The value a `[String: Any]` page context of sitegen's stands for.
    init(any value: Any) {
        switch value {
        case let text as String: self = .string(text)
        case let flag as Bool: self = .bool(flag)
        case let number as Int: self = .int(number)
        case let number as Double: self = .double(number)
        case let dictionary as [String: Any]:
            self = .object(TemplateObject(dictionary.map { (TemplateKey($0.key), TemplateValue(any: $0.value)) }))
        case let array as [Any]: self = .list(array.map(TemplateValue.init(any:)))
        default: self = .null
        }
    }
}

/// The repository's `Templates/` folder, as `TemplateSource`s named as sitegen names them.
enum ProjectTemplates {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates").resolvingSymlinksInPath()
    }

    static func sources() throws -> [TemplateSource] {
        let root = folder.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var sources: [TemplateSource] = []
        for case let relative as String in enumerator where relative.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
            sources.append(TemplateSource(
                name: String(relative.dropLast(".mustache".count)), path: "Templates/" + relative, text: text))
        }
        return sources.sorted { $0.name < $1.name }
    }
}

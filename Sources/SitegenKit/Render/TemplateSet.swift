import Diagnostics
import Foundation
import Mustache

/// The Mustache templates of `Templates/` (docs/templates.md), parsed and checked.
public struct TemplateSet: Sendable {
    /// The templates every site needs, by name.
    public static let requiredNames = ["index", "guide", "scenario"]
    /// The template a site with a glossary needs.
    public static let glossaryName = "glossary"

    private let library: MustacheLibrary
    /// Template names that were loaded, each with its file path.
    public let paths: [String: String]

    /// Parses every `*.mustache` file under `Templates/` (names keep their subfolder:
    /// `partials/header`). A template that does not parse, a partial or parent that does not
    /// exist, and a missing required template are errors with file and line.
    static func load(
        files: [SourceFile], folder: String, needsGlossary: Bool, diagnostics: inout [Diagnostic]
    ) -> TemplateSet {
        var library = MustacheLibrary()
        var paths: [String: String] = [:]
        var texts: [String: SourceFile] = [:]
        MustacheContentTypes.register(FastHTMLEscaping(), named: FastHTMLEscaping.name)
        for file in files {
            let name = String(file.path.dropFirst(folder.count + 1).dropLast(".mustache".count))
            paths[name] = file.path
            texts[name] = file
            do {
                // The pragma goes on the first line, so line numbers stay the template's own.
                library.register(try MustacheTemplate(string: FastHTMLEscaping.pragma + file.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                let column =
                    error.context.lineNumber == 1
                    ? max(1, error.context.columnNumber - FastHTMLEscaping.pragma.count) : error.context.columnNumber
                diagnostics.append(
                    RenderProblem.templateSyntax(
                        describe(error.error), at: SourceLocation(file: file.path, line: error.context.lineNumber, column: column)))
            } catch {
                diagnostics.append(RenderProblem.templateSyntax(error, file: file.path))
            }
        }
        for name in requiredNames + (needsGlossary ? [glossaryName] : []) where paths[name] == nil {
            diagnostics.append(RenderProblem.templateMissing("\(folder)/\(name).mustache"))
        }
        // swift-mustache renders a missing partial as nothing; catch the typo here instead.
        for name in paths.keys.sorted() {
            guard let file = texts[name] else { continue }
            for reference in partialReferences(in: file.text) where paths[reference.name] == nil {
                diagnostics.append(
                    RenderProblem.templatePartialMissing(
                        reference.name, folder: folder,
                        at: SourceRange(
                            start: SourceLocation(file: file.path, line: reference.line, column: reference.column), length: reference.length
                        )))
            }
        }
        return TemplateSet(library: library, paths: paths)
    }

    /// Renders template `name` with `context`. Every String in `context`, at any depth, is
    /// given to the templates as `TemplateText`, so an empty one counts as false in a section.
    func render(_ name: String, context: [String: Any]) -> String {
        library.render(TemplateText.wrap(context), withTemplate: name) ?? ""
    }

    struct Reference {
        var name: String
        var line: Int
        var column: Int
        var length: Int
    }

    /// The `{{> name}}` and `{{< name}}` tags of a template, with their places.
    static func partialReferences(in text: String) -> [Reference] {
        var references: [Reference] = []
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let afterOpen = rest[open.upperBound...]
                guard let first = afterOpen.first, first == ">" || first == "<",
                    let close = afterOpen.range(of: "}}")
                else {
                    rest = afterOpen
                    continue
                }
                let name = afterOpen[afterOpen.index(after: afterOpen.startIndex)..<close.lowerBound]
                    .trimmingCharacters(in: .whitespaces)
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                let length = line.distance(from: open.lowerBound, to: close.upperBound)
                references.append(Reference(name: name, line: lineIndex + 1, column: column, length: length))
                rest = afterOpen[close.upperBound...]
            }
        }
        return references
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a name that does not match its opening tag"
        case .unfinishedName: return "a tag is not finished"
        case .expectedSectionEnd: return "a section is never closed"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        default: return "\(error)"
        }
    }
}

/// HTML escaping for `{{name}}`, the same characters as swift-mustache's own (`<`, `>`, `&`,
/// `"`, `'`), but over UTF-8 bytes with a fast path for text that needs none. The library's
/// escaper looks every `Character` up in a dictionary, which made escaping a sixth of a
/// build's time on Japanese pages. Every template is read with this content type.
struct FastHTMLEscaping: MustacheContentType {
    static let name = "SITEGEN_HTML"
    static let pragma = "{{% CONTENT_TYPE: SITEGEN_HTML }}"

    func escapeText(_ text: String) -> String {
        var text = text
        let needsEscaping = text.withUTF8 { bytes in
            bytes.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 })
        }
        // Nearly every value (titles, dates, URLs) has nothing to escape: hand back the same
        // String rather than decoding its bytes into a new one.
        guard needsEscaping else { return text }
        return text.withUTF8 { bytes -> String in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                case 0x27: out.append(contentsOf: "&#39;".utf8)
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

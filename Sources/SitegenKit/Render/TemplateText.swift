import Diagnostics
import Foundation
import Mustache

/// A text value as the templates see it.
///
/// swift-mustache renders a section for any String, even an empty one, so `{{#glossary_url}}`
/// would show a link to nowhere on a site without a glossary. Wrapped, an empty text counts as
/// false in `{{#name}}` and as true in `{{^name}}`, as in most Mustache implementations and as
/// docs/templates.md says. A value the library can render directly also spares every
/// `{{name}}` its fallback through failed casts and `String(describing:)`.
struct TemplateText: MustacheCustomRenderable, MustacheTransformable, Sendable, Hashable {
    var text: String

    init(_ text: String) { self.text = text }

    var renderText: String { text }
    var isNull: Bool { text.isEmpty }

    /// The library's transforms on strings (`{{uppercased(name)}}` and the like) still apply.
    func transform(_ name: String) -> Any? { text.transform(name) }

    /// `value` with every String in it, in dictionaries and arrays at any depth, wrapped.
    /// Lists made once per guide and already wrapped are handed on as they are.
    static func wrap(_ value: Any) -> Any {
        switch value {
        case is TemplateText, is [String: TemplateText], is [[String: TemplateText]]:
            return value
        case let text as String:
            return TemplateText(text)
        case let dictionary as [String: Any]:
            return dictionary.mapValues(wrap)
        case let array as [Any]:
            return array.map(wrap)
        default:
            return value
        }
    }
}

/// Where a tag is: its template and its byte range, for errors.
struct Position: Sendable {
    var template: Int32
    var offset: Int32
    var length: Int32
}

/// A variable's name, split at its dots once, when the template is compiled.
struct Path: Sendable {
    enum Kind: Sendable {
        /// `{{.}}`: the current context itself.
        case current
        /// `{{a.b}}`: `a` is looked up through the context stack, then `b` in it.
        case stack
        /// `{{.a}}`: `a` is looked up in the current context only.
        case anchored
    }

    var kind: Kind
    var keys: [TemplateKey]

    init(_ name: [UInt8]) {
        let parts = name.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: true)
        keys = parts.map { TemplateKey(String(decoding: $0, as: UTF8.self)) }
        if keys.isEmpty {
            kind = .current
        } else {
            kind = name.first == UInt8(ascii: ".") ? .anchored : .stack
        }
    }
}

/// A compiled template: what to write, and what to look up, in order.
enum Node: Sendable {
    /// Literal bytes, possibly several lines.
    case text([UInt8])
    case variable(Path, escaped: Bool)
    case section(Path, [Node], inverted: Bool)
    /// `{{> name}}`, before linking; `indentation` is set when the tag stands alone on its line.
    case partialName(String, indentation: [UInt8]?, Position)
    /// `{{< name}}…{{/name}}`, before linking.
    case parentName(String, indentation: [UInt8], blocks: [Block], Position)
    /// A partial, linked: the index of its template in the library (-1: none, renders nothing).
    case partial(Int, indentation: [UInt8]?, Position)
    case parent(Int, indentation: [UInt8], blocks: [Block], Position)
    /// `{{$name}}default{{/name}}` where a template expands a block.
    /// - `indentation`: the white space before the tag at the start of its line.
    /// - `intrinsic`: when the opening tag stands alone, the indentation of the default
    ///   content's first line, which an override is indented by.
    case block(TemplateKey, defaultNodes: [Node], indentation: [UInt8], intrinsic: [UInt8])
    /// `{{$name}}…{{/name}}` directly inside a parent tag: an override (parsing only).
    case blockDefinition(TemplateKey, [Node], Position)
}

/// An override of a block, given with a parent tag.
struct Block: Sendable {
    var key: TemplateKey
    var nodes: [Node]
}

/// Renders compiled nodes over typed values into UTF-8 bytes.
struct Renderer {
    let library: TemplateLibrary
    var out: [UInt8]
    /// The context stack: the page's value at the bottom, a section's value on top.
    private var stack: [TemplateValue]
    /// Block overrides in force, outermost first: the first one found for a name wins (a
    /// child's override beats its parent's, as in swift-mustache).
    private var overrides: [Block] = []
    /// Indentation scopes: every partial or block expansion that changes the indentation.
    private var scopes: [Scope]
    /// How many scopes indent at all; when none do, text is written without looking at lines.
    private var indentingScopes = 0
    private var depth = 0
    /// The partial and parent tags being expanded, innermost last, for the recursion error.
    private var trail: [Position] = []

    private struct Scope {
        /// `out.count` when the scope began: it has written something once `out` is longer.
        var start: Int
        /// Written after every line break the scope writes, before what follows it.
        var indentation: [UInt8]
        /// Written before the scope's first output (a block override's intrinsic indentation).
        var prefix: [UInt8]
    }

    init(library: TemplateLibrary, out: [UInt8], context: TemplateValue) {
        self.library = library
        self.out = out
        stack = [context]
        stack.reserveCapacity(16)
        scopes = [Scope(start: out.count, indentation: [], prefix: [])]
    }

    mutating func render(_ nodes: [Node]) throws(TemplateError) {
        // Each kind of node is handled in a function of its own, so that this function's stack
        // frame, which every level of nesting repeats, stays small.
        for node in nodes {
            switch node {
            case .text(let text):
                if indentingScopes == 0 { out.append(contentsOf: text) } else { writeLines(text) }
            case .variable(let path, let escaped):
                if let value = lookup(path) { write(value, escaped: escaped) }
            case .section(let path, let body, let inverted):
                try section(path, body, inverted: inverted)
            case .partial(let index, let indentation, let at):
                try partial(index, indentation: indentation, blocks: nil, at: at)
            case .parent(let index, let indentation, let blocks, let at):
                try partial(index, indentation: indentation, blocks: blocks, at: at)
            case .block(let key, let defaultNodes, let indentation, let intrinsic):
                try block(key, defaultNodes, indentation: indentation, intrinsic: intrinsic)
            case .partialName, .parentName, .blockDefinition:
                // Linked or consumed while compiling; never rendered.
                continue
            }
        }
    }

    @inline(never)
    private mutating func section(_ path: Path, _ body: [Node], inverted: Bool) throws(TemplateError) {
        let value = lookup(path) ?? .null
        if inverted {
            if !Self.isTruthy(value) { try nested(body) }
            return
        }
        switch value {
        case .null, .bool(false):
            return
        case .bool(true):
            try nested(body)
        case .string(let text) where text.isEmpty:
            return
        case .utf8(let bytes) where bytes.isEmpty:
            return
        case .list(let items):
            for item in items {
                stack.append(item)
                try nested(body)
                stack.removeLast()
            }
        default:
            stack.append(value)
            try nested(body)
            stack.removeLast()
        }
    }

    /// A partial, or a parent with its block overrides.
    @inline(never)
    private mutating func partial(_ index: Int, indentation: [UInt8]?, blocks: [Block]?, at: Position) throws(TemplateError) {
        guard index >= 0 else { return }
        trail.append(at)
        let count = overrides.count
        if let blocks { overrides.append(contentsOf: blocks) }
        try expand(library.templates[index].nodes, indentation: indentation ?? [], prefix: [])
        overrides.removeSubrange(count...)
        trail.removeLast()
    }

    @inline(never)
    private mutating func block(_ key: TemplateKey, _ defaultNodes: [Node], indentation: [UInt8], intrinsic: [UInt8]) throws(TemplateError) {
        if let override = overrides.first(where: { $0.key == key }) {
            try expand(override.nodes, indentation: indentation + intrinsic, prefix: intrinsic)
        } else {
            try expand(defaultNodes, indentation: indentation, prefix: [])
        }
    }

    /// Mustache's truth: what a section draws and an inverted section skips.
    private static func isTruthy(_ value: TemplateValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let flag): return flag
        case .string(let text): return !text.isEmpty
        case .utf8(let bytes): return !bytes.isEmpty
        case .list(let items): return !items.isEmpty
        default: return true
        }
    }

    @inline(never)
    private mutating func nested(_ nodes: [Node]) throws(TemplateError) {
        depth += 1
        defer { depth -= 1 }
        guard depth <= TemplateLibrary.maximumRenderDepth else { throw tooDeep() }
        try render(nodes)
    }

    /// Renders `nodes` with `indentation` added to the current one, in a scope of its own.
    private mutating func expand(_ nodes: [Node], indentation: [UInt8], prefix: [UInt8]) throws(TemplateError) {
        guard !indentation.isEmpty || !prefix.isEmpty else { return try nested(nodes) }
        let current = scopes[scopes.count - 1].indentation
        scopes.append(Scope(start: out.count, indentation: current + indentation, prefix: prefix))
        indentingScopes += 1
        defer {
            scopes.removeLast()
            indentingScopes -= 1
        }
        try nested(nodes)
    }

    private func tooDeep() -> TemplateError {
        guard let at = trail.last else {
            return TemplateError(
                .recursion, file: library.templates.first?.path ?? "", line: 1, column: 1,
                message: "templates nest more than \(TemplateLibrary.maximumRenderDepth) levels deep")
        }
        return library.error(
            .recursion, at: at,
            "templates nest more than \(TemplateLibrary.maximumRenderDepth) levels deep here: does this partial include itself, through a section the data never ends?")
    }

    // MARK: - Values

    private func lookup(_ path: Path) -> TemplateValue? {
        let keys = path.keys
        var value: TemplateValue
        switch path.kind {
        case .current:
            return stack[stack.count - 1]
        case .anchored:
            guard let found = stack[stack.count - 1].child(keys[0]) else { return nil }
            value = found
        case .stack:
            var index = stack.count - 1
            while true {
                if let found = stack[index].child(keys[0]) {
                    value = found
                    break
                }
                if index == 0 { return nil }
                index -= 1
            }
        }
        var next = 1
        while next < keys.count {
            guard let found = value.child(keys[next]) else { return nil }
            value = found
            next += 1
        }
        return value
    }

    private mutating func write(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case .string(let text):
            writeText(text, escaped: escaped)
        case .utf8(let bytes):
            bytes.withUnsafeBufferPointer { writeBytes($0, escaped: escaped) }
        case .bool(let flag):
            writeChunk(flag ? Self.trueBytes : Self.falseBytes)
        case .int(let number):
            writeText(String(number), escaped: false)
        case .double(let number):
            writeText("\(number)", escaped: false)
        case .null, .list, .object, .fields:
            break
        }
    }

    private static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)

    private mutating func writeText(_ text: String, escaped: Bool) {
        var text = text
        text.withUTF8 { writeBytes($0, escaped: escaped) }
    }

    private mutating func writeBytes(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) {
        guard !bytes.isEmpty else { return }
        if indentingScopes > 0 { indentIfAtLineStart() }
        if escaped { HTMLEscaping.append(bytes, to: &out) } else { out.append(contentsOf: bytes) }
    }

    private mutating func writeChunk(_ bytes: [UInt8]) {
        if indentingScopes > 0 { indentIfAtLineStart() }
        out.append(contentsOf: bytes)
    }

    /// Text while some scope indents: line by line, so every line gets its indentation.
    private mutating func writeLines(_ text: [UInt8]) {
        var start = 0
        while start < text.count {
            var end = start
            while end < text.count, text[end] != UInt8(ascii: "\n") { end += 1 }
            if end < text.count { end += 1 }
            indentIfAtLineStart()
            out.append(contentsOf: text[start..<end])
            start = end
        }
    }

    /// Before a non-empty write: the indentation of the innermost scope that has written
    /// something, if that was a line break, then the prefix of any scope starting here. This is
    /// swift-mustache's rule (a token that follows a line break its template wrote is indented)
    /// applied to the whole output, so the items of a list are indented alike.
    private mutating func indentIfAtLineStart() {
        let count = out.count
        var index = scopes.count - 1
        while index > 0, scopes[index].start >= count { index -= 1 }
        // "\r\n" does not count: swift-mustache compares the last Character with "\n", and
        // "\r\n" is one Character.
        if count > scopes[index].start, out[count - 1] == UInt8(ascii: "\n"), count < 2 || out[count - 2] != UInt8(ascii: "\r") {
            out.append(contentsOf: scopes[index].indentation)
        }
        var starting = index + 1
        while starting < scopes.count {
            out.append(contentsOf: scopes[starting].prefix)
            starting += 1
        }
    }
}

/// HTML escaping for `{{name}}`: `<`, `>`, `&`, `"` and `'` become `&lt;`, `&gt;`, `&amp;`,
/// `&quot;` and `&#39;`, exactly as sitegen's pages have always had them.
enum HTMLEscaping {
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var start = 0
        for index in 0..<bytes.count {
            let replacement: StaticString
            switch bytes[index] {
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&#39;"
            default: continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            start = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }
}

/// Renders a library's ``Program`` over typed values into UTF-8 bytes.
struct Renderer: ~Copyable {
    let library: TemplateLibrary
    /// The library's instructions: read through its buffers, so walking them counts no
    /// reference.
    private let program: Program
    var out: OutputBytes
    /// The context stack: the page's value at the bottom, a section's value on top.
    private var stack: [TemplateValue]
    /// Block overrides in force, outermost first: the first one found for a name wins (a
    /// child's override beats its parent's, as in swift-mustache).
    private var overrides: [Program.Override] = []
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

    /// A renderer that writes after `written`, into `storage` (which holds `written` at least).
    init(library: TemplateLibrary, written: [UInt8], storage: consuming OutputBytes, context: TemplateValue) {
        self.library = library
        program = library.program
        out = storage
        out.append(written)
        stack = [context]
        stack.reserveCapacity(16)
        scopes = [Scope(start: written.count, indentation: [], prefix: [])]
    }

    /// Renders template number `index` of the library.
    mutating func render(template index: Int) throws(TemplateError) {
        try render(program.entries[index])
    }

    private mutating func render(_ body: Program.Span) throws(TemplateError) {
        // Each kind of instruction that nests is handled in a function of its own, so that this
        // function's stack frame, which every level of nesting repeats, stays small.
        var index = Int(body.start)
        let end = Int(body.end)
        while index < end {
            let op = program.ops[index]
            switch op.kind {
            case .text:
                if indentingScopes == 0 {
                    out.append(program.bytes(op.text))
                } else {
                    writeLines(program.bytes(op.text))
                }
            case .variable:
                if let value = lookup(op.pathKind, op.keys) { write(value, escaped: op.flag) }
            case .section:
                try section(op, body: Program.Span(start: Int32(index + 1), end: op.next))
            case .partial:
                try partial(op)
            case .block:
                try block(op, defaultBody: Program.Span(start: Int32(index + 1), end: op.next))
            }
            index = Int(op.next)
        }
    }

    @inline(never)
    private mutating func section(_ op: Program.Op, body: Program.Span) throws(TemplateError) {
        let value = lookup(op.pathKind, op.keys) ?? .null
        if op.flag {
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
    private mutating func partial(_ op: Program.Op) throws(TemplateError) {
        guard op.target >= 0 else { return }
        trail.append(program.positions[Int(op.position)])
        let count = overrides.count
        if !op.overrides.isEmpty {
            overrides.append(contentsOf: program.overrides[Int(op.overrides.start)..<Int(op.overrides.end)])
        }
        try expand(program.entries[Int(op.target)], indentation: op.text, more: .empty, prefix: .empty)
        overrides.removeSubrange(count...)
        trail.removeLast()
    }

    @inline(never)
    private mutating func block(_ op: Program.Op, defaultBody: Program.Span) throws(TemplateError) {
        if let override = overrides.first(where: { $0.key.id == op.target }) {
            try expand(override.body, indentation: op.text, more: op.intrinsic, prefix: op.intrinsic)
        } else {
            try expand(defaultBody, indentation: op.text, more: .empty, prefix: .empty)
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
    private mutating func nested(_ body: Program.Span) throws(TemplateError) {
        depth += 1
        defer { depth -= 1 }
        guard depth <= TemplateLibrary.maximumRenderDepth else { throw tooDeep() }
        try render(body)
    }

    /// Renders `body` with `indentation` and then `more` added to the current indentation, in
    /// a scope of its own that writes `prefix` before its first output.
    private mutating func expand(
        _ body: Program.Span, indentation: Program.Span, more: Program.Span, prefix: Program.Span
    ) throws(TemplateError) {
        guard !indentation.isEmpty || !more.isEmpty || !prefix.isEmpty else { return try nested(body) }
        var combined = scopes[scopes.count - 1].indentation
        combined.append(contentsOf: program.bytes(indentation))
        combined.append(contentsOf: program.bytes(more))
        scopes.append(Scope(start: out.count, indentation: combined, prefix: Array(program.bytes(prefix))))
        indentingScopes += 1
        defer {
            scopes.removeLast()
            indentingScopes -= 1
        }
        try nested(body)
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

    private func lookup(_ kind: Path.Kind, _ span: Program.Span) -> TemplateValue? {
        let keys = program.keys
        var next = Int(span.start)
        let end = Int(span.end)
        var value: TemplateValue
        switch kind {
        case .current:
            return stack[stack.count - 1]
        case .anchored:
            guard let found = stack[stack.count - 1].child(keys[next]) else { return nil }
            value = found
        case .stack:
            var index = stack.count - 1
            while true {
                if let found = stack[index].child(keys[next]) {
                    value = found
                    break
                }
                if index == 0 { return nil }
                index -= 1
            }
        }
        next += 1
        while next < end {
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
        // A native String lends its bytes where they are; `var text = text` and `withUTF8`
        // counted a reference on every text written.
        if text.utf8.withContiguousStorageIfAvailable({ writeBytes($0, escaped: escaped) }) != nil { return }
        var text = text
        text.withUTF8 { writeBytes($0, escaped: escaped) }
    }

    private mutating func writeBytes(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) {
        guard !bytes.isEmpty else { return }
        if indentingScopes > 0 { indentIfAtLineStart() }
        if escaped { HTMLEscaping.append(bytes, to: &out) } else { out.append(bytes) }
    }

    private mutating func writeChunk(_ bytes: [UInt8]) {
        if indentingScopes > 0 { indentIfAtLineStart() }
        out.append(bytes)
    }

    /// Text while some scope indents: line by line, so every line gets its indentation.
    private mutating func writeLines(_ text: UnsafeBufferPointer<UInt8>) {
        var start = 0
        while start < text.count {
            var end = start
            while end < text.count, text[end] != UInt8(ascii: "\n") { end += 1 }
            if end < text.count { end += 1 }
            indentIfAtLineStart()
            out.append(UnsafeBufferPointer(rebasing: text[start..<end]))
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
            out.append(scopes[index].indentation)
        }
        var starting = index + 1
        while starting < scopes.count {
            out.append(scopes[starting].prefix)
            starting += 1
        }
    }
}

/// HTML escaping for `{{name}}`: `<`, `>`, `&`, `"` and `'` become `&lt;`, `&gt;`, `&amp;`,
/// `&quot;` and `&#39;`, exactly as sitegen's pages have always had them.
enum HTMLEscaping {
    /// Appends `bytes` to `out` with `<`, `>`, `&`, `"` and `'` escaped. Eight bytes are read
    /// as one word, and words without a byte to escape, nearly all of a page's text, are passed
    /// on a few operations: a byte at a time, the check was 2 % of a build's instructions.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout OutputBytes) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var start = 0
        var index = 0
        while index < count {
            if index + 8 <= count, !mayNeedEscaping(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            // The last bytes, fewer than eight, read as the word that ends the text (its first
            // bytes were passed already): most values are short (a title, a label), and their
            // tail one byte at a time cost a third of their escaping.
            if index + 8 > count, count >= 8, !mayNeedEscaping(UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self)) {
                index = count
                break
            }
            // A word with a byte to escape, or the last bytes: one at a time.
            let end = min(index + 8, count)
            while index < end {
                let replacement: StaticString
                switch base[index] {
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default:
                    index += 1
                    continue
                }
                out.append(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                out.append(UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                index += 1
                start = index
            }
        }
        out.append(UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether one of the eight bytes of `word` may be one to escape; `false` only when none is.
    /// Every byte escaped is below `?` (0x3F): a word whose bytes are all at least that (letters,
    /// every byte of Japanese text) is told at once; one with a smaller byte (a space, a digit)
    /// is checked in two looks that cover the five bytes, and `#` besides.
    @inline(__always)
    static func mayNeedEscaping(_ word: UInt64) -> Bool {
        // Some byte below 0x3F: the high bit of (byte - 0x3F) is set where the byte's own is not
        // (exact as a whole for bounds up to 0x80, though not byte by byte).
        guard (word &- ones &* 0x3F) & ~word & highBits != 0 else { return false }
        // With bit 1 set, `<` (0x3C) and `>` (0x3E) are both 0x3E, and no other byte is; with
        // bits 0 and 2 set, `"` (0x22), `&` (0x26) and `'` (0x27) are all 0x27, and of the
        // other bytes only `#` (0x23) is. Five looks for every word of ASCII text (a URL, a
        // calendar link's data) were most of its escaping.
        return hasByte(word | ones &* 0x02, 0x3E) || hasByte(word | ones &* 0x05, 0x27)
    }

    /// Whether a byte of `word` is `byte`: a byte equal to it is zero after the exclusive or.
    @inline(__always)
    private static func hasByte(_ word: UInt64, _ byte: UInt8) -> Bool {
        let masked = word ^ (ones &* UInt64(byte))
        return (masked &- ones) & ~masked & highBits != 0
    }
}

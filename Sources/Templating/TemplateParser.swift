/// Parses Mustache text into nodes, in one pass over its UTF-8 bytes.
///
/// White space and "standalone" lines are handled exactly as swift-mustache 2.1 does (the
/// library sitegen's templates were first written for), so pages come out byte for byte the
/// same: a tag alone on its line with only spaces or tabs around it removes that line; the
/// white space before a partial or a block is kept and also becomes its indentation. It also
/// does what the Mustache specification adds for blocks whose opening tag stands alone (an
/// override takes the indentation of the block's default content).
///
/// The parse is iterative (a stack of open sections, not recursion) and linear in the size of
/// the text, and sections may nest at most `maximumNesting` deep.
struct TemplateParser {
    static let maximumNesting = 100

    struct Failure: Error {
        var kind: TemplateError.Kind = .syntax
        var offset: Int
        var length: Int
        var message: String
    }

    private struct Flags: OptionSet {
        let rawValue: UInt8
        static let newLine = Flags(rawValue: 1)
        static let isPartialDefinition = Flags(rawValue: 2)
        static let isPartialDefinitionTopLevel = Flags(rawValue: 4)
    }

    private struct State {
        var sectionName: [UInt8]?
        var flags: Flags = .newLine
        var startDelimiter: [UInt8] = Array("{{".utf8)
        var endDelimiter: [UInt8] = Array("}}".utf8)
        var partialDefinitionIndent: Int?

        func withSectionName(_ name: [UInt8], newLine: Bool) -> State {
            var state = self
            state.sectionName = name
            state.flags.remove(.isPartialDefinitionTopLevel)
            if !newLine { state.flags.remove(.newLine) }
            return state
        }

        func withInheritancePartial(_ name: [UInt8]) -> State {
            var state = self
            state.sectionName = name
            state.flags.formUnion([.newLine, .isPartialDefinition, .isPartialDefinitionTopLevel])
            return state
        }
    }

    private enum FrameKind {
        case root
        case section(Path, inverted: Bool)
        case blockExpansion(TemplateKey, indentation: [UInt8], standalone: Bool)
        case blockDefinition(TemplateKey)
        case parent(String, indentation: [UInt8])
    }

    private struct Frame {
        var kind: FrameKind
        var state: State
        var nodes: [Node] = []
        var whiteSpaceBefore: [UInt8] = []
        /// Where the frame's opening tag is.
        var openOffset: Int
        var openLength: Int
        /// What the enclosing frame's `newLine` becomes when this one closes: whether the
        /// opening tag stood alone (swift-mustache's rule, kept for identical output).
        var resumeNewLine = false
    }

    private let bytes: [UInt8]
    private let template: Int32
    private var position = 0

    init(bytes: [UInt8], template: Int32) {
        self.bytes = bytes
        self.template = template
    }

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    mutating func parse() throws(Failure) -> [Node] {
        var frames = [Frame(kind: .root, state: State(), openOffset: 0, openLength: 0)]
        while true {
            var frame = frames.removeLast()
            defer { frames.append(frame) }
            if position == bytes.count { break }
            if frame.state.flags.contains(.newLine) {
                let whiteSpace = readSpacesAndTabs()
                if frame.state.flags.contains(.isPartialDefinition), !frame.state.flags.contains(.isPartialDefinitionTopLevel) {
                    // Inside an override, the first line's indentation is taken off every line.
                    if let indent = frame.state.partialDefinitionIndent {
                        frame.whiteSpaceBefore = Array(whiteSpace.dropFirst(indent))
                    } else {
                        frame.state.partialDefinitionIndent = whiteSpace.count
                    }
                } else {
                    frame.whiteSpaceBefore = whiteSpace
                }
            }
            let text = readText(until: frame.state.startDelimiter)
            // A line break here ends the line's text. (Right after a start delimiter too: then
            // swift-mustache drops the delimiter and keeps the line break, and so does this.)
            if position < bytes.count, case let length = lineBreakLength(at: position), length > 0 {
                append(.text(frame.whiteSpaceBefore + text + bytes[position..<position + length]), to: &frame.nodes)
                frame.state.flags.insert(.newLine)
                position += length
                continue
            }
            if !text.isEmpty {
                append(.text(frame.whiteSpaceBefore + text), to: &frame.nodes)
                frame.whiteSpaceBefore = []
                frame.state.flags.remove(.newLine)
            }
            // A start delimiter at the very end, or no tag: the text is done.
            if position == bytes.count { break }
            let tagStart = position - frame.state.startDelimiter.count
            var setNewLine = false
            switch bytes[position] {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                let inverted = bytes[position] == UInt8(ascii: "^")
                position += 1
                let name = try readName(frame.state, tagStart: tagStart)
                if isStandalone(frame.state) {
                    setNewLine = true
                } else if !frame.whiteSpaceBefore.isEmpty {
                    append(.text(frame.whiteSpaceBefore), to: &frame.nodes)
                    frame.whiteSpaceBefore = []
                }
                frame.resumeNewLine = setNewLine
                try open(
                    Frame(kind: .section(Path(name), inverted: inverted), state: frame.state.withSectionName(name, newLine: setNewLine),
                          openOffset: tagStart, openLength: position - tagStart),
                    on: &frame, frames: &frames)
                continue

            case UInt8(ascii: "/"):
                position += 1
                let name = try readName(frame.state, tagStart: tagStart, partial: true)
                guard let open = frame.state.sectionName, name == open else {
                    throw Failure(
                        offset: tagStart, length: position - tagStart,
                        message: frame.state.sectionName.map {
                            "{{/\(String(decoding: name, as: UTF8.self))}} closes a section opened as '\(String(decoding: $0, as: UTF8.self))'"
                        } ?? "{{/\(String(decoding: name, as: UTF8.self))}} closes a section that was never opened")
                }
                if !isStandalone(frame.state), !frame.whiteSpaceBefore.isEmpty {
                    append(.text(frame.whiteSpaceBefore), to: &frame.nodes)
                    frame.whiteSpaceBefore = []
                }
                var parent = frames.removeLast()
                try close(frame, into: &parent)
                parent.state.flags.remove(.newLine)
                if parent.resumeNewLine { parent.state.flags.insert(.newLine) }
                frame = parent
                continue

            case UInt8(ascii: "!"):
                position += 1
                guard let end = find(frame.state.endDelimiter, from: position) else {
                    throw Failure(offset: tagStart, length: 2, message: "a comment is never closed")
                }
                position = end + frame.state.endDelimiter.count
                setNewLine = isStandalone(frame.state)

            case UInt8(ascii: "{"), UInt8(ascii: "&"):
                let triple = bytes[position] == UInt8(ascii: "{")
                if !frame.whiteSpaceBefore.isEmpty {
                    append(.text(frame.whiteSpaceBefore), to: &frame.nodes)
                    frame.whiteSpaceBefore = []
                }
                position += 1
                let name = try readName(frame.state, tagStart: tagStart)
                if triple {
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "}") else {
                        throw Failure(offset: tagStart, length: position - tagStart, message: "a {{{ tag is not closed with }}}")
                    }
                    position += 1
                }
                try checkVariableName(name, tagStart: tagStart)
                frame.nodes.append(.variable(Path(name), escaped: false))

            case UInt8(ascii: ">"):
                position += 1
                skipWhiteSpace()
                let name = try readPartialName(frame.state, tagStart: tagStart)
                if !frame.whiteSpaceBefore.isEmpty { append(.text(frame.whiteSpaceBefore), to: &frame.nodes) }
                let at = Position(template: template, offset: Int32(tagStart), length: Int32(position - tagStart))
                if isStandalone(frame.state) {
                    setNewLine = true
                    frame.nodes.append(.partialName(name, indentation: frame.whiteSpaceBefore, at))
                } else {
                    frame.nodes.append(.partialName(name, indentation: nil, at))
                }
                frame.whiteSpaceBefore = []

            case UInt8(ascii: "<"):
                position += 1
                skipWhiteSpace()
                let name = try readPartialName(frame.state, tagStart: tagStart)
                if !frame.whiteSpaceBefore.isEmpty { append(.text(frame.whiteSpaceBefore), to: &frame.nodes) }
                if isStandalone(frame.state) { setNewLine = true }
                frame.resumeNewLine = setNewLine
                let indentation = frame.whiteSpaceBefore
                frame.whiteSpaceBefore = []
                try open(
                    Frame(kind: .parent(name, indentation: indentation), state: frame.state.withInheritancePartial(Array(name.utf8)),
                          openOffset: tagStart, openLength: position - tagStart),
                    on: &frame, frames: &frames)
                continue

            case UInt8(ascii: "$"):
                position += 1
                let name = try readName(frame.state, tagStart: tagStart)
                try checkVariableName(name, tagStart: tagStart)
                let key = TemplateKey(String(decoding: name, as: UTF8.self))
                let kind: FrameKind
                if frame.state.flags.contains(.isPartialDefinitionTopLevel) {
                    if isStandalone(frame.state) { setNewLine = true }
                    kind = .blockDefinition(key)
                } else {
                    if !frame.whiteSpaceBefore.isEmpty { append(.text(frame.whiteSpaceBefore), to: &frame.nodes) }
                    if isStandalone(frame.state) { setNewLine = true }
                    kind = .blockExpansion(key, indentation: frame.whiteSpaceBefore, standalone: setNewLine)
                    frame.whiteSpaceBefore = []
                }
                frame.resumeNewLine = setNewLine
                try open(
                    Frame(kind: kind, state: frame.state.withSectionName(name, newLine: setNewLine),
                          openOffset: tagStart, openLength: position - tagStart),
                    on: &frame, frames: &frames)
                continue

            case UInt8(ascii: "="):
                position += 1
                try setDelimiters(&frame.state, tagStart: tagStart)
                setNewLine = isStandalone(frame.state)

            case UInt8(ascii: "%"):
                throw Failure(kind: .unsupported, offset: tagStart, length: 3, message: "pragmas ({{% … }}) are not supported")

            default:
                if !frame.whiteSpaceBefore.isEmpty {
                    append(.text(frame.whiteSpaceBefore), to: &frame.nodes)
                    frame.whiteSpaceBefore = []
                }
                let name = try readName(frame.state, tagStart: tagStart)
                try checkVariableName(name, tagStart: tagStart)
                frame.nodes.append(.variable(Path(name), escaped: true))
            }
            if setNewLine { frame.state.flags.insert(.newLine) } else { frame.state.flags.remove(.newLine) }
        }
        guard frames.count == 1, let root = frames.first else {
            let open = frames[frames.count - 1]
            let name = open.state.sectionName.map { String(decoding: $0, as: UTF8.self) } ?? ""
            throw Failure(offset: open.openOffset, length: open.openLength, message: "section '\(name)' is never closed")
        }
        return root.nodes
    }

    // MARK: - Frames

    private mutating func open(_ child: Frame, on frame: inout Frame, frames: inout [Frame]) throws(Failure) {
        guard frames.count < Self.maximumNesting else {
            throw Failure(
                offset: child.openOffset, length: child.openLength,
                message: "sections are nested more than \(Self.maximumNesting) deep")
        }
        frames.append(frame)
        frame = child
    }

    /// Ends `frame` at its closing tag and adds what it makes to `parent`.
    private func close(_ frame: Frame, into parent: inout Frame) throws(Failure) {
        switch frame.kind {
        case .root:
            break
        case .section(let path, let inverted):
            parent.nodes.append(.section(path, frame.nodes, inverted: inverted))
        case .blockDefinition(let key):
            parent.nodes.append(.blockDefinition(key, frame.nodes, at(frame)))
        case .blockExpansion(let key, let indentation, let standalone):
            var intrinsic: [UInt8] = []
            if standalone, case .text(let text)? = frame.nodes.first {
                intrinsic = Array(text.prefix { $0 == Self.space || $0 == Self.tab })
            }
            parent.nodes.append(.block(key, defaultNodes: frame.nodes, indentation: indentation, intrinsic: intrinsic))
        case .parent(let name, let indentation):
            var blocks: [Block] = []
            for node in frame.nodes {
                switch node {
                case .blockDefinition(let key, let nodes, _):
                    // A later override of the same block wins, as in swift-mustache.
                    if let index = blocks.firstIndex(where: { $0.key == key }) {
                        blocks[index].nodes = nodes
                    } else {
                        blocks.append(Block(key: key, nodes: nodes))
                    }
                case .text:
                    break
                default:
                    throw Failure(
                        offset: frame.openOffset, length: frame.openLength,
                        message: "only {{$block}} overrides and text may stand inside {{<\(name)}}")
                }
            }
            parent.nodes.append(.parentName(name, indentation: indentation, blocks: blocks, at(frame)))
        }
    }

    private func at(_ frame: Frame) -> Position {
        Position(template: template, offset: Int32(frame.openOffset), length: Int32(frame.openLength))
    }

    /// Adds text, joined to the text before it so that rendering writes it at once.
    private func append(_ node: Node, to nodes: inout [Node]) {
        guard case .text(let text) = node, !text.isEmpty else { return }
        if case .text? = nodes.last, case .text(var previous) = nodes.removeLast() {
            // Taken out of the array, the bytes are not shared, so this appends in place: a
            // template of many lines is joined in linear time.
            previous.append(contentsOf: text)
            nodes.append(.text(previous))
        } else {
            nodes.append(node)
        }
    }

    // MARK: - Reading

    private mutating func readSpacesAndTabs() -> [UInt8] {
        let start = position
        while position < bytes.count, bytes[position] == Self.space || bytes[position] == Self.tab { position += 1 }
        return Array(bytes[start..<position])
    }

    /// Text up to a newline (not consumed) or the start delimiter (consumed).
    private mutating func readText(until delimiter: [UInt8]) -> [UInt8] {
        let start = position
        guard let first = delimiter.first else { return [] }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Self.newline { return Array(bytes[start..<position]) }
            if byte == first, matches(delimiter, at: position) {
                let text = Array(bytes[start..<position])
                position += delimiter.count
                return text
            }
            position += 1
        }
        return Array(bytes[start..<position])
    }

    private func matches(_ string: [UInt8], at offset: Int) -> Bool {
        guard offset + string.count <= bytes.count else { return false }
        for index in string.indices where bytes[offset + index] != string[index] { return false }
        return true
    }

    private func find(_ string: [UInt8], from offset: Int) -> Int? {
        guard let first = string.first else { return nil }
        var index = offset
        while index < bytes.count {
            if bytes[index] == first, matches(string, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// Whether the line ends right after the tag (only spaces or tabs, then a line break or the
    /// end); if so, they are consumed. swift-mustache counts every Unicode line break here.
    private mutating func hasLineFinished() -> Bool {
        if position == bytes.count { return true }
        var index = position
        while index < bytes.count, bytes[index] == Self.space || bytes[index] == Self.tab { index += 1 }
        guard index < bytes.count else { return false }
        let length = lineBreakLength(at: index)
        guard length > 0 else { return false }
        position = index + length
        return true
    }

    private func lineBreakLength(at index: Int) -> Int {
        switch bytes[index] {
        case 0x0A, 0x0B, 0x0C: return 1
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE2:
            return index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) ? 3 : 0
        default: return 0
        }
    }

    private mutating func isStandalone(_ state: State) -> Bool {
        state.flags.contains(.newLine) && hasLineFinished()
    }

    /// Length of the white-space character at `index` (any Unicode white space, as
    /// swift-mustache skips inside tags), or 0.
    private func whiteSpaceLength(at index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x20 || (0x09...0x0D).contains(byte) { return 1 }
        guard byte >= 0xC2, index + 1 < bytes.count else { return 0 }
        let second = bytes[index + 1]
        if byte == 0xC2 { return second == 0x85 || second == 0xA0 ? 2 : 0 }
        guard index + 2 < bytes.count else { return 0 }
        let third = bytes[index + 2]
        switch (byte, second) {
        case (0xE1, 0x9A): return third == 0x80 ? 3 : 0  // U+1680
        case (0xE2, 0x80): return (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0
        case (0xE2, 0x81): return third == 0x9F ? 3 : 0  // U+205F
        case (0xE3, 0x80): return third == 0x80 ? 3 : 0  // U+3000, the ideographic space
        default: return 0
        }
    }

    private mutating func skipWhiteSpace() {
        while position < bytes.count {
            let length = whiteSpaceLength(at: position)
            guard length > 0 else { return }
            position += length
        }
    }

    private func isNameByte(_ byte: UInt8, partial: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "?"), UInt8(ascii: "*"),
            UInt8(ascii: "("), UInt8(ascii: ")"):
            return true
        case UInt8(ascii: "/"):
            return partial
        default:
            return false
        }
    }

    private mutating func readName(_ state: State, tagStart: Int, partial: Bool = false) throws(Failure) -> [UInt8] {
        skipWhiteSpace()
        let start = position
        while position < bytes.count, isNameByte(bytes[position], partial: partial) { position += 1 }
        let name = Array(bytes[start..<position])
        skipWhiteSpace()
        guard matches(state.endDelimiter, at: position) else {
            let end = find(state.endDelimiter, from: position).map { $0 + state.endDelimiter.count } ?? position
            throw Failure(
                offset: tagStart, length: max(1, min(end, bytes.count) - tagStart),
                message: "a tag is not finished, or its name has a character that names cannot have (letters, digits, . - _ ? * / only)")
        }
        position += state.endDelimiter.count
        if name.contains(UInt8(ascii: "(")) || name.contains(UInt8(ascii: ")")) {
            throw Failure(
                kind: .unsupported, offset: tagStart, length: position - tagStart,
                message: "transforms such as name(value) are not supported")
        }
        return name
    }

    private mutating func readPartialName(_ state: State, tagStart: Int) throws(Failure) -> String {
        if position < bytes.count, bytes[position] == UInt8(ascii: "*") {
            throw Failure(
                kind: .unsupported, offset: tagStart, length: 3,
                message: "dynamic partial names ({{>*name}}) are not supported")
        }
        return String(decoding: try readName(state, tagStart: tagStart, partial: true), as: UTF8.self)
    }

    private func checkVariableName(_ name: [UInt8], tagStart: Int) throws(Failure) {
        guard name.isEmpty else { return }
        throw Failure(offset: tagStart, length: max(1, position - tagStart), message: "a tag needs a name")
    }

    private mutating func setDelimiters(_ state: inout State, tagStart: Int) throws(Failure) {
        let failure = Failure(
            offset: tagStart, length: 3,
            message: "a set-delimiter tag is malformed (it reads {{=<start> <end>=}})")
        skipWhiteSpace()
        let start = position
        while position < bytes.count, whiteSpaceLength(at: position) == 0 { position += 1 }
        guard position < bytes.count else { throw failure }
        let startDelimiter = Array(bytes[start..<position])
        skipWhiteSpace()
        let endStart = position
        while position < bytes.count, whiteSpaceLength(at: position) == 0, bytes[position] != UInt8(ascii: "=") { position += 1 }
        guard position < bytes.count else { throw failure }
        let endDelimiter = Array(bytes[endStart..<position])
        skipWhiteSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else { throw failure }
        position += 1
        guard matches(state.endDelimiter, at: position) else { throw failure }
        position += state.endDelimiter.count
        guard !startDelimiter.isEmpty, !endDelimiter.isEmpty else { throw failure }
        state.startDelimiter = startDelimiter
        state.endDelimiter = endDelimiter
        state.flags.remove(.isPartialDefinitionTopLevel)
    }
}

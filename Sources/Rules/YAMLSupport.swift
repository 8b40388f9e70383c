import Diagnostics
import Yams

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading YAML files into `Yams.Node`s with places for diagnostics. Shared by the loaders of
/// rules, scenarios and calendars.
enum YAMLSupport {
    /// The root node of `file`, or `nil` after reporting a `yaml.syntax` error. An empty file
    /// gives an empty mapping so that loaders report missing keys rather than a syntax error.
    static func compose(
        _ file: SourceFile, area: YAMLProblem.Area, diagnostics: inout [Diagnostic]
    ) -> Node? {
        do {
            // The loaders read every scalar's text themselves, so Yams need not guess types: the
            // basic resolver skips the regular expressions that its duplicate-key check would
            // otherwise run on every key (most of the time spent loading scenario files).
            // The encoding is named: Yams' default reads the whole environment for every file.
            return try Yams.compose(yaml: file.text, .basic, .default, .utf8) ?? Node.mapping(Node.Mapping([]))
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            diagnostics += duplicateKeyDiagnostics(duplicates, near: context.mark, in: file, area: area)
                .map(\.asRootCause)
            return nil
        } catch let error as YamlError {
            diagnostics.append(syntaxDiagnostic(error, file: file).asRootCause)
            return nil
        } catch {
            diagnostics.append(YAMLProblem.syntax("\(error)", file: file.path, invalidYAML: false).asRootCause)
            return nil
        }
    }

    private static func syntaxDiagnostic(_ error: YamlError, file: SourceFile) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _):
            var message = problem
            if let context { message = "\(problem) \(context.text)" }
            if let hint = YAMLHint.hint(problem: problem, line: file.line(mark.line), previous: file.line(mark.line - 1)) {
                message += "; \(hint)"
            }
            return YAMLProblem.syntax(message, at: location(of: mark, in: file))
        default:
            return YAMLProblem.syntax("\(error)", file: file.path)
        }
    }

    /// Yams refuses a mapping with a repeated key and names only the keys and one place, so
    /// the repeated lines are found in the text: the block-mapping entries at the same
    /// indentation as that place, within the block around it.
    private static func duplicateKeyDiagnostics(
        _ keys: [String], near mark: Mark, in file: SourceFile, area: YAMLProblem.Area
    ) -> [Diagnostic] {
        let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
        let anchorIndex = mark.line - 1
        guard lines.indices.contains(anchorIndex) else {
            return [YAMLProblem.duplicateKeys(keys, in: area, file: file.path)]
        }
        func indent(_ line: Substring) -> Int { line.prefix { $0 == " " }.count }
        func isBlank(_ line: Substring) -> Bool {
            let trimmed = line.drop { $0 == " " }
            return trimmed.isEmpty || trimmed.hasPrefix("#")
        }
        let level = indent(lines[anchorIndex])
        var first = anchorIndex
        while first > 0, isBlank(lines[first - 1]) || indent(lines[first - 1]) >= level { first -= 1 }
        var last = anchorIndex
        while last + 1 < lines.count, isBlank(lines[last + 1]) || indent(lines[last + 1]) >= level { last += 1 }
        var result: [Diagnostic] = []
        for key in keys {
            var places: [SourceRange] = []
            for index in first...last where !isBlank(lines[index]) && indent(lines[index]) == level {
                let rest = lines[index].dropFirst(level)
                let candidates = [key + ":", "\"\(key)\":", "'\(key)':"]
                if let match = candidates.first(where: { rest.hasPrefix($0) }) {
                    let quoted = match.hasPrefix("\"") || match.hasPrefix("'")
                    let start = SourceLocation(
                        file: file.path, line: index + 1, column: level + 1 + (quoted ? 1 : 0))
                    places.append(SourceRange(start: start, length: key.count))
                }
            }
            guard let firstPlace = places.first, places.count > 1 else {
                result.append(YAMLProblem.duplicateKey(key, in: area, at: SourceRange(location(of: mark, in: file)), firstDefinedAt: nil))
                continue
            }
            for place in places.dropFirst() {
                result.append(YAMLProblem.duplicateKey(key, in: area, at: place, firstDefinedAt: firstPlace))
            }
        }
        return result
    }

    /// Converts a libYAML mark (1-based line, 1-based column counting Unicode scalars) into a
    /// location whose column counts `Character`s, as diagnostics do.
    static func location(of mark: Mark, in file: SourceFile) -> SourceLocation {
        location(line: mark.line, column: mark.column, in: file)
    }

    /// `location(of:in:)` for a mark given as its line and column (libyaml's, counted from 1).
    static func location(line lineNumber: Int, column markColumn: Int, in file: SourceFile) -> SourceLocation {
        guard let line = file.line(lineNumber) else {
            return SourceLocation(file: file.path, line: lineNumber, column: markColumn)
        }
        let offset = max(markColumn - 1, 0)
        // Keys, ids and dates sit after ASCII text only: with every byte up to and including the
        // mark's own ASCII, each scalar is a character and the column is the offset.
        if line.utf8.count > offset, !line.utf8.prefix(offset + 1).contains(where: { $0 >= 0x80 }) {
            return SourceLocation(file: file.path, line: lineNumber, column: offset + 1)
        }
        var scalarsSeen = 0
        var column = 1
        // A scalar in the middle of a grapheme cluster rounds down to its character.
        for character in line {
            let width = character.unicodeScalars.count
            if scalarsSeen + width > offset { break }
            scalarsSeen += width
            column += 1
        }
        return SourceLocation(file: file.path, line: lineNumber, column: column)
    }

    /// Where `node`'s text starts (YAMLValuePlaces): past an anchor or a tag, inside a quote, on
    /// a block scalar's first line of text, so that columns inside the text line up.
    static func location(of node: Node, in file: SourceFile) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file.path, line: 1, column: 1) }
        let location = location(of: mark, in: file)
        if isWrittenAsItIs(node, at: mark, in: file) { return location }
        if isQuotedAsItIs(node, at: mark, in: file) {
            return SourceLocation(file: file.path, line: location.line, column: location.column + 1)
        }
        let start = YAMLValuePlaces.start(of: node, line: location.line, column: location.column) { file.line($0 + 1) }
        return SourceLocation(file: file.path, line: start.line, column: start.column)
    }

    /// Whether `node` is a plain scalar on one line with neither an anchor nor a tag before it,
    /// as nearly every key and value is: its mark is where its text starts, and its text is its
    /// source character for character. Finding that out by the scalar at the mark costs little;
    /// walking the line's characters for every value cost more than parsing the YAML.
    private static func isWrittenAsItIs(_ node: Node, at mark: Mark, in file: SourceFile) -> Bool {
        guard let scalar = node.scalar else { return false }
        return isWrittenAsItIs(scalar.string, style: scalar.style, line: mark.line, column: mark.column, in: file)
    }

    /// `isWrittenAsItIs(_:at:in:)` for a scalar's text and style, marked at `line` and `column`.
    static func isWrittenAsItIs(
        _ text: String, style: Node.Scalar.Style, line lineNumber: Int, column: Int, in file: SourceFile
    ) -> Bool {
        guard style == .plain || style == .any, !contains(0x0A, in: text), let line = file.line(lineNumber)
        else { return false }
        // libyaml counts columns in Unicode scalars.
        guard let first = line.unicodeScalars.dropFirst(max(column - 1, 0)).first else { return false }
        return first != "&" && first != "!"
    }

    /// Whether `node` is a quoted scalar whose source between its quotes is its text byte for
    /// byte, on one line after ASCII text only, as scenario titles are: its text starts one
    /// character after its mark, and each character is where the text puts it. The general
    /// walk (YAMLValuePlaces) would find the same, but it breaks the line into `Character`s
    /// twice for every such value, which cost a fifth of the time a 10k-page site took to load.
    static func isQuotedAsItIs(_ node: Node, at mark: Mark, in file: SourceFile) -> Bool {
        guard let scalar = node.scalar else { return false }
        return isQuotedAsItIs(scalar.string, style: scalar.style, line: mark.line, column: mark.column, in: file)
    }

    /// `isQuotedAsItIs(_:at:in:)` for a scalar's text and style, marked at `line` and `column`.
    static func isQuotedAsItIs(
        _ text: String, style: Node.Scalar.Style, line lineNumber: Int, column: Int, in file: SourceFile
    ) -> Bool {
        guard let line = file.line(lineNumber) else { return false }
        let quote: UInt8
        switch style {
        case .doubleQuoted: quote = UInt8(ascii: "\"")
        case .singleQuoted: quote = UInt8(ascii: "'")
        default: return false
        }
        // The same checks over the bytes in place: the collection algorithms below step through
        // the UTF-8 views one byte at a time through their iterators, and every scenario's title
        // asks. Text that starts and ends with ASCII needs no look at its characters (the
        // commonest title starts with a Japanese letter, which no quote joins either).
        if let quoted = quotedBytesMatch(text, quote: quote, line: line, offset: column - 1) {
            guard quoted else { return false }
            if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
                CharacterCount.isStandalone(first) && CharacterCount.isStandalone(last)
            {
                return true
            }
            return quoteStaysApart(from: text, quote: quote)
        }
        return isQuotedAsItIsInGeneral(text, quote: quote, line: line, column: column)
    }

    /// ``isQuotedAsItIs(_:style:line:column:in:)`` by the collections' own algorithms, for
    /// text or lines whose bytes cannot be read in place, and as the reference the byte checks
    /// are tested against.
    static func isQuotedAsItIsInGeneral(_ text: String, quote: UInt8, line: Substring, column: Int) -> Bool {
        // Without a backslash, a quote or a line break in the text, equal bytes up to a closing
        // quote leave no room for an escape, a doubled quote or a folded line in the source.
        guard !text.utf8.contains(where: { $0 == quote || $0 == UInt8(ascii: "\\") || $0 == 0x0A }) else { return false }
        // Before the mark, ASCII only: the mark's column (in scalars) is then its byte offset.
        let offset = column - 1
        var source = line.utf8[...]
        guard offset >= 0, source.count >= offset + text.utf8.count + 2,
            !source.prefix(offset).contains(where: { $0 >= 0x80 })
        else { return false }
        source = source.dropFirst(offset)
        guard source.first == quote else { return false }
        source = source.dropFirst()
        guard source.starts(with: text.utf8), source.dropFirst(text.utf8.count).first == quote else { return false }
        return quoteStaysApart(from: text, quote: quote)
    }

    /// Columns count characters: a text that begins with a combining mark, or ends with a
    /// prepended one, would make one character with a quote.
    private static func quoteStaysApart(from text: String, quote: UInt8) -> Bool {
        if let first = text.first, let last = text.last {
            let quoteCharacter = String(UnicodeScalar(quote))
            guard (quoteCharacter + String(first)).count == 2, (String(last) + quoteCharacter).count == 2 else { return false }
        }
        return true
    }

    /// Whether the source line holds `text` between two `quote`s right at byte `offset`, with
    /// ASCII only before it and no quote, backslash or line feed in the text; `nil` when the
    /// bytes cannot be read in place (the general checks answer then).
    private static func quotedBytesMatch(_ text: String, quote: UInt8, line: Substring, offset: Int) -> Bool? {
        guard offset >= 0 else { return false }
        let result: Bool?? = text.utf8.withContiguousStorageIfAvailable { text -> Bool? in
            for byte in text where byte == quote || byte == UInt8(ascii: "\\") || byte == 0x0A { return false }
            return line.utf8.withContiguousStorageIfAvailable { source -> Bool in
                guard source.count >= offset + text.count + 2 else { return false }
                for byte in source[..<offset] where byte >= 0x80 { return false }
                guard source[offset] == quote, source[offset + 1 + text.count] == quote else { return false }
                return text.isEmpty || memcmp(source.baseAddress! + offset + 1, text.baseAddress!, text.count) == 0
            }
        }
        return result ?? nil
    }

    /// Whether `text` holds `byte`, its bytes read in place.
    static func contains(_ byte: UInt8, in text: String) -> Bool {
        let found: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard let start = bytes.baseAddress, !bytes.isEmpty else { return false }
            return memchr(start, Int32(byte), bytes.count) != nil
        }
        return found ?? text.utf8.contains(byte)
    }

    /// The place of each UTF-8 offset of a scalar's text and of its end, for text whose
    /// source differs from it (escapes, `''`, folded lines).
    static func places(of node: Node, in file: SourceFile) -> [SourceLocation]? {
        guard let mark = node.mark, !isWrittenAsItIs(node, at: mark, in: file), !isQuotedAsItIs(node, at: mark, in: file)
        else { return nil }
        let location = location(of: mark, in: file)
        return YAMLValuePlaces.places(of: node, line: location.line, column: location.column, lines: { file.line($0 + 1) }, file: file.path)
    }

    /// The range of a scalar node's text on its line as written (escapes included), or one
    /// character when it is not a scalar.
    static func range(of node: Node, in file: SourceFile) -> SourceRange {
        guard let mark = node.mark, let scalar = node.scalar, !scalar.string.utf8.contains(0x0A) else {
            return SourceRange(location(of: node, in: file))
        }
        // What `location(of:in:)` and `places(of:in:)` would each work out, once: every value
        // of every scenario file gets a range, and the two repeated the same checks.
        if let range = rangeAsItIs(scalar.string, style: scalar.style, line: mark.line, column: mark.column, in: file) {
            return range
        }
        let markLocation = location(of: mark, in: file)
        let found = YAMLValuePlaces.start(of: node, line: markLocation.line, column: markLocation.column) { file.line($0 + 1) }
        let start = SourceLocation(file: file.path, line: found.line, column: found.column)
        // Most scalars are their source; only quoted ones can differ.
        let places = YAMLValuePlaces.places(
            of: node, line: markLocation.line, column: markLocation.column, lines: { file.line($0 + 1) }, file: file.path)
        guard let end = places?.last, end.line == start.line else { return SourceRange(start: start, length: scalar.string.count) }
        return SourceRange(start: start, length: end.column - start.column)
    }

    /// The range of a one-line scalar's text when its source is the text as it is, plain or
    /// between quotes (`isWrittenAsItIs`, `isQuotedAsItIs`); `nil` otherwise. Its start is
    /// also where `location(of:in:)` puts the scalar, and `places(of:in:)` is `nil` for it.
    static func rangeAsItIs(
        _ text: String, style: Node.Scalar.Style, line: Int, column: Int, in file: SourceFile
    ) -> SourceRange? {
        guard !contains(0x0A, in: text) else { return nil }
        if let range = plainAfterASCII(text, style: style, line: line, column: column, in: file) { return range }
        if isWrittenAsItIs(text, style: style, line: line, column: column, in: file) {
            return SourceRange(start: location(line: line, column: column, in: file), length: CharacterCount.count(of: text))
        }
        if isQuotedAsItIs(text, style: style, line: line, column: column, in: file) {
            let mark = location(line: line, column: column, in: file)
            return SourceRange(
                start: SourceLocation(file: file.path, line: mark.line, column: mark.column + 1), length: CharacterCount.count(of: text))
        }
        return nil
    }

    /// ``rangeAsItIs(_:style:line:column:in:)`` for the commonest value of all, found from the
    /// line's bytes alone: a plain scalar (no anchor, no tag) after ASCII text, as every key and
    /// nearly every fact of a scenario file is. Its column is then its byte offset plus one
    /// (libyaml counts scalars, and each ASCII byte is one), and an ASCII text (no line break,
    /// so no CR LF) has a character per byte. `nil` for anything else, which the general checks
    /// answer. Every value of every scenario file asks, and walking the line by scalars and by
    /// characters for each cost more than reading the YAML.
    static func plainAfterASCII(
        _ text: String, style: Node.Scalar.Style, line lineNumber: Int, column: Int, in file: SourceFile
    ) -> SourceRange? {
        guard style == .plain || style == .any, column >= 1, let line = file.line(lineNumber) else { return nil }
        let offset = column - 1
        let mark: UInt8? =
            line.utf8.withContiguousStorageIfAvailable { bytes in
                guard bytes.count > offset else { return nil }
                for byte in bytes[..<offset] where byte >= 0x80 { return nil }
                return bytes[offset]
            } ?? nil
        guard let mark, mark != UInt8(ascii: "&"), mark != UInt8(ascii: "!") else { return nil }
        return SourceRange(start: SourceLocation(file: file.path, line: lineNumber, column: column), length: CharacterCount.count(of: text))
    }

    /// The key/value pairs of a mapping node, in document order.
    static func pairs(_ node: Node) -> [(key: Node, value: Node)] {
        guard let mapping = node.mapping else { return [] }
        return mapping.map { ($0.key, $0.value) }
    }

    /// What stands where text belongs ("a list", "a mapping"), or `nil` when it is text (a
    /// scalar): such a node has no text, and reading it as text would make it empty silently.
    static func notText(_ node: Node) -> String? {
        switch node {
        case .sequence: "a list"
        case .mapping: "a mapping"
        default: nil
        }
    }

    /// A short word for the kind of a node, for messages.
    static func kind(of node: Node) -> String {
        switch node {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// Whether a scalar is YAML's null (`~`, `null` or nothing), unquoted.
    static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        return isNull(scalar.string, style: scalar.style)
    }

    /// Whether a scalar of this text and style is YAML's null.
    static func isNull(_ text: String, style: Node.Scalar.Style) -> Bool {
        style == .plain && (text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL")
    }
}

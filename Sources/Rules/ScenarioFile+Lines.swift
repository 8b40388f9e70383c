import Diagnostics

extension ScenarioFile {
    /// Reads a scenario file in the one shape nearly every file has, line by line over its bytes,
    /// without libyaml: block mappings and lists indented with spaces, one key and one value on a
    /// line, each value plain or quoted on its line (no escape, no doubled quote), comment and
    /// blank lines anywhere.
    ///
    /// libyaml's events cost about 90,000 instructions a scenario, a twentieth of a 10,000-page
    /// build. This reader takes only lines whose reading is beyond doubt and returns `nil` for
    /// anything else (a tab, a flow collection, a value over several lines, a character YAML
    /// does not allow, an unknown or repeated key, an empty value), which `readPlain`'s
    /// libyaml reader and then `load`'s Yams reading take instead. For every file it accepts,
    /// Yams' reading gives the same scenarios with the same places (`ScenarioLineReaderTests`).
    static func readLines(_ file: SourceFile) -> ScenarioFile? {
        var text = file.text
        return text.withUTF8 { bytes in
            guard let lines = ScenarioLines(bytes) else { return nil }
            var reader = LineScenarioReader(bytes: bytes, lines: lines.lines, file: file)
            return reader.read()
        }
    }
}

/// The lines of a file that hold something (not blank, not only a comment), with where each
/// starts, ends and how far it is indented; `nil` for a file with a character this reading
/// leaves to libyaml.
private struct ScenarioLines {
    struct Line {
        /// The line's number, from 1.
        var number: Int
        /// Byte offsets of its first byte and of its end (its line feed, or the file's end).
        var start: Int
        var end: Int
        /// How many spaces it starts with.
        var indentation: Int
    }

    var lines: [Line] = []

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        var number = 0
        var start = 0
        let count = bytes.count
        while start <= count {
            number += 1
            var end = start
            while end < count, bytes[end] != 0x0A { end += 1 }
            var indentation = 0
            while start + indentation < end, bytes[start + indentation] == 0x20 { indentation += 1 }
            let first = start + indentation
            // Blank lines and comments hold nothing (a comment starts at `#` after spaces only).
            if first < end, bytes[first] != UInt8(ascii: "#") {
                lines.append(Line(number: number, start: start, end: end, indentation: indentation))
            }
            guard Self.allowed(bytes, from: start, to: end) else { return nil }
            if end == count { break }
            start = end + 1
        }
        // `---` may open the file's one document; a second document, a directive (`%YAML`)
        // or an end marker (`...`) is libyaml's to read.
        if let first = lines.first, Self.isLine(bytes, first, "---") { lines.removeFirst() }
        for line in lines where line.indentation == 0 {
            let byte = bytes[line.start]
            if byte == UInt8(ascii: "%") || Self.startsWith(bytes, line, "---") || Self.startsWith(bytes, line, "...") {
                return nil
            }
        }
    }

    /// Whether every character of the line is one this reading takes: no tab, no control
    /// character, none of YAML's other line breaks (NEL, U+2028, U+2029), no byte order mark
    /// and no noncharacter U+FFFE or U+FFFF (YAML refuses those; libyaml checks the whole file).
    private static func allowed(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x7F { return false }
            // The text is valid UTF-8 (a String's): only the lead bytes of the refused
            // characters need a look. C2 80...9F is a C1 control (NEL among them).
            if byte == 0xC2, index + 1 < end, bytes[index + 1] <= 0x9F { return false }
            if byte == 0xE2, index + 2 < end, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                return false
            }
            if byte == 0xEF, index + 2 < end {
                let second = bytes[index + 1]
                let third = bytes[index + 2]
                if (second == 0xBB && third == 0xBF) || (second == 0xBF && (third == 0xBE || third == 0xBF)) { return false }
            }
            index += 1
        }
        return true
    }

    private static func isLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Line, _ text: StaticString) -> Bool {
        line.indentation == 0 && line.end - line.start == text.utf8CodeUnitCount && startsWith(bytes, line, text)
    }

    private static func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Line, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard line.end - line.start >= count else { return false }
        return text.withUTF8Buffer { prefix in (0..<count).allSatisfy { bytes[line.start + $0] == prefix[$0] } }
    }
}

/// The walk of `ScenarioFile.readLines`. Every method returns `nil` for what it leaves to
/// libyaml's reading.
private struct LineScenarioReader {
    typealias Line = ScenarioLines.Line

    let bytes: UnsafeBufferPointer<UInt8>
    let lines: [Line]
    let file: SourceFile
    /// The next line to read.
    private var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, lines: [Line], file: SourceFile) {
        self.bytes = bytes
        self.lines = lines
        self.file = file
    }

    /// A scalar value: its text, whether it was quoted, and where its text starts (everything
    /// before it on its line is ASCII, so its column is its byte offset on the line plus one).
    private struct Scalar {
        var text: String
        var quoted: Bool
        var line: Int
        var column: Int
        var isNull: Bool { !quoted && YAMLSupport.isNull(text, style: .plain) }
    }

    mutating func read() -> ScenarioFile? {
        var guides: [String] = []
        var pending: [PendingScenario] = []
        var keys: [String] = []
        while index < lines.count {
            let line = lines[index]
            guard line.indentation == 0, let (key, valueStart) = key(of: line, at: 0), !keys.contains(key) else { return nil }
            keys.append(key)
            index += 1
            switch key {
            case "guide", "guides":
                if let value = scalar(in: line, from: valueStart) {
                    guard !value.isNull else { return nil }
                    guides.append(value.text)
                } else {
                    guard isEmpty(line, from: valueStart), let items = listItems() else { return nil }
                    for item in items {
                        guard let value = scalar(in: item.line, from: item.valueStart), !value.isNull else { return nil }
                        guides.append(value.text)
                    }
                }
            case "scenarios":
                guard isEmpty(line, from: valueStart), let first = lines[safe: index], isItem(first) else { return nil }
                while let item = lines[safe: index], item.indentation == first.indentation, isItem(item) {
                    guard let scenario = readScenario(item) else { return nil }
                    pending.append(scenario)
                }
            default:
                return nil
            }
            // What follows a key's value is the next key, never a line indented under it.
            if let next = lines[safe: index], next.indentation != 0 { return nil }
        }
        guard !guides.isEmpty else { return nil }
        return PendingScenario.file(pending, guides: guides, path: file.path)
    }

    /// Whether the line is a list item: `-` and a space after its indentation.
    private func isItem(_ line: Line) -> Bool {
        let dash = line.start + line.indentation
        return dash + 1 < line.end && bytes[dash] == UInt8(ascii: "-") && bytes[dash + 1] == 0x20
    }

    /// The items of the block list that starts at `index`, each a line `- value`, all at one
    /// indentation; moves past them. `nil` when there is none.
    private mutating func listItems() -> [(line: Line, valueStart: Int)]? {
        guard let first = lines[safe: index], isItem(first) else { return nil }
        var items: [(line: Line, valueStart: Int)] = []
        while let line = lines[safe: index], line.indentation == first.indentation, isItem(line) {
            items.append((line, line.start + line.indentation + 2))
            index += 1
        }
        return items
    }

    /// A scenario: the mapping that starts on the item line `item`, its keys in one column.
    private mutating func readScenario(_ item: Line) -> PendingScenario? {
        var column = item.indentation + 1
        while item.start + column < item.end, bytes[item.start + column] == 0x20 { column += 1 }
        var id: (text: String, range: SourceRange)?
        var title: (text: String, location: SourceLocation)?
        var facts: [ScenarioDeclaration.GivenFact] = []
        var keys: [String] = []
        var line = item
        index += 1
        while true {
            guard let (key, valueStart) = key(of: line, at: column), !keys.contains(key) else { return nil }
            keys.append(key)
            switch key {
            case "id":
                guard let value = scalar(in: line, from: valueStart), !value.isNull else { return nil }
                id = (value.text, range(of: value))
            case "title":
                guard let value = scalar(in: line, from: valueStart), !value.isNull else { return nil }
                title = (value.text, range(of: value).start)
            case "facts":
                if let value = scalar(in: line, from: valueStart) {
                    // `facts: ~` gives none; any other value is a mistake `load` reports.
                    guard value.isNull else { return nil }
                } else {
                    guard isEmpty(line, from: valueStart), let given = readFacts(deeperThan: column) else { return nil }
                    facts += given
                }
            default:
                return nil
            }
            // The next key of this scenario, or the mapping's end (a shallower line).
            guard let next = lines[safe: index] else { break }
            if next.indentation < column { break }
            guard next.indentation == column else { return nil }
            line = next
            index += 1
        }
        return PendingScenario(id: id, title: title, facts: facts)
    }

    /// A `facts:` mapping on the lines after its key, indented deeper than `parent` and all in
    /// one column, each fact a name and a value. No lines there is no facts (YAML's null).
    private mutating func readFacts(deeperThan parent: Int) -> [ScenarioDeclaration.GivenFact]? {
        var facts: [ScenarioDeclaration.GivenFact] = []
        guard let first = lines[safe: index], first.indentation > parent else { return facts }
        let column = first.indentation
        var names: [String] = []
        while let line = lines[safe: index], line.indentation > parent {
            guard line.indentation == column, let (name, valueStart) = key(of: line, at: column), !names.contains(name),
                let value = scalar(in: line, from: valueStart)
            else { return nil }
            names.append(name)
            let nameRange = SourceRange(start: SourceLocation(file: file.path, line: line.number, column: column + 1), length: name.utf8.count)
            facts.append(
                ScenarioDeclaration.GivenFact(
                    name: name, nameRange: nameRange, text: value.isNull ? nil : value.text,
                    kindDescription: value.isNull ? "no value" : "a scalar", valueRange: range(of: value)))
            index += 1
        }
        return facts
    }

    /// The key that starts at `column` of `line` and where its value starts: a name of ASCII
    /// letters, digits, `_` and `-`, then `:` and a space or the line's end.
    private func key(of line: Line, at column: Int) -> (String, Int)? {
        let start = line.start + column
        var end = start
        while end < line.end, Self.isNameByte(bytes[end]) { end += 1 }
        // A name starting with `-` is left to libyaml, beside the list items it resembles.
        guard end > start, bytes[start] != UInt8(ascii: "-"), end < line.end, bytes[end] == UInt8(ascii: ":"), end + 1 == line.end || bytes[end + 1] == 0x20
        else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return (name, end + 1)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte == 0x2D
    }

    /// Whether nothing but spaces and a comment follows `offset` on the line.
    private func isEmpty(_ line: Line, from offset: Int) -> Bool {
        var index = offset
        while index < line.end, bytes[index] == 0x20 { index += 1 }
        return index == line.end || (bytes[index] == UInt8(ascii: "#") && index > offset)
    }

    /// The value after `offset` on the line: plain, or in quotes with no escape and no doubled
    /// quote, then only spaces and a comment. `nil` when there is none (`isEmpty`) or it is
    /// not a value this reading takes.
    private func scalar(in line: Line, from offset: Int) -> Scalar? {
        var start = offset
        while start < line.end, bytes[start] == 0x20 { start += 1 }
        guard start < line.end else { return nil }
        let first = bytes[start]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            var close = start + 1
            while close < line.end, bytes[close] != first {
                if bytes[close] == UInt8(ascii: "\\") && first == UInt8(ascii: "\"") { return nil }
                close += 1
            }
            // After the closing quote, only spaces and a comment: a doubled single quote (an
            // escaped one) or text right after the quote is left to libyaml.
            guard close < line.end, isEmpty(line, from: close + 1) else { return nil }
            return Scalar(text: text(start + 1, close), quoted: true, line: line.number, column: start + 1 - line.start + 1)
        }
        // A plain value: not starting with an indicator, holding no `: ` (a mapping) and no ` #`
        // (a comment, where it ends), its trailing spaces not its own.
        // `-`, `?` and `:` start a plain value when a character other than a space follows
        // (`-3`); the other indicators never do.
        if Self.indicators.contains(first) {
            let startsValue =
                (first == UInt8(ascii: "-") || first == UInt8(ascii: "?") || first == UInt8(ascii: ":"))
                && start + 1 < line.end && bytes[start + 1] != 0x20
            guard startsValue else { return nil }
        }
        var end = start
        while end < line.end {
            let byte = bytes[end]
            if byte == UInt8(ascii: ":"), end + 1 == line.end || bytes[end + 1] == 0x20 { return nil }
            if byte == UInt8(ascii: "#"), bytes[end - 1] == 0x20 { break }
            end += 1
        }
        while bytes[end - 1] == 0x20 { end -= 1 }
        return Scalar(text: text(start, end), quoted: false, line: line.number, column: start - line.start + 1)
    }

    /// Bytes that start something else than a plain value: a list, a mapping, a flow
    /// collection, a comment, an anchor, an alias, a tag, a block scalar, a quote, a directive,
    /// or a reserved character.
    private static let indicators: Set<UInt8> = Set("-?:,[]{}#&*!|>'\"%@`".utf8)

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// Where a value's text is, as long as its text in characters.
    private func range(of scalar: Scalar) -> SourceRange {
        SourceRange(
            start: SourceLocation(file: file.path, line: scalar.line, column: scalar.column), length: CharacterCount.count(of: scalar.text))
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

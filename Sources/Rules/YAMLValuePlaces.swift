import Diagnostics
import Yams

/// Where a YAML value's text is in its file. libyaml marks a node where its first token starts:
/// at an anchor (`&a`) or a tag (`!!str`) before the value, at the quote of a quoted scalar, at
/// the `|` or `>` of a block scalar, whose text is on the lines below. And a scalar's text is
/// not its source: escapes (`"\u00e9"`, `"\t"`), `''` in single quotes and folded lines all
/// change how many characters stand where. These find the source place of the text itself, so
/// a caret under a value, or under a name inside a title, is under the right character.
public enum YAMLValuePlaces {
    /// The line and column (1-based, in characters) of the first character of `node`'s text,
    /// given the node's mark as a character column; `lines` gives a line of the file by its
    /// index from 0, `nil` past the end.
    public static func start(
        of node: Node, line: Int, column: Int, lines: @escaping (Int) -> Substring?
    ) -> (line: Int, column: Int) {
        guard var cursor = Cursor(lines: lines, line: line - 1, column: column - 1) else { return (line, column) }
        // Anchors and tags, in either order, each followed by space or a line break.
        while let character = cursor.character, character == "&" || character == "!" {
            while let next = cursor.character, next != " ", next != "\t" { cursor.column += 1 }
            cursor.skipSpaces()
            if cursor.character == nil, !cursor.toNextContentLine() { return (line, column) }
        }
        switch node.scalar?.style {
        case .literal?, .folded?:
            // The indicator line (`>-`, `|2`, a comment) holds no text.
            if cursor.toNextContentLine() { cursor.skipSpaces() }
        case .singleQuoted?, .doubleQuoted?:
            cursor.column += 1
        default:
            break
        }
        return (cursor.line + 1, cursor.column + 1)
    }

    /// For each UTF-8 offset of `node`'s text, and for its end, the place in the file of the
    /// source character it comes from; `nil` for a node that is not a scalar, or whose text is
    /// written as it is on one line (most are), where the start and the text's own columns say
    /// where each character is.
    public static func places(
        of node: Node, line: Int, column: Int, lines: @escaping (Int) -> Substring?, file: String
    ) -> [SourceLocation]? {
        guard let scalar = node.scalar else { return nil }
        let first = start(of: node, line: line, column: column, lines: lines)
        guard var cursor = Cursor(lines: lines, line: first.line - 1, column: first.column - 1) else { return nil }
        if !scalar.string.utf8.contains(UInt8(ascii: "\n")), cursor.holds(scalar.string) { return nil }
        let block = scalar.style == .literal || scalar.style == .folded
        // A block scalar's lines keep spaces beyond the first line's indentation; other
        // scalars' continuation lines drop all of their leading space.
        let indentation = block ? first.column - 1 : Int.max
        var places: [SourceLocation] = []
        places.reserveCapacity(scalar.string.utf8.count + 1)
        func here() -> SourceLocation { SourceLocation(file: file, line: cursor.line + 1, column: cursor.column + 1) }
        for character in scalar.string {
            var place = here()
            // Each pass moves the cursor on, so this ends at the end of the file at the latest.
            while true {
                guard let source = cursor.character else {
                    place = here()
                    guard cursor.toNextLine() else { break }
                    cursor.skipSpaces(atMost: indentation)
                    // A line break in the text, or the space a folded line break becomes.
                    if character == "\n" || character == " " { break }
                    continue
                }
                if scalar.style == .doubleQuoted, source == "\\" {
                    guard let escape = cursor.character(at: cursor.column + 1) else {
                        // A backslash at the end of the line joins the next line without a space.
                        _ = cursor.toNextLine()
                        cursor.skipSpaces()
                        continue
                    }
                    place = here()
                    cursor.column += escape == "x" ? 4 : escape == "u" ? 6 : escape == "U" ? 10 : 2
                    break
                }
                if scalar.style == .singleQuoted, source == "'", cursor.character(at: cursor.column + 1) == "'" {
                    place = here()
                    cursor.column += 2
                    break
                }
                if source == character {
                    place = here()
                    cursor.column += 1
                    break
                }
                // Spaces the text dropped before a line break; anything else is unexpected, and
                // is passed over so the places stay near.
                cursor.column += 1
                if source != " " && source != "\t" { break }
            }
            places.append(contentsOf: repeatElement(place, count: character.utf8.count))
        }
        places.append(here())
        return places
    }

    /// A place in the file's lines, by character.
    private struct Cursor {
        let lines: (Int) -> Substring?
        var line: Int
        var column: Int
        private var characters: [Character]

        init?(lines: @escaping (Int) -> Substring?, line: Int, column: Int) {
            guard line >= 0, let text = lines(line) else { return nil }
            self.lines = lines
            self.line = line
            self.column = max(0, column)
            self.characters = Array(text)
        }

        var character: Character? { character(at: column) }

        /// Whether `text` is written here as it is.
        func holds(_ text: String) -> Bool {
            var index = column
            for character in text {
                guard self.character(at: index) == character else { return false }
                index += 1
            }
            return true
        }

        func character(at index: Int) -> Character? { characters.indices.contains(index) ? characters[index] : nil }

        mutating func skipSpaces(atMost limit: Int = Int.max) {
            var skipped = 0
            while skipped < limit, let next = character, next == " " || next == "\t" {
                column += 1
                skipped += 1
            }
        }

        mutating func toNextLine() -> Bool {
            guard let text = lines(line + 1) else { return false }
            line += 1
            column = 0
            characters = Array(text)
            return true
        }

        /// Moves to the first line below that holds more than spaces.
        mutating func toNextContentLine() -> Bool {
            while toNextLine() {
                if characters.contains(where: { $0 != " " && $0 != "\t" }) {
                    skipSpaces()
                    return true
                }
            }
            return false
        }
    }
}

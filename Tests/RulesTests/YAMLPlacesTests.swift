import Diagnostics
import SeededRandom
import Testing
import Yams

@testable import Rules

/// Where a YAML value's text is: the shortcut for quoted values written as they are (scenario
/// titles) must place them exactly as the general walk over the line's characters does.
@Suite struct YAMLPlacesTests {
    /// What quoted values are made of: ASCII, Japanese, characters that join the character
    /// before them (combining marks, the kana voicing mark) or the one after (a prepended
    /// Arabic sign), emoji sequences and flags, tabs, and YAML's escapes and doubled quotes.
    private static let pieces = [
        "a", "Z", "7", " ", "  ", "\t", ":", "#", "-", "証明書", "の", "ー", "(", "有効期限 2026年3月19日(木)",
        "\u{301}", "e\u{301}", "\u{3099}", "か\u{3099}", "\u{600}", "👩‍💻", "🇯🇵", "é",
    ]

    @Test func quotedValuesArePlacedAsTheGeneralWalkPlacesThem() throws {
        var generator = SeededGenerator(seed: 0x5EED_0017)
        var shortcutTaken = 0
        for round in 0..<3000 {
            let double = Bool.random(using: &generator)
            var body = ""
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                if Int.random(in: 0..<10, using: &generator) == 0 {
                    body += double ? ["\\\\", "\\\"", "\\u00e9", "\\t", "\\x41"].randomElement(using: &generator)! : "''"
                } else {
                    body += Self.pieces.randomElement(using: &generator)!
                }
            }
            let key = ["title", "題名", "t"].randomElement(using: &generator)!
            let quote = double ? "\"" : "'"
            let prefix = ["", "- ", "  "].randomElement(using: &generator)!
            let yaml = prefix == "  " ? "outer:\n  \(key): \(quote)\(body)\(quote)\n" : "\(prefix)\(key): \(quote)\(body)\(quote)\n"
            let file = SourceFile(path: "s.yml", text: yaml)
            var diagnostics: [Diagnostic] = []
            let root = try #require(YAMLSupport.compose(file, area: .scenarios, diagnostics: &diagnostics), "round \(round): \(yaml)")
            let value = try #require(Self.onlyValue(in: root), "round \(round): \(yaml)")
            let mark = try #require(value.mark)
            if YAMLSupport.isQuotedAsItIs(value, at: mark, in: file) { shortcutTaken += 1 }

            let markLocation = YAMLSupport.location(of: mark, in: file)
            let lines: (Int) -> Substring? = { file.line($0 + 1) }
            let start = YAMLValuePlaces.start(of: value, line: markLocation.line, column: markLocation.column, lines: lines)
            let walked = YAMLValuePlaces.places(
                of: value, line: markLocation.line, column: markLocation.column, lines: lines, file: file.path)
            let location = YAMLSupport.location(of: value, in: file)
            #expect(location.line == start.line && location.column == start.column, "round \(round): \(yaml)")
            #expect(YAMLSupport.places(of: value, in: file) == walked, "round \(round): \(yaml)")
            // The range starts where the text does and ends where the walk ends it, or after as
            // many characters as the text has when the walk is not needed.
            let text = try #require(value.string)
            var expected = SourceRange(start: location, length: text.count)
            if let end = walked?.last, end.line == location.line {
                expected = SourceRange(start: location, length: end.column - location.column)
            }
            #expect(YAMLSupport.range(of: value, in: file) == expected, "round \(round): \(yaml)")
        }
        // The shortcut must be exercised, not merely never wrong.
        #expect(shortcutTaken > 600, "the shortcut was taken \(shortcutTaken) times")
    }

    /// Plain values, as nearly every fact of a scenario file is: the shortcut that reads only the
    /// line's bytes (``YAMLSupport/plainAfterASCII(_:style:line:column:in:)``) must place them
    /// as the general walk does, after ASCII or Japanese keys, with or without an anchor or a
    /// tag, whatever characters the value holds.
    @Test func plainValuesArePlacedAsTheGeneralWalkPlacesThem() throws {
        let pieces = [
            "a", "Z", "7", "x y", "2026-03-19", "www.example.jp", "証明書", "ー", "e\u{301}", "か\u{3099}", "👩‍💻", "🇯🇵", "é", "\u{600}a",
        ]
        var generator = SeededGenerator(seed: 0x5EED_0018)
        var shortcutTaken = 0
        for round in 0..<3000 {
            var body = ""
            for _ in 0..<Int.random(in: 1...4, using: &generator) { body += pieces.randomElement(using: &generator)! }
            let key = ["plan", "期限", "k"].randomElement(using: &generator)!
            let before = ["", "&v ", "!!str ", "&v !!str "].randomElement(using: &generator)!
            let prefix = ["", "- ", "  ", "- 名前: x\n  "].randomElement(using: &generator)!
            let line = "\(key): \(before)\(body)\n"
            let yaml = prefix == "  " ? "outer:\n  \(line)" : prefix + line
            let file = SourceFile(path: "s.yml", text: yaml)
            var diagnostics: [Diagnostic] = []
            let root = try #require(YAMLSupport.compose(file, area: .scenarios, diagnostics: &diagnostics), "round \(round): \(yaml)")
            let value = try #require(Self.value(named: key, in: root), "round \(round): \(yaml)")
            let mark = try #require(value.mark)
            let text = try #require(value.string)
            let scalar = try #require(value.scalar)
            if YAMLSupport.plainAfterASCII(text, style: scalar.style, line: mark.line, column: mark.column, in: file) != nil {
                shortcutTaken += 1
            }

            let markLocation = YAMLSupport.location(of: mark, in: file)
            let lines: (Int) -> Substring? = { file.line($0 + 1) }
            let start = YAMLValuePlaces.start(of: value, line: markLocation.line, column: markLocation.column, lines: lines)
            let walked = YAMLValuePlaces.places(
                of: value, line: markLocation.line, column: markLocation.column, lines: lines, file: file.path)
            var expected = SourceRange(start: SourceLocation(file: file.path, line: start.line, column: start.column), length: text.count)
            if let end = walked?.last, end.line == start.line {
                expected = SourceRange(start: expected.start, length: end.column - start.column)
            }
            #expect(YAMLSupport.range(of: value, in: file) == expected, "round \(round): \(yaml)")
        }
        // About one value in ten starts with ASCII after an ASCII key, with nothing before it.
        #expect(shortcutTaken > 150, "the shortcut was taken \(shortcutTaken) times")
    }

    @Test func quotedTitlesAreRecognizedAsTheGeneralChecksRecognizeThem() {
        var generator = SeededGenerator(seed: 0x5EED_0032)
        var matched = 0
        for round in 0..<5000 {
            let text = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                (TextPieces.characters + ["\"", "'", "\\", "x"]).randomElement(using: &generator)!
            }.joined()
            let quote = Bool.random(using: &generator) ? "\"" : "'"
            // The line as a scenario file writes it, or with something out of place: a key
            // that is not ASCII, an escape or another quote in the source, the text cut short.
            let key = ["  title: ", "- title: ", "題名: ", "title:  "].randomElement(using: &generator)!
            let written = Bool.random(using: &generator) ? text : String(text.dropLast())
            let line = Substring(key + quote + written + quote + [" ", "", " # x", "\"x"].randomElement(using: &generator)!)
            // libyaml's column counts scalars; a column counted in bytes lands on the quote
            // after a key that is not ASCII, where the mark cannot be.
            let column =
                (Bool.random(using: &generator) ? key.unicodeScalars.count : key.utf8.count) + 1
                + Int.random(in: -1...1, using: &generator)
            let file = SourceFile(path: "s.yml", text: String(line))
            let style: Node.Scalar.Style = quote == "\"" ? .doubleQuoted : .singleQuoted
            // The file's first line: a line break in the text ends it there.
            let general = YAMLSupport.isQuotedAsItIsInGeneral(
                text, quote: UInt8(ascii: quote.unicodeScalars.first!), line: file.line(1) ?? "", column: column)
            #expect(
                YAMLSupport.isQuotedAsItIs(text, style: style, line: 1, column: column, in: file) == general,
                "round \(round): \(String(line).debugDescription) at column \(column)")
            if general { matched += 1 }
        }
        #expect(matched > 500, "\(matched) titles written as they are")
    }

    @Test func aTitleWrittenAsItIsStartsInsideItsQuote() throws {
        let file = SourceFile(path: "s.yml", text: "- title: \"ビジネスプラン / 有効期限 2026年3月19日(木)\"\n  other: 'x'\n")
        var diagnostics: [Diagnostic] = []
        let root = try #require(YAMLSupport.compose(file, area: .scenarios, diagnostics: &diagnostics))
        let title = try #require(Self.onlyValue(in: root))
        #expect(YAMLSupport.isQuotedAsItIs(title, at: try #require(title.mark), in: file))
        #expect(YAMLSupport.location(of: title, in: file) == SourceLocation(file: "s.yml", line: 1, column: 11))
        #expect(YAMLSupport.places(of: title, in: file) == nil)
        let range = YAMLSupport.range(of: title, in: file)
        #expect(range.start == SourceLocation(file: "s.yml", line: 1, column: 11))
        #expect(range.end.column - range.start.column == title.string?.count)
    }

    /// The value of the first key `name` in `node`'s mappings, searched depth first.
    private static func value(named name: String, in node: Node) -> Node? {
        if let items = node.sequence { return items.lazy.compactMap { value(named: name, in: $0) }.first }
        guard let mapping = node.mapping else { return nil }
        for (key, value) in mapping {
            if key.string == name, value.scalar != nil { return value }
            if let found = Self.value(named: name, in: value) { return found }
        }
        return nil
    }

    /// The first value of the first mapping in `node` (a list's or a mapping's).
    private static func onlyValue(in node: Node) -> Node? {
        if let item = node.sequence?.first { return onlyValue(in: item) }
        guard let (_, value) = node.mapping?.first else { return nil }
        return value.mapping != nil ? onlyValue(in: value) : value
    }
}

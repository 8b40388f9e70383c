/// Writes diagnostics as text, the way compilers do (docs/check.md):
///
/// ```
/// Content/guides/switch.md:42:18: error: 'otehr' is not a choice of target_service (choices: other)
///    42 | {% if target_service == "otehr" %}
///       |                         ^^^^^^^
/// ```
public struct DiagnosticRenderer: Sendable {
    /// The files whose lines are quoted.
    public var sources: SourceFiles

    /// Creates a renderer quoting lines from `sources`.
    public init(sources: SourceFiles) { self.sources = sources }

    /// The full text of one diagnostic: its first line, the quoted line with carets, and notes.
    public func render(_ diagnostic: Diagnostic) -> String {
        var out = Self.terminalSafe(diagnostic.description)
        if let range = diagnostic.range, let excerpt = excerpt(for: range) {
            out += "\n" + excerpt
        }
        for note in diagnostic.notes {
            if let start = note.range?.start {
                out += "\n" + Self.terminalSafe("\(start): note: \(note.message)")
                if let range = note.range, let excerpt = excerpt(for: range) { out += "\n" + excerpt }
            } else {
                out += "\n    note: " + Self.terminalSafe(note.message)
            }
        }
        return out
    }

    /// Every diagnostic, sorted, each followed by a newline, and a closing count.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.sortedForDisplay().map { render($0) + "\n" }.joined()
    }

    /// The quoted line with a caret line under `range`, or `nil` when the line is unknown.
    public func excerpt(for range: SourceRange) -> String? {
        guard let file = sources[range.start.file], let line = file.line(range.start.line) else {
            return nil
        }
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: max(number.count, 4) - number.count + 1)
        let blank = String(repeating: " ", count: max(number.count, 4) + 1)
        var characters = Array(line)
        var startColumn = min(max(range.start.column, 1), characters.count + 1)
        var length = 1
        if range.end.line == range.start.line {
            length = max(range.end.column - startColumn, 1)
        } else {
            length = max(characters.count + 1 - startColumn, 1)
        }
        // A very long line (minified text, a generated table) is quoted as a window around the
        // place, so one diagnostic never prints a megabyte.
        let window = 120
        var prefix = "", suffix = ""
        if characters.count > window {
            let from = max(0, min(startColumn - 1 - window / 3, characters.count - window))
            let to = min(characters.count, from + window)
            prefix = from > 0 ? "…" : ""
            suffix = to < characters.count ? "…" : ""
            characters = Array(characters[from..<to])
            startColumn = startColumn - from + (prefix.isEmpty ? 0 : 1)
            if !prefix.isEmpty { characters.insert("…", at: 0) }
            length = min(length, characters.count + 1 - startColumn)
        }
        // Tabs become one space in the quote, so the caret column equals the character column;
        // control characters are written as escapes, and the carets move past them.
        let shown = characters.map { $0 == "\t" ? " " : Self.terminalSafe(String($0), keepingNewlines: false) }
        let text = shown.joined() + suffix
        // East Asian wide characters take two cells on a terminal; pad and underline to match.
        func width(_ index: Int) -> Int { shown[index].count == 1 ? characters[index].terminalWidth : shown[index].count }
        let padding = (0..<min(startColumn - 1, characters.count)).reduce(0) { $0 + width($1) }
        let underlined = (startColumn - 1..<min(startColumn - 1 + max(length, 1), characters.count))
        let carets = max(underlined.reduce(0) { $0 + width($1) }, 1)
        return "\(gutter)\(number) | \(text)\n\(blank) | "
            + String(repeating: " ", count: padding) + String(repeating: "^", count: carets)
    }
}

extension DiagnosticRenderer {
    /// `text` with every control character written as an escape such as `\u{1B}`. Diagnostics
    /// quote content, and an escape sequence in a front-matter key or a guide's line, written to
    /// a terminal as it is, could retitle, clear or rewrite the writer's or CI's terminal. Bidi
    /// controls are escaped too, so a quoted line cannot show its characters in another order.
    /// Newlines are kept when `keepingNewlines`, because a message may span lines.
    public static func terminalSafe(_ text: String, keepingNewlines: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingNewlines: keepingNewlines) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar, keepingNewlines: keepingNewlines) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar, keepingNewlines: Bool) -> Bool {
        switch scalar.value {
        case 0x0A: !keepingNewlines
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}

extension Character {
    /// Cells this character takes in a terminal: 2 for East Asian wide and full-width forms.
    var terminalWidth: Int {
        guard let scalar = unicodeScalars.first else { return 1 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

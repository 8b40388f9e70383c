import Diagnostics

/// Turns UTF-8 offsets into line and column, counting columns in `Character`s.
///
/// Offsets are asked for in increasing order while a document is scanned, so the tracker walks
/// forward from the last answer: a whole document costs one pass, even a 1 MB line holding
/// thousands of directives.
struct LocationTracker {
    private let bytes: [UInt8]
    private let file: String
    private let firstLine: Int
    private let firstColumn: Int
    private var offset = 0
    private var line: Int
    private var column: Int
    private var lineStart = 0
    /// The place of each byte offset, and of the end, when the text is not a copy of its source
    /// (a YAML scalar with escapes or folded lines).
    private let places: [SourceLocation]?

    /// A tracker for `bytes`, whose first byte is at `start`; `places`, when given, holds the
    /// place of every byte offset of `bytes` and of its end.
    init(bytes: [UInt8], start: SourceLocation, places: [SourceLocation]? = nil) {
        self.bytes = bytes
        self.places = places.flatMap { $0.count == bytes.count + 1 ? $0 : nil }
        self.file = start.file
        self.firstLine = start.line
        self.firstColumn = start.column
        self.line = start.line
        self.column = start.column
    }

    /// The location of the character that starts at byte `target`.
    mutating func location(at target: Int) -> SourceLocation {
        let target = min(max(target, 0), bytes.count)
        if let places { return places[target] }
        if target < offset {
            // Not expected while scanning; start again from a place whose column is known.
            if target >= lineStart {
                offset = lineStart
                column = line == firstLine ? firstColumn : 1
            } else {
                offset = 0
                lineStart = 0
                line = firstLine
                column = firstColumn
            }
        }
        var lastNewline = -1
        var newlines = 0
        var index = offset
        while index < target {
            if bytes[index] == UInt8(ascii: "\n") {
                newlines += 1
                lastNewline = index
            }
            index += 1
        }
        if newlines > 0 {
            line += newlines
            lineStart = lastNewline + 1
            column = 1 + characterCount(from: lineStart, to: target)
        } else {
            column += characterCount(from: offset, to: target)
        }
        offset = target
        return SourceLocation(file: file, line: line, column: column)
    }

    private func characterCount(from start: Int, to end: Int) -> Int {
        // Text whose scalars cannot join (ASCII, the common Japanese letters and punctuation) is
        // counted a scalar at a time; decoding and breaking it into characters took most of a
        // scenario title's parse.
        bytes.withUnsafeBufferPointer { CharacterCount.count(utf8: UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
}

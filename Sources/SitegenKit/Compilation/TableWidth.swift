import Diagnostics

/// The limit on the width of a Markdown table (docs/language.md, "Limits").
///
/// cmark-gfm parses every page again for each scenario, and a table's cost grows with its
/// columns on every row: one table of 10,000 columns would be parsed once per scenario, each
/// time slowly, although the mistake is in one line of one file. The widest table a reader can
/// use has a few dozen columns; the delimiter row (`|---|---|`), which fixes a table's width, is
/// looked at once per file, before any page is made.
enum TableWidth {
    /// The most columns a table may have.
    static let maximumColumns = 256

    /// The first delimiter row of `text` with more than `maximumColumns` cells, as its line
    /// (from 0) and column count, or `nil` when every table is narrow enough. Only lines made of
    /// `|`, `-`, `:` and spaces (after any block-quote `>`) are counted, so prose costs one look
    /// at each byte.
    static func firstTooWide(in text: String) -> (line: Int, columns: Int)? {
        // Lines found with memchr (``TextLines``): the UTF-8 view's own split took about 50
        // instructions a byte, for every guide of a build.
        for (index, lineText) in TextLines.lines(of: text).enumerated() {
            let line = lineText.utf8
            // Pipes outside code and escapes are what cmark-gfm counts; a delimiter row holds
            // nothing else, so this is its column count.
            var pipes = 0
            var dashes = false
            var isDelimiterRow = true
            for byte in line {
                switch byte {
                case UInt8(ascii: "|"): pipes += 1
                case UInt8(ascii: "-"): dashes = true
                case UInt8(ascii: ":"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: ">"): break
                default: isDelimiterRow = false
                }
                if !isDelimiterRow { break }
            }
            guard isDelimiterRow, dashes, pipes >= maximumColumns else { continue }
            let blank: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")]
            let trimmed = line.drop { blank.contains($0) || $0 == UInt8(ascii: ">") }
            var end = trimmed.endIndex
            while end > trimmed.startIndex, blank.contains(trimmed[trimmed.index(before: end)]) {
                end = trimmed.index(before: end)
            }
            let body = trimmed[trimmed.startIndex..<end]
            let columns = pipes + 1 - (body.first == UInt8(ascii: "|") ? 1 : 0) - (body.last == UInt8(ascii: "|") && body.count > 1 ? 1 : 0)
            if columns > maximumColumns { return (index, columns) }
        }
        return nil
    }
}

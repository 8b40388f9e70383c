/// Placeholders that stand for values decided after Markdown is parsed.
///
/// Directive output (stamped values, step anchors, references) must never be read as Markdown,
/// so the directive layer writes a token in its place and the renderer swaps the token for the
/// value inside the parsed tree. A token is made only of private-use characters, which have no
/// meaning in Markdown: it cannot open emphasis, end a table cell or start a list.
public enum InlineToken {
    /// Opens a token.
    public static let open: Unicode.Scalar = "\u{E000}"
    /// Closes a token.
    public static let close: Unicode.Scalar = "\u{E001}"
    /// The private-use scalar standing for the digit 0; digits 1 to 9 follow it.
    static let digitZero: UInt32 = 0xE010

    /// Opens a marker: the renderer's own placeholder for markup swapped in after rendering.
    static let markerOpen: Unicode.Scalar = "\u{E002}"
    /// Closes a marker.
    static let markerClose: Unicode.Scalar = "\u{E003}"

    /// The token text for `id`.
    public static func make(_ id: Int) -> String { make(id, marker: false) }

    static func make(_ id: Int, marker: Bool) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(marker ? markerOpen : open)
        for digit in String(id).unicodeScalars {
            scalars.append(Unicode.Scalar(digitZero + (digit.value - 0x30))!)
        }
        scalars.append(marker ? markerClose : close)
        return String(scalars)
    }

    /// Splits `text` into literal pieces and token ids, in order. Text with no token comes back
    /// as a single literal piece.
    static func split(_ text: String, marker: Bool = false) -> [Piece] {
        let open = marker ? markerOpen : open
        let close = marker ? markerClose : close
        var pieces: [Piece] = []
        var literal = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == open else {
                literal.append(scalar)
                continue
            }
            var id = 0
            var digits = String.UnicodeScalarView()
            var closed = false
            // Too many digits for an Int: not a token sitegen made (found by fuzzing).
            var overflowed = false
            while let next = scalars.next() {
                if next == close {
                    closed = true
                    break
                }
                digits.append(next)
                guard (digitZero...digitZero + 9).contains(next.value) else { break }
                let (times10, overflow1) = id.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(next.value - digitZero))
                overflowed = overflowed || overflow1 || overflow2
                id = sum
            }
            if closed && !overflowed && !digits.isEmpty
                && digits.allSatisfy({ (digitZero...digitZero + 9).contains($0.value) })
            {
                if !literal.isEmpty { pieces.append(.literal(String(literal))) }
                literal = String.UnicodeScalarView()
                pieces.append(.token(id))
            } else {
                // Not a well-formed token: keep what was read as text.
                literal.append(scalar)
                literal.append(contentsOf: digits)
                if closed { literal.append(close) }
            }
        }
        if !literal.isEmpty { pieces.append(.literal(String(literal))) }
        return pieces
    }

    /// Whether `text` may hold a token.
    static func mayContainToken(_ text: String) -> Bool {
        text.unicodeScalars.contains(open)
    }

    enum Piece: Equatable {
        case literal(String)
        case token(Int)
    }
}

/// Where a token stands in the parsed document.
public struct TokenOccurrence: Sendable, Hashable {
    /// What kind of text the token stands in.
    public enum Context: Sendable, Hashable {
        /// Running text: paragraphs, headings, list items, table cells, link text.
        case prose
        /// A code span or a code block: the value shows as plain text, never as markup.
        case code
        /// A link or image destination or title.
        case attribute
        /// Raw HTML (kept only with `unsafeHTML`).
        case rawHTML
    }

    /// The token's id, as given to `InlineToken.make`.
    public var id: Int
    /// What kind of text it stands in.
    public var context: Context
    /// The numbers of the ordered-list items that enclose the token, outermost first, so a step
    /// in item 2 of a list nested in item 3 has `[3, 2]`. Empty outside ordered lists.
    public var listItemPath: [Int]
    /// Whether the token is inside a heading.
    public var inHeading: Bool
    /// Whether the token is inside link text.
    public var inLink: Bool
}

/// What a token becomes.
public enum TokenReplacement: Sendable, Hashable {
    /// Plain text, escaped when rendered.
    case text(String)
    /// Markup, written as it is in prose; `text` is used where markup cannot stand (code,
    /// attributes) and to decide East Asian line breaks next to it.
    case html(String, text: String)

    var plainText: String {
        switch self {
        case .text(let text), .html(_, let text): text
        }
    }
}

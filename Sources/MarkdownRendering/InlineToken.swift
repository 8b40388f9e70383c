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
        guard mayContainToken(text) else { return text.isEmpty ? [] : [.literal(text)] }
        var text = text
        return text.withUTF8 { bytes -> [Piece] in
            var pieces: [Piece] = []
            scan(bytes, marker: marker) { range in
                pieces.append(.literal(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)))
            } token: { id in
                pieces.append(.token(id))
            }
            return pieces
        }
    }

    /// `bytes` (UTF-8) as a String with every token (or marker) replaced by `value(id)`. Works on
    /// the bytes and makes one String at the end, so a rendered page is not cut into a String per
    /// piece and joined again.
    static func substitute(_ bytes: UnsafeBufferPointer<UInt8>, marker: Bool, value: (Int) -> String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256)
        scan(bytes, marker: marker) { range in
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
        } token: { id in
            out.append(contentsOf: value(id).utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `literal` for each run of bytes outside tokens and `token` for each token's id, in
    /// order. Every token scalar is U+E0xx, three UTF-8 bytes EE 80 xx: bytes are scanned, not
    /// scalars.
    private static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, marker: Bool,
        literal: (Range<Int>) -> Void, token: (Int) -> Void
    ) {
        let openByte: UInt8 = marker ? 0x82 : 0x80
        let closeByte: UInt8 = marker ? 0x83 : 0x81
        var literalStart = 0
        var index = 0
        let count = bytes.count
        while index + 2 < count {
            guard bytes[index] == 0xEE, bytes[index + 1] == 0x80, bytes[index + 2] == openByte else {
                index += 1
                continue
            }
            // Digits follow as EE 80 90...99, then the closing EE 80 81 (or 83).
            var cursor = index + 3
            var id = 0
            var digits = 0
            while cursor + 2 < count, bytes[cursor] == 0xEE, bytes[cursor + 1] == 0x80,
                (0x90...0x99).contains(bytes[cursor + 2])
            {
                if digits < 9 { id = id * 10 + Int(bytes[cursor + 2] - 0x90) }
                digits += 1
                cursor += 3
            }
            // More digits than an id can have (ids count values on one page) is not a token;
            // that also keeps the id from overflowing.
            guard digits > 0, digits <= 9, cursor + 2 < count, bytes[cursor] == 0xEE, bytes[cursor + 1] == 0x80,
                bytes[cursor + 2] == closeByte
            else {
                // Not a well-formed token: the bytes stay text.
                index += 3
                continue
            }
            if index > literalStart { literal(literalStart..<index) }
            token(id)
            index = cursor + 3
            literalStart = index
        }
        if literalStart < count { literal(literalStart..<count) }
    }

    /// `text` with every scalar that tokens and markers are made of (U+E000 to U+E003 and
    /// U+E010 to U+E019) replaced by U+FFFD, so text from authors or scenario values can never
    /// pose as a token.
    public static func neutralize(_ text: String) -> String {
        guard mayContainToken(text) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0xE000...0xE003).contains(scalar.value) || (0xE010...0xE019).contains(scalar.value) {
                scalars.append("\u{FFFD}")
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Whether `text` may hold a token or a marker: whether it has a byte that starts a
    /// private-use character of the U+E000 block (0xEE in UTF-8). A byte scan, since almost
    /// every text has none.
    static func mayContainToken(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { $0.contains(0xEE) }
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
    /// Markup, written as it is in prose (and in code spans and blocks when `inCode`); `text`
    /// is used where markup cannot stand (attributes) and to decide East Asian line breaks next
    /// to it. Markup in code must be phrasing content whose text is the escaped `text`.
    case html(String, text: String, inCode: Bool = false)

    var plainText: String {
        switch self {
        case .text(let text), .html(_, let text, _): text
        }
    }
}

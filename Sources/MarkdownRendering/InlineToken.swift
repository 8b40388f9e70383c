#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
    /// Opens a token that follows an edge character (see ``make(_:standingFor:)``).
    static let openAfterEdge: Unicode.Scalar = "\u{E004}"
    /// Closes a token that an edge character follows.
    static let closeBeforeEdge: Unicode.Scalar = "\u{E005}"
    /// The edge that reads as punctuation to Markdown: a character no Japanese or English text
    /// uses (REVERSED QUESTION MARK), listed as punctuation by cmark-gfm.
    static let punctuationEdge: Unicode.Scalar = "\u{2E2E}"
    /// The edge that reads as whitespace to Markdown (EN QUAD): whitespace to the emphasis rules,
    /// but neither indentation nor a line break.
    static let whitespaceEdge: Unicode.Scalar = "\u{2000}"

    /// The token text for `id`. To Markdown it reads as a word: letters on both ends.
    public static func make(_ id: Int) -> String {
        id >= 0 && id < cachedIDs ? cachedTokens[id] : make(id, marker: false)
    }

    /// The token text for `id`, standing for `text`: to Markdown's emphasis rules (which look
    /// at the characters on either side of `*`, `_` and `~` runs) it reads like `text` would.
    /// A value that starts with punctuation or whitespace gets an edge character of that class
    /// before the token, and one that ends so gets one after it; both go when the token is
    /// replaced. Without them a token reads as letters, so `**{{ v }}**まで` would be bold for
    /// `v` = `2026年2月15日(日)` although `**2026年2月15日(日)**まで` is not, and
    /// `1. X**「承認」**` would not be bold although `1. **「承認」**` is.
    public static func make(_ id: Int, standingFor text: String) -> String {
        let (first, last) = text.withUTF8Bytes { (firstScalar(of: $0), lastScalar(of: $0)) }
        let lead = first.flatMap(edge(for:))
        let trail = last.flatMap(edge(for:))
        if id >= 0 && id < cachedIDs {
            return cachedTokens[(edgeIndex(lead) * edges.count + edgeIndex(trail)) * cachedIDs + id]
        }
        return make(id, lead: lead, trail: trail)
    }

    /// The first scalar of `bytes` (valid UTF-8, as a String's are), read from its bytes: the
    /// scalar view's `first` and `last` went through the String's general path, and a page
    /// asks for both for every value it stamps.
    static func firstScalar(of bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        bytes.isEmpty ? nil : scalar(in: bytes, at: 0)
    }

    /// The last scalar of `bytes` (valid UTF-8): its start is the last byte that does not
    /// continue a sequence (10xxxxxx).
    static func lastScalar(of bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        var start = bytes.count - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return start < 0 ? nil : scalar(in: bytes, at: start)
    }

    /// The scalar whose UTF-8 sequence starts at `start` of `bytes` (valid UTF-8).
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Unicode.Scalar? {
        let lead = UInt32(bytes[start])
        let value: UInt32
        switch lead {
        case ..<0x80:
            value = lead
        case ..<0xE0:
            value = (lead & 0x1F) << 6 | UInt32(bytes[start + 1] & 0x3F)
        case ..<0xF0:
            value = (lead & 0x0F) << 12 | UInt32(bytes[start + 1] & 0x3F) << 6 | UInt32(bytes[start + 2] & 0x3F)
        default:
            value =
                (lead & 0x07) << 18 | UInt32(bytes[start + 1] & 0x3F) << 12 | UInt32(bytes[start + 2] & 0x3F) << 6
                | UInt32(bytes[start + 3] & 0x3F)
        }
        return Unicode.Scalar(value)
    }

    /// The token for `id` with the given edges, and the opening and closing scalars they call for.
    static func make(_ id: Int, lead: Unicode.Scalar?, trail: Unicode.Scalar?) -> String {
        make(id, open: lead == nil ? open : openAfterEdge, close: trail == nil ? close : closeBeforeEdge, lead: lead, trail: trail)
    }

    /// Ids below this have their tokens made once, with each pair of edges: a page numbers its
    /// values from 0, and making a token's String again for each value it stamps (checking
    /// its UTF-8) cost more than looking the value up.
    static let cachedIDs = 128

    /// No edge, and the two edge characters, in the order the cache's blocks follow.
    private static let edges: [Unicode.Scalar?] = [nil, whitespaceEdge, punctuationEdge]

    private static func edgeIndex(_ edge: Unicode.Scalar?) -> Int {
        switch edge {
        case nil: 0
        case whitespaceEdge: 1
        default: 2
        }
    }

    /// The tokens of ids below ``cachedIDs``: a block of them for each lead edge and trail edge.
    private static let cachedTokens: [String] = edges.flatMap { lead in
        edges.flatMap { trail in (0..<cachedIDs).map { make($0, lead: lead, trail: trail) } }
    }

    /// The edge character that makes a token read like `scalar` to the emphasis rules, or
    /// `nil` for a character that reads as a letter (as a bare token does). The classes are
    /// cmark-gfm's: Unicode whitespace (Zs, tab, line ends) and its punctuation (ASCII
    /// punctuation and Unicode P*).
    static func edge(for scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value
        if value < 0x80 {
            if value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0C || value == 0x0D { return whitespaceEdge }
            if (0x21...0x2F).contains(value) || (0x3A...0x40).contains(value) || (0x5B...0x60).contains(value)
                || (0x7B...0x7E).contains(value)
            {
                return punctuationEdge
            }
            return nil
        }
        // Most of what Japanese values start and end with, without a lookup of its properties.
        if isCommonJapaneseLetter(scalar) { return nil }
        switch scalar.properties.generalCategory {
        case .spaceSeparator:
            return whitespaceEdge
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return punctuationEdge
        default:
            return nil
        }
    }

    /// Whether `scalar` is a kanji, a kana letter or the long-vowel mark: letters (general
    /// category Lo or Lm), told by their ranges alone. Looking up a scalar's Unicode
    /// properties costs more than the rest of the passes that ask, and most characters of
    /// Japanese text are these. (Katakana U+30A0 and U+30FB are punctuation, hiragana U+3099
    /// to U+309C marks and symbols: all outside the ranges.)
    static func isCommonJapaneseLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3041...0x3096, 0x30A1...0x30FA, 0x30FC...0x30FE: true
        default: false
        }
    }

    static func make(_ id: Int, marker: Bool) -> String {
        make(id, open: marker ? markerOpen : open, close: marker ? markerClose : close, lead: nil, trail: nil)
    }

    /// `lead`, `open`, the digits of `id` (not negative), `close` and `trail`, written straight
    /// into the String's UTF-8: every one of these scalars is three bytes long. A page makes a
    /// token for every value it stamps, and most tokens fit in a String that needs no storage.
    private static func make(
        _ id: Int, open: Unicode.Scalar, close: Unicode.Scalar, lead: Unicode.Scalar?, trail: Unicode.Scalar?
    ) -> String {
        var digits = 1
        var place = 1
        while place <= id / 10 {
            place *= 10
            digits += 1
        }
        let scalars = digits + 2 + (lead == nil ? 0 : 1) + (trail == nil ? 0 : 1)
        return String(unsafeUninitializedCapacity: 3 * scalars) { buffer in
            var index = 0
            func put(_ value: UInt32) {
                buffer[index] = UInt8(0xE0 | value >> 12)
                buffer[index + 1] = UInt8(0x80 | (value >> 6) & 0x3F)
                buffer[index + 2] = UInt8(0x80 | value & 0x3F)
                index += 3
            }
            if let lead { put(lead.value) }
            put(open.value)
            var remaining = id
            while place > 0 {
                put(digitZero + UInt32(remaining / place))
                remaining %= place
                place /= 10
            }
            put(close.value)
            if let trail { put(trail.value) }
            return index
        }
    }

    /// Splits `text` into literal pieces and token ids, in order. Text with no token comes back
    /// as a single literal piece.
    static func split(_ text: String, marker: Bool = false) -> [Piece] {
        guard mayContainToken(text) else { return text.isEmpty ? [] : [.literal(text)] }
        return text.withUTF8Bytes { bytes -> [Piece] in
            var pieces: [Piece] = []
            scan(bytes, marker: marker) { range in
                pieces.append(.literal(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)))
            } token: { id, _ in
                pieces.append(.token(id))
            }
            return pieces
        }
    }

    /// `bytes` (UTF-8) as a String with every token (or marker) replaced by `value(id)`. Works on
    /// the bytes and makes one String at the end, so a rendered page is not cut into a String per
    /// piece and joined again.
    static func substitute(_ bytes: UnsafeBufferPointer<UInt8>, marker: Bool, value: (Int) -> String) -> String {
        String(decoding: substitutedBytes(bytes, marker: marker) { value($0).utf8 }, as: UTF8.self)
    }

    /// ``substitute(_:marker:value:)`` as UTF-8 bytes, with each value given as its bytes.
    static func substitutedBytes<Value: Collection<UInt8>>(
        _ bytes: UnsafeBufferPointer<UInt8>, marker: Bool, value: (Int) -> Value
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256)
        scan(bytes, marker: marker) { range in
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
        } token: { id, _ in
            out.append(contentsOf: value(id))
        }
        return out
    }

    /// Calls `literal` for each run of bytes outside tokens and `token` for each token's id and
    /// bytes (edges included), in order. Every token scalar is U+E0xx, three UTF-8 bytes
    /// EE 80 xx: bytes are scanned, not scalars.
    static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, marker: Bool,
        literal: (Range<Int>) -> Void, token: (Int, Range<Int>) -> Void
    ) {
        let openByte: UInt8 = marker ? 0x82 : 0x80
        let closeByte: UInt8 = marker ? 0x83 : 0x81
        var literalStart = 0
        var index = 0
        let count = bytes.count
        while index + 2 < count {
            // Every token starts with the byte EE, which text seldom holds (EE starts only
            // U+E000...U+EFFF, private use): memchr finds the next one many bytes at a time.
            guard let found = memchr(bytes.baseAddress! + index, 0xEE, count - 2 - index) else { break }
            index = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            // Markers never have edges; tokens may (U+E004 opens after one, U+E005 closes
            // before one).
            guard bytes[index] == 0xEE, bytes[index + 1] == 0x80,
                bytes[index + 2] == openByte || (!marker && bytes[index + 2] == 0x84)
            else {
                index += 1
                continue
            }
            let afterEdge = bytes[index + 2] == 0x84
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
                bytes[cursor + 2] == closeByte || (!marker && bytes[cursor + 2] == 0x85)
            else {
                // Not a well-formed token: the bytes stay text.
                index += 3
                continue
            }
            let beforeEdge = bytes[cursor + 2] == 0x85
            // The edges were written right beside the token and nothing in Markdown splits two
            // non-ASCII characters, so they are there; checked all the same, and kept as text
            // if they are not.
            var literalEnd = index
            if afterEdge, index - literalStart >= 3, isEdge(bytes, at: index - 3) { literalEnd = index - 3 }
            if literalEnd > literalStart { literal(literalStart..<literalEnd) }
            index = cursor + 3
            if beforeEdge, index + 3 <= count, isEdge(bytes, at: index) { index += 3 }
            token(id, literalEnd..<index)
            literalStart = index
        }
        if literalStart < count { literal(literalStart..<count) }
    }

    /// `text` without the tokens for which `remove` holds, and where each of those stood in the
    /// text that is left. Tokens that stand for nothing (step names) are taken out before
    /// Markdown is parsed, so they cannot change how the text around them parses; their points
    /// say where they were (``MarkdownDocument/places(of:)``).
    ///
    /// The text left is UTF-8 bytes, for ``MarkdownDocument/init(parsingUTF8:options:)``: made
    /// into a String, every byte of every page's Markdown was checked again only to be handed
    /// to cmark-gfm as bytes.
    public static func removeTokens(
        from text: String, where remove: (Int) -> Bool
    ) -> (utf8: [UInt8], removed: [(id: Int, point: SourcePoint)]) {
        removeTokens(fromUTF8: Array(text.utf8), where: remove)
    }

    /// ``removeTokens(from:where:)`` for text given as its UTF-8 bytes (an expansion's), which
    /// is handed back as it is when it holds no token.
    public static func removeTokens(
        fromUTF8 text: [UInt8], where remove: (Int) -> Bool
    ) -> (utf8: [UInt8], removed: [(id: Int, point: SourcePoint)]) {
        text.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress, memchr(base, 0xEE, bytes.count) != nil else { return (text, []) }
            var removal = TokenRemoval(bytes: bytes)
            // The closures call into one struct rather than a nested function capturing its
            // variables: a nested function passed as a closure made every write check
            // exclusive access at run time.
            scan(bytes, marker: false, literal: { removal.write($0) }) { id, range in
                if remove(id) {
                    removal.removed.append((id, removal.point))
                } else {
                    removal.write(range)
                }
            }
            return (removal.out, removal.removed)
        }
    }

    /// The state of ``removeTokens(from:where:)``: the bytes written so far, and the line and
    /// the offset of its start in them.
    private struct TokenRemoval {
        let bytes: UnsafeBufferPointer<UInt8>
        var out: [UInt8] = []
        var removed: [(id: Int, point: SourcePoint)] = []
        var line = 1
        var lineStart = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            out.reserveCapacity(bytes.count)
        }

        /// Where the next byte written goes.
        var point: SourcePoint { SourcePoint(line: line, column: out.count - lineStart + 1) }

        mutating func write(_ range: Range<Int>) {
            guard !range.isEmpty, let base = bytes.baseAddress else { return }
            let start = out.count
            out.append(contentsOf: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
            // Lines are counted with memchr over the copied run, not byte by byte: this copies
            // every page's whole Markdown.
            var from = range.lowerBound
            while from < range.upperBound, let found = memchr(base + from, Int32(UInt8(ascii: "\n")), range.upperBound - from) {
                let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                line += 1
                lineStart = start + (newline - range.lowerBound) + 1
                from = newline + 1
            }
        }
    }

    /// Whether the three bytes at `index` are an edge character: U+2E2E (E2 B8 AE) or U+2000
    /// (E2 80 80).
    private static func isEdge(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index >= 0, index + 2 < bytes.count, bytes[index] == 0xE2 else { return false }
        return (bytes[index + 1] == 0xB8 && bytes[index + 2] == 0xAE) || (bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80)
    }

    /// `text` with every scalar that tokens and markers are made of (U+E000 to U+E005 and
    /// U+E010 to U+E019) replaced by U+FFFD, so text from authors or scenario values can never
    /// pose as a token.
    public static func neutralize(_ text: String) -> String {
        guard mayContainToken(text) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0xE000...0xE005).contains(scalar.value) || (0xE010...0xE019).contains(scalar.value) {
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
        text.withUTF8Bytes { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, 0xEE, bytes.count) != nil
        }
    }

    enum Piece: Equatable {
        case literal(String)
        case token(Int)
    }
}

/// A place in Markdown text as cmark-gfm counts source positions: a 1-based line, and a 1-based
/// column counted in UTF-8 bytes.
public struct SourcePoint: Sendable, Hashable {
    /// The line, from 1.
    public var line: Int
    /// The column in UTF-8 bytes, from 1.
    public var column: Int

    /// Creates a point.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    static func < (left: SourcePoint, right: SourcePoint) -> Bool {
        (left.line, left.column) < (right.line, right.column)
    }
}

/// Where a point of the source (a removed token) stands in the parsed document.
public struct PointPlace: Sendable, Hashable {
    /// The numbers of the ordered-list items that enclose the point, outermost first.
    public var listItemPath: [Int]
    /// Whether the point is inside a code span or a code block.
    public var inCode: Bool
    /// The innermost ordered-list item holding the point, as an index into the document's
    /// list of placed items, for ``MarkdownDocument/insertMarkup(_:atStartOf:)``.
    var item: Int?
}

/// Where a token stands in the parsed document.
public struct TokenOccurrence: Sendable, Hashable {
    /// What kind of text the token stands in.
    public enum Context: Sendable, Hashable {
        /// Running text: paragraphs, headings, list items, table cells, link text (not an
        /// image's description, which is an attribute).
        case prose
        /// A code span or a code block: the value shows as plain text, never as markup.
        case code
        /// A link or image destination or title, or an image's description (its alt text).
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
    case html(Markup, text: String, inCode: Bool = false)

    var plainText: String {
        switch self {
        case .text(let text), .html(_, let text, _): text
        }
    }
}

/// A replacement's markup, kept as the bytes cmark-gfm takes: its UTF-8 and a NUL after it.
/// Markup written piece by piece (``MarkupWriter/markup(capacity:_:)``, a stamp's element on
/// every page) becomes these bytes with no String made of them: making one checks every byte
/// again, and cmark-gfm would only have its C string copied from it.
public struct Markup: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup's UTF-8 bytes, then a NUL.
    let terminatedUTF8: [UInt8]

    /// The markup `text`.
    public init(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.append(0)
        terminatedUTF8 = bytes
    }

    /// Bytes that already end with their NUL (``MarkupWriter/markup(capacity:_:)``).
    init(terminatedUTF8: [UInt8]) {
        precondition(terminatedUTF8.last == 0, "Markup: bytes must end with a NUL")
        self.terminatedUTF8 = terminatedUTF8
    }

    /// The markup written as a literal.
    public init(stringLiteral value: String) { self.init(value) }

    /// The markup written as a literal with interpolations.
    public init(stringInterpolation: DefaultStringInterpolation) { self.init(String(stringInterpolation: stringInterpolation)) }

    /// The markup as text.
    public var description: String { String(decoding: utf8, as: UTF8.self) }

    /// The markup's UTF-8 bytes, without the NUL.
    var utf8: ArraySlice<UInt8> { terminatedUTF8.dropLast() }

    /// Calls `body` with the markup as a C string.
    func withCString<Result>(_ body: (UnsafePointer<CChar>) -> Result) -> Result {
        terminatedUTF8.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }
}

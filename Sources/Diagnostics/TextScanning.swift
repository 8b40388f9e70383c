#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A text's lines, found over its UTF-8 bytes.
public enum TextLines {
    /// `text` cut at every line feed: what `text.utf8.split(separator: 0x0A,
    /// omittingEmptySubsequences: omittingEmpty)` gives, each piece as a `Substring`. For text
    /// whose line endings are normalized (``SourceFile``) these are the lines that splitting on
    /// the Character "\n" gives, since a line feed is a Character of its own everywhere but in
    /// CR LF. The line feeds are found with `memchr` over the bytes in place: the collection's
    /// own split steps through the UTF-8 view a byte at a time (about 50 instructions a byte),
    /// and every guide is cut into lines while it is checked.
    public static func lines(of text: String, omittingEmpty: Bool = false) -> [Substring] {
        let offsets = lineFeedOffsets(in: text)
        let utf8 = text.utf8
        var lines: [Substring] = []
        lines.reserveCapacity(offsets.count + 1)
        var start = 0
        // Native UTF-8 strings index their UTF-8 view by offset in constant time.
        func add(upTo end: Int) {
            if end > start || !omittingEmpty {
                lines.append(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]))
            }
        }
        for offset in offsets {
            add(upTo: offset)
            start = offset + 1
        }
        add(upTo: utf8.count)
        return lines
    }

    /// The UTF-8 offset of every line feed in `text`, found with `memchr` over its bytes in
    /// place (the UTF-8 view's own search steps through them one at a time).
    public static func lineFeedOffsets(in text: String) -> [Int] {
        var text = text
        return text.withUTF8 { bytes in
            var offsets: [Int] = []
            guard let base = bytes.baseAddress else { return offsets }
            var offset = 0
            while offset < bytes.count, let found = memchr(base + offset, 0x0A, bytes.count - offset) {
                let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                offsets.append(position)
                offset = position + 1
            }
            return offsets
        }
    }
}

/// Counting a text's `Character`s without breaking it into grapheme clusters where no scalar of
/// it can join another: columns in diagnostics are counted in Characters, and every scenario
/// title and YAML value asks for some.
public enum CharacterCount {
    /// Whether `scalar` is a character of its own whatever stands beside it: it neither joins
    /// the character before it (a combining mark, a joiner) nor the one after it (a prepended
    /// mark), nor pairs with its neighbours (CR LF, Hangul syllables, flags). ASCII but CR, and
    /// the commonest Japanese letters and punctuation, told by their ranges.
    public static func isStandalone(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x0C, 0x0E...0x7F: true
        default: isStandaloneBeyondASCII(scalar.value)
        }
    }

    /// ``isStandalone(_:)`` for a scalar value of U+0080 or above.
    private static func isStandaloneBeyondASCII(_ value: UInt32) -> Bool {
        switch value {
        // 、。〃 and the brackets 〈〉《》「」『』【】〔〕〖〗〘〙〚〛 (U+302A...U+302F are
        // combining marks, outside).
        case 0x3001...0x3003, 0x3008...0x301B: true
        // Hiragana and katakana letters, the middle dot and the long-vowel mark (U+3099 and
        // U+309A combine, outside), kanji.
        case 0x3041...0x3096, 0x30A1...0x30FE, 0x4E00...0x9FFF: true
        // Fullwidth ASCII forms (！ to ～).
        case 0xFF01...0xFF5E: true
        default: false
        }
    }

    /// `text.count`, without breaking the text into characters when every scalar is a
    /// character of its own (``isStandalone(_:)``): then each scalar is a character.
    public static func count(of text: String) -> Int {
        var text = text
        return text.withUTF8 { count(utf8: $0) }
    }

    /// `String(decoding: bytes, as: UTF8.self).count`, read over the bytes: ASCII but CR is a
    /// byte a character, and a well-formed three-byte scalar that ``isStandalone(_:)`` is one
    /// character; anything else (another scalar, a malformed byte) is counted by decoding the
    /// bytes and breaking them into characters, as the Standard Library does.
    public static func count(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        var characters = 0
        let end = bytes.count
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                guard lead != 0x0D else { return String(decoding: bytes, as: UTF8.self).count }
                index += 1
            } else {
                guard lead & 0xF0 == 0xE0, index + 2 < end else { return String(decoding: bytes, as: UTF8.self).count }
                let second = bytes[index + 1]
                let third = bytes[index + 2]
                guard second & 0xC0 == 0x80, third & 0xC0 == 0x80 else { return String(decoding: bytes, as: UTF8.self).count }
                let value = UInt32(lead & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
                // Every range beyond ASCII lies in U+3001...U+FF5E: an overlong form (under
                // U+0800) or a surrogate (U+D800...U+DFFF) is never among them.
                guard isStandaloneBeyondASCII(value) else { return String(decoding: bytes, as: UTF8.self).count }
                index += 3
            }
            characters += 1
        }
        return characters
    }
}

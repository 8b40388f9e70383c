/// Writes a short piece of markup of many small pieces (a stamp's element) into one new String,
/// straight into its storage. Every stamp of every page makes one: built with `+=`, each piece
/// was an append through String's general path (a call, a capacity check and a flag update per
/// piece), and the escaped text a String of its own. The String made checks its bytes as UTF-8
/// once, which costs about as much per byte as an append costs per piece: markup of a few long
/// pieces (a glossary link with its definition) is cheaper appended.
public struct MarkupWriter: ~Copyable {
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    private var count = 0

    private init(buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    /// A String of what `write` writes. `capacity` must hold it: each piece's UTF-8 count, and
    /// six bytes for each byte of escaped text (``appendEscaped(_:)``).
    public static func make(capacity: Int, _ write: (inout MarkupWriter) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var writer = MarkupWriter(buffer: buffer)
            write(&writer)
            return writer.count
        }
    }

    /// The ``Markup`` of what `write` writes, with no String made of it. `capacity` must hold
    /// it, as for ``make(capacity:_:)``.
    public static func markup(capacity: Int, _ write: (inout MarkupWriter) -> Void) -> Markup {
        // Written on the stack, then copied into an array of its own size. An array made with
        // `init(unsafeUninitializedCapacity:)` looks its storage's type up at run time (the
        // standard library's unspecialised path): a third of the cost of a stamp's element.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity + 1) { buffer in
            var writer = MarkupWriter(buffer: UnsafeMutableBufferPointer(rebasing: buffer[..<capacity]))
            write(&writer)
            buffer[writer.count] = 0
            return Markup(terminatedUTF8: Array(UnsafeBufferPointer(rebasing: buffer[...writer.count])))
        }
    }

    /// The most bytes ``appendEscaped(_:)`` writes for `text`.
    public static func escapedCapacity(of text: String) -> Int { text.utf8.count * 6 }

    /// Appends a literal piece of markup. Literals have their own method: a `String` piece
    /// counts a reference each time, 90 instructions a piece against 20 for the literal's bytes.
    public mutating func append(_ piece: StaticString) {
        piece.withUTF8Buffer { append(bytes: $0) }
    }

    /// Appends `text` as it is.
    public mutating func append(contentsOf text: String) {
        text.withUTF8Bytes { append(bytes: $0) }
    }

    /// Copies `bytes` in after what is written, checking the capacity first.
    private mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        precondition(count + bytes.count <= buffer.count, "MarkupWriter: capacity too small")
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        (buffer.baseAddress! + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends the decimal digits of `number`, with `-` before a negative one and zeros in
    /// front up to `width` digits, without making a String of them.
    public mutating func append(_ number: Int, width: Int = 1) {
        var digits = 1
        var rest = number.magnitude
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        let written = max(digits, width)
        let length = written + (number < 0 ? 1 : 0)
        precondition(count + length <= buffer.count, "MarkupWriter: capacity too small")
        let out = buffer.baseAddress!
        if number < 0 { out[count] = UInt8(ascii: "-") }
        var value = number.magnitude
        var position = count + length - 1
        for _ in 0..<written {
            out[position] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
            position -= 1
        }
        count += length
    }

    /// Appends `text` escaped for HTML content and attribute values, as
    /// ``MarkdownDocument/escapeHTML(_:)`` escapes it (`&`, `<`, `>`, `"`).
    public mutating func appendEscaped(_ text: String) {
        text.withUTF8Bytes { bytes in
            precondition(count + bytes.count * 6 <= buffer.count, "MarkupWriter: capacity too small")
            let out = buffer.baseAddress!
            for byte in bytes {
                switch byte {
                case 0x26: put("&amp;")
                case 0x3C: put("&lt;")
                case 0x3E: put("&gt;")
                case 0x22: put("&quot;")
                default:
                    out[count] = byte
                    count += 1
                }
            }
        }
    }

    private mutating func put(_ entity: StaticString) {
        entity.withUTF8Buffer { bytes in
            (buffer.baseAddress! + count).update(from: bytes.baseAddress!, count: bytes.count)
            count += bytes.count
        }
    }
}

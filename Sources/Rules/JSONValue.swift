/// A JSON document built in code and written with a fixed key order, so that the same rules
/// give the same bytes on every build (docs/reader-values.md describes the formats written).
///
/// Not `indirect`: arrays and objects already hold their elements in the arrays' own storage,
/// and an indirect enum would allocate a box for every number and string besides.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number, written as it is.
    case int(Int)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object whose keys are written in the order given.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(serialized())
    }

    /// The compact JSON text. `<` is written as `\u003c` so that the text is safe inside an HTML
    /// `<script>` element, and U+2028/U+2029 are escaped so that it is safe as JavaScript source.
    public func serialized() -> String {
        String(decoding: serializedBytes(), as: UTF8.self)
    }

    /// ``serialized()`` as UTF-8 bytes, for a caller that writes bytes: no String is made of
    /// them, and so they are not checked again as UTF-8 (they are, by construction).
    public func serializedBytes() -> [UInt8] {
        // Written as UTF-8 bytes: appending to a String scalar by scalar cost a scenario page
        // about 2 % of its build.
        var out = JSONBytes(capacity: 256)
        write(into: &out)
        return out.array
    }

    fileprivate func write(into out: inout JSONBytes) {
        // Iterative over nested arrays and objects would be faster for deep trees; expression
        // trees are at most ExpressionParser.maximumDepth deep, so recursion is bounded.
        switch self {
        case .null: Self.writeLiteral("null", into: &out)
        case .bool(let value): Self.writeLiteral(value ? "true" : "false", into: &out)
        case .int(let value): Self.writeInt(value, into: &out)
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `literal`'s bytes: `true`, `false` and `null` go through neither a String nor
    /// its UTF-8 view, which cost a record with a dozen decisions 200 instructions a value.
    fileprivate static func writeLiteral(_ literal: StaticString, into out: inout JSONBytes) {
        literal.withUTF8Buffer { out.append($0) }
    }

    /// Appends the decimal digits of `number` (with `-` when negative), written on the stack
    /// rather than into a String made for them.
    fileprivate static func writeInt(_ number: Int, into out: inout JSONBytes) {
        if number >= 0 && number < 10 {
            out.append(UInt8(ascii: "0") + UInt8(number))
            return
        }
        // 19 digits and a sign: Int.min.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var value = number.magnitude
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            } while value > 0
            if number < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            out.append(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Whether a byte of a string is written as it is whatever follows it: all but the control
    /// characters, `"`, `\\`, `<` and 0xE2 (which starts U+2028 and U+2029).
    fileprivate static let passesAsItIs: [Bool] = (0...255).map { byte in
        byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x3C && byte != 0xE2
    }

    /// A JSON string that is also safe inside a `<script>` element: `<` is escaped (no
    /// `</script>` can end it), and so are U+2028 and U+2029 (line ends to older JavaScript).
    fileprivate static func writeString(_ text: String, into out: inout JSONBytes) {
        out.append(UInt8(ascii: "\""))
        text.withUTF8Bytes { bytes in
            // Runs of bytes that need no escape (nearly all of them) are copied at once.
            var runStart = 0
            var index = 0
            let passesAsItIs = Self.passesAsItIs
            func flush() {
                if runStart < index { out.append(UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            }
            while index < bytes.count {
                let byte = bytes[index]
                // Most bytes need nothing: one look in a table passes them, where the cases
                // below are tried one by one.
                if passesAsItIs[Int(byte)] {
                    index += 1
                    continue
                }
                let escape: StaticString
                switch byte {
                case UInt8(ascii: "\""): escape = #"\""#
                case UInt8(ascii: "\\"): escape = #"\\"#
                case UInt8(ascii: "\n"): escape = #"\n"#
                case UInt8(ascii: "\r"): escape = #"\r"#
                case UInt8(ascii: "\t"): escape = #"\t"#
                case UInt8(ascii: "<"): escape = #"\u003c"#
                case 0..<0x20:
                    flush()
                    writeLiteral(#"\u00"#, into: &out)
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0x0F)])
                    index += 1
                    runStart = index
                    continue
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    // U+2028 and U+2029, in UTF-8.
                    flush()
                    writeLiteral(bytes[index + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#, into: &out)
                    index += 3
                    runStart = index
                    continue
                default:
                    index += 1
                    continue
                }
                flush()
                writeLiteral(escape, into: &out)
                index += 1
                runStart = index
            }
            flush()
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension Expression {
    /// The expression as the JSON tree the in-page evaluator reads (docs/reader-values.md):
    /// `["date","2026-01-31"]`, `["bin","<",lhs,rhs]`, `["call","min",[a,b]]`,
    /// `["if",condition,then,else]`, `["attr","name",operand]` and so on. Ints and
    /// duration amounts are decimal strings, so that 64-bit values survive JavaScript.
    public var jsonTree: JSONValue {
        switch kind {
        case .bool(let value): return .array([.string("bool"), .bool(value)])
        case .int(let value): return .array([.string("int"), .string(String(value))])
        case .string(let value): return .array([.string("str"), .string(value)])
        case .date(let value): return .array([.string("date"), .string(value.isoString)])
        case .duration(let value):
            return .array([.string("dur"), .string(String(value.amount)), .string(value.unit.rawValue)])
        case .list(let elements): return .array([.string("list"), .array(elements.map(\.jsonTree))])
        case .name(let name): return .array([.string("name"), .string(name)])
        case .not(let operand): return .array([.string("not"), operand.jsonTree])
        case .binary(let op, let lhs, let rhs):
            let name = op == .notIn ? "notin" : op.rawValue
            return .array([.string("bin"), .string(name), lhs.jsonTree, rhs.jsonTree])
        case .call(let function, let arguments):
            return .array([.string("call"), .string(function.rawValue), .array(arguments.map(\.jsonTree))])
        case .conditional(let condition, let whenTrue, let whenFalse):
            return .array([.string("if"), condition.jsonTree, whenTrue.jsonTree, whenFalse.jsonTree])
        case .attribute(let operand, let attribute):
            return .array([.string("attr"), .string(attribute.rawValue), operand.jsonTree])
        }
    }
}

/// Writes JSON into bytes as it goes, as ``JSONValue`` writes it (strings safe inside a
/// `<script>` element), for records written on every page without a tree of values first: a
/// tree made an allocation for each member. Members and elements are separated by commas as
/// they are written; keys and values alternate inside objects.
public struct JSONWriter: ~Copyable {
    private var out: JSONBytes
    /// Whether a value was written last in the open array or object, so the next one needs a
    /// comma before it.
    private var needsComma = false

    /// A writer whose bytes have room for `capacity` before they grow.
    public init(capacity: Int) { out = JSONBytes(capacity: capacity) }

    /// The JSON written so far.
    public var bytes: [UInt8] { out.array }

    /// Starts an object, as a value.
    public mutating func openObject() { open(UInt8(ascii: "{")) }
    /// Ends the object started last.
    public mutating func closeObject() { close(UInt8(ascii: "}")) }
    /// Starts an array, as a value.
    public mutating func openArray() { open(UInt8(ascii: "[")) }
    /// Ends the array started last.
    public mutating func closeArray() { close(UInt8(ascii: "]")) }

    /// Writes the key of the next member of the open object, one the program names. Its bytes
    /// are copied as they are, unlike ``key(escaping:)``'s: every page's record has a dozen such
    /// keys, and looking through each for characters to escape was most of writing it. The key
    /// must need no escape (letters, digits, `_`, `-`).
    public mutating func key(_ key: StaticString) {
        separate()
        key.withUTF8Buffer { utf8 in
            assert(utf8.allSatisfy { JSONValue.passesAsItIs[Int($0)] }, "JSONWriter.key: '\(key)' needs escaping")
            out.append(UInt8(ascii: "\""))
            out.append(utf8)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes the key of the next member of the open object, escaped as a string value is: for
    /// keys that come from the content (a fact's name).
    public mutating func key(escaping key: String) {
        separate()
        JSONValue.writeString(key, into: &out)
        out.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a string value.
    public mutating func string(_ text: String) {
        separate()
        JSONValue.writeString(text, into: &out)
        needsComma = true
    }

    /// Writes a whole number.
    public mutating func int(_ number: Int) {
        separate()
        JSONValue.writeInt(number, into: &out)
        needsComma = true
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        separate()
        JSONValue.writeLiteral(value ? "true" : "false", into: &out)
        needsComma = true
    }

    /// Writes a value built as a tree.
    public mutating func value(_ value: JSONValue) {
        separate()
        value.write(into: &out)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { out.append(UInt8(ascii: ",")) }
    }

    private mutating func open(_ byte: UInt8) {
        separate()
        out.append(byte)
        needsComma = false
    }

    private mutating func close(_ byte: UInt8) {
        out.append(byte)
        needsComma = true
    }
}

/// The bytes JSON is written into: an append is a capacity check and a copy. In a `[UInt8]`,
/// each of the few hundred appends of a page's record (a comma, a quote, a number) went
/// through the array's general append, about 70 instructions before its bytes were copied.
struct JSONBytes: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0

    /// Empty storage for at least `capacity` bytes.
    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, as an array.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let needed = count + bytes.count
        if needed > capacity { grow(to: needed) }
        (base + count).initialize(from: source, count: bytes.count)
        count = needed
    }

    /// Moves the storage to one at least twice as large that holds `needed` bytes.
    @inline(never)
    private mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.moveInitialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }
}

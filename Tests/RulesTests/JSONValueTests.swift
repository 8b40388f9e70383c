import Foundation
import Testing

@testable import Rules

/// JSON written for the page's scripts: valid JSON that reads back to the same values, and safe
/// inside a `<script>` element.
@Suite struct JSONValueTests {
    @Test func stringsReadBackTheSameOnRandomText() throws {
        let pool: [Unicode.Scalar] =
            Array("aZ09 \"\\/<>&'\n\r\t\u{0}\u{1}\u{1F}\u{7F}".unicodeScalars)
            + Array("見出し、。「」é\u{0301}\u{2027}\u{2028}\u{2029}\u{202A}😀".unicodeScalars)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...16, using: &generator) { scalars.append(pool.randomElement(using: &generator)!) }
            let text = String(scalars)
            let json = JSONValue.array([.string(text), .object([(text, .string(text))])]).serialized()
            // Nothing in it can end a script element or a line of older JavaScript.
            #expect(!json.contains("<"))
            #expect(!json.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" || $0.value < 0x20 })
            let read = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])
            #expect(read.first as? String == text, "\(json)")
            #expect((read.last as? [String: String])?[text] == text, "\(json)")
            #expect(JSONValue.string(text).serialized() == Self.reference(text))
        }
    }

    /// The string escaping written scalar by scalar, as sitegen wrote it before it wrote bytes.
    static func reference(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    @Test func examples() {
        #expect(JSONValue.string("a\"b\\c</script>\u{1}\u{2028}").serialized() == #""a\"b\\c\u003c/script>\u0001\u2028""#)
        #expect(JSONValue.object([("n", .int(-3)), ("b", .bool(true)), ("z", .null)]).serialized() == #"{"n":-3,"b":true,"z":null}"#)
        #expect(JSONValue.array([]).serialized() == "[]")
    }

    /// The writer's keys: one the program names is written as it is, one from the content is
    /// escaped as a string value is; members are separated by commas whichever writes them.
    @Test func writerKeys() {
        var writer = JSONWriter(capacity: 0)
        writer.openObject()
        writer.key("guide")
        writer.string("g</x>")
        writer.key(escaping: "a\"<b\u{2028}")
        writer.int(1)
        writer.key("scenario-title_2")
        writer.openArray()
        writer.closeArray()
        writer.closeObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"guide":"g\u003c/x>","a\"\u003cb\u2028":1,"scenario-title_2":[]}"#)
    }

    /// Numbers are written as `String` writes them, from one digit to `Int.min`, by the tree and
    /// by the writer alike; `true`, `false` and `null` as they are.
    @Test func numbersAndLiteralsAreWrittenAsSwiftWritesThem() {
        var generator = SystemRandomNumberGenerator()
        let edges = [0, 9, 10, -1, -9, -10, 99, 100, Int.max, Int.min, Int.min + 1]
        let numbers = edges + (0..<2000).map { _ in
            let digits = Int.random(in: 1...18, using: &generator)
            let bound = (0..<digits).reduce(1) { product, _ in product * 10 }
            return Int.random(in: -bound...bound, using: &generator)
        }
        for number in numbers {
            #expect(JSONValue.int(number).serialized() == String(number))
            let flag = Bool.random(using: &generator)
            var writer = JSONWriter(capacity: 0)
            writer.openArray()
            writer.int(number)
            writer.bool(flag)
            writer.value(.null)
            writer.closeArray()
            #expect(String(decoding: writer.bytes, as: UTF8.self) == "[\(number),\(flag),null]")
        }
    }
}

/// A JSON document built in code and written with a fixed key order, so that the same rules
/// give the same bytes on every build (docs/reader-values.md describes the formats written).
public indirect enum JSONValue: Sendable, Hashable {
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
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        // Iterative over nested arrays and objects would be faster for deep trees; expression
        // trees are at most ExpressionParser.maximumDepth deep, so recursion is bounded.
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, into out: inout String) {
        out += "\""
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
        out += "\""
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

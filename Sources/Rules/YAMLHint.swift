/// The fix for YAML mistakes writers make often, added to libyaml's own words, which describe
/// the parser's state rather than the writer's mistake.
public enum YAMLHint {
    /// What to do about `problem`, reported by libyaml on `line` (the text of the line it
    /// points at, without its line break; `previous` is the line before it), or `nil` when
    /// there is no obvious fix.
    public static func hint(problem: String, line: Substring?, previous: Substring? = nil) -> String? {
        guard let line else { return nil }
        let indentation = line.prefix { $0 == " " || $0 == "\t" }
        if indentation.contains("\t") || (problem.contains("cannot start any token") && line.contains("\t")) {
            return "YAML indents with spaces only: replace the tab with spaces"
        }
        if problem.contains("did not find expected key") {
            // `title: "期限は{{ d | date: "M/d" }}です"`: the value's quotes end at the pattern's
            // first quote, and the rest of the line follows a finished value.
            let text = line.drop { $0 == " " }
            if let colon = text.range(of: ": \""), text[colon.upperBound...].filter({ $0 == "\"" }).count >= 2, !text.contains("'") {
                let key = text[..<colon.lowerBound]
                var value = text[colon.upperBound...].trimmingSpaces
                if value.last == "\"" { value = value.dropLast() }
                return "the value's double quotes end at the next '\"'; quote a value that holds double quotes with single quotes: \(key): '\(value)'"
            }
        }
        if problem.contains("mapping values are not allowed") {
            let text = line.drop { $0 == " " }
            if let colon = text.range(of: ": ") {
                let key = text[..<colon.lowerBound]
                let value = text[colon.upperBound...].trimmingSpaces
                if !key.isEmpty, !value.isEmpty, !value.hasPrefix("\""), !value.hasPrefix("'"),
                    value.contains(": ") || value.hasSuffix(":")
                {
                    let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    return "a value holding ': ' must be quoted: \(key): \"\(escaped)\""
                }
            }
            // A key indented deeper than the key and value on the line before reads to YAML as
            // more of that value, and its colon then stands where no key can.
            if let previous, let before = keyAndValue(previous), let this = keyAndValue(line), this.indentation > before.indentation {
                return "this key is indented by \(spaces(this.indentation)), the key '\(before.key)' above it by \(spaces(before.indentation)): keys of one mapping start in the same column"
            }
        }
        return nil
    }

    /// The indentation and key of a line `key: value` with a value on it.
    private static func keyAndValue(_ line: Substring) -> (indentation: Int, key: Substring)? {
        let indentation = line.prefix { $0 == " " }.count
        let text = line.dropFirst(indentation)
        guard !text.hasPrefix("#"), !text.hasPrefix("- "), let colon = text.range(of: ": ") else { return nil }
        let key = text[..<colon.lowerBound]
        guard !key.isEmpty, !text[colon.upperBound...].trimmingSpaces.isEmpty else { return nil }
        return (indentation, key)
    }

    private static func spaces(_ count: Int) -> String {
        count == 1 ? "1 space" : "\(count) spaces"
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.last == " " { text = text.dropLast() }
        return text
    }
}

/// The fix for YAML mistakes writers make often, added to libyaml's own words, which describe
/// the parser's state rather than the writer's mistake.
public enum YAMLHint {
    /// What to do about `problem`, reported by libyaml on `line` (the text of the line it
    /// points at, without its line break), or `nil` when there is no obvious fix.
    public static func hint(problem: String, line: Substring?) -> String? {
        guard let line else { return nil }
        let indentation = line.prefix { $0 == " " || $0 == "\t" }
        if indentation.contains("\t") || (problem.contains("cannot start any token") && line.contains("\t")) {
            return "YAML indents with spaces only: replace the tab with spaces"
        }
        if problem.contains("mapping values are not allowed") {
            let text = line.drop { $0 == " " }
            if let colon = text.range(of: ": ") {
                let key = text[..<colon.lowerBound]
                let value = text[colon.upperBound...].trimmingSpaces
                if !key.isEmpty, !value.isEmpty, !value.hasPrefix("\""), !value.hasPrefix("'") {
                    let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    return "a value holding ': ' must be quoted: \(key): \"\(escaped)\""
                }
            }
        }
        return nil
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.last == " " { text = text.dropLast() }
        return text
    }
}

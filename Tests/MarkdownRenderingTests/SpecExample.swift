import Foundation

/// One example from a CommonMark-style spec file: the Markdown, the HTML the spec expects, and
/// where it stands.
struct SpecExample: CustomTestStringConvertible, Sendable {
    var file: String
    var number: Int
    var line: Int
    var section: String
    var markdown: String
    var html: String

    var testDescription: String { "\(file) example \(number) (line \(line), \(section))" }

    /// Reads the examples of a spec file. Examples are fenced by 32 backticks and the word
    /// `example`; `→` stands for a tab.
    static func load(_ name: String) throws -> [SpecExample] {
        guard let url = Bundle.module.url(forResource: "Conformance/\(name)", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        let fence = String(repeating: "`", count: 32)
        var examples: [SpecExample] = []
        var section = ""
        var state = 0  // 0 outside, 1 markdown, 2 html
        var markdown = "", html = "", start = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            switch state {
            case 0:
                if line.hasPrefix("#") && !line.hasPrefix("#!") {
                    section = line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
                }
                if line.hasPrefix(fence + " example") {
                    state = 1
                    markdown = ""
                    html = ""
                    start = index + 1
                }
            case 1:
                if line == "." { state = 2 } else { markdown += line + "\n" }
            default:
                if line == fence {
                    examples.append(SpecExample(
                        file: name, number: examples.count + 1, line: start, section: section,
                        markdown: markdown.replacingOccurrences(of: "→", with: "\t"),
                        html: html.replacingOccurrences(of: "→", with: "\t")))
                    state = 0
                } else {
                    html += line + "\n"
                }
            }
        }
        return examples
    }
}

import Testing

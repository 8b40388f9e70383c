import Foundation
import Testing

@testable import SitegenKit

/// The picker's cases are written as JSON by hand (`JSONValue`); `JSONEncoder` is the reference
/// they must agree with, value for value, on any text a site can hold.
struct CasePickerJSONTests {
    /// Texts with what JSON and a `<script>` element must escape, and what they must not.
    private static let pieces = [
        "a", "Z", "_", "-", "0", " ", "\"", "\\", "/", "<", "</script>", "<!--", ">", "&", "'", "\n", "\r", "\t",
        "\u{01}", "\u{1F}", "\u{7F}", "é", "証明書", "2026年1月31日(土)", "👍🏽", "\u{2028}", "\u{2029}", "\u{FEFF}",
    ]

    private struct Reference: Codable, Equatable {
        var cases: [Case]
        struct Case: Codable, Equatable {
            var id: String
            var title: String
            var url: String
            var facts: [String: String]
            var decisions: [[Int]]
            var values: [String]
        }
    }

    @Test func theHandWrittenJSONIsWhatJSONEncoderWritesForRandomCases() throws {
        var generator = SystemRandomNumberGenerator()
        func text() -> String {
            (0..<Int.random(in: 0...6, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
        }
        func name() -> String {
            String((0..<Int.random(in: 1...8, using: &generator)).map { _ in "ab_cz09".randomElement(using: &generator)! })
        }
        for _ in 0..<300 {
            var cases: [CasePicker.Case] = []
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                var facts: [String: String] = [:]
                for _ in 0..<Int.random(in: 0...4, using: &generator) { facts[name()] = text() }
                cases.append(
                    CasePicker.Case(
                        id: text(), title: text(), url: text(),
                        facts: facts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                        decisions: (0..<Int.random(in: 0...4, using: &generator)).map { ($0, Bool.random(using: &generator)) },
                        values: (0..<Int.random(in: 0...3, using: &generator)).map { _ in name() }))
            }
            let written = String(decoding: CasePicker.json(scenarios: cases), as: UTF8.self)
            #expect(!written.contains("<"), "'<' must not end the script element: \(written)")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let expected = Reference(
                cases: cases.map { scenario in
                    .init(
                        id: scenario.id, title: scenario.title, url: scenario.url,
                        facts: Dictionary(uniqueKeysWithValues: scenario.facts.map { ($0.name, $0.value) }),
                        decisions: scenario.decisions.map { [$0.condition, $0.holds ? 1 : 0] }, values: scenario.values)
                })
            let reference = try encoder.encode(expected)
            // Both texts read back as the same values, and as the values they were made from.
            let ours = try JSONDecoder().decode(Reference.self, from: Data(written.utf8))
            let theirs = try JSONDecoder().decode(Reference.self, from: reference)
            #expect(ours == theirs, "\(written)")
            #expect(ours == expected, "\(written)")
            // Keys are written in sorted order, as the sorted encoder writes them.
            let keyOrder = try #require(try? NSRegularExpression(pattern: "\"(decisions|facts|id|title|url|values)\":"))
            let keys = keyOrder.matches(in: written, range: NSRange(written.startIndex..., in: written)).map {
                (written as NSString).substring(with: $0.range(at: 1))
            }
            for start in stride(from: 0, to: keys.count, by: 6) where start + 6 <= keys.count {
                #expect(Array(keys[start..<start + 6]) == ["decisions", "facts", "id", "title", "url", "values"])
            }
        }
    }
}

import Diagnostics
import SeededRandom
import Testing

@testable import Directives

/// Sources hash by the hash made with them: a dictionary finds a source by an equal one made
/// apart (another object), never by one with other text or another place, and keeps thousands
/// of them apart as a dictionary of their fields does.
@Suite struct ExpressionSourceHashTests {
    private static func source(_ text: String, _ file: String, _ line: Int, _ column: Int) -> ExpressionSource {
        let location = SourceLocation(file: file, line: line, column: column)
        return ExpressionSource(text: text, location: location, range: SourceRange(start: location, length: text.count + 6))
    }

    @Test func equalSourcesAreFoundAndOthersAreNot() {
        var random = SeededGenerator(seed: 0xE5_0001)
        let texts = ["expiry", "expiry - 1 month", "a", "期限 - 30 days", ""]
        let files = ["guides/a.md", "guides/b.md", "partials/x.md"]
        var table: [ExpressionSource: Int] = [:]
        var byFields: [String: Int] = [:]
        for number in 0..<3000 {
            let (text, file) = (texts.randomElement(using: &random)!, files.randomElement(using: &random)!)
            let (line, column) = (Int.random(in: 1...60, using: &random), Int.random(in: 1...40, using: &random))
            let key = "\(text)|\(file)|\(line)|\(column)"
            table[Self.source(text, file, line, column)] = number
            byFields[key] = number
        }
        #expect(table.count == byFields.count)
        for (key, number) in byFields {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let again = Self.source(parts[0], parts[1], Int(parts[2])!, Int(parts[3])!)
            #expect(table[again] == number, "\(key)")
            #expect(again._rawHashValue(seed: 7) == Self.source(parts[0], parts[1], Int(parts[2])!, Int(parts[3])!)._rawHashValue(seed: 7))
            #expect(again.hashValue == Self.source(parts[0], parts[1], Int(parts[2])!, Int(parts[3])!).hashValue)
        }
        // Another text, file, line or column is another source.
        #expect(table[Self.source("expiry ", "guides/a.md", 1, 1)] == nil)
        #expect(table[Self.source("expiry", "guides/c.md", 1, 1)] == nil)
        #expect(table[Self.source("expiry", "guides/a.md", 61, 1)] == nil)
        #expect(table[Self.source("expiry", "guides/a.md", 1, 41)] == nil)
    }
}

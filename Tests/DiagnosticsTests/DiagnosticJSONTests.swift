import Foundation
import Testing

@testable import Diagnostics

/// `check --format json` promises every field, `null` where a problem has no place.
@Suite struct DiagnosticJSONTests {
    func json(_ diagnostic: Diagnostic) throws -> [String: Any] {
        let data = try JSONEncoder().encode(DiagnosticRecord(diagnostic))
        return try #require(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any])
    }

    static let keys: Set<String> = ["file", "line", "column", "endLine", "endColumn", "severity", "id", "message", "notes"]

    @Test func placelessProblemsHaveNullFields() throws {
        let noPlace = try json(Diagnostic(.warning, "check.unused-calendar", "unused", file: nil))
        #expect(Set(noPlace.keys) == Self.keys)
        for key in ["file", "line", "column", "endLine", "endColumn"] { #expect(noPlace[key] is NSNull, "\(key)") }
        let wholeFile = try json(Diagnostic(.error, "yaml.syntax", "bad", file: "Content/site.yml"))
        #expect(Set(wholeFile.keys) == Self.keys)
        #expect(wholeFile["file"] as? String == "Content/site.yml")
        for key in ["line", "column", "endLine", "endColumn"] { #expect(wholeFile[key] is NSNull, "\(key)") }
    }

    @Test func placedProblemsHaveNumbers() throws {
        let start = SourceLocation(file: "Content/guides/g.md", line: 4, column: 1)
        let record = try json(.error("step.in-code", "m", at: SourceRange(start: start, length: 3)))
        #expect(Set(record.keys) == Self.keys)
        #expect(record["line"] as? Int == 4 && record["column"] as? Int == 1 && record["endColumn"] as? Int == 4)
    }
}

import Diagnostics
import Rules
import Testing

@testable import Directives

/// An expression's source is a value: equal when its text and places are, whichever object holds
/// them, and a copy changed alone.
@Suite struct ExpressionSourceTests {
    private func source(_ text: String, file: String = "Content/guides/a.md", line: Int = 3, column: Int = 4, length: Int = 9)
        -> ExpressionSource
    {
        let start = SourceLocation(file: file, line: line, column: column)
        let directive = SourceLocation(file: file, line: line, column: column - 3)
        return ExpressionSource(text: text, location: start, range: SourceRange(start: directive, length: length))
    }

    @Test func sourcesMadeApartAreEqualWhenTheirFieldsAre() {
        let a = source("expiry - 1 month")
        let b = source("expiry - " + "1 month")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
        #expect([a: 1][b] == 1)
    }

    @Test func everyFieldTellsSourcesApart() {
        let a = source("expiry")
        #expect(a != source("expiry - 1 day"))
        #expect(a != source("expiry", file: "Content/partials/b.md"))
        #expect(a != source("expiry", line: 4))
        #expect(a != source("expiry", column: 5))
        // Hashed alike (the hash leaves the range out), told apart by equality.
        #expect(a != source("expiry", length: 10))
        #expect([a: 1][source("expiry", length: 10)] == nil)
    }

    @Test func changingACopyLeavesTheOriginal() {
        let original = source("expiry")
        var copy = original
        copy.text = "today"
        #expect(original.text == "expiry")
        #expect(copy.text == "today")
        #expect(copy.location == original.location && copy.range == original.range)
        copy.location = SourceLocation(file: "x.md", line: 1, column: 1)
        copy.range = SourceRange(SourceLocation(file: "x.md", line: 1, column: 1))
        #expect(original.location.file == "Content/guides/a.md")
        #expect(original.range.start.file == "Content/guides/a.md")
        #expect(copy == ExpressionSource(text: "today", location: copy.location, range: copy.range))
        #expect(copy != original)
    }

    /// The hash is worked out when a source is made: one changed into another's fields must
    /// hash as that one does, or a table would not find it.
    @Test func aChangedSourceIsFoundAsTheSourceItNowEquals() {
        let target = source("today", file: "Content/partials/b.md", line: 7, column: 2)
        var changed = source("expiry")
        changed.text = "today"
        changed.location = target.location
        changed.range = target.range
        #expect(changed == target)
        #expect(changed.hashValue == target.hashValue)
        #expect([target: 1][changed] == 1)
    }

    /// The same expression at the same line and column of two files (as the guides of a site
    /// often have) hashes apart, so a table of every file's expressions does not look through
    /// all of them for each.
    @Test func theSameExpressionInTwoFilesHashesApart() {
        let files = (0..<64).map { "Content/guides/g\($0).md" }
        let hashes = Set(files.map { source("expiry - 1 month", file: $0).hashValue })
        #expect(hashes.count == files.count)
    }
}

/// A stamp is a value too: equal when its expression, format and place are.
@Suite struct StampValueTests {
    private func stamp(_ text: String, format: StampFormat? = nil, column: Int = 3) -> Stamp {
        let start = SourceLocation(file: "Content/guides/a.md", line: 2, column: column)
        let expression = ExpressionSource(text: text, location: start, range: SourceRange(start: start, length: 12))
        return Stamp(expression: expression, format: format, range: SourceRange(start: start, length: 12))
    }

    @Test func stampsMadeApartAreEqualWhenTheirFieldsAre() {
        #expect(stamp("expiry", format: .named("era")) == stamp("expiry", format: .named("era")))
        #expect(Set([stamp("expiry"), stamp("expiry")]).count == 1)
        #expect(stamp("expiry") != stamp("expiry", format: .named("era")))
        #expect(stamp("expiry", format: .named("era")) != stamp("expiry", format: .pattern("era")))
        #expect(stamp("expiry") != stamp("today"))
        #expect(stamp("expiry") != stamp("expiry", column: 4))
    }

    @Test func changingACopyLeavesTheOriginal() {
        let original = stamp("expiry")
        var copy = original
        copy.format = .pattern("M月d日")
        copy.expression.text = "today"
        copy.range = SourceRange(SourceLocation(file: "b.md", line: 1, column: 1))
        #expect(original.format == nil && original.expression.text == "expiry")
        #expect(original.range.start.file == "Content/guides/a.md")
        #expect(copy.format == .pattern("M月d日") && copy.expression.text == "today" && copy.range.start.file == "b.md")
    }
}

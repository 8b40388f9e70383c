import Diagnostics
import Testing

@testable import Rules

/// "Did you mean" finds the same names as a full edit-distance table, with work bounded by the
/// names' lengths and the edit limit, never by the product of two long names.
@Suite struct SuggestionTests {
    /// The full optimal-string-alignment table, written plainly, to compare the banded one with.
    static func referenceDistance(_ a: [Character], _ b: [Character]) -> Int {
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    @Test func bandedDistanceAgreesWithTheFullTable() {
        var generator = SystemRandomNumberGenerator()
        let letters: [Character] = ["a", "b", "c", "_"]
        for _ in 0..<3000 {
            let a = (0..<Int.random(in: 0...9, using: &generator)).map { _ in letters.randomElement(using: &generator)! }
            let b = (0..<Int.random(in: 0...9, using: &generator)).map { _ in letters.randomElement(using: &generator)! }
            let limit = Int.random(in: 0...5, using: &generator)
            let expected = Self.referenceDistance(a, b)
            var work = 0
            let banded = Suggestion.editDistance(a, b, limit: limit, work: &work)
            #expect(banded == (expected <= limit ? expected : nil), "\(String(a)) \(String(b)) limit \(limit)")
        }
    }

    @Test func suggestionsAreUnchanged() {
        #expect(Suggestion.closest(to: "expiri", among: ["expiry", "cutover", "today"]) == "expiry")
        #expect(Suggestion.closest(to: "otehr", among: ["other", "content-acceleration"]) == "other")
        #expect(Suggestion.closest(to: "web-hi-grade", among: ["web-high-grade", "other"]) == "web-high-grade")
        #expect(Suggestion.closest(to: "nothing_like_it", among: ["expiry", "cutover"]) == nil)
        // Ties go to the first name in order.
        #expect(Suggestion.closest(to: "ab", among: ["ac", "ad", "bb"]) == "ac")
    }

    /// The work for a name of a million characters is none at all; for a long name among long
    /// candidates it stays within the band, far below the product of the lengths.
    @Test func workIsBoundedByLengthNotByTheProductOfLengths() {
        let huge = String(repeating: "a", count: 1_000_000)
        var work = 0
        #expect(Suggestion.closest(to: huge, among: ["expiry", huge + "b", huge], work: &work) == nil)
        #expect(work == 0)

        // Candidates whose lengths differ from the name's by more than the limit are skipped.
        work = 0
        #expect(Suggestion.closest(to: "expiry", among: [String(repeating: "x", count: 200)], work: &work) == nil)
        #expect(work == 0)

        // At the longest name considered: (n + 1) × (2 × limit + 1) cells at most per candidate.
        let n = Suggestion.longestNameConsidered
        let name = String(repeating: "ab", count: n / 2)
        let near = String(name.dropLast()) + "c"
        work = 0
        #expect(Suggestion.closest(to: name, among: [near], work: &work) == near)
        let limit = n / 3
        #expect(work > 0 && work <= (n + 1) * (2 * limit + 1), "\(work)")
    }

    /// A million-character unknown name is reported as unknown, without a suggestion, with the
    /// error at the name.
    @Test(.timeLimit(.minutes(1))) func aMillionCharacterUnknownNameIsReportedAtOnce() {
        let name = "expiry" + String(repeating: "x", count: 1_000_000)
        var diagnostics: [Diagnostic] = []
        let start = loc("Content/guides/g.md", 3, 4)
        let parsed = ExpressionParser.parse(name + " < today", at: start, diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty)
        guard let parsed else { return }
        _ = specLibrary().typeCheck(parsed, diagnostics: &diagnostics)
        let first = diagnostics.first
        #expect(first?.id == "rules.unknown-name")
        #expect(first?.message == "unknown name '\(name)'")
        #expect(first?.range?.start == start)
        #expect(diagnostics.count == 1)
    }
}

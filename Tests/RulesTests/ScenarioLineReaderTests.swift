import Diagnostics
import Foundation
import SeededRandom
import Testing

@testable import Rules

/// `ScenarioFile.readLines` (line by line, without libyaml) against `ScenarioFile.loadComposed`
/// (Yams' nodes, the reference): the same scenarios with the same places wherever the line
/// reader accepts a file, and a refusal wherever the file needs another reading or has a
/// mistake to report.
struct ScenarioLineReaderTests {
    private static let path = "Content/scenarios/random.yml"

    private func composed(_ text: String) -> (ScenarioFile?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let file = ScenarioFile.loadComposed(SourceFile(path: Self.path, text: text), diagnostics: &diagnostics)
        return (file, diagnostics)
    }

    private func lines(_ text: String) -> ScenarioFile? {
        ScenarioFile.readLines(SourceFile(path: Self.path, text: text))
    }

    @Test func readsRandomFilesAsTheReferenceDoes() {
        var random = SeededGenerator(seed: 0x5CE7_A212)
        var accepted = 0
        for round in 0..<2_000 {
            // Half in the block shapes the line reader is for, half with flow and empty values.
            let text = ScenarioEventReaderTests.randomFile(&random, blockOnly: round % 2 == 0)
            guard let read = lines(text) else { continue }
            accepted += 1
            let (reference, diagnostics) = composed(text)
            #expect(diagnostics.isEmpty, "round \(round): the reference reports \(diagnostics) for a file the line reader accepted:\n\(text)")
            #expect(read == reference, "round \(round):\n\(text)")
        }
        // The block-only half must nearly all take it, or this test compares little.
        #expect(accepted > 900, "only \(accepted) of 2,000 random files were read line by line")
    }

    /// Random files with a few characters of YAML's syntax put in, taken out or swapped, and
    /// characters YAML refuses or reads as line breaks: whatever the line reader still accepts
    /// must read as the reference reads it, with nothing to report.
    @Test func acceptsOnlyWhatTheReferenceReadsAlikeAfterRandomEdits() {
        var random = SeededGenerator(seed: 0x5CE7_A213)
        let pieces: [String] = [
            "\"", "'", ":", ": ", " ", "  ", "\n", "\n  ", "\n    ", "\n      ", "#", " #", "&a ", "*a", "!!str ", "{", "}", "[", "]",
            "- ", "-", "\t", "\\", "\\u00e9", "|", ">", "?", ",", "~", "%", "@", "`", "---", "...", "カ\u{3099}", "\u{301}", "é",
            "\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFE}", "\u{7F}", "\u{1B}", "\u{A0}", "null", "''",
        ]
        var accepted = 0
        for round in 0..<4_000 {
            let text = ScenarioEventReaderTests.randomlyEdited(
                ScenarioEventReaderTests.randomFile(&random, blockOnly: true), with: pieces, using: &random)
            guard let read = lines(text) else { continue }
            accepted += 1
            let (reference, diagnostics) = composed(text)
            #expect(diagnostics.isEmpty, "round \(round): the reference reports \(diagnostics) for a file the line reader accepted:\n\(text)")
            #expect(read == reference, "round \(round):\n\(text)")
        }
        // Many edits leave the file valid (a space in a title, a character in a value): those
        // are compared; a reader that refused everything would pass the rest vacuously.
        #expect(accepted > 500, "only \(accepted) of 4,000 edited files were read line by line")
    }

    @Test func readsTheSampleScenarioFilesAsTheReferenceDoes() throws {
        let files = try ScenarioEventReaderTests.sampleScenarioFiles()
        #expect(!files.isEmpty)
        for file in files {
            let name = file.path
            var diagnostics: [Diagnostic] = []
            let reference = ScenarioFile.loadComposed(file, diagnostics: &diagnostics)
            let read = ScenarioFile.readLines(file)
            #expect(read != nil, "\(name) is not read line by line")
            #expect(read == reference, "\(name)")
        }
    }

    /// The shape of a generated file: comments, quoted Japanese titles, plain facts.
    @Test func readsAGeneratedFileWithItsPlaces() throws {
        let text = """
            # 生成されたシナリオ
            guide: g0143
            scenarios:
              - id: s01
                title: "販売パートナー経由のご契約 / 有効期限 2027年3月13日(土)"  # 注記
                facts:
                  plan: partner
                  auto_renew: false
                  server_count: 3
                  domain: www1.example143.jp
                  expiry: 2027-03-13
                  note: 日本語 # a comment, not the value's
                  hash: 日本語#の値
                  none: ~
                  quoted: 'x # y'

              - id: s-02
                facts: ~
            """
        let read = try #require(lines(text))
        #expect(read == composed(text).0)
        #expect(read.guides == ["g0143"])
        let first = try #require(read.scenarios.first)
        #expect(first.title == "販売パートナー経由のご契約 / 有効期限 2027年3月13日(土)")
        #expect(first.titleLocation == SourceLocation(file: Self.path, line: 5, column: 13))
        #expect(first.idRange == SourceRange(start: SourceLocation(file: Self.path, line: 4, column: 9), length: 3))
        #expect(first.facts.map(\.text) == ["partner", "false", "3", "www1.example143.jp", "2027-03-13", "日本語", "日本語#の値", nil, "x # y"])
        #expect(first.facts[4].nameRange == SourceRange(start: SourceLocation(file: Self.path, line: 11, column: 7), length: 6))
        #expect(first.facts[4].valueRange == SourceRange(start: SourceLocation(file: Self.path, line: 11, column: 15), length: 10))
        #expect(read.scenarios.map(\.id) == ["s01", "s-02"])
        #expect(read.scenarios[1].facts.isEmpty)
    }

    /// What the reference reads differently from a line at a time, or reports: each left to
    /// the other readings.
    static let refused: [(String, String)] = ScenarioEventReaderTests.refused + [
        ("a title over two lines", "guide: g\nscenarios:\n  - id: a\n    title: two\n      lines\n"),
        ("a fact over two lines", "guide: g\nscenarios:\n  - id: a\n    facts:\n      x: two\n        lines\n"),
        ("a guide over two lines", "guide: g\n  h\nscenarios:\n  - id: a\n"),
        ("a mapping in a value", "guide: g\nscenarios:\n  - id: a\n    title: a: b\n"),
        ("a value ending in a colon", "guide: g\nscenarios:\n  - id: a\n    title: a:\n"),
        ("a tab", "guide: g\nscenarios:\n  - id: a\n    title:\tx\n"),
        ("a tab in a comment", "guide: g # \t\nscenarios:\n  - id: a\n"),
        ("NEL", "guide: g\nscenarios:\n  - id: a\n    title: x\u{85}y\n"),
        ("U+2028", "guide: g\nscenarios:\n  - id: a\n    title: x\u{2028}y\n"),
        ("a C1 control in a comment", "guide: g # \u{90}\nscenarios:\n  - id: a\n"),
        ("a byte order mark inside", "guide: g\nscenarios:\n  - id: \u{FEFF}a\n"),
        ("DEL", "guide: g\nscenarios:\n  - id: a\u{7F}\n"),
        ("a flow list of guides", "guides: [g1, g2]\nscenarios:\n  - id: a\n"),
        ("flow facts", "guide: g\nscenarios:\n  - id: a\n    facts: {x: 1}\n"),
        ("an empty scenario list", "guide: g\nscenarios: []\n"),
        ("a key out of line", "guide: g\nscenarios:\n  - id: a\n     title: x\n"),
        ("a fact out of line", "guide: g\nscenarios:\n  - id: a\n    facts:\n      x: 1\n       y: 2\n"),
        ("a line under a guide", "guide: g\n  # ok\n  x: 1\nscenarios:\n  - id: a\n"),
        ("text right after a quote", "guide: g\nscenarios:\n  - id: a\n    title: \"x\"y\n"),
        ("a comment right after a quote", "guide: g\nscenarios:\n  - id: a\n    title: \"x\"#y\n"),
        ("a second document", "---\nguide: g\nscenarios:\n  - id: a\n---\n"),
        ("an end marker", "guide: g\nscenarios:\n  - id: a\n...\n"),
        ("a directive", "%YAML 1.1\n---\nguide: g\nscenarios:\n  - id: a\n"),
        ("a list in facts", "guide: g\nscenarios:\n  - id: a\n    facts:\n    - x\n"),
        ("a value that is a list item", "guide: g\nscenarios:\n  - id: a\n    facts:\n      x: - 3\n"),
        ("a value that is a dash", "guide: g\nscenarios:\n  - id: a\n    facts:\n      x: -\n"),
        ("a null title", "guide: g\nscenarios:\n  - id: a\n    title: ~\n"),
        ("a quoted key", "guide: g\nscenarios:\n  - \"id\": a\n"),
        ("a key starting with a dash", "-guide: g\nscenarios:\n  - id: a\n"),
        ("a null guide in a list", "guides:\n  - ~\nscenarios:\n  - id: a\n"),
        ("guides with no list", "guides:\nscenarios:\n  - id: a\n"),
        ("an item with nothing", "guide: g\nscenarios:\n  -\n    id: a\n"),
    ]

    @Test(arguments: refused.indices)
    func leavesTheFileToTheOtherReadings(_ index: Int) {
        let (name, text) = Self.refused[index]
        let file = SourceFile(path: Self.path, text: text)
        #expect(ScenarioFile.readLines(file) == nil, "\(name) was read line by line")
        // What `load` answers is the other readings', mistakes and all.
        var diagnostics: [Diagnostic] = []
        let loaded = ScenarioFile.load(file, diagnostics: &diagnostics)
        var referenceDiagnostics: [Diagnostic] = []
        let reference = ScenarioFile.readPlain(file) ?? ScenarioFile.loadComposed(file, diagnostics: &referenceDiagnostics)
        #expect(loaded == reference, "\(name)")
        #expect(diagnostics == referenceDiagnostics, "\(name)")
    }

    /// Shapes writers use that the line reader takes, each read as the reference reads it.
    @Test(arguments: [
        "guide: g\nscenarios:\n- id: a\n  title: x\n",
        "scenarios:\n    -   id: a\n        facts:\n            x: 1\n            y: \"2\"\nguide: g\n",
        "# c\n---\n# d\nguide: g # e\nguides:\n  - h\n  - 'i'\nscenarios:\n  - id: a\n    facts:\n  - id: b\n",
        "guide: g\nscenarios:\n  - id: a\n    title: 100%#1 [x] {y}, z?\n    facts:\n      t: Null\n      u: NULL\n      v: null\n",
        "guide: g\nscenarios:\n  - id: a\n    title: '\"quoted\"'\n    facts:\n      é_not_a_key: 1\n",
        "guide: g\nscenarios:\n  - id: a\n    title: \"カ\u{3099}の\u{301}\"\n    facts:\n      x: e\u{301}\n",
        "guide: g\nscenarios:\n  - id: a\n    title: 12:30\n    facts:\n      x: http://example.jp/a#b\n",
        "guide: g\nscenarios:\n  - id: a\n    facts:\n      x: -3\n      y: ?x\n      z: :z\n      w: --\n",
    ])
    func readsTheseAsTheReferenceDoes(_ text: String) {
        let read = lines(text)
        let (reference, diagnostics) = composed(text)
        if text.contains("é_not_a_key") {
            // A name of letters beyond ASCII is left to the other readings.
            #expect(read == nil)
            return
        }
        #expect(read != nil, "\(text)")
        #expect(diagnostics.isEmpty)
        #expect(read == reference, "\(text)")
    }
}

import Diagnostics
import Foundation
import SeededRandom
import Testing

@testable import Rules

/// `ScenarioFile.readPlain` (libyaml's events) against `ScenarioFile.loadComposed` (Yams'
/// nodes, the reference): the same scenarios with the same places wherever the plain reader
/// accepts a file, and a refusal wherever the file needs the reference's reading or has a
/// mistake to report.
struct ScenarioEventReaderTests {
    private static let path = "Content/scenarios/random.yml"

    private func composed(_ text: String) -> (ScenarioFile?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let file = ScenarioFile.loadComposed(SourceFile(path: Self.path, text: text), diagnostics: &diagnostics)
        return (file, diagnostics)
    }

    // MARK: Random files the plain reader must read as the reference does

    /// A random scenario file in the shapes writers use: either guide key, in either order
    /// with `scenarios:`, indented or not, with comments and blank lines, plain and quoted
    /// titles in Japanese and English, block and flow facts, null and empty values, ids of
    /// every allowed character, LF or CRLF line ends. `blockOnly` leaves out the flow lists and
    /// mappings and the empty values, which only libyaml's and Yams' readings take.
    static func randomFile(_ random: inout SeededGenerator, blockOnly: Bool = false) -> String {
        let newline = Int.random(in: 0..<6, using: &random) == 0 ? "\r\n" : "\n"
        let indent = String(repeating: " ", count: [2, 4][Int.random(in: 0..<2, using: &random)])
        let itemIndent = Bool.random(using: &random) ? indent : ""
        func comment() -> String {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: return " # 注記 note"
            case 1: return "   # x"
            default: return ""
            }
        }
        let words = ["ビジネスプラン", "有効期限", "2026年3月19日(木)", "手続き", "Plan", "renewal", "a: b", "x-y", "100%", "é", "🙂", "カ\u{3099}", "#tag"]
        func phrase() -> String {
            (0..<Int.random(in: 1...4, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(separator: " / ")
        }
        func title() -> String {
            let text = phrase()
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return "\"\(text)\""
            case 1: return "'\(text)'"
            default:
                // Plain only when YAML reads it as the same text.
                let safe = !text.contains(": ") && !text.contains(" #") && !text.hasPrefix("#")
                return safe ? text : "\"\(text)\""
            }
        }
        let values = [
            "business", "true", "false", "8", "150", "2026-03-19", "www1.example1.jp", "~", "null", "",
            "\"quoted text\"", "'single'", "\"2026-04-01\"", "日本語の値", "\"日本語\"", "-3", "1,000",
        ]
        var guideLines: [String] = []
        switch blockOnly ? [0, 2].randomElement(using: &random)! : Int.random(in: 0..<3, using: &random) {
        case 0: guideLines = ["guide: g\(Int.random(in: 1...9, using: &random))\(comment())"]
        case 1: guideLines = ["guides: [g1, \"g2\"]"]
        default: guideLines = ["guides:", "\(itemIndent)- g1", "\(itemIndent)- 'g3'\(comment())"]
        }
        var scenarioLines = ["scenarios:\(comment())"]
        for number in 0..<Int.random(in: 0...6, using: &random) {
            let idCharacters = Array("abcxyz0189-")
            let id = "s\(number)" + String((0..<Int.random(in: 0...8, using: &random)).map { _ in idCharacters.randomElement(using: &random)! })
            var fields: [[String]] = [["id: \(Bool.random(using: &random) ? id : "\"\(id)\"")\(comment())"]]
            if Bool.random(using: &random) { fields.append(["title: \(title())\(comment())"]) }
            switch blockOnly ? [0, 2, 3, 4].randomElement(using: &random)! : Int.random(in: 0..<5, using: &random) {
            case 0:
                fields.append(["facts:"])
            case 1:
                let pairs = (0..<Int.random(in: 1...3, using: &random)).map { "f\($0): \(["8", "true", "\"x\"", "2026-01-01"].randomElement(using: &random)!)" }
                fields.append(["facts: {\(pairs.joined(separator: ", "))}"])
            default:
                var lines = ["facts:\(comment())"]
                for fact in 0..<Int.random(in: 1...7, using: &random) {
                    let value = blockOnly ? values.filter { !$0.isEmpty }.randomElement(using: &random)! : values.randomElement(using: &random)!
                    lines.append("\(indent)fact_\(fact): \(value)\(value.isEmpty ? "" : comment())")
                    if Int.random(in: 0..<8, using: &random) == 0 { lines.append("") }
                }
                fields.append(lines)
            }
            fields.shuffle(using: &random)
            let lines = fields.flatMap { $0 }
            scenarioLines.append("\(itemIndent)- \(lines[0])")
            scenarioLines += lines.dropFirst().map { $0.isEmpty ? "" : "\(itemIndent)  \($0)" }
        }
        if scenarioLines.count == 1 { scenarioLines = blockOnly ? ["scenarios:", "  - id: s"] : ["scenarios: []"] }
        let blocks = Bool.random(using: &random) ? [guideLines, scenarioLines] : [scenarioLines, guideLines]
        var lines = blocks.flatMap { $0 }
        if Bool.random(using: &random) { lines.insert("# scenarios of a guide", at: 0) }
        if Bool.random(using: &random) { lines.insert("---", at: 0) }
        return lines.joined(separator: newline) + (Bool.random(using: &random) ? newline : "")
    }

    /// `text` with one to three of `pieces` put in, a scalar taken out, or one swapped for the
    /// first scalar of a piece, at random places.
    static func randomlyEdited(_ text: String, with pieces: [String], using random: inout SeededGenerator) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<Int.random(in: 1...3, using: &random) where !scalars.isEmpty {
            let at = Int.random(in: 0..<scalars.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: scalars.remove(at: at)
            case 1: scalars.insert(contentsOf: pieces.randomElement(using: &random)!.unicodeScalars, at: at)
            default: scalars[at] = pieces.randomElement(using: &random)!.unicodeScalars.first!
            }
        }
        var edited = ""
        edited.unicodeScalars.append(contentsOf: scalars)
        return edited
    }

    /// The sample site's scenario files.
    static func sampleScenarioFiles() throws -> [SourceFile] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Content/scenarios")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yml") }.sorted()
        return try names.map { name in
            SourceFile(path: "Content/scenarios/\(name)", text: try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        }
    }

    @Test func readsRandomFilesAsTheReferenceDoes() {
        var random = SeededGenerator(seed: 0x5CE7_A210)
        var accepted = 0
        for round in 0..<2_000 {
            let text = Self.randomFile(&random)
            let (reference, diagnostics) = composed(text)
            guard let plain = ScenarioFile.readPlain(SourceFile(path: Self.path, text: text)) else { continue }
            accepted += 1
            #expect(diagnostics.isEmpty, "round \(round): the reference reports \(diagnostics) for a file the plain reader accepted:\n\(text)")
            #expect(plain == reference, "round \(round):\n\(text)")
        }
        // The generator writes what the plain reader is for: most files must take it, or this
        // test would compare nothing.
        #expect(accepted > 1_500, "only \(accepted) of 2,000 random files were read by events")
    }

    /// Random files with a few characters of YAML's syntax put in, taken out or swapped: most
    /// become mistakes or unusual shapes, and whatever the plain reader still accepts must read
    /// as the reference reads it, with nothing to report.
    @Test func acceptsOnlyWhatTheReferenceReadsAlikeAfterRandomEdits() {
        var random = SeededGenerator(seed: 0x5CE7_A211)
        let pieces: [String] = [
            "\"", "'", ":", ": ", " ", "  ", "\n", "\n  ", "#", "&a ", "*a", "!!str ", "{", "}", "[", "]", "- ", "\t",
            "\\", "\\u00e9", "|", ">", "?", ",", "~", "%", "@", "`", "---", "...", "カ\u{3099}", "\u{301}", "é",
        ]
        var accepted = 0
        for round in 0..<3_000 {
            let text = Self.randomlyEdited(Self.randomFile(&random), with: pieces, using: &random)
            guard let plain = ScenarioFile.readPlain(SourceFile(path: Self.path, text: text)) else { continue }
            accepted += 1
            let (reference, diagnostics) = composed(text)
            #expect(diagnostics.isEmpty, "round \(round): the reference reports \(diagnostics) for a file the plain reader accepted:\n\(text)")
            #expect(plain == reference, "round \(round):\n\(text)")
        }
        // Many edits leave the file valid (a space in a title, a character in a value): those
        // are compared; a reader that refused everything would pass the rest vacuously.
        #expect(accepted > 300, "only \(accepted) of 3,000 edited files were read by events")
    }

    @Test func readsTheSampleScenarioFilesAsTheReferenceDoes() throws {
        let files = try Self.sampleScenarioFiles()
        #expect(!files.isEmpty)
        for file in files {
            let name = file.path
            var diagnostics: [Diagnostic] = []
            let reference = ScenarioFile.loadComposed(file, diagnostics: &diagnostics)
            let plain = ScenarioFile.readPlain(file)
            #expect(plain != nil, "\(name) is not read by events")
            #expect(plain == reference, "\(name)")
        }
    }

    @Test func keepsTheTextAndPlacesOfQuotedJapaneseTitles() throws {
        let text = """
            guide: g
            scenarios:
              - id: s1
                title: "ビジネスプラン / 有効期限 2026年3月19日(木)"
                facts:
                  domain: 'www.example.jp'
                  expiry: 2026-03-19
                  note: 日本語
                  none: ~

            """
        let plain = try #require(ScenarioFile.readPlain(SourceFile(path: Self.path, text: text)))
        let scenario = try #require(plain.scenarios.first)
        #expect(scenario.title == "ビジネスプラン / 有効期限 2026年3月19日(木)")
        #expect(scenario.titleLocation == SourceLocation(file: Self.path, line: 4, column: 13))
        #expect(scenario.idRange.start == SourceLocation(file: Self.path, line: 3, column: 9))
        #expect(scenario.facts.map(\.text) == ["www.example.jp", "2026-03-19", "日本語", nil])
        #expect(scenario.facts.map(\.kindDescription) == ["a scalar", "a scalar", "a scalar", "no value"])
        #expect(scenario.facts[0].valueRange == SourceRange(start: SourceLocation(file: Self.path, line: 6, column: 16), length: 14))
        #expect(plain == composed(text).0)
    }

    // MARK: Files left to the reference

    /// Each needs the reference's reading: places of escapes and folded text, anchors, tags,
    /// or a mistake with its diagnostic.
    static let refused: [(String, String)] = [
        ("an escape in a title", "guide: g\nscenarios:\n  - id: a\n    title: \"caf\\u00e9\"\n"),
        ("a doubled quote", "guide: g\nscenarios:\n  - id: a\n    title: 'it''s'\n"),
        ("a folded title", "guide: g\nscenarios:\n  - id: a\n    title: >\n      two\n      lines\n"),
        ("a fact with nothing after its colon", "guide: g\nscenarios:\n  - id: a\n    facts:\n      x:\n"),
        ("an anchor and an alias", "guide: g\nscenarios:\n  - id: a\n    facts: &f\n      x: 1\n  - id: b\n    facts: *f\n"),
        ("a tag", "guide: g\nscenarios:\n  - id: a\n    facts:\n      x: !!str 1\n"),
        ("a key written twice", "guide: g\nscenarios:\n  - id: a\n    id: b\n"),
        ("a fact written twice", "guide: g\nscenarios:\n  - id: a\n    facts:\n      x: 1\n      x: 2\n"),
        ("an unknown key", "guide: g\nscenarios:\n  - id: a\n    titel: x\n"),
        ("an unknown file key", "guide: g\nscenario:\n  - id: a\n"),
        ("an id with capitals", "guide: g\nscenarios:\n  - id: Bad_ID\n"),
        ("an id too long", "guide: g\nscenarios:\n  - id: \(String(repeating: "a", count: 201))\n"),
        ("a missing id", "guide: g\nscenarios:\n  - title: x\n"),
        ("no guide", "scenarios:\n  - id: a\n"),
        ("a null guide", "guide:\nscenarios:\n  - id: a\n"),
        ("a list as a fact's value", "guide: g\nscenarios:\n  - id: a\n    facts:\n      x: [1, 2]\n"),
        ("a mapping as a title", "guide: g\nscenarios:\n  - id: a\n    title:\n      x: 1\n"),
        ("a syntax error", "guide: g\nscenarios:\n  - id: a\n   title: \"x\n"),
        ("two documents", "guide: g\nscenarios: []\n---\nguide: h\n"),
        ("an empty file", ""),
        ("a list at the top", "- guide: g\n"),
    ]

    @Test(arguments: refused.indices)
    func leavesTheFileToTheReference(_ index: Int) {
        let (name, text) = Self.refused[index]
        let file = SourceFile(path: Self.path, text: text)
        #expect(ScenarioFile.readPlain(file) == nil, "\(name) was read by events")
        // What `load` answers is the reference's, mistakes and all.
        var diagnostics: [Diagnostic] = []
        let loaded = ScenarioFile.load(file, diagnostics: &diagnostics)
        let (reference, referenceDiagnostics) = composed(text)
        #expect(loaded == reference, "\(name)")
        #expect(diagnostics == referenceDiagnostics, "\(name)")
    }
}

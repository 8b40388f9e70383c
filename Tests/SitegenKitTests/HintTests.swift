import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// Errors for mistakes with an obvious fix say the fix.
@Suite struct HintTests {
    func firstError(_ files: [String: String]) throws -> Diagnostic {
        let site = try FixtureSite("rules")
        for (path, text) in files { try site.write(path, text) }
        let errors = Builder.build(BuildOptions(root: site.root, jobs: 1), toFolder: site.output).diagnostics
            .filter { $0.severity == .error }
        return try #require(errors.first)
    }

    @Test func aTitleHoldingColonSpaceIsToBeQuoted() throws {
        let error = try firstError(["Content/guides/a.md": "---\ntitle: 手順: 解約\n---\n本文\n"])
        #expect(error.id == "yaml.syntax")
        #expect(error.range?.start.line == 2)
        #expect(error.message.hasSuffix("; a value holding ': ' must be quoted: title: \"手順: 解約\""), "\(error.message)")
    }

    /// A key indented deeper than the one above it is read as more of that key's value; the
    /// colon after it is then what libyaml reports, and quoting would not help.
    @Test func aKeyIndentedDeeperThanTheOneAboveSaysSo() throws {
        let rules = "facts:\n  extra:\n   type: date\n    question: 期限はいつですか?\n"
        let error = try firstError(["Content/rules/extra.yml": rules])
        #expect(error.id == "yaml.syntax")
        #expect(error.range?.start.line == 4)
        #expect(!error.message.contains("must be quoted"), "\(error.message)")
        #expect(
            error.message.hasSuffix(
                "; this key is indented by 4 spaces, the key 'type' above it by 3 spaces: keys of one mapping start in the same column"),
            "\(error.message)")
        // In a guide's front matter too.
        let front = try firstError(["Content/guides/a.md": "---\ntitle: 手順\n  description: 説明\n---\n本文\n"])
        #expect(front.message.hasSuffix("the key 'title' above it by 0 spaces: keys of one mapping start in the same column"), "\(front.message)")
    }

    /// A date pattern in double quotes inside a title in double quotes ends the title early.
    @Test func doubleQuotesInsideADoubleQuotedValueAreToBeSingleQuotes() throws {
        let error = try firstError(["Content/guides/a.md": "---\ntitle: \"期限は{{ expiry | date: \"M/d\" }}です\"\n---\n本文\n"])
        #expect(error.id == "yaml.syntax")
        #expect(error.range?.start.line == 2)
        #expect(
            error.message.hasSuffix(
                "; the value's double quotes end at the next '\"'; quote a value that holds double quotes with single quotes: title: '期限は{{ expiry | date: \"M/d\" }}です'"),
            "\(error.message)")
    }

    @Test func aTabInYAMLIsToBeSpaces() throws {
        let error = try firstError(["Content/rules/extra.yml": "rules:\n\tlater: expiry + 1 day\n"])
        #expect(error.id == "yaml.syntax")
        #expect(error.file == "Content/rules/extra.yml")
        #expect(error.range?.start.line == 2)
        #expect(error.message.hasSuffix("; YAML indents with spaces only: replace the tab with spaces"), "\(error.message)")
    }

    @Test func aChoiceGivenByItsLabelNamesItsKey() throws {
        let error = try firstError([
            "Content/guides/a.md": "---\ntitle: A\n---\n{{ service }}\n",
            "Content/scenarios/a.yml": "guide: a\nscenarios:\n  - id: one\n    facts:\n      service: Web\n",
        ])
        #expect(error.id == "scenario.unknown-choice")
        #expect(error.message.hasSuffix("('Web' is the label of a choice; write its key: web)"), "\(error.message)")
    }

    @Test func aMisspeltRefLabelIsReportedOnceWithDidYouMean() throws {
        let site = try FixtureSite("rules")
        try site.write("Content/guides/a.md", "---\ntitle: A\n---\n1. {% step \"cancel\" %}解約\n\n手順{% ref \"cansel\" %}の後\n")
        try site.write(
            "Content/scenarios/a.yml",
            "guide: a\nscenarios:\n  - id: one\n    facts: {}\n  - id: two\n    title: 二\n    facts: {}\n")
        let errors = Builder.build(BuildOptions(root: site.root, jobs: 1), toFolder: site.output).diagnostics
            .filter { $0.severity == .error && !($0.file ?? "").hasPrefix("Templates/") }
        #expect(errors.count == 1, "\(errors)")
        let error = try #require(errors.first)
        #expect(error.id == "step.unknown-ref")
        #expect(error.message == "no step of guide 'a' is named 'cansel'; did you mean 'cancel'?")
        #expect(error.range?.start == SourceLocation(file: "Content/guides/a.md", line: 6, column: 3))
    }
}

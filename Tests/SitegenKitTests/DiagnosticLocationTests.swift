import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

@Suite struct DiagnosticLocationTests {
    func diagnostics(of site: FixtureSite) -> [Diagnostic] {
        Builder.build(BuildOptions(root: site.root), into: MemoryOutput()).diagnostics
    }

    @Test func yamlErrorInFrontMatterPointsAtTheLine() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/guides/first.md", "---\ntitle: 手順\ndescription: [未完了\norder: 1\n---\n本文\n")
        let errors = diagnostics(of: site).filter { $0.severity == .error }
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.id == "yaml.syntax")
        // libyaml stops at the next key; the note points where the unclosed list began.
        #expect(error.range?.start == SourceLocation(file: "Content/guides/first.md", line: 4, column: 6))
        #expect(error.notes.first?.range?.start == SourceLocation(file: "Content/guides/first.md", line: 3, column: 14))
    }

    @Test func yamlErrorInSiteFilePointsAtLineAndColumn() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/site.yml", "title: テスト\nlanguage: ja\n  time_zone: Asia/Tokyo\n")
        let error = try #require(diagnostics(of: site).first { $0.severity == .error })
        #expect(error.id == "yaml.syntax")
        #expect(error.range?.start == SourceLocation(file: "Content/site.yml", line: 3, column: 12))
    }

    @Test func badSettingValuesPointAtTheValue() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/site.yml", "title: テスト\ntime_zone: 東京/Tokyo\nbase_url: help.example.jp\n")
        let errors = diagnostics(of: site).filter { $0.severity == .error }
        #expect(errors.map(\.id) == ["site.time-zone", "site.base-url"])
        #expect(errors.map { $0.range?.start.line } == [2, 3])
        #expect(errors.map { $0.range?.start.column } == [12, 11])
    }

    @Test func frontMatterValueErrorUsesFileLines() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/guides/first.md", "---\ntitle: 手順\norder: 一\n---\n本文\n")
        let error = try #require(diagnostics(of: site).first { $0.severity == .error })
        #expect(error.id == "guide.front-matter")
        #expect(error.range?.start == SourceLocation(file: "Content/guides/first.md", line: 3, column: 8))
    }

    @Test func invalidUTF8IsAnErrorNotACrash() throws {
        let site = try FixtureSite("basic")
        try Data([0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: site.root.appendingPathComponent("Content/guides/first.md"))
        let error = try #require(diagnostics(of: site).first { $0.severity == .error })
        #expect(error.id == "site.encoding")
        #expect(error.file == "Content/guides/first.md")
    }

    @Test func everyProblemIsReportedInOneRun() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/guides/first.md", "---\ntitle: [\n---\n")
        try site.write("Content/guides/second.md", "no front matter\n")
        try site.write("Content/guides/Bad Name.md", "---\ntitle: x\n---\n")
        let ids = diagnostics(of: site).filter { $0.severity == .error }.map(\.id)
        #expect(ids.sorted() == ["guide.front-matter", "guide.slug", "yaml.syntax"])
    }
}

import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

@Suite struct BuildTests {
    @Test func buildMatchesReviewedGoldenFiles() throws {
        let site = try FixtureSite("basic")
        let result = Builder.build(BuildOptions(root: site.root, jobs: 2), toFolder: site.output)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        var files = try FixtureSite.files(in: site.output)
        #expect(files.removeValue(forKey: StagedDiskOutput.markerName) != nil)
        try Golden.assertMatches(files, name: "basic")
    }

    @Test func repeatedAndParallelBuildsAreByteIdentical() throws {
        let site = try FixtureSite("basic")
        var outputs: [[String: Data]] = []
        for jobs in [1, 2, 2, 4] {
            let folder = site.root.appendingPathComponent("out-\(outputs.count)")
            let result = Builder.build(BuildOptions(root: site.root, jobs: jobs), toFolder: folder)
            #expect(result.succeeded)
            outputs.append(try FixtureSite.files(in: folder))
        }
        #expect(outputs[0].count > 4)
        for output in outputs.dropFirst() { #expect(output == outputs[0]) }
    }

    @Test func failedBuildLeavesPreviousOutputUntouched() throws {
        let site = try FixtureSite("basic")
        #expect(Builder.build(BuildOptions(root: site.root), toFolder: site.output).succeeded)
        let before = try FixtureSite.files(in: site.output)
        try site.write("Templates/guide.mustache", "{{<layout}}{{$main}}{{#guide}}unclosed{{/main}}{{/layout}}\n")
        try site.write("Content/guides/third.md", "---\ntitle: 三\n---\n新しいページ\n")
        let result = Builder.build(BuildOptions(root: site.root), toFolder: site.output)
        #expect(!result.succeeded)
        #expect(result.diagnostics.contains { $0.id == "template.syntax" && $0.file == "Templates/guide.mustache" })
        #expect(result.diagnostics.first?.id == "template.syntax", "\(result.diagnostics)")
        #expect(try FixtureSite.files(in: site.output) == before)
        // No staging folder is left behind beside the output.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.contains("sitegen-") }
        #expect(leftovers.isEmpty)
    }

    @Test func foreignNonEmptyFolderIsRefused() throws {
        let site = try FixtureSite("basic")
        let foreign = site.root.appendingPathComponent("home")
        try site.write("home/notes.txt", "keep me")
        try site.write("home/photos/a.jpg", "jpeg")
        let result = Builder.build(BuildOptions(root: site.root), toFolder: foreign)
        #expect(!result.succeeded)
        #expect(result.diagnostics.map(\.id) == ["output.foreign"])
        #expect(try FixtureSite.files(in: foreign) == ["notes.txt": Data("keep me".utf8), "photos/a.jpg": Data("jpeg".utf8)])
    }

    @Test func emptyFolderAndSitegensOwnFolderAreReplaced() throws {
        let site = try FixtureSite("basic")
        try FileManager.default.createDirectory(at: site.output, withIntermediateDirectories: true)
        #expect(Builder.build(BuildOptions(root: site.root), toFolder: site.output).succeeded)
        try site.write("Output/stale.html", "old page")
        #expect(Builder.build(BuildOptions(root: site.root), toFolder: site.output).succeeded)
        #expect(try FixtureSite.files(in: site.output)["stale.html"] == nil)
    }

    @Test func interruptedSwapIsRecoveredByTheNextBuild() throws {
        let site = try FixtureSite("basic")
        #expect(Builder.build(BuildOptions(root: site.root), toFolder: site.output).succeeded)
        let before = try FixtureSite.files(in: site.output)
        // A build killed after moving the old output aside and before moving the new one in.
        let aside = site.root.appendingPathComponent(".Output.sitegen-old-1")
        try FileManager.default.moveItem(at: site.output, to: aside)
        try site.write(".Output.sitegen-new-2/index.html", "half")
        try site.write("Templates/index.mustache", "{{#broken}}")
        #expect(!Builder.build(BuildOptions(root: site.root), toFolder: site.output).succeeded)
        #expect(try FixtureSite.files(in: site.output) == before)
        #expect(!FileManager.default.fileExists(atPath: aside.path))
    }

    @Test func missingPartialIsAnErrorNamingItsPlaceAndAMissingPageTemplateIsTheDefault() throws {
        let site = try FixtureSite("basic")
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Templates/scenario.mustache"))
        try site.write("Templates/index.mustache", "{{<layout}}{{/layout}}\n\n  {{> partials/missing }}\n")
        let result = Builder.build(BuildOptions(root: site.root), into: MemoryOutput())
        // The built-in scenario.mustache stands in for the one removed.
        #expect(!result.diagnostics.contains { $0.id == "template.missing" })
        let partial = try #require(result.diagnostics.first { $0.id == "template.missing-partial" })
        #expect(partial.range?.start == SourceLocation(file: "Templates/index.mustache", line: 3, column: 3))
    }
}

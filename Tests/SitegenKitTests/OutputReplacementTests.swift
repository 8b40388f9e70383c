import Foundation
import Testing

@testable import SitegenKit

/// How a build's output replaces the previous one: in one exchange where the system has it, and
/// the old output removed after, at once or in the background.
@Suite struct OutputReplacementTests {
    @Test func twoFoldersAreExchangedInOneStep() throws {
        #if os(Linux) || canImport(Darwin)
            let folder = try TemporaryFolder()
            let first = folder.url.appendingPathComponent("first")
            let second = folder.url.appendingPathComponent("second")
            for (url, text) in [(first, "one"), (second, "two")] {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url.appendingPathComponent("file"))
            }
            #expect(FolderExchange.exchange(first.path, second.path))
            #expect(try String(contentsOf: first.appendingPathComponent("file"), encoding: .utf8) == "two")
            #expect(try String(contentsOf: second.appendingPathComponent("file"), encoding: .utf8) == "one")
            // A missing folder cannot be exchanged, and nothing changes.
            #expect(!FolderExchange.exchange(folder.url.appendingPathComponent("missing").path, second.path))
            #expect(try String(contentsOf: second.appendingPathComponent("file"), encoding: .utf8) == "one")
        #endif
    }

    @Test func aRebuildReplacesTheOutputAndRemovesTheOldOneAtOnce() throws {
        let site = try FixtureSite("basic")
        #expect(Builder.build(BuildOptions(root: site.root), toFolder: site.output).succeeded)
        try site.write("Output/stale.html", "old page")
        #expect(Builder.build(BuildOptions(root: site.root), toFolder: site.output).succeeded)
        #expect(try FixtureSite.files(in: site.output)["stale.html"] == nil)
        #expect(Self.leftovers(beside: site.output).isEmpty)
    }

    @Test func aReplacedOutputRemovedInTheBackgroundIsGoneSoonAfter() throws {
        let site = try FixtureSite("basic")
        var options = BuildOptions(root: site.root)
        options.replacedOutputRemoval = .inBackground
        #expect(Builder.build(options, toFolder: site.output).succeeded)
        let first = try FixtureSite.files(in: site.output)
        try site.write("Output/stale.html", "old page")
        #expect(Builder.build(options, toFolder: site.output).succeeded)
        // The new output is complete as soon as the build returns.
        #expect(try FixtureSite.files(in: site.output) == first)
        // The old one goes in a process of its own; give it up to ten seconds.
        let deadline = ContinuousClock.now + .seconds(10)
        while !Self.leftovers(beside: site.output).isEmpty, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(Self.leftovers(beside: site.output).isEmpty)
    }

    @Test func aLeftoverOfAKilledRemovalIsRemovedByTheNextBuild() throws {
        let site = try FixtureSite("basic")
        #expect(Builder.build(BuildOptions(root: site.root), toFolder: site.output).succeeded)
        // A replaced output whose removal was stopped halfway, under its staging folder's name.
        try site.write(".Output.sitegen-new-1/guides/index.html", "old")
        #expect(Builder.build(BuildOptions(root: site.root), toFolder: site.output).succeeded)
        #expect(Self.leftovers(beside: site.output).isEmpty)
    }

    @Test func aRebuildWritesOverTheSpareAndEndsWithExactlyItsOwnFiles() throws {
        let site = try FixtureSite("basic")
        var options = BuildOptions(root: site.root)
        options.keepsSpareOutput = true
        let spare = SpareOutput.url(of: site.output)
        #expect(Builder.build(options, toFolder: site.output).succeeded)
        let expected = try FixtureSite.files(in: site.output)
        #expect(expected["index.html"] != nil && expected["sitemap.xml"] != nil)
        // Nothing was replaced, so there is no spare yet.
        #expect(!FileManager.default.fileExists(atPath: spare.path))
        #expect(Builder.build(options, toFolder: site.output).succeeded)
        #expect(try FixtureSite.files(in: spare) == expected, "the replaced output is kept as it was")

        // A spare holding what this build does not write, and things in the way of what it does.
        try site.write(".Output.sitegen-spare/stale.html", "old page")
        try site.write(".Output.sitegen-spare/old/deep/page.html", "old page")
        let outside = site.root.appendingPathComponent("outside.txt")
        try Data("keep me".utf8).write(to: outside)
        let fileManager = FileManager.default
        // A file where the build needs a folder, a folder where it writes a file, a link where
        // it writes a file.
        try fileManager.removeItem(at: spare.appendingPathComponent("assets"))
        try site.write(".Output.sitegen-spare/assets", "not a folder")
        try fileManager.removeItem(at: spare.appendingPathComponent("index.html"))
        try site.write(".Output.sitegen-spare/index.html/inner.html", "in the way")
        try fileManager.removeItem(at: spare.appendingPathComponent("sitemap.xml"))
        try fileManager.createSymbolicLink(at: spare.appendingPathComponent("sitemap.xml"), withDestinationURL: outside)
        // Files longer and shorter than the pages written over them: no old byte may be left.
        let pages = expected.keys.filter { $0.hasSuffix("/index.html") }.sorted()
        try #require(pages.count >= 2)
        try site.write(".Output.sitegen-spare/\(pages[0])", String(repeating: "a stale tail ", count: 20_000))
        try site.write(".Output.sitegen-spare/\(pages[1])", "short")
        // An empty folder inside one that will hold a page, and a page's folder holding an
        // empty folder of its own: both go, and the folders holding pages stay.
        let pageFolder = (pages[0] as NSString).deletingLastPathComponent
        try fileManager.createDirectory(
            at: spare.appendingPathComponent("\(pageFolder)/empty/emptier"), withIntermediateDirectories: true)
        try fileManager.createDirectory(
            at: spare.appendingPathComponent((pageFolder as NSString).deletingLastPathComponent + "/no-page"),
            withIntermediateDirectories: true)

        #expect(Builder.build(options, toFolder: site.output).succeeded)
        #expect(try FixtureSite.files(in: site.output) == expected)
        #expect(try String(contentsOf: outside, encoding: .utf8) == "keep me", "the link was followed out of the output")
        let sitemap = try fileManager.attributesOfItem(atPath: site.output.appendingPathComponent("sitemap.xml").path)
        #expect(sitemap[.type] as? FileAttributeType == .typeRegular)
        #expect(!fileManager.fileExists(atPath: site.output.appendingPathComponent("old").path), "an emptied folder stayed")
        #expect(!fileManager.fileExists(atPath: site.output.appendingPathComponent("\(pageFolder)/empty").path))
        #expect(
            !fileManager.fileExists(
                atPath: site.output.appendingPathComponent((pageFolder as NSString).deletingLastPathComponent + "/no-page").path))
        // The output this build replaced is the next build's spare.
        #expect(try FixtureSite.files(in: spare) == expected)
        #expect(Self.leftovers(beside: site.output).isEmpty)
    }

    @Test func aPageWrittenOverTheSpareLeavesOtherNamesOfItsFileAlone() throws {
        let (site, options) = try Self.builtTwiceKeepingASpare()
        let expected = try FixtureSite.files(in: site.output)
        // A page of the spare that is another name (a hard link) of a file outside the output.
        let outside = site.root.appendingPathComponent("outside.txt")
        try Data("keep me".utf8).write(to: outside)
        let page = try #require(expected.keys.filter { $0.hasSuffix("/index.html") }.sorted().first)
        let linked = SpareOutput.url(of: site.output).appendingPathComponent(page).path
        try FileManager.default.removeItem(atPath: linked)
        #expect(link(outside.path, linked) == 0)

        #expect(Builder.build(options, toFolder: site.output).succeeded)
        #expect(try String(contentsOf: outside, encoding: .utf8) == "keep me", "a page was written through a hard link")
        #expect(try FixtureSite.files(in: site.output) == expected)
    }

    @Test func aBuildThatKeepsNoSpareRemovesTheOneThere() throws {
        let (site, _) = try Self.builtTwiceKeepingASpare()
        let spare = SpareOutput.url(of: site.output)
        #expect(FileManager.default.fileExists(atPath: spare.path))
        let expected = try FixtureSite.files(in: site.output)
        #expect(Builder.build(BuildOptions(root: site.root), toFolder: site.output).succeeded)
        #expect(!FileManager.default.fileExists(atPath: spare.path))
        #expect(try FixtureSite.files(in: site.output) == expected)
        #expect(Self.leftovers(beside: site.output).isEmpty)
    }

    /// The basic site built twice by builds that keep a spare, so a spare is there, and the
    /// options those builds had.
    private static func builtTwiceKeepingASpare() throws -> (FixtureSite, BuildOptions) {
        let site = try FixtureSite("basic")
        var options = BuildOptions(root: site.root)
        options.keepsSpareOutput = true
        #expect(Builder.build(options, toFolder: site.output).succeeded)
        #expect(Builder.build(options, toFolder: site.output).succeeded)
        return (site, options)
    }

    @Test func spareKeysNameEachFileOneWay() {
        #expect(SpareOutput.key("guides/a/index.html") == "guides/a/index.html")
        #expect(SpareOutput.key("./guides//a/./index.html") == "guides/a/index.html")
        #expect(SpareOutput.key("/index.html") == "index.html")
        #expect(SpareOutput.key("assets/") == "assets")
    }

    /// The bytewise check of whether a path is already a key agrees with splitting it, on
    /// every path of up to seven characters from `a`, `.` and `/`: a path it wrongly thought
    /// plain would be kept in a form the spare's listing never has, and its file removed.
    @Test func spareKeysAgreeWithSplittingOnEveryShortPath() {
        var paths = [""]
        var all: [String] = [""]
        for _ in 1...7 {
            paths = paths.flatMap { path in ["a", ".", "/"].map { path + $0 } }
            all += paths
        }
        for path in all {
            let split = path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
            #expect(SpareOutput.key(path) == split, "\(path)")
        }
    }

    /// What sitegen left in `folder` (names holding `.sitegen-`, but the spare a `sitegen build`
    /// keeps for the next) once the background removals it started have had up to ten seconds
    /// to finish.
    static func sitegenEntries(in folder: URL) throws -> [String] {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let entries = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                $0.contains(".sitegen-") && !$0.hasSuffix(".sitegen-spare")
            }
            if entries.isEmpty || ContinuousClock.now >= deadline { return entries }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// The folders sitegen made beside `output` that are still there.
    static func leftovers(beside output: URL) -> [String] {
        let parent = output.deletingLastPathComponent()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        return entries.filter { $0.hasPrefix(".\(output.lastPathComponent).sitegen-new-") || $0.hasPrefix(".\(output.lastPathComponent).sitegen-old-") }
    }
}

import Foundation
import PreviewServer
import SitegenKit
import Testing

/// Snapshots: a failed build keeps the last good pages under its errors; a build that changes
/// nothing does not reload; readers always see one whole build.
@Suite struct SiteStoreTests {
    func build(_ site: FixtureSite) -> (BuildResult, [String: Data]) {
        let output = MemoryOutput()
        let result = Builder.build(BuildOptions(root: site.root, asOf: "2026-01-20"), into: output)
        return (result, output.files)
    }

    @Test func aFailedBuildKeepsTheLastGoodFilesUnderItsErrors() throws {
        let site = try FixtureSite()
        let store = SiteStore()
        #expect(store.current.generation == 0)
        #expect(!store.current.hasSucceeded)

        let (good, goodFiles) = build(site)
        let first = try #require(store.publish(good, files: goodFiles))
        #expect(first.generation == 1)
        #expect(first.files == goodFiles)
        #expect(first.overlay == nil)

        #expect(store.publish(good, files: goodFiles) == nil, "the same build again changes nothing")

        try site.write("Content/site.yml", "title: [\n")
        let (bad, badFiles) = build(site)
        #expect(!bad.succeeded)
        let failed = try #require(store.publish(bad, files: badFiles))
        #expect(failed.generation == 2)
        #expect(failed.files == goodFiles)
        #expect(failed.hasSucceeded)
        #expect(failed.overlay?.text.contains("Content/site.yml:2:1: error") == true)
        #expect(store.publish(bad, files: badFiles) == nil, "the same errors again change nothing")

        let fixed = try #require(store.publish(good, files: goodFiles))
        #expect(fixed.generation == 3)
        #expect(fixed.overlay == nil)
    }

    @Test func readersSeeOneWholeBuild() async throws {
        let store = SiteStore()
        let site = try FixtureSite()
        let (result, files) = build(site)
        // Builds whose files all carry their build's number; a reader must never mix them.
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for number in 1...300 {
                    let stamped = files.mapValues { _ in Data("\(number)".utf8) }
                    store.publish(result, files: stamped)
                }
            }
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<2000 {
                        let values = Set(store.current.files.values)
                        #expect(values.count <= 1)
                    }
                }
            }
        }
    }
}

import Foundation
import Testing

/// `sitegen init`, `sitegen new guide` and `build --drafts` as a user runs them.
extension CommandLineTests {
    @Test func initWritesASiteAndSaysWhatToRunNext() throws {
        let folder = try TemporaryFolder()
        let result = try run(["init", "help-site"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        for line in ["cd help-site", "sitegen serve", "sitegen build", "sitegen check"] {
            #expect(result.stdout.contains(line), "\(line): \(result.stdout)")
        }
        let site = folder.url.appendingPathComponent("help-site")
        let check = try run(["check", "--strict", "--as-of", "2026-03-01"], in: site)
        #expect(check.status == 0 && check.stderr.isEmpty, "\(check.stderr)")
        #expect(try run(["build", "--no-search", "--as-of", "2026-03-01"], in: site).status == 0)

        // Again: refused, naming the files, with nothing changed.
        let before = try FixtureSite.files(in: site.appendingPathComponent("Content"))
        let again = try run(["init", "help-site", "--templates"], in: folder.url)
        #expect(again.status == 1)
        #expect(again.stderr.contains("Content/site.yml") && again.stderr.contains("nothing was written"), "\(again.stderr)")
        #expect(try FixtureSite.files(in: site.appendingPathComponent("Content")) == before)
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Templates").path))
    }

    @Test func newGuideWritesADraftThatBuildDraftsIncludes() throws {
        let folder = try TemporaryFolder()
        #expect(try run(["init"], in: folder.url).status == 0)
        let bad = try run(["new", "guide", "Bad_Name"], in: folder.url)
        #expect(bad.status == 2 && bad.stderr.contains("'Bad_Name' cannot be a guide name"), "\(bad.stderr)")
        let made = try run(["new", "guide", "renewal", "--root", folder.url.path], in: FileManager.default.temporaryDirectory)
        #expect(made.status == 0 && made.stdout.contains("Content/guides/renewal.md"), "\(made.stderr)")
        #expect(try run(["new", "guide", "renewal"], in: folder.url).status == 1)
        #expect(try run(["check", "--strict", "--as-of", "2026-03-01"], in: folder.url).status == 0)
        let plain = try run(["build", "--no-search", "--as-of", "2026-03-01"], in: folder.url)
        #expect(plain.status == 0 && plain.stdout.hasPrefix("built 1 guide, 2 scenarios"), "\(plain.stdout)")
        let drafts = try run(["build", "--no-search", "--drafts", "--as-of", "2026-03-01"], in: folder.url)
        #expect(drafts.status == 0 && drafts.stdout.hasPrefix("built 2 guides, 3 scenarios"), "\(drafts.stdout)")
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("Output/guides/renewal/index.html").path))
    }
}

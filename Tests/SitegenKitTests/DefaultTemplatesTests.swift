import Foundation
import Testing

@testable import SitegenKit

/// The default templates built into sitegen (docs/templates.md, "Default templates"): a site
/// without `Templates/` builds with them, and a site's own files replace them file by file.
@Suite struct DefaultTemplatesTests {
    /// The basic fixture without its own templates.
    func siteWithoutTemplates() throws -> FixtureSite {
        let site = try FixtureSite("basic")
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Templates"))
        return site
    }

    func build(_ site: FixtureSite, includesDrafts: Bool = false) -> (BuildResult, [String: Data]) {
        var options = BuildOptions(root: site.root, jobs: 2, asOf: "2026-02-20")
        options.includesDrafts = includesDrafts
        let output = MemoryOutput()
        let result = Builder.build(options, into: output)
        return (result, output.files)
    }

    /// The embedded files are exactly those of the repository's folders, byte for byte: the
    /// tables of BuiltInFiles.swift name every file, and the build embedded the current bytes.
    @Test func theEmbeddedFilesAreTheRepositorysTemplatesAndSchemas() throws {
        for (folder, embedded) in [("Templates", BuiltInFiles.templates), ("docs/schemas", BuiltInFiles.schemas)] {
            let onDisk = try FixtureSite.files(in: TemporaryFolder.repository.appendingPathComponent(folder))
            #expect(Set(embedded.map(\.path)) == Set(onDisk.keys), "\(folder): add or remove its line in BuiltInFiles.swift")
            for file in embedded {
                #expect(onDisk[file.path] == file.data, "\(folder)/\(file.path) differs from the embedded copy: rebuild")
            }
        }
    }

    @Test func aSiteWithoutTemplatesBuildsLikeASiteWithACopyOfTheDefaults() throws {
        let bare = try siteWithoutTemplates()
        let (result, files) = build(bare)
        #expect(result.succeeded && result.diagnostics.isEmpty, "\(result.diagnostics)")
        for path in ["index.html", "guides/first/index.html", "assets/style.css", "assets/page.js", "assets/site.css"] {
            #expect(files[path] != nil, "\(path)")
        }
        let copy = try siteWithoutTemplates()
        try FileManager.default.copyItem(
            at: TemporaryFolder.repository.appendingPathComponent("Templates"), to: copy.root.appendingPathComponent("Templates"))
        let (copyResult, copyFiles) = build(copy)
        #expect(copyResult.succeeded && copyResult.diagnostics.isEmpty, "\(copyResult.diagnostics)")
        #expect(files == copyFiles)
        // check finds the default templates as build does: nothing to report.
        #expect(SiteCheck.run(BuildOptions(root: bare.root, jobs: 2, asOf: "2026-02-20")).diagnostics.isEmpty)
    }

    @Test func aSitesOwnFileReplacesOnlyTheDefaultOfItsName() throws {
        let site = try siteWithoutTemplates()
        try site.write(
            "Templates/layout.mustache",
            "<!DOCTYPE html><title>{{page.title}}</title><link rel=\"stylesheet\" href=\"{{assets}}style.css\"><p>OWN LAYOUT</p>{{$main}}{{/main}}\n"
        )
        try site.write("Templates/assets/style.css", "body { color: red; }\n")
        let (result, files) = build(site)
        #expect(result.succeeded && result.diagnostics.isEmpty, "\(result.diagnostics)")
        let guide = String(decoding: try #require(files["guides/first/index.html"]), as: UTF8.self)
        #expect(guide.contains("OWN LAYOUT"))
        // The default guide template still draws the page inside the site's layout.
        let defaultGuide = String(decoding: try #require(BuiltInFiles.templates.first { $0.path == "guide.mustache" }).data, as: UTF8.self)
        #expect(defaultGuide.contains("{{<layout}}"))
        #expect(!guide.contains("class=\"skip-link\""), "the default layout is replaced, not used too")
        #expect(files["assets/style.css"] == Data("body { color: red; }\n".utf8))
        #expect(files["assets/page.js"] == BuiltInFiles.templates.first { $0.path == "assets/page.js" }?.data)
    }

    /// A site whose own templates draw every page (the basic fixture's) gets none of the default
    /// assets, so its output is what it was before there were defaults.
    @Test func aSiteWithATemplateSetOfItsOwnGetsNoDefaultAssets() throws {
        let (result, files) = build(try FixtureSite("basic"))
        #expect(result.succeeded)
        #expect(files.keys.filter { $0.hasPrefix("assets/") }.sorted() == ["assets/site.css"])
    }

    /// A template a writer adds or removes reaches every page of an incremental rebuild, as a
    /// clean build would make them.
    @Test func addingAndRemovingAnOverrideRebuildsEveryPage() throws {
        let site = try siteWithoutTemplates()
        let builder = IncrementalBuilder(options: BuildOptions(root: site.root, jobs: 2, asOf: "2026-02-20"))
        #expect(builder.rebuild().succeeded)
        #expect(builder.files == site.cleanBuild())
        try site.write("Templates/partials/footer.mustache", "<footer>OWN FOOTER</footer>\n")
        let added = builder.rebuild()
        #expect(added.succeeded, "\(added.diagnostics)")
        #expect(Set(added.renderedPages) == ["index.html", "guides/first/index.html", "guides/second/index.html"])
        #expect(String(decoding: builder.files["index.html"] ?? Data(), as: UTF8.self).contains("OWN FOOTER"))
        #expect(builder.files == site.cleanBuild())
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Templates"))
        let removed = builder.rebuild()
        #expect(removed.succeeded && removed.renderedPages.count == 3)
        #expect(!String(decoding: builder.files["index.html"] ?? Data(), as: UTF8.self).contains("OWN FOOTER"))
        #expect(builder.files == site.cleanBuild())
    }
}

import Foundation
import Testing

/// `sitegen serve` shows draft guides, each page with the default layout's draft banner.
@Suite struct DraftPreviewTests {
    @Test func servedDraftsCarryTheBannerAndOtherPagesDoNot() async throws {
        let site = try FixtureSite()
        // The default templates, whose layout draws the banner.
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Templates"))
        try site.write("Content/guides/third.md", "---\ntitle: 書きかけ\ndraft: true\n---\n本文\n")
        let running = try await RunningServer.start(site)
        let draft = try await running.get("/guides/third/")
        #expect(draft.status == 200)
        #expect(draft.text.contains("class=\"draft-banner"))
        #expect(draft.text.contains("下書き"))
        let index = try await running.get("/")
        #expect(index.status == 200 && index.text.contains("書きかけ"))
        for target in ["/", "/guides/first/", "/guides/second/"] {
            #expect(try await running.get(target).text.contains("draft-banner") == false, "\(target)")
        }
        try await running.stop()
    }
}

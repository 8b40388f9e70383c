import Testing

@testable import SitegenKit

/// A page's prefix to the output root has one `../` for each folder of its path, for every kind
/// of page: its links to the assets, the glossary and other pages depend on it.
@Suite struct PageTests {
    @Test(arguments: [
        Page(.index), Page(.guide(slug: "renewal")), Page(.scenario(guide: "renewal", scenario: "waf-cloud-2027")),
        Page(.glossary),
    ])
    func rootPrefixLeadsFromThePathToTheRoot(page: Page) {
        let folders = page.path.split(separator: "/", omittingEmptySubsequences: false).count - 1
        #expect(page.rootPrefix == String(repeating: "../", count: folders))
        #expect(page.path.hasSuffix("index.html"))
    }
}

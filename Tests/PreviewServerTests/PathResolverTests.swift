import PreviewServer
import Testing

@Suite struct PathResolverTests {
    let resolver = PathResolver()

    @Test(arguments: [
        ("/", "index.html"),
        ("/guides/a/", "guides/a/index.html"),
        ("/guides/a/b/", "guides/a/b/index.html"),
        ("/assets/site.css", "assets/site.css"),
        ("/sitemap.xml", "sitemap.xml"),
        ("/guides/a", "guides/a"),
        ("/?x=1", "index.html"),
        ("/guides/a/#top", "guides/a/index.html"),
        ("/assets/%E6%97%A5%E6%9C%AC.png", "assets/日本.png"),
        ("/assets/a%20b.css", "assets/a b.css"),
        ("/assets/..x.css", "assets/..x.css"),
    ])
    func resolvesPathsInsideTheSite(path: String, expected: String) {
        #expect(resolver.resolve(path) == .file(expected))
    }

    @Test(arguments: [
        "/..", "/../", "/../Content/site.yml", "/guides/../../etc/passwd", "/guides/a/..",
        "/%2e%2e/", "/%2E%2E/Content/site.yml", "/%2e%2e%2fContent", "/..%2f", "/..%2fContent%2fsite.yml",
        "/guides/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/a%2fb", "/.", "/./index.html", "/%2e/index.html",
        "/..\\Content", "/a\\b", "/%5c", "/..%5c..%5cwindows", "/%00", "/index.html%00.css", "/a\u{0}b",
        "//", "//etc/passwd", "/guides//a/", "/%", "/%2", "/%zz", "/%C3%28", "/a%0Ab", "guides/a/", "",
        "http://example.com/",
    ])
    func refusesAnythingThatIsNotAPlainPathInside(path: String) {
        #expect(resolver.resolve(path) == .rejected(.invalid), "\(path)")
    }

    @Test func refusesVeryLongPaths() {
        #expect(resolver.resolve("/" + String(repeating: "a", count: 2047)) == .file(String(repeating: "a", count: 2047)))
        #expect(resolver.resolve("/" + String(repeating: "a", count: 2048)) == .rejected(.tooLong))
        #expect(resolver.resolve("/" + String(repeating: "%2e", count: 1000)) == .rejected(.tooLong))
    }
}

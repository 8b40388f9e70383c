import PreviewServer
import Testing

@Suite struct ContentTypesTests {
    @Test(arguments: [
        ("index.html", "text/html; charset=utf-8"),
        ("guides/a/index.HTML", "text/html; charset=utf-8"),
        ("assets/site.css", "text/css; charset=utf-8"),
        ("assets/app.js", "text/javascript; charset=utf-8"),
        ("sitemap.xml", "application/xml; charset=utf-8"),
        ("assets/logo.svg", "image/svg+xml; charset=utf-8"),
        ("assets/logo.png", "image/png"),
        ("assets/photo.jpg", "image/jpeg"),
        ("assets/photo.jpeg", "image/jpeg"),
        ("assets/data.json", "application/json; charset=utf-8"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("assets/font.woff2", "font/woff2"),
        ("assets/unknown.bin", "application/octet-stream"),
        ("assets/noextension", "application/octet-stream"),
        ("assets/.hidden", "application/octet-stream"),
    ])
    func typesFollowTheExtension(path: String, expected: String) {
        #expect(ContentTypes.contentType(forPath: path) == expected)
    }

    @Test func onlyHTMLIsAPage() {
        #expect(ContentTypes.isHTML(ContentTypes.contentType(forPath: "index.html")))
        #expect(!ContentTypes.isHTML(ContentTypes.contentType(forPath: "site.css")))
        #expect(!ContentTypes.isHTML(ContentTypes.contentType(forPath: "logo.svg")))
    }
}

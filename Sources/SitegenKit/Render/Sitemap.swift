import MarkdownRendering

/// `sitemap.xml`: every page's absolute URL under `base_url` (README.md, "Commands").
enum Sitemap {
    static func xml(for pages: [Page], baseURL: String) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """
        for page in pages.sorted(by: { $0.path < $1.path }) {
            xml += "  <url><loc>\(escape(baseURL + page.urlPath))</loc></url>\n"
        }
        xml += "</urlset>\n"
        return xml
    }

    /// XML text escaping; a byte scan, since Foundation's replacing was most of the time of a
    /// rebuild that changed one guide of a large site.
    private static func escape(_ text: String) -> String {
        MarkdownDocument.escapeHTML(text)
    }
}

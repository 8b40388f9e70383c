import Diagnostics
import Foundation
import MarkdownRendering

/// Turns one planned page into HTML: the "evaluate", "render" and "lay out" phases for a page.
/// It holds only values shared read-only by all pages, so one renderer serves every thread.
struct PageRenderer: Sendable {
    let site: Site
    let plan: BuildPlan

    /// The page's bytes, or the problems that kept it from being made.
    func render(_ page: Page, diagnostics: inout [Diagnostic]) -> Data? {
        var context = baseContext(for: page)
        let template: String
        switch page.kind {
        case .index:
            template = "index"
            context["page"] = ["title": site.configuration.title, "description": ""]
            context["guides"] = site.guides.map { guideSummary($0, from: page) }
        case .guide(let slug):
            template = "guide"
            guard let guide = plan.guide(slug) else { return nil }
            var content = ""
            if plan.scenarios(of: slug).isEmpty {
                content = renderBody(of: guide, diagnostics: &diagnostics)
            }
            context["page"] = ["title": guide.title, "description": guide.description]
            context["guide"] = guideSummary(guide, from: page)
            context["content"] = content
        case .scenario, .glossary:
            return nil
        }
        context["canonical_url"] = site.configuration.baseURL + page.urlPath
        return Data(site.templates.render(template, context: context).utf8)
    }

    /// Variables every template gets (documented in docs/templates.md).
    private func baseContext(for page: Page) -> [String: Any] {
        [
            "site": [
                "title": site.configuration.title,
                "language": site.configuration.language,
                "base_url": site.configuration.baseURL,
            ],
            "root": page.rootPrefix,
            "assets": page.rootPrefix + "assets/",
            "index_url": page.rootPrefix + "index.html",
        ]
    }

    private func guideSummary(_ guide: Guide, from page: Page) -> [String: Any] {
        [
            "slug": guide.slug,
            "title": guide.title,
            "description": guide.description,
            "url": page.rootPrefix + Page(.guide(slug: guide.slug)).path,
        ]
    }

    /// The guide's body as HTML.
    func renderBody(of guide: Guide, diagnostics: inout [Diagnostic]) -> String {
        var options: MarkdownOptions = .site
        if site.configuration.unsafeHTML { options.insert(.unsafeHTML) }
        let document = MarkdownDocument(parsing: guide.body, options: options)
        document.removeEastAsianSoftBreaks()
        return document.renderHTML()
    }
}

/// One file of HTML that a build writes: the "plan" phase's unit of work. Pages are independent,
/// so they render in parallel and a change re-renders only the pages that depend on it.
public struct Page: Sendable, Hashable {
    /// What the page shows.
    public enum Kind: Sendable, Hashable {
        /// `index.html`: every guide.
        case index
        /// `guides/<guide>/index.html`: a guide's scenarios and the picker; for a guide without
        /// scenarios, the guide itself.
        case guide(slug: String)
        /// `guides/<guide>/<scenario>/index.html`: one personalised guide.
        case scenario(guide: String, scenario: String)
        /// `glossary/index.html`.
        case glossary
    }

    /// What the page shows.
    public var kind: Kind
    /// The output path relative to the output folder, with `/` separators.
    public var path: String

    /// Creates the page of `kind` at its standard path (README.md, "Scenarios").
    public init(_ kind: Kind) {
        self.kind = kind
        switch kind {
        case .index: path = "index.html"
        case .guide(let slug): path = "guides/\(slug)/index.html"
        case .scenario(let guide, let scenario): path = "guides/\(guide)/\(scenario)/index.html"
        case .glossary: path = "glossary/index.html"
        }
    }

    /// The relative prefix that leads from this page to the output root (`../../`), so links
    /// work under any path and from `file://` (README.md, "Previewing").
    public var rootPrefix: String {
        // One "../" per folder: count the separators' bytes (a Character split is slow, and
        // this is asked for many times per page).
        String(repeating: "../", count: path.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 })
    }

    /// The guide whose page or scenario page this is.
    /// Files written with the page: a guide's rules for its pages' evaluator.
    var companionPaths: [String] {
        if case .guide(let slug) = kind { return ["guides/\(slug)/\(GuideRulesData.fileName)"] }
        return []
    }

    var guideSlug: String? {
        switch kind {
        case .guide(let slug), .scenario(let slug, _): slug
        case .index, .glossary: nil
        }
    }

    /// The page's URL path relative to the site root, as the sitemap lists it (`guides/x/`).
    public var urlPath: String {
        path.hasSuffix("index.html") ? String(path.dropLast("index.html".count)) : path
    }
}

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
    public let kind: Kind
    /// The output path relative to the output folder, with `/` separators.
    public let path: String
    /// The relative prefix that leads from this page to the output root (`../../`), so links
    /// work under any path and from `file://` (README.md, "Previewing"): one `../` for each
    /// folder of ``path`` (a guide's slug and a scenario's id hold no `/`). Set with the path
    /// rather than counted from it at each ask: a page asks a few dozen times (every link it
    /// writes), and counting was 0.4 % of a build's instructions.
    public let rootPrefix: String

    /// Creates the page of `kind` at its standard path (README.md, "Scenarios").
    public init(_ kind: Kind) {
        self.kind = kind
        switch kind {
        case .index:
            path = "index.html"
            rootPrefix = ""
        case .guide(let slug):
            path = "guides/\(slug)/index.html"
            rootPrefix = "../../"
        case .scenario(let guide, let scenario):
            path = "guides/\(guide)/\(scenario)/index.html"
            rootPrefix = "../../../"
        case .glossary:
            path = "glossary/index.html"
            rootPrefix = "../"
        }
    }

    /// Files written with the page: a guide's rules for its pages' evaluator.
    var companionPaths: [String] {
        if case .guide(let slug) = kind { return ["guides/\(slug)/\(GuideRulesData.fileName)"] }
        return []
    }

    /// The guide whose page or scenario page this is; `nil` for the index and the glossary.
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

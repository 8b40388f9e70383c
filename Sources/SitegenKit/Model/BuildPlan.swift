/// The pages a build makes: the "plan" phase.
public struct BuildPlan: Sendable {
    /// Every page, in a stable order: the index, then each guide's page and its scenario pages.
    public private(set) var pages: [Page] = []
    /// The guides that get pages, in index order: every guide, or every guide but the drafts.
    public private(set) var guides: [Guide] = []
    private var guidesBySlug: [String: Guide] = [:]
    private var scenarioIDs: [String: [String]] = [:]

    /// Plans the pages of a checked site: one per guide, one per (guide, scenario); a draft
    /// guide's only when `includesDrafts`.
    init(checked: CheckedSite, includesDrafts: Bool = false) {
        pages.append(Page(.index))
        for guide in checked.site.guides where includesDrafts || !guide.draft {
            guides.append(guide)
            guidesBySlug[guide.slug] = guide
            pages.append(Page(.guide(slug: guide.slug)))
            let ids = checked.scenarios[guide.slug, default: []].map(\.id)
            scenarioIDs[guide.slug] = ids
            for id in ids {
                pages.append(Page(.scenario(guide: guide.slug, scenario: id)))
            }
        }
        if checked.site.glossary != nil { pages.append(Page(.glossary)) }
    }

    /// The guide with `slug`.
    func guide(_ slug: String) -> Guide? { guidesBySlug[slug] }

    /// The ids of the scenarios of guide `slug`, in file order.
    func scenarios(of slug: String) -> [String] { scenarioIDs[slug, default: []] }

    /// The number of (guide, scenario) pages.
    var scenarioPageCount: Int { scenarioIDs.values.reduce(0) { $0 + $1.count } }
}

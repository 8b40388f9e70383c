/// The pages a build makes, and what each depends on: the "plan" phase.
public struct BuildPlan: Sendable {
    /// Every page, in a stable order.
    public private(set) var pages: [Page] = []
    private var guidesBySlug: [String: Guide] = [:]
    private var scenarioIDs: [String: [String]] = [:]

    /// Plans the pages of `site`.
    init(site: Site) {
        pages.append(Page(.index))
        for guide in site.guides {
            guidesBySlug[guide.slug] = guide
            pages.append(Page(.guide(slug: guide.slug)))
            for id in scenarioIDs[guide.slug, default: []] {
                pages.append(Page(.scenario(guide: guide.slug, scenario: id)))
            }
        }
    }

    /// The guide with `slug`.
    func guide(_ slug: String) -> Guide? { guidesBySlug[slug] }

    /// The ids of the scenarios of guide `slug`, in file order.
    func scenarios(of slug: String) -> [String] { scenarioIDs[slug, default: []] }

    /// The number of (guide, scenario) pages.
    var scenarioPageCount: Int {
        pages.filter { if case .scenario = $0.kind { true } else { false } }.count
    }
}

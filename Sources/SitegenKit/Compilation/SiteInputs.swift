import Foundation

/// The files a compilation's pages are made from, as its queries read them: what an
/// incremental rebuild compares to know which pages a change reaches. A page must be made
/// again when a file it was made from changed (its bytes, or it came or went), whether the page
/// read it in the last build or reads it now: a scenario file moved to another guide reaches
/// the pages of both.
struct SiteInputs: Sendable {
    /// Files every page is made from: `site.yml`, the rules files, the calendar and the
    /// templates (the site's own and the defaults it does not replace).
    var everyPage: Set<String> = []
    /// Files whose presence alone every page depends on: the glossary, which every page links
    /// to when there is one.
    var presence: Set<String> = [SitePaths.glossary]
    /// The index: every guide's title, description and order.
    var index: Set<String> = []
    /// What the index shows besides the guides' files: each guide's number of scenarios
    /// (`scenario_count`), by slug. The index is made again when it changes, not whenever a
    /// scenario file does.
    var scenarioCounts: [String: Int] = [:]
    /// The glossary's page.
    var glossary: Set<String> = []
    /// The files of each guide's page and of its scenario pages, by slug.
    var guides: [String: Set<String>] = [:]

    /// The files `page` is made from besides ``everyPage``.
    func files(of page: Page) -> Set<String> {
        switch page.kind {
        case .index: index
        case .glossary: glossary
        case .guide(let slug), .scenario(let slug, _): guides[slug, default: []]
        }
    }

    /// Whether `page` must be made again when the files in `changed` changed (their bytes, or
    /// they came or went), judged by the inputs of both compilations.
    static func page(_ page: Page, dependsOnAnyOf changed: Set<String>, before: SiteInputs, now: SiteInputs) -> Bool {
        if case .index = page.kind, before.scenarioCounts != now.scenarioCounts { return true }
        return !changed.isDisjoint(with: before.files(of: page)) || !changed.isDisjoint(with: now.files(of: page))
    }

    /// Whether every page must be made again.
    static func everyPage(dependsOnAnyOf changed: Set<String>, appeared: Set<String>, before: SiteInputs, now: SiteInputs) -> Bool {
        !changed.isDisjoint(with: before.everyPage) || !changed.isDisjoint(with: now.everyPage)
            || !appeared.isDisjoint(with: now.presence)
    }
}

extension SiteCompilation {
    /// The files each page is made from, from what the queries read: a guide's documents read
    /// its file, its includes the partials' files, its scenarios the scenario files that name
    /// it, and its body the glossary, whose terms it marks.
    var inputs: SiteInputs {
        var inputs = SiteInputs()
        let paths = site.sources.all.keys
        inputs.everyPage = Set(
            paths.filter { path in
                path == SitePaths.siteFile || path.hasPrefix(SitePaths.rules + "/") || path.hasPrefix(SitePaths.calendars + "/")
                    || path.hasPrefix(SitePaths.templates + "/") || path.hasPrefix(BuiltInFiles.templatesFolder + "/")
            })
        inputs.index = Set(site.guides.map(\.path))
        // Made once per compilation, like every other input: a guide's count is its scenarios
        // in the plan, as the index's `scenario_count` shows it.
        for guide in site.guides { inputs.scenarioCounts[guide.slug] = plan.scenarios(of: guide.slug).count }
        let glossary: Set<String> = site.glossary == nil ? [] : [SitePaths.glossary]
        inputs.glossary = glossary
        var scenarioFiles: [String: Set<String>] = [:]
        for file in site.scenarioFiles {
            for slug in Set(file.guides + file.scenarios.flatMap(\.guides)) { scenarioFiles[slug, default: []].insert(file.path) }
        }
        for guide in site.guides {
            var files = glossary.union([guide.path])
            for name in includedPartials(ofGuide: guide.slug) { files.insert("\(SitePaths.partials)/\(name).md") }
            files.formUnion(scenarioFiles[guide.slug, default: []])
            inputs.guides[guide.slug] = files
        }
        return inputs
    }
}

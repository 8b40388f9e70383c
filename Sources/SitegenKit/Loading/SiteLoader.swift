import Diagnostics
import Foundation
import Rules

/// The load stage: reads every file of a site and parses it, one kind of file per step, in the
/// order later steps need them (the configuration names the calendar, the calendar goes into
/// the rules). Each parse is a unit of the ``SiteCache``, redone only when its file changed.
struct SiteLoader {
    let files: SiteFiles
    let cache: SiteCache
    /// Every problem found so far, in the order found.
    private(set) var diagnostics: [Diagnostic] = []
    /// Every text file read so far.
    private var sources = SourceFiles()

    init(files: SiteFiles, cache: SiteCache) {
        self.files = files
        self.cache = cache
    }

    /// The whole site; problems are in ``diagnostics``.
    mutating func load() -> Site {
        let configuration = loadConfiguration()
        let guides = loadGuides()
        let partials = loadPartials()
        let templates = loadTemplates()
        let assets = loadAssets(templates: templates)
        let calendar = loadCalendar(configuration)
        let rules = loadRules(configuration, calendar: calendar)
        let scenarioFiles = loadScenarioFiles()
        let glossary = loadGlossary()
        return Site(
            root: files.root, configuration: configuration, guides: guides, partials: partials,
            templates: templates, assets: assets, sources: sources, calendar: calendar, rules: rules,
            scenarioFiles: scenarioFiles, glossary: glossary)
    }

    private mutating func read(_ path: String) -> SourceFile? {
        guard let file = files.read(path, diagnostics: &diagnostics) else { return nil }
        sources.add(file)
        return file
    }

    /// Guides and scenario files are most of a site's files: they are read on all cores, and
    /// kept in order, with their diagnostics, as if read one by one.
    private mutating func readAll(_ paths: [String]) -> [String: SourceFile] {
        var read: [String: SourceFile] = [:]
        let files = self.files
        for (path, result) in zip(paths, Site.parallelMap(paths) { path, diagnostics in files.read(path, diagnostics: &diagnostics) }) {
            diagnostics += result.diagnostics
            guard let file = result.value else { continue }
            sources.add(file)
            read[path] = file
        }
        return read
    }

    private mutating func loadConfiguration() -> SiteConfiguration {
        if !FileManager.default.fileExists(atPath: files.root.appendingPathComponent(SitePaths.content).path) {
            diagnostics.append(SiteProblem.noContentFolder(root: files.root))
        } else if !files.exists(SitePaths.siteFile) {
            diagnostics.append(SiteProblem.noSiteFile)
        } else if let source = read(SitePaths.siteFile) {
            return SiteConfiguration.load(source, diagnostics: &diagnostics)
        }
        return SiteConfiguration.defaults
    }

    private mutating func loadGuides() -> [Guide] {
        let guidePaths = files.list(SitePaths.guides, suffix: ".md", recursive: false, diagnostics: &diagnostics)
            .filter { path in
                guard Site.isValidName(Self.slug(ofGuide: path)) else {
                    diagnostics.append(SiteProblem.badGuideSlug(Self.slug(ofGuide: path), path: path))
                    return false
                }
                return true
            }
        let guideRead = readAll(guidePaths)
        let guideSources = guidePaths.compactMap { guideRead[$0] }
        // Front matter is parsed on all cores, as scenario files are: one by one, the guides of
        // a large site were the longest stretch of loading that used one core.
        let cache = self.cache
        let loaded = Site.parallelMap(guideSources) { source, diagnostics in
            cache.unit(cache.guides, at: source.path, diagnostics: &diagnostics) {
                Guide.load(source, slug: Self.slug(ofGuide: source.path), diagnostics: &$0)
            }
        }
        let guides = loaded.compactMap { result -> Guide? in
            diagnostics += result.diagnostics
            return result.value
        }
        return guides.sorted { ($0.order, $0.slug) < ($1.order, $1.slug) }
    }

    private static func slug(ofGuide path: String) -> String {
        String(path.dropFirst(SitePaths.guides.count + 1).dropLast(3))
    }

    private mutating func loadPartials() -> [String: SourceFile] {
        var partials: [String: SourceFile] = [:]
        for path in files.list(SitePaths.partials, suffix: ".md", diagnostics: &diagnostics) {
            // An include may never reach outside the partials folder, not even through a link.
            guard files.isInside(path, folder: SitePaths.partials) else {
                diagnostics.append(SiteProblem.partialOutside(path: path))
                continue
            }
            guard let source = read(path) else { continue }
            partials[String(path.dropFirst(SitePaths.partials.count + 1).dropLast(3))] = source
        }
        return partials
    }

    private mutating func loadTemplates() -> TemplateSet {
        let templateFiles = files.list(SitePaths.templates, suffix: ".mustache", diagnostics: &diagnostics)
            .filter { !$0.hasPrefix(SitePaths.templateAssets + "/") }
            .compactMap { read($0) }
        // A site's own file replaces the default of the same name; the defaults it does not
        // replace are read too, so diagnostics can quote them and a rebuild sees one come or go
        // when the writer removes or adds its replacement.
        let own = Set(templateFiles.map { $0.path.dropFirst(SitePaths.templates.count) })
        let defaults = Self.defaultTemplates.filter { !own.contains($0.path.dropFirst(BuiltInFiles.templatesFolder.count)) }
        for file in defaults { sources.add(file) }
        let needsGlossary = files.exists(SitePaths.glossary)
        // Templates are parsed again only when one of the site's own changed, came or went: the
        // defaults never change while sitegen runs.
        return cache.unit(cache.templates, needsGlossary, reads: templateFiles.map(\.path), diagnostics: &diagnostics) {
            TemplateSet.load(
                files: templateFiles, folder: SitePaths.templates, defaults: defaults, needsGlossary: needsGlossary, diagnostics: &$0)
        }
    }

    /// The default templates (not their assets), as source files under their built-in folder.
    private static let defaultTemplates: [SourceFile] = BuiltInFiles.templates
        .filter { $0.path.hasSuffix(".mustache") && !$0.path.hasPrefix("assets/") }
        .map { SourceFile(path: "\(BuiltInFiles.templatesFolder)/\($0.path)", text: $0.text) }

    private mutating func loadAssets(templates: TemplateSet) -> [Site.Asset] {
        var assets: [Site.Asset] = []
        var assetSources: [String: String] = [:]
        for folder in [SitePaths.templateAssets, SitePaths.contentAssets] {
            for path in files.list(folder, diagnostics: &diagnostics) {
                let output = "assets/" + path.dropFirst(folder.count + 1)
                if let other = assetSources[output] {
                    diagnostics.append(SiteProblem.assetConflict(path: path, other: other, output: output))
                    continue
                }
                assetSources[output] = path
                assets.append(Site.Asset(source: path, output: output))
            }
        }
        // The default assets come with the default templates, each unless a file of the site
        // (in Templates/assets/ or Content/assets/) takes its place.
        if templates.usesDefaults {
            for file in BuiltInFiles.templates where file.path.hasPrefix("assets/") && assetSources[file.path] == nil {
                assets.append(Site.Asset(source: "\(BuiltInFiles.templatesFolder)/\(file.path)", output: file.path))
            }
        }
        return assets
    }

    private mutating func loadCalendar(_ configuration: SiteConfiguration) -> HolidayCalendar? {
        guard let name = configuration.calendar else { return nil }
        let path = "\(SitePaths.calendars)/\(name).yml"
        guard Site.isValidName(name), files.exists(path) else {
            // A built-in calendar (`jp`) serves a site that has no file of that name.
            if let builtIn = HolidayCalendar.builtIn(named: name) { return builtIn }
            var ignored: [Diagnostic] = []
            let known = files.list(SitePaths.calendars, suffix: ".yml", recursive: false, diagnostics: &ignored).map {
                String($0.dropFirst(SitePaths.calendars.count + 1).dropLast(4))
            }
            diagnostics.append(
                SiteProblem.missingCalendar(name: name, path: path, known: known, at: configuration.calendarRange))
            return nil
        }
        guard let source = read(path) else { return nil }
        return cache.unit(cache.calendars, at: path, diagnostics: &diagnostics) { HolidayCalendar.load(source, diagnostics: &$0) }
    }

    private mutating func loadRules(_ configuration: SiteConfiguration, calendar: HolidayCalendar?) -> RulesLibrary {
        let ruleFiles = files.list(SitePaths.rules, suffix: ".yml", recursive: false, diagnostics: &diagnostics).compactMap { read($0) }
        // The rules are loaded again only when a rules file or the calendar changed.
        let inputs = ruleFiles.map(\.path) + (configuration.calendar.map { ["\(SitePaths.calendars)/\($0).yml"] } ?? [])
        return cache.unit(cache.rules, SiteCache.RulesLibraryKey(), reads: inputs, diagnostics: &diagnostics) {
            RulesLibrary.load(ruleFiles: ruleFiles, calendar: calendar, diagnostics: &$0)
        }
    }

    /// Scenario files are the bulk of a large site's YAML; they parse independently.
    private mutating func loadScenarioFiles() -> [ScenarioFile] {
        let scenarioPaths = files.list(SitePaths.scenarios, suffix: ".yml", recursive: false, diagnostics: &diagnostics)
        let scenarioRead = readAll(scenarioPaths)
        let scenarioSources = scenarioPaths.compactMap { scenarioRead[$0] }
        let cache = self.cache
        let parsed = Site.parallelMap(scenarioSources) { source, diagnostics in
            cache.unit(cache.scenarioFiles, at: source.path, diagnostics: &diagnostics) { ScenarioFile.load(source, diagnostics: &$0) }
        }
        return parsed.compactMap { result -> ScenarioFile? in
            diagnostics += result.diagnostics
            return result.value
        }
    }

    private mutating func loadGlossary() -> Glossary? {
        guard files.exists(SitePaths.glossary), let source = read(SitePaths.glossary) else { return nil }
        return cache.unit(cache.glossaries, at: source.path, diagnostics: &diagnostics) { Glossary.load(source, diagnostics: &$0) }
    }
}

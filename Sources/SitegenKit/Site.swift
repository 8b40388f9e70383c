import Diagnostics
import Foundation
import Rules

/// Everything a build reads, loaded and checked once (SPEC §2): the "load" phase's result.
public struct Site: Sendable {
    /// A file copied as it is to `Output/assets/`.
    public struct Asset: Sendable, Hashable {
        /// The source path relative to the root.
        public var source: String
        /// The path relative to the output folder (`assets/…`).
        public var output: String
    }

    /// The site root.
    public var root: URL
    /// `Content/site.yml`.
    public var configuration: SiteConfiguration
    /// The guides, in index order (by `order`, then slug).
    public var guides: [Guide]
    /// Partials by name: `Content/partials/notes/cancel.md` is `notes/cancel`.
    public var partials: [String: SourceFile]
    /// The page templates.
    public var templates: TemplateSet
    /// Files copied to `Output/assets/`.
    public var assets: [Asset]
    /// Every text file read, for quoting lines in diagnostics.
    public var sources: SourceFiles
    /// The holiday calendar named by `calendar:` in site.yml, if any.
    public var calendar: HolidayCalendar?
    /// The rules library of `Content/rules/*.yml`.
    public var rules: RulesLibrary
    /// The scenario files of `Content/scenarios/*.yml`, in path order.
    public var scenarioFiles: [ScenarioFile]
    /// `Content/glossary.yml`, when the site has one.
    public var glossary: Glossary?
}

/// Folder and file names of a site (SPEC §2).
enum SitePaths {
    static let content = "Content"
    static let templates = "Templates"
    static let siteFile = "Content/site.yml"
    static let guides = "Content/guides"
    static let partials = "Content/partials"
    static let rules = "Content/rules"
    static let scenarios = "Content/scenarios"
    static let calendars = "Content/calendars"
    static let glossary = "Content/glossary.yml"
    static let contentAssets = "Content/assets"
    static let templateAssets = "Templates/assets"
}

extension Site {
    /// Loads a site from `root`. Every problem found is appended to `diagnostics`; the site is
    /// returned even when some parts are broken, so later checks can report their own problems.
    public static func load(root: URL, diagnostics: inout [Diagnostic]) -> Site {
        load(root: root, cache: nil, diagnostics: &diagnostics)
    }

    /// Loads a site from `root` as ``load(root:diagnostics:)`` does, reusing what `cache` holds
    /// from an earlier load for every file whose bytes did not change.
    static func load(root: URL, cache: SiteCache?, diagnostics: inout [Diagnostic]) -> Site {
        let files = SiteFiles(root: root, cache: cache)
        var sources = SourceFiles()
        func read(_ path: String) -> SourceFile? {
            guard let file = files.read(path, diagnostics: &diagnostics) else { return nil }
            sources.add(file)
            return file
        }
        // Guides and scenario files are most of a site's files: they are read on all cores,
        // and kept in order, with their diagnostics, as if read one by one.
        func readAll(_ paths: [String]) -> [String: SourceFile] {
            var read: [String: SourceFile] = [:]
            for (path, result) in zip(paths, Site.parallelMap(paths) { path, diagnostics in files.read(path, diagnostics: &diagnostics) }) {
                diagnostics += result.diagnostics
                guard let file = result.value else { continue }
                sources.add(file)
                read[path] = file
            }
            return read
        }

        var configuration = SiteConfiguration.defaults
        if !FileManager.default.fileExists(atPath: root.appendingPathComponent(SitePaths.content).path) {
            diagnostics.append(Diagnostic(
                .error, "site.missing", "no Content/ folder in \(root.path); is --root right?", file: nil))
        } else if !files.exists(SitePaths.siteFile) {
            diagnostics.append(Diagnostic(.error, "site.missing", "Content/site.yml is missing", file: SitePaths.siteFile))
        } else if let source = read(SitePaths.siteFile) {
            configuration = SiteConfiguration.load(source, diagnostics: &diagnostics)
        }

        var guides: [Guide] = []
        let guidePaths = files.list(SitePaths.guides, suffix: ".md", recursive: false, diagnostics: &diagnostics)
            .filter { path in
                let slug = String(path.dropFirst(SitePaths.guides.count + 1).dropLast(3))
                guard Site.isValidName(slug) else {
                    diagnostics.append(Diagnostic(
                        .error, "guide.slug", "guide file name '\(slug).md' is not a valid URL name; use lower-case letters, digits and '-'",
                        file: path))
                    return false
                }
                return true
            }
        let guideSources = readAll(guidePaths)
        for path in guidePaths {
            let slug = String(path.dropFirst(SitePaths.guides.count + 1).dropLast(3))
            guard let source = guideSources[path] else { continue }
            let guide: Guide?
            if let cache {
                guide = cache.unit(at: path, "guide", diagnostics: &diagnostics) {
                    Guide.load(source, slug: slug, diagnostics: &$0)
                }
            } else {
                guide = Guide.load(source, slug: slug, diagnostics: &diagnostics)
            }
            guard let guide else { continue }
            guides.append(guide)
        }
        guides.sort { ($0.order, $0.slug) < ($1.order, $1.slug) }

        var partials: [String: SourceFile] = [:]
        for path in files.list(SitePaths.partials, suffix: ".md", diagnostics: &diagnostics) {
            // An include may never reach outside the partials folder, not even through a link.
            guard files.isInside(path, folder: SitePaths.partials) else {
                diagnostics.append(Diagnostic(
                    .error, "include.outside", "'\(path)' is a symbolic link that leads outside Content/partials/", file: path))
                continue
            }
            guard let source = read(path) else { continue }
            partials[String(path.dropFirst(SitePaths.partials.count + 1).dropLast(3))] = source
        }

        let templateFiles = files.list(SitePaths.templates, suffix: ".mustache", diagnostics: &diagnostics)
            .filter { !$0.hasPrefix(SitePaths.templateAssets + "/") }
            .compactMap(read)
        let needsGlossary = files.exists(SitePaths.glossary)
        func loadTemplates(_ diagnostics: inout [Diagnostic]) -> TemplateSet {
            TemplateSet.load(files: templateFiles, folder: SitePaths.templates, needsGlossary: needsGlossary, diagnostics: &diagnostics)
        }
        // Templates are parsed again only when one of them changed.
        let templates = cache?.unit(
            atAll: templateFiles.map(\.path), "templates \(needsGlossary)", diagnostics: &diagnostics, make: loadTemplates)
            ?? loadTemplates(&diagnostics)

        var assets: [Asset] = []
        var assetSources: [String: String] = [:]
        for folder in [SitePaths.templateAssets, SitePaths.contentAssets] {
            for path in files.list(folder, diagnostics: &diagnostics) {
                let output = "assets/" + path.dropFirst(folder.count + 1)
                if let other = assetSources[output] {
                    diagnostics.append(Diagnostic(
                        .error, "asset.conflict", "'\(path)' and '\(other)' would both be written to Output/\(output)", file: path))
                    continue
                }
                assetSources[output] = path
                assets.append(Asset(source: path, output: output))
            }
        }

        var calendar: HolidayCalendar?
        if let name = configuration.calendar {
            let path = "\(SitePaths.calendars)/\(name).yml"
            if !Site.isValidName(name) || !files.exists(path) {
                diagnostics.append(Diagnostic(
                    .error, "site.calendar", "site.yml names calendar '\(name)', but \(path) does not exist", file: SitePaths.siteFile))
            } else if let source = read(path) {
                calendar = cache?.unit(at: path, "calendar", diagnostics: &diagnostics) { HolidayCalendar.load(source, diagnostics: &$0) }
                    ?? HolidayCalendar.load(source, diagnostics: &diagnostics)
            }
        }
        let ruleFiles = files.list(SitePaths.rules, suffix: ".yml", recursive: false, diagnostics: &diagnostics).compactMap(read)
        // The rules are loaded again only when a rules file or the calendar changed.
        let rulesInputs = ruleFiles.map(\.path) + (configuration.calendar.map { ["\(SitePaths.calendars)/\($0).yml"] } ?? [])
        let rules = cache?.unit(atAll: rulesInputs, "rules", diagnostics: &diagnostics) {
            RulesLibrary.load(ruleFiles: ruleFiles, calendar: calendar, diagnostics: &$0)
        } ?? RulesLibrary.load(ruleFiles: ruleFiles, calendar: calendar, diagnostics: &diagnostics)
        // Scenario files are the bulk of a large site's YAML; they parse independently.
        let scenarioPaths = files.list(SitePaths.scenarios, suffix: ".yml", recursive: false, diagnostics: &diagnostics)
        let scenarioRead = readAll(scenarioPaths)
        let scenarioSources = scenarioPaths.compactMap { scenarioRead[$0] }
        let scenarioFiles = Site.parallelMap(scenarioSources) { source, diagnostics in
            guard let cache else { return ScenarioFile.load(source, diagnostics: &diagnostics) }
            return cache.unit(at: source.path, "scenarios", diagnostics: &diagnostics) {
                ScenarioFile.load(source, diagnostics: &$0)
            }
        }.compactMap { result -> ScenarioFile? in
            diagnostics += result.diagnostics
            return result.value
        }

        let glossary = files.exists(SitePaths.glossary)
            ? read(SitePaths.glossary).map { source in
                cache?.unit(at: source.path, "glossary", diagnostics: &diagnostics) { Glossary.load(source, diagnostics: &$0) }
                    ?? Glossary.load(source, diagnostics: &diagnostics)
            } : nil

        return Site(
            root: root, configuration: configuration, guides: guides, partials: partials,
            templates: templates, assets: assets, sources: sources, calendar: calendar, rules: rules,
            scenarioFiles: scenarioFiles, glossary: glossary)
    }

    /// `transform` applied to every element on all cores, results and diagnostics in order.
    static func parallelMap<Element: Sendable, Result: Sendable>(
        _ elements: [Element], _ transform: @escaping @Sendable (Element, inout [Diagnostic]) -> Result
    ) -> [(value: Result, diagnostics: [Diagnostic])] {
        let results = ResultSlots<(value: Result, diagnostics: [Diagnostic])>(count: elements.count)
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            var diagnostics: [Diagnostic] = []
            let value = transform(elements[index], &diagnostics)
            results.set(index, (value, diagnostics))
        }
        return results.values
    }

    /// Whether `name` is a safe URL name: lower-case ASCII letters, digits and `-`, not starting
    /// with `-`. Such a name can never form a path outside `Output/`.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first != UInt8(ascii: "-") else { return false }
        return name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }
}

/// One slot per result, filled from several threads.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }

    var values: [Value] { lock.withLock { slots.map { $0! } } }
}

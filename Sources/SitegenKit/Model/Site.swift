import Diagnostics
import Foundation
import Rules

/// Everything a build reads, loaded and checked once (README.md, "A site on disk"): the "load" phase's result.
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

extension Site {
    /// Loads a site from `root`. Every problem found is appended to `diagnostics`; the site is
    /// returned even when some parts are broken, so later checks can report their own problems.
    public static func load(root: URL, diagnostics: inout [Diagnostic]) -> Site {
        load(root: root, cache: .disabled, diagnostics: &diagnostics)
    }

    /// Loads a site from `root` as ``load(root:diagnostics:)`` does, reusing what `cache` holds
    /// from an earlier load for every file whose bytes did not change.
    static func load(root: URL, cache: SiteCache, diagnostics: inout [Diagnostic]) -> Site {
        var loader = SiteLoader(files: SiteFiles(root: root, cache: cache), cache: cache)
        let site = loader.load()
        diagnostics += loader.diagnostics
        return site
    }

    /// `transform` applied to every element on all cores, results and diagnostics in order.
    static func parallelMap<Element: Sendable, Result: Sendable>(
        _ elements: [Element], _ transform: @escaping @Sendable (Element, inout [Diagnostic]) -> Result
    ) -> [(value: Result, diagnostics: [Diagnostic])] {
        ResultSlots.map(count: elements.count, jobs: ProcessInfo.processInfo.activeProcessorCount) { index in
            var diagnostics: [Diagnostic] = []
            let value = transform(elements[index], &diagnostics)
            return (value, diagnostics)
        }
    }

    /// Whether `name` is a safe URL name: lower-case ASCII letters, digits and `-`, not starting
    /// with `-`. Such a name can never form a path outside `Output/`.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first != UInt8(ascii: "-") else { return false }
        return name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }
}

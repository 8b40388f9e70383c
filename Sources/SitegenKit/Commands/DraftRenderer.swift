import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// Renders one Markdown text outside a build, as `sitegen render` does: directives are
/// evaluated against the site's rules and partials, with the facts given on the command line.
public enum Renderer {
    /// What a render produced.
    public struct Output: Sendable {
        /// The HTML body.
        public var html: String
        /// Problems found.
        public var diagnostics: [Diagnostic]
        /// Texts for quoting lines in diagnostics.
        public var sources: SourceFiles
    }

    /// The pseudo-file that `--fact` values are quoted from in diagnostics.
    public static let factsPath = "--fact"

    /// Renders `markdown` (from `path`, for messages) with the site at `root`, or SPEC §3's
    /// defaults and no rules when `root` has no `Content/`. `facts` are `NAME=VALUE` pairs, with
    /// values written as in a scenario file; `asOf` sets `today`.
    public static func render(
        markdown: String, path: String, root: URL, facts: [String] = [], asOf: String? = nil
    ) -> Output {
        var diagnostics: [Diagnostic] = []
        var siteDiagnostics: [Diagnostic] = []
        let site = FileManager.default.fileExists(atPath: root.appendingPathComponent(SitePaths.content).path)
            ? Site.load(root: root, diagnostics: &siteDiagnostics) : Site.empty(root: root)
        var checked = CheckedSite.check(site, diagnostics: &siteDiagnostics)
        // The templates play no part in a render; everything else the snippet may lean on.
        diagnostics += siteDiagnostics.filter { !($0.file ?? "").hasPrefix(SitePaths.templates + "/") }

        var sources = site.sources
        let source = SourceFile(path: path, text: InlineToken.neutralize(markdown))
        sources.add(source)
        let document = bodyDocument(of: source, diagnostics: &diagnostics)
        var checker = ExpressionChecker(
            rules: site.rules, formats: site.configuration.dateFormats, formatsKnown: site.configuration.wasRead)
        checker.check(document, diagnostics: &diagnostics)
        checked.expressions.merge(checker.parsed)

        // The facts the snippet needs, through its partials and the rules.
        var names = checker.names(in: document)
        for partial in CheckedSite.includedPartials(of: document, partials: checked.partialDocuments) {
            if let partialDocument = checked.partialDocuments[partial] {
                names.formUnion(ExpressionChecker.names(in: partialDocument, parsed: checked.expressions, rules: site.rules))
            }
        }
        let factsFile = SourceFile(path: factsPath, text: facts.joined(separator: "\n"))
        sources.add(factsFile)
        var given: [ScenarioDeclaration.GivenFact] = []
        for (index, pair) in facts.enumerated() {
            let start = SourceLocation(file: factsPath, line: index + 1, column: 1)
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                diagnostics.append(.error(
                    "render.fact", "--fact takes NAME=VALUE, such as expiry=2026-03-10", at: SourceRange(start: start, length: pair.count)))
                continue
            }
            let name = String(pair[..<equals])
            let value = String(pair[pair.index(after: equals)...])
            given.append(ScenarioDeclaration.GivenFact(
                name: name, nameRange: SourceRange(start: start, length: name.count), text: value.isEmpty ? nil : value,
                kindDescription: "no value",
                valueRange: SourceRange(start: start.advanced(byColumns: name.count + 1), length: max(value.count, 1))))
        }
        guard !diagnostics.containsErrors else { return Output(html: "", diagnostics: diagnostics, sources: sources) }

        let declaration = ScenarioDeclaration(
            id: factsPath, idRange: SourceRange(SourceLocation(file: factsPath, line: 1, column: 1)), guides: [path],
            title: nil, titleLocation: nil, facts: given, file: factsPath)
        guard let scenario = site.rules.resolve(
                declaration, requiredFacts: site.rules.facts(reachableFrom: names), guide: path, diagnostics: &diagnostics),
            let today = Today.resolve(asOf: asOf, timeZone: site.configuration.timeZone)
        else { return Output(html: "", diagnostics: diagnostics, sources: sources) }
        let environment = site.rules.environment(for: scenario, today: today)
        let configuration = site.configuration
        let renderer = ScenarioBodyRenderer(
            checked: checked,
            stamper: DateStamper(language: configuration.language, timeZone: configuration.timeZone, formats: configuration.dateFormats),
            options: configuration.unsafeHTML ? [.footnotes, .unsafeHTML] : .site)
        let html = renderer.render(document, environment: environment, pageName: path, diagnostics: &diagnostics).html
        return Output(html: html, diagnostics: Array(Set(diagnostics)).sortedForDisplay(), sources: sources)
    }
}

extension Renderer {
    /// Renders the body of scenario `scenario` (written `GUIDE/ID`) with that scenario's facts,
    /// as its page shows it: the guide's own body, or `markdown` (from `path`) in its place, so
    /// a draft can be tried against a scenario before it is saved over the guide.
    public static func render(
        scenario: String, markdown: String? = nil, path: String? = nil, root: URL, asOf: String? = nil
    ) -> Output {
        var diagnostics: [Diagnostic] = []
        let site = Site.load(root: root, diagnostics: &diagnostics)
        var checked = CheckedSite.check(site, diagnostics: &diagnostics)
        // The templates play no part in a body; everything else the page leans on.
        diagnostics = diagnostics.filter { !($0.file ?? "").hasPrefix(SitePaths.templates + "/") }
        var sources = site.sources
        let failed = { (diagnostics: [Diagnostic]) in Output(html: "", diagnostics: diagnostics.sortedForDisplay(), sources: sources) }
        guard !diagnostics.containsErrors else { return failed(diagnostics) }

        let parts = scenario.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            return failed([Diagnostic(.error, "render.scenario", "--scenario takes GUIDE/ID, such as transfer/gtld-open", file: nil)])
        }
        let (slug, id) = (parts[0], parts[1])
        guard let guide = site.guides.first(where: { $0.slug == slug }) else {
            let known = site.guides.map(\.slug).joined(separator: ", ")
            return failed([Diagnostic(.error, "render.unknown-guide", "no guide '\(slug)' (guides: \(known))", file: nil)])
        }
        let scenarios = checked.scenarios[slug, default: []]
        guard let resolved = scenarios.first(where: { $0.id == id }) else {
            let known = scenarios.map(\.id).joined(separator: ", ")
            return failed([Diagnostic(
                .error, "render.unknown-scenario", "guide '\(slug)' has no scenario '\(id)' (scenarios: \(known.isEmpty ? "none" : known))", file: nil)])
        }
        guard let today = Today.resolve(asOf: asOf, timeZone: site.configuration.timeZone) else {
            return failed([Diagnostic(.error, "build.as-of", "--as-of is not a valid date", file: nil)])
        }

        // The guide's body as the build parsed it, or the draft in its place.
        var document: DirectiveDocument
        if let markdown {
            let source = SourceFile(path: path ?? guide.path, text: InlineToken.neutralize(markdown))
            sources.add(source)
            document = bodyDocument(of: source, diagnostics: &diagnostics)
            var checker = ExpressionChecker(
                rules: site.rules, formats: site.configuration.dateFormats, formatsKnown: site.configuration.wasRead)
            checker.check(document, diagnostics: &diagnostics)
            checked.expressions.merge(checker.parsed)
            guard !diagnostics.containsErrors else { return failed(diagnostics) }
        } else {
            guard let body = checked.guideDocuments[slug] else { return failed(diagnostics) }
            document = body
        }
        let configuration = site.configuration
        let renderer = ScenarioBodyRenderer(
            checked: checked,
            stamper: DateStamper(language: configuration.language, timeZone: configuration.timeZone, formats: configuration.dateFormats),
            options: configuration.unsafeHTML ? [.footnotes, .unsafeHTML] : .site)
        let html = renderer.render(
            document, environment: site.rules.environment(for: resolved, today: today),
            pageName: "scenario '\(id)' of guide '\(slug)'", diagnostics: &diagnostics).html
        return Output(html: html, diagnostics: Array(Set(diagnostics)).sortedForDisplay(), sources: sources)
    }

    /// The directives of `source` after its front matter: a guide's `---` block is page data,
    /// not Markdown (it would render as a rule and a heading). Lines keep their numbers.
    static func bodyDocument(of source: SourceFile, diagnostics: inout [Diagnostic]) -> DirectiveDocument {
        let (frontMatter, body, bodyLine) = Guide.splitFrontMatter(source.text)
        guard frontMatter != nil else { return DirectiveDocument.parse(source, diagnostics: &diagnostics) }
        return DirectiveDocument.parse(body, at: SourceLocation(file: source.path, line: bodyLine, column: 1), diagnostics: &diagnostics)
    }
}

extension Site {
    /// A site with no content: SPEC §3's defaults, no rules, no partials.
    static func empty(root: URL) -> Site {
        var ignored: [Diagnostic] = []
        return Site(
            root: root, configuration: .defaults, guides: [], partials: [:],
            templates: TemplateSet.load(files: [], folder: SitePaths.templates, needsGlossary: false, diagnostics: &ignored),
            assets: [], sources: SourceFiles(), calendar: nil,
            rules: RulesLibrary.load(ruleFiles: [], calendar: nil, diagnostics: &ignored), scenarioFiles: [], glossary: nil)
    }
}

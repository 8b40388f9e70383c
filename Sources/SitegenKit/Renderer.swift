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
        let document = DirectiveDocument.parse(source, diagnostics: &diagnostics)
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

import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// The backend of `sitegen render`: renders one Markdown text outside a build, its directives
/// evaluated against the site's rules and partials, with the facts given on the command line or
/// a scenario's. It is a client of a compilation without templates (``CompilationOptions``),
/// whose check it extends with the draft's own expressions.
public enum DraftRenderer {
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

    /// Renders `markdown` (from `path`, for messages) with the site at `root`, or the defaults
    /// of docs/language.md and no rules when `root` has no `Content/`. `facts` are `NAME=VALUE`
    /// pairs, with values written as in a scenario file; `asOf` sets `today`.
    public static func render(
        markdown: String, path: String, root: URL, facts: [String] = [], asOf: String? = nil
    ) -> Output {
        let compilation = compile(root: root, asOf: asOf)
        let site = compilation.site
        var diagnostics = compilation.diagnostics
        var sources = site.sources
        let source = SourceFile(path: path, text: InlineToken.neutralize(markdown))
        sources.add(source)
        let (document, names) = checkDraft(source, in: compilation, diagnostics: &diagnostics)
        let factsFile = SourceFile(path: factsPath, text: facts.joined(separator: "\n"))
        sources.add(factsFile)
        let given = givenFacts(facts, diagnostics: &diagnostics)
        guard !diagnostics.containsErrors else { return Output(html: "", diagnostics: diagnostics, sources: sources) }

        let declaration = ScenarioDeclaration(
            id: factsPath, idRange: SourceRange(SourceLocation(file: factsPath, line: 1, column: 1)), guides: [path],
            title: nil, titleLocation: nil, facts: given, file: factsPath)
        guard
            let scenario = site.rules.resolve(
                declaration, requiredFacts: site.rules.facts(reachableFrom: names), guide: path, usedNames: names,
                diagnostics: &diagnostics)
        else { return Output(html: "", diagnostics: diagnostics, sources: sources) }
        compilation.run(through: .date)
        guard compilation.succeeded(through: .date) else {
            return Output(html: "", diagnostics: Array(Set(diagnostics + compilation.diagnostics)).sortedForDisplay(), sources: sources)
        }
        let html = bodyRenderer(compilation)
            .render(document, environment: compilation.environment(for: scenario), pageName: path, diagnostics: &diagnostics).html
        return Output(html: html, diagnostics: Array(Set(diagnostics)).sortedForDisplay(), sources: sources)
    }

    /// Renders the body of scenario `scenario` (written `GUIDE/ID`) with that scenario's facts,
    /// as its page shows it: the guide's own body, or `markdown` (from `path`) in its place, so
    /// a draft can be tried against a scenario before it is saved over the guide.
    public static func render(
        scenario: String, markdown: String? = nil, path: String? = nil, root: URL, asOf: String? = nil
    ) -> Output {
        let compilation = compile(root: root, asOf: asOf)
        var diagnostics = compilation.diagnostics
        var sources = compilation.site.sources
        let failed = { (diagnostics: [Diagnostic]) in Output(html: "", diagnostics: diagnostics.sortedForDisplay(), sources: sources) }
        guard !diagnostics.containsErrors else { return failed(diagnostics) }
        let resolved: (guide: Guide, scenario: ResolvedScenario)
        switch find(scenario, in: compilation) {
        case .success(let found): resolved = found
        case .failure(let problem): return failed([problem.diagnostic])
        }
        compilation.run(through: .date)
        guard compilation.succeeded(through: .date) else { return failed(compilation.sortedDiagnostics) }

        // The guide's body as the build parsed it, or the draft in its place.
        var document: DirectiveDocument
        if let markdown {
            let source = SourceFile(path: path ?? resolved.guide.path, text: InlineToken.neutralize(markdown))
            sources.add(source)
            document = checkDraft(source, in: compilation, diagnostics: &diagnostics).document
            guard !diagnostics.containsErrors else { return failed(diagnostics) }
        } else {
            guard let body = compilation.documents(ofGuide: resolved.guide.slug)?.body else { return failed(diagnostics) }
            document = body
        }
        let html = bodyRenderer(compilation).render(
            document, environment: compilation.environment(for: resolved.scenario),
            pageName: "scenario '\(resolved.scenario.id)' of guide '\(resolved.guide.slug)'", diagnostics: &diagnostics
        ).html
        return Output(html: html, diagnostics: Array(Set(diagnostics)).sortedForDisplay(), sources: sources)
    }

    /// A compilation of the site at `root` through its check, without templates.
    private static func compile(root: URL, asOf: String?) -> SiteCompilation {
        var options = CompilationOptions(root: root, asOf: asOf)
        options.usesTemplates = false
        return SiteCompilation.compile(options, through: .check)
    }

    /// The body renderer of the site's pages, without their glossary links' prefix.
    private static func bodyRenderer(_ compilation: SiteCompilation) -> ScenarioBodyRenderer {
        ScenarioBodyRenderer(checked: compilation.checked, stamper: compilation.stamper, options: compilation.markdownOptions)
    }

    /// Why `--scenario` names no scenario.
    private struct NotFound: Error {
        var diagnostic: Diagnostic
    }

    /// The guide and scenario that `GUIDE/ID` names.
    private static func find(
        _ name: String, in compilation: SiteCompilation
    ) -> Result<(guide: Guide, scenario: ResolvedScenario), NotFound> {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            return .failure(NotFound(diagnostic: CompilationProblem.badScenarioName))
        }
        let (slug, id) = (parts[0], parts[1])
        guard let guide = compilation.guide(slug) else {
            let known = compilation.site.guides.map(\.slug)
            return .failure(NotFound(diagnostic: CompilationProblem.unknownGuide(slug, known: known, in: .render)))
        }
        let scenarios = compilation.scenarios(ofGuide: slug)
        guard let resolved = scenarios.first(where: { $0.id == id }) else {
            return .failure(
                NotFound(diagnostic: CompilationProblem.unknownScenario(id, guide: slug, known: scenarios.map(\.id), in: .render)))
        }
        return .success((guide, resolved))
    }

    /// Parses and checks a draft's directives, adds its expressions to the compilation's, and
    /// gives the rule and fact names it uses, through its partials too.
    private static func checkDraft(
        _ source: SourceFile, in compilation: SiteCompilation, diagnostics: inout [Diagnostic]
    ) -> (document: DirectiveDocument, names: Set<String>) {
        let site = compilation.site
        let document = bodyDocument(of: source, diagnostics: &diagnostics)
        var checker = ExpressionChecker(
            rules: site.rules, formats: site.configuration.dateFormats, formatsKnown: site.configuration.wasRead,
                brokenFormats: site.configuration.brokenDateFormats)
        checker.check(document, diagnostics: &diagnostics)
        compilation.addDraftExpressions(checker.parsed)
        let checked = compilation.checked
        var names = checker.names(in: document)
        for partial in CheckedSite.includedPartials(of: document, partials: checked.partialDocuments) {
            if let partialDocument = checked.partialDocuments[partial] {
                names.formUnion(ExpressionChecker.names(in: partialDocument, parsed: checked.expressions, rules: site.rules))
            }
        }
        return (document, names)
    }

    /// The facts given as `NAME=VALUE`, each quoted from its line of the `--fact` pseudo-file.
    private static func givenFacts(_ facts: [String], diagnostics: inout [Diagnostic]) -> [ScenarioDeclaration.GivenFact] {
        var given: [ScenarioDeclaration.GivenFact] = []
        for (index, pair) in facts.enumerated() {
            let start = SourceLocation(file: factsPath, line: index + 1, column: 1)
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                diagnostics.append(CompilationProblem.badFact(at: SourceRange(start: start, length: pair.count)))
                continue
            }
            let name = String(pair[..<equals])
            let value = String(pair[pair.index(after: equals)...])
            given.append(
                ScenarioDeclaration.GivenFact(
                    name: name, nameRange: SourceRange(start: start, length: name.count), text: value.isEmpty ? nil : value,
                    kindDescription: "no value",
                    valueRange: SourceRange(start: start.advanced(byColumns: name.count + 1), length: max(value.count, 1))))
        }
        return given
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
    /// A site with no content: the defaults of docs/language.md, no rules, no partials.
    static func empty(root: URL) -> Site {
        var ignored: [Diagnostic] = []
        return Site(
            root: root, configuration: .defaults, guides: [], partials: [:],
            templates: TemplateSet.load(files: [], folder: SitePaths.templates, needsGlossary: false, diagnostics: &ignored),
            assets: [], sources: SourceFiles(), calendar: nil,
            rules: RulesLibrary.load(ruleFiles: [], calendar: nil, diagnostics: &ignored), scenarioFiles: [], glossary: nil)
    }
}

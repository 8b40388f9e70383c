import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules
import Templating

/// Turns one planned page into HTML: the "evaluate", "render" and "lay out" phases for a page.
/// It holds only values shared read-only by all pages, so one renderer serves every thread. A
/// class: the parts of a page that need the renderer (``ReaderValuesPage``) hold a reference to
/// it, not a copy of every table it holds.
final class PageRenderer: Sendable {
    /// The compilation whose queries the pages are made from.
    let compilation: SiteCompilation
    let checked: CheckedSite
    let plan: BuildPlan
    let today: CivilDate
    let stamper: DateStamper
    /// The build's day as every page writes it (print line, as-of line): formatted once.
    let todayText: String
    /// Each guide's scenarios, evaluated once for all the pages that show them (a guide's
    /// page lists every scenario, and every scenario page lists its siblings).
    private let scenarioCache = ScenarioInfoCache()
    /// Each guide's rules as its pages' evaluator reads them, made once.
    private let rulesDataCache = GuideRulesDataCache()
    /// The refs of every scenario page to steps the page does not have, reported once per ref
    /// when the pages are done.
    let missingStepReferences = MissingStepReferences()

    /// The rules data of guide `slug` (written as `guides/<slug>/rules.js`).
    func rulesData(for slug: String) -> GuideRulesData {
        rulesDataCache.value(for: slug) { GuideRulesData(checked: checked, guide: slug) }
    }

    /// Whether the rules data of guide `slug` is kept (made, and not yet let go).
    func keepsRulesData(of slug: String) -> Bool {
        rulesDataCache.contains(slug)
    }

    var site: Site { checked.site }

    /// The host of the site's base URL, which every scenario page's data names (worked out once:
    /// parsing a URL costs more than the rest of that record).
    let baseURLHost: String
    /// What every page's body renderer reads, made once.
    let bodyRendering: ScenarioBodyRenderer.Shared

    /// A renderer for the pages of `compilation`, which must have run through its plan stage.
    init(compilation: SiteCompilation) {
        self.compilation = compilation
        self.checked = compilation.checked
        self.plan = compilation.plan
        self.today = compilation.today
        self.stamper = compilation.stamper
        bodyRendering = ScenarioBodyRenderer.Shared(
            checked: compilation.checked, stamper: compilation.stamper, options: compilation.markdownOptions)
        baseURLHost = ReaderValuesPage.host(of: compilation.checked.site.configuration.baseURL)
        todayText = compilation.stamper.format(
            compilation.today, pattern: compilation.checked.site.configuration.dateFormats["default"] ?? "y年M月d日(E)")
    }

    /// How Markdown is rendered, as the whole site renders it.
    var markdownOptions: MarkdownOptions { compilation.markdownOptions }

    /// The page's bytes, or `nil` when problems kept it from being made.
    /// - Parameter templates: the templates to lay the page out with, when the caller keeps a
    ///   copy for its thread (``TemplateSet/compiledAgain()``); the site's own otherwise.
    func render(_ page: Page, templates: TemplateSet? = nil, diagnostics: inout [Diagnostic]) -> [UInt8]? {
        var context = baseContext(for: page)
        let template: String
        switch page.kind {
        case .index:
            template = "index"
            context[.page] = .object([.title: .string(site.configuration.title), .pageDescription: ""])
            context[.guides] = .list(plan.guides.map { guideSummary($0, from: page, diagnostics: &diagnostics).value })
        case .guide(let slug):
            template = "guide"
            guard let guide = plan.guide(slug), fillGuidePage(&context, guide: guide, page: page, diagnostics: &diagnostics) else {
                return nil
            }
        case .scenario(let slug, let id):
            template = "scenario"
            guard fillScenarioPage(&context, guide: slug, scenario: id, page: page, diagnostics: &diagnostics) else { return nil }
        case .glossary:
            template = TemplateSet.glossaryName
            let terms = site.glossary?.terms ?? []
            context[.page] = .object([.title: .string(LanguageTag.isJapanese(site.configuration.language) ? "用語集" : "Glossary"), .pageDescription: ""])
            context[.terms] = .list(
                terms.map { term in
                    .object([
                        .scenarioID: .string(term.id), .term: .string(term.term), .definition: .string(term.definition),
                        .aliases: .string(term.aliases.joined(separator: "、")), .hasAliases: .bool(!term.aliases.isEmpty),
                    ])
                })
        }
        context[.canonicalURL] = .string(site.configuration.baseURL + page.urlPath)
        // The day the site was built, for the printed page's source line (case pages print
        // their own as-of line instead).
        context[.buildDate] = .string(todayText)
        context[.buildDateISO] = .string(today.isoString)
        return (templates ?? site.templates).render(template, context: .object(context), diagnostics: &diagnostics)
    }

    /// A guide's page: its scenarios and the picker, or its body when it has no scenarios.
    /// `false` when problems kept it from being made.
    private func fillGuidePage(_ context: inout TemplateObject, guide: Guide, page: Page, diagnostics: inout [Diagnostic]) -> Bool {
        let slug = guide.slug
        let summary = guideSummary(guide, from: page, diagnostics: &diagnostics)
        var content = ""
        if plan.scenarios(of: slug).isEmpty {
            guard let environment = emptyEnvironment(for: guide, diagnostics: &diagnostics) else { return false }
            content =
                ScenarioBodyRenderer(shared: bodyRendering, rootPrefix: page.rootPrefix)
                .render(guide: guide, environment: environment, scenarioID: "", diagnostics: &diagnostics).html
        }
        context[.page] = .object([.title: .string(summary.title), .pageDescription: .string(summary.description)])
        context[.guide] = summary.value
        context[.draft] = .bool(guide.draft)
        context[.content] = .string(content)
        let infos = scenarioInfos(of: guide)
        var scenarios = infos.map { scenarioSummary($0, guide: guide, from: page) }
        let required = compilation.requiredFacts(ofGuide: slug)
        let picker = Picker(facts: required, scenarios: infos.map(\.environment), rules: site.rules, describe: answerText)
        // Each question's labels by answer, looked up once: reading them scenario by scenario
        // copied every option and every scenario's answers for each question.
        let labels = picker.questions.map { question in
            Dictionary(question.options.map { ($0.value, $0.label) }, uniquingKeysWith: { first, _ in first })
        }
        for (index, answers) in picker.answers.enumerated() where index < scenarios.count {
            scenarios[index][.answers] = .list(
                picker.questions.indices.map { number in
                    .object([
                        .question: .string(picker.questions[number].text),
                        .label: .string(answers[number].flatMap { labels[number][$0] } ?? ""),
                    ])
                })
        }
        context[.scenarios] = .list(scenarios.map { .object($0) })
        context[.hasScenarios] = .bool(!scenarios.isEmpty)
        let questions = CasePicker.questions(facts: required, rules: site.rules)
        context[.questions] = .list(questions)
        context[.hasQuestions] = .bool(!questions.isEmpty && !infos.isEmpty)
        let data = rulesData(for: slug)
        // The library's facts sorted once for the guide: each case writes the facts its scenario
        // gives in that order, where sorting each case's own was 10 % of writing it.
        let sortedFactNames = site.rules.factNames.sorted()
        context[.pickerJSON] = .utf8(CasePicker.json(
            scenarios: infos.map { info in
                CasePicker.Case(
                    id: info.scenario.id, title: info.title,
                    // Relative to the guide's page, which is the scenario pages' parent folder.
                    url: "\(info.scenario.id)/index.html",
                    facts: sortedFactNames.compactMap { name in
                        info.scenario.givenFacts[name].map { (name, Picker.key(of: $0)) }
                    },
                    decisions: info.decisions.compactMap { decision in
                        data.expressionNumber(of: decision.condition).map { ($0, decision.value) }
                    },
                    values: info.stampedFacts)
            }))
        context[.rulesScript] = .string(GuideRulesData.fileName)
        return true
    }

    /// A scenario's page: the guide's body for its facts, its reader values and its siblings.
    /// `false` when the scenario is not in the plan.
    private func fillScenarioPage(
        _ context: inout TemplateObject, guide slug: String, scenario id: String, page: Page, diagnostics: inout [Diagnostic]
    ) -> Bool {
        guard let guide = plan.guide(slug) else { return false }
        let infos = scenarioInfos(of: guide)
        guard let position = infos.firstIndex(where: { $0.scenario.id == id }) else { return false }
        let info = infos[position]
        let environment = info.environment
        diagnostics += info.diagnostics
        let rulesData = rulesData(for: slug)
        let bodyRenderer = ScenarioBodyRenderer(shared: bodyRendering, rootPrefix: page.rootPrefix)
        bodyRenderer.readerValues = rulesData
        bodyRenderer.missingStepReferences = missingStepReferences
        let body = bodyRenderer.render(
            guide: guide, environment: environment, scenarioID: id, expansion: info.expansion, diagnostics: &diagnostics)
        compilation.keep(body: body, of: page)
        let summary = guideSummary(guide, from: page, environment: environment, diagnostics: &diagnostics)
        context[.page] = .object([
            .title: .string("\(summary.title)(\(info.title))"),
            .pageDescription: .string(summary.description),
        ])
        context[.guide] = summary.value
        context[.draft] = .bool(guide.draft)
        let readerPage = ReaderValuesPage(renderer: self, guide: guide, info: info, rulesData: rulesData, body: body, page: page)
        readerPage.fill(&context, guideTitle: summary.title)
        context[.scenario] = .object(scenarioSummary(info, guide: guide, from: page))
        let others = Self.nearbyScenarios(of: position, count: infos.count).map { infos[$0].siblingLink }
        context[.otherScenarios] = .list(others)
        context[.hasOtherScenarios] = .bool(!others.isEmpty)
        // The guide's page lists every case; a scenario page names only its neighbours, so
        // the pages of a guide together grow linearly with its scenarios, not quadratically.
        context[.hasMoreScenarios] = .bool(others.count < infos.count - 1)
        context[.scenarioCount] = .int(infos.count)
        context[.content] = .utf8(body.htmlBytes)
        context[.asOf] = .string(todayText)
        context[.asOfISO] = .string(today.isoString)
        context[.asOfDepends] = .bool(info.usesToday)
        return true
    }

    /// The most other scenarios a scenario page links to.
    static let maximumOtherScenarios = 12

    /// The positions of the scenarios a scenario page at `position` (of `count`) links to: the
    /// nearest in the guide's order, at most ``maximumOtherScenarios``, in order.
    static func nearbyScenarios(of position: Int, count: Int) -> [Int] {
        let others = count - 1
        guard others > maximumOtherScenarios else { return (0..<count).filter { $0 != position } }
        // A window of the nearest, moved inside the list where the page is near its start or end.
        let start = min(max(0, position - maximumOtherScenarios / 2), count - maximumOtherScenarios - 1)
        return (start...(start + maximumOtherScenarios)).filter { $0 != position }
    }

    /// Variables every template gets (documented in docs/templates.md).
    private func baseContext(for page: Page) -> TemplateObject {
        var context = TemplateObject()
        // Room for the fields every kind of page adds, so the context allocates once.
        context.reserveCapacity(24)
        context[.site] = siteValue
        context[.root] = .string(page.rootPrefix)
        context[.assets] = .string(page.rootPrefix + "assets/")
        context[.indexURL] = .string(page.rootPrefix + "index.html")
        context[.glossaryURL] = .string(site.glossary == nil ? "" : page.rootPrefix + Page(.glossary).path)
        return context
    }

    /// `site` of every page's context (the same for all of them).
    private var siteValue: TemplateValue {
        .object([
            .title: .string(site.configuration.title),
            .language: .string(site.configuration.language),
            .baseURL: .string(site.configuration.baseURL),
            .search: .bool(site.configuration.search),
            .contactText: .string(site.configuration.contactText),
            .contactURL: .string(site.configuration.contactURL),
        ])
    }

    /// A guide's title and description as text, and its entry for the templates.
    private struct GuideSummary {
        var title: String
        var description: String
        var value: TemplateValue
    }

    /// A guide's title, description and link. Titles may stamp values; outside a scenario they
    /// are evaluated with no facts (a guide with scenarios shows its plain title text there).
    private func guideSummary(
        _ guide: Guide, from page: Page, environment: Environment? = nil, diagnostics: inout [Diagnostic]
    ) -> GuideSummary {
        var title = guide.title
        var description = guide.description
        if let documents = checked.titleDocuments[guide.slug] {
            if let environment {
                title = plainText(documents.title, environment: environment, diagnostics: &diagnostics)
                description = plainText(documents.description, environment: environment, diagnostics: &diagnostics)
            } else {
                title = GuideLevelText.expand(documents.title)
                description = GuideLevelText.expand(documents.description)
            }
        }
        let value: TemplateValue = .object([
            .slug: .string(guide.slug),
            .title: .string(title),
            .pageDescription: .string(description),
            .url: .string(page.rootPrefix + Page(.guide(slug: guide.slug)).path),
            .scenarioCount: .int(plan.scenarios(of: guide.slug).count),
        ])
        return GuideSummary(title: title, description: description, value: value)
    }

    /// Lets go of what was evaluated for the pages of guide `slug`: all of them are written.
    func release(guide slug: String) {
        scenarioCache.remove(slug)
        // A guide's rules data (its expressions numbered, its decision tree) is asked for only
        // by its own pages: kept for every guide, it held 45 of a 50k build's 341 MB of peak heap.
        rulesDataCache.remove(slug)
        compilation.release(guide: slug)
    }

    /// The scenarios of `guide`, each evaluated once per build.
    func scenarioInfos(of guide: Guide) -> [ScenarioInfoCache.Info] {
        let scenarios = compilation.scenarios(ofGuide: guide.slug)
        return scenarioCache.infos(for: guide.slug, count: scenarios.count) { index, shared in
            let scenario = scenarios[index]
            let environment = compilation.environment(for: scenario)
            var diagnostics: [Diagnostic] = []
            var title = scenario.id
            if let document = checked.scenarioTitle(scenario.declaration) {
                title = plainText(document, environment: environment, diagnostics: &diagnostics)
            }
            let facts: [ScenarioInfoCache.Fact] = compilation.requiredFacts(ofGuide: guide.slug).compactMap { name in
                guard let fact = site.rules.facts[name], let value = environment.value(of: name) else { return nil }
                return .init(name: name, question: fact.question ?? name, answer: answerText(value))
            }
            let page = Page(.scenario(guide: guide.slug, scenario: scenario.id))
            // The case the scenario stands for: the branch decisions of its guide's text, read
            // from the body as the scenario's page will render it.
            let expansion = checked.guideDocuments[guide.slug].map {
                ScenarioBodyRenderer.expand($0, environment: environment, shared: bodyRendering)
            }
            let scenarioCase = compilation.scenarioCase(
                of: scenario, guide: guide.slug, environment: environment, expansion: expansion)
            // Whether a page shows its "as of" date depends only on which facts its scenario
            // gives; a guide's scenarios mostly give the same ones, so the walk is done once each.
            let usesToday = shared.usesToday(given: Set(scenario.givenFacts.keys)) {
                checked.usesToday(guide: guide.slug, scenario: scenario)
            }
            let stamped = stampedFacts(of: scenarioCase, shared: shared)
            return .init(
                scenario: scenario, environment: environment, title: title, facts: facts, diagnostics: diagnostics,
                siblingLink: .object([.title: .string(title), .url: .string(page.rootPrefix + page.path)]),
                usesToday: usesToday, decisions: scenarioCase.decisions,
                stampedFacts: stamped, expansion: expansion)
        }
    }

    /// The facts the stamps of an evaluated text reach, in the order of the rules files. The
    /// facts a set of names reaches are those each name reaches, together, so each stamp's are
    /// worked out once per guide and shared by its scenarios.
    private func stampedFacts(of scenarioCase: ScenarioCase, shared: ScenarioInfoCache.Shared) -> [String] {
        // Worked out once per list of stamps: a guide's scenarios mostly keep the same branches,
        // and looking each stamp up for every scenario was most of this.
        shared.facts(reachedBy: scenarioCase.stamped) {
            let factNames = site.rules.factNames
            var reached = [Bool](repeating: false, count: factNames.count)
            for source in scenarioCase.stamped {
                for index in shared.facts(reachedBy: source, make: { factPositions(reachedBy: source) }) { reached[index] = true }
            }
            return factNames.indices.filter { reached[$0] }.map { factNames[$0] }
        }
    }

    /// The positions in the library's list of facts of those the stamp `source` reaches.
    private func factPositions(reachedBy source: ExpressionSource) -> [Int] {
        guard let expression = checked.expressions[source] else { return [] }
        let reached = site.rules.facts(reachableFrom: expression.referencedNames)
        return site.rules.factNames.indices.filter { reached.contains(site.rules.factNames[$0]) }
    }

    private func scenarioSummary(_ info: ScenarioInfoCache.Info, guide: Guide, from page: Page) -> TemplateObject {
        let facts: [TemplateValue] = info.facts.map {
            .object([.factName: .string($0.name), .question: .string($0.question), .answer: .string($0.answer)])
        }
        return [
            .scenarioID: .string(info.scenario.id),
            .title: .string(info.title),
            .url: .string(page.rootPrefix + Page(.scenario(guide: guide.slug, scenario: info.scenario.id)).path),
            .facts: .list(facts),
            .hasFacts: .bool(!facts.isEmpty),
        ]
    }

    /// How a fact's value reads as the answer to its question.
    func answerText(_ value: Value) -> String {
        if case .bool(let yes) = value {
            return LanguageTag.isJapanese(site.configuration.language) ? (yes ? "はい" : "いいえ") : (yes ? "Yes" : "No")
        }
        return (try? stamper.stampText(value, format: nil)) ?? "\(value)"
    }

    private func plainText(_ document: DirectiveDocument, environment: Environment, diagnostics: inout [Diagnostic]) -> String {
        var context = ScenarioEvaluation(checked: checked, environment: environment, stamper: stamper, plainText: true)
        let text = DirectiveExpander().expand(document, context: &context, diagnostics: &diagnostics)
        diagnostics += context.diagnostics
        return text
    }

    /// The environment of a guide without scenarios: only facts with defaults can be used.
    private func emptyEnvironment(for guide: Guide, diagnostics: inout [Diagnostic]) -> Environment? {
        let declaration = guide.factlessScenario
        let required = compilation.requiredFacts(ofGuide: guide.slug)
        let withoutDefault = required.filter { site.rules.facts[$0]?.defaultExpression == nil }
        if !withoutDefault.isEmpty {
            diagnostics.append(ContentProblem.noScenarios(guide: guide, facts: withoutDefault))
            return nil
        }
        return site.rules.environment(for: ResolvedScenario(declaration: declaration, givenFacts: [:]), today: today)
    }
}

import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules
import Templating

/// What a scenario page needs so that a reader can see it with their own values
/// (docs/reader-values.md): the page's record for its script (the facts it was built with, the
/// branch decisions it stands for, its titles as text and stamps), its deadlines, the example
/// note and the form for the reader's values.
struct ReaderValuesPage {
    let renderer: PageRenderer
    let guide: Guide
    let info: ScenarioInfoCache.Info
    let rulesData: GuideRulesData
    let body: ScenarioBodyRenderer.Rendered
    let page: Page

    private var site: Site { renderer.checked.site }
    private var rules: RulesLibrary { site.rules }

    /// Adds the template variables of docs/templates.md ("Reader values") to `context`.
    func fill(_ context: inout TemplateObject, guideTitle: String) {
        let environment = info.environment
        let deadlines = self.deadlines(guideTitle: guideTitle)
        context[.deadlines] = .list(deadlines.map(\.templateValue))
        context[.hasDeadlines] = .bool(!deadlines.isEmpty)

        // The values a reader types in: dates, numbers and text the guide uses. Choices and
        // yes/no answers decide the case, which the guide's questions choose.
        let fields: [TemplateValue] = renderer.checked.requiredFacts[guide.slug, default: []].compactMap { name in
            guard let fact = rules.facts[name] else { return nil }
            let input: String
            switch fact.type {
            case .date: input = "date"
            case .int: input = "number"
            case .string: input = "text"
            default: return nil
            }
            // Looked up only for a fact the reader types in: about half of a guide's are not.
            guard let value = environment.value(of: name) else { return nil }
            return .object([
                .factName: .string(name), .question: .string(fact.question ?? name), .input: .string(input),
                .value: .string(Picker.key(of: value)), .answer: .string(renderer.answerText(value)),
                .isDefault: .bool(info.scenario.givenFacts[name] == nil),
            ])
        }
        context[.readerFields] = .list(fields)
        context[.hasReaderFields] = .bool(!fields.isEmpty)

        context[.pageData] = .utf8(record(deadlines: deadlines))
        context[.rulesScript] = .string("../" + GuideRulesData.fileName)
    }

    /// The page's record for its script, as JSON: written straight into bytes, since every
    /// scenario page has one and a tree of `JSONValue`s made an allocation for each of its
    /// members.
    private func record(deadlines: [ShownDeadline]) -> [UInt8] {
        var json = JSONWriter(capacity: 1024)
        json.openObject()
        json.key("guide")
        json.string(guide.slug)
        json.key("scenario")
        json.string(info.scenario.id)
        json.key("today")
        json.string(renderer.today.isoString)
        json.key("facts")
        json.openObject()
        for name in rules.factNames {
            guard let value = info.scenario.givenFacts[name] else { continue }
            json.key(escaping: name)
            json.string(Picker.key(of: value))
        }
        json.closeObject()
        json.key("decisions")
        json.openArray()
        for decision in body.decisions {
            guard let number = rulesData.expressionNumber(of: decision.condition) else { continue }
            json.openArray()
            json.int(number)
            json.bool(decision.value)
            json.closeArray()
        }
        json.closeArray()
        json.key("deadlines")
        json.openArray()
        for deadline in deadlines { json.string(deadline.rule) }
        json.closeArray()
        json.key("url")
        json.string(site.configuration.baseURL + page.urlPath)
        json.key("host")
        json.string(renderer.baseURLHost)
        if let titles = renderer.checked.titleDocuments[guide.slug] {
            json.key("title")
            json.value(parts(of: titles.title))
        }
        if let title = renderer.checked.scenarioTitle(info.scenario.declaration) {
            json.key("scenarioTitle")
            json.value(parts(of: title))
        }
        json.closeObject()
        return json.bytes
    }

    /// A deadline as a page shows it.
    struct ShownDeadline {
        var rule: String
        var label: String
        var date: CivilDate
        var text: String
        var days: Int
        var ics: String

        var templateValue: TemplateValue {
            let status = days < 0 ? "past" : days == 0 ? "today" : days <= 7 ? "soon" : "later"
            return .object([
                .rule: .string(rule), .label: .string(label), .date: .string(text), .iso: .string(date.isoString),
                .status: .string(status), .daysLeft: .string(days > 0 ? String(days) : ""),
                .daysPast: .string(days < 0 ? String(-days) : ""), .isToday: .bool(days == 0), .ics: .string(ics),
                .icsName: .string("\(rule)-\(date.isoString).ics"),
            ])
        }
    }

    /// The deadlines the page's text states (a stamp of the kept branches names the rule),
    /// soonest first.
    /// - Parameter guideTitle: the guide's title as this page writes it, named in calendar events.
    func deadlines(guideTitle: String) -> [ShownDeadline] {
        guard !rules.deadlineNames.isEmpty else { return [] }
        var named: Set<String> = []
        for source in body.stamped {
            if let expression = renderer.checked.expressions[source] { named.formUnion(expression.referencedNames) }
        }
        var shown: [ShownDeadline] = []
        for name in rules.deadlineNames where named.contains(name) {
            guard let deadline = rules.deadlines[name], case .date(let date)? = info.environment.value(of: name) else { continue }
            let text = (try? renderer.stamper.stampText(.date(date), format: nil)) ?? date.isoString
            let ics = DeadlineCalendar.event(
                guide: guide.slug, rule: name, date: date, summary: "\(deadline.label)(\(guideTitle))",
                url: site.configuration.baseURL + page.urlPath, host: renderer.baseURLHost,
                stamp: renderer.today)
            shown.append(
                ShownDeadline(
                    rule: name, label: deadline.label, date: date, text: text, days: date.days(since: renderer.today),
                    ics: DeadlineCalendar.dataURI(ics)))
        }
        // Stable: deadlines on the same day keep the order of the rules files.
        return shown.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }

    /// A title as the page's script rebuilds it: literal text, and the numbers of the stamps that
    /// depend on the reader (`["期限 ", 3, " まで"]`).
    private func parts(of document: DirectiveDocument) -> JSONValue {
        var context = ScenarioEvaluation(
            checked: renderer.checked, environment: info.environment, stamper: renderer.stamper, plainText: false)
        var ignored: [Diagnostic] = []
        var text = DirectiveExpander().expand(document, context: &context, diagnostics: &ignored)
        var parts: [JSONValue] = []
        var literal = ""
        for (id, token) in context.tokens.enumerated() {
            let marker = InlineToken.make(id)
            guard let range = text.range(of: marker) else { continue }
            literal += text[..<range.lowerBound]
            text = String(text[range.upperBound...])
            guard case .stamp(let shown, _, let source) = token else { continue }
            if let index = rulesData.liveStampIndex(of: source) {
                if !literal.isEmpty { parts.append(.string(literal)) }
                literal = ""
                parts.append(.int(index))
            } else {
                literal += shown
            }
        }
        literal += text
        if !literal.isEmpty { parts.append(.string(literal)) }
        return .array(parts)
    }

    /// The host of the site's base URL, for calendar event ids.
    static func host(of baseURL: String) -> String {
        URL(string: baseURL)?.host ?? "localhost"
    }
}

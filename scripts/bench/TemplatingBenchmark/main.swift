// The page layout rendered by swift-mustache, as sitegen has used it, and by Templating, for the
// same synthetic scenario pages, in one run (docs/performance.md, "Templates").
//
//   swift run -c release --scratch-path .build-bench TemplatingBenchmark [PAGES] [ROUNDS]
//
// Each page is shaped like the 10k benchmark's scenario pages: the guide's 50 scenarios (so 49
// other cases), 3 facts, 2 deadlines, 2 reader fields and about 10 KB of body HTML. Three ways:
//   swift-mustache   the page's context as [String: Any], texts wrapped, rendered by the library
//   objects          Templating, the context built as TemplateObjects
//   fields           Templating, the page model answering lookups itself (TemplateFields)
// Times include building each page's context, as a build does. Prints ms per page, the median of
// ROUNDS rounds of PAGES pages each; checks first that the three give the same bytes.
import Foundation
import Mustache
import Templating

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let pageCount = arguments.first ?? 2000
let rounds = arguments.dropFirst().first ?? 5

// MARK: - Templates

let templatesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Templates").resolvingSymlinksInPath().path
var sources: [TemplateSource] = []
for case let relative as String in FileManager.default.enumerator(atPath: templatesFolder)! where relative.hasSuffix(".mustache") {
    let text = try String(contentsOfFile: templatesFolder + "/" + relative, encoding: .utf8)
    sources.append(TemplateSource(name: String(relative.dropLast(".mustache".count)), path: "Templates/" + relative, text: text))
}

struct TemplateText: MustacheCustomRenderable, Sendable {
    var text: String
    var renderText: String { text }
    var isNull: Bool { text.isEmpty }

    static func wrap(_ value: Any) -> Any {
        switch value {
        case is TemplateText, is [String: TemplateText], is [[String: TemplateText]]: return value
        case let text as String: return TemplateText(text: text)
        case let dictionary as [String: Any]: return dictionary.mapValues(wrap)
        case let array as [Any]: return array.map(wrap)
        default: return value
        }
    }
}

struct FastHTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String {
        var text = text
        let needsEscaping = text.withUTF8 { $0.contains { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 } }
        guard needsEscaping else { return text }
        return text.withUTF8 { bytes -> String in
            var out: [UInt8] = []
            for byte in bytes {
                switch byte {
                case 0x3C: out += "&lt;".utf8
                case 0x3E: out += "&gt;".utf8
                case 0x26: out += "&amp;".utf8
                case 0x22: out += "&quot;".utf8
                case 0x27: out += "&#39;".utf8
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

MustacheContentTypes.register(FastHTMLEscaping(), named: "SITEGEN_HTML")
var mustache = MustacheLibrary()
for source in sources {
    mustache.register(try MustacheTemplate(string: "{{% CONTENT_TYPE: SITEGEN_HTML }}" + source.text), named: source.name)
}
let library = try TemplateLibrary(sources)
let scenarioTemplate = library.template(named: "scenario")!

// MARK: - Page models, as a build has them before laying a page out

struct Fact { var name, question, answer: String }
struct Deadline { var rule, label, date, iso, status, daysLeft, daysPast, ics, icsName: String; var isToday: Bool }
struct ReaderField { var name, question, input, value, answer: String; var isDefault: Bool }
struct Link { var title, url: String }

struct ScenarioPage {
    var siteTitle = "サーバ証明書ヘルプ", language = "ja", baseURL = "https://help.example.jp/ssl/"
    var search = true, contactText = "弊社担当営業へご連絡ください。", contactURL = "https://help.example.jp/contact/"
    var root = "../../../"
    var guideSlug: String, guideTitle: String, guideDescription: String, guideURL: String
    var scenarioID: String, scenarioTitle: String, scenarioURL: String
    var facts: [Fact]
    var deadlines: [Deadline]
    var fields: [ReaderField]
    var others: Int  // index of the guide's shared list
    var position: Int
    var content: String
    var pageData: String
}

func makePages(_ count: Int) -> (pages: [ScenarioPage], links: [[Link]]) {
    var pages: [ScenarioPage] = []
    var links: [[Link]] = []
    let paragraph = "<p>証明書の更新手続きは、有効期限の<time datetime=\"2026-02-10\">2026年2月10日(火)</time>までに完了してください。"
        + "手順は次のとおりです &amp; 注意点もあわせて確認してください。</p>\n"
    let body = String(repeating: paragraph + "<ol>\n<li><p>CSRを作成します。</p></li>\n<li><p>申請します。</p></li>\n</ol>\n", count: 24)
    for index in 0..<count {
        let guide = index / 50, scenario = index % 50
        if scenario == 0 {
            links.append((0..<50).map { Link(title: "ケース\($0 + 1): プラン\($0 % 5)、自動更新\($0 % 2 == 0 ? "あり" : "なし")", url: "../s\($0)/index.html") })
        }
        pages.append(ScenarioPage(
            guideSlug: "g\(guide)", guideTitle: "証明書を更新する(\(guide))", guideDescription: "有効期限が近い証明書を更新する手順です。",
            guideURL: "../index.html", scenarioID: "s\(scenario)", scenarioTitle: links[guide][scenario].title, scenarioURL: "index.html",
            facts: [
                Fact(name: "plan", question: "ご契約のプランは?", answer: "スタンダード"),
                Fact(name: "auto_renew", question: "自動更新を設定していますか?", answer: scenario % 2 == 0 ? "はい" : "いいえ"),
                Fact(name: "expiry", question: "証明書の有効期限は?", answer: "2026年3月\(scenario % 28 + 1)日(火)"),
            ],
            deadlines: [
                Deadline(rule: "renew_by", label: "更新の申請期限", date: "2026年2月10日(火)", iso: "2026-02-10", status: "later",
                         daysLeft: "26", daysPast: "", ics: "data:text/calendar;charset=utf-8,BEGIN%3AVCALENDAR%0D%0A", icsName: "renew_by-2026-02-10.ics", isToday: false),
                Deadline(rule: "install_by", label: "設置の期限", date: "2026年3月1日(日)", iso: "2026-03-01", status: "later",
                         daysLeft: "45", daysPast: "", ics: "data:text/calendar;charset=utf-8,BEGIN%3AVCALENDAR%0D%0A", icsName: "install_by-2026-03-01.ics", isToday: false),
            ],
            fields: [
                ReaderField(name: "expiry", question: "証明書の有効期限は?", input: "date", value: "2026-03-01", answer: "2026年3月1日(日)", isDefault: false),
                ReaderField(name: "domains", question: "ドメインの数は?", input: "number", value: "3", answer: "3", isDefault: true),
            ],
            others: guide, position: scenario, content: body,
            pageData: "{\"guide\":\"g\(guide)\",\"scenario\":\"s\(scenario)\",\"today\":\"2026-01-15\",\"facts\":{\"plan\":\"standard\"}}"))
    }
    return (pages, links)
}

let (pages, links) = makePages(pageCount)

// MARK: - swift-mustache: [String: Any], as PageRenderer builds it

let wrappedLinks: [[[String: TemplateText]]] = links.map { $0.map { ["title": TemplateText(text: $0.title), "url": TemplateText(text: $0.url)] } }

func anyContext(_ page: ScenarioPage) -> [String: Any] {
    var context: [String: Any] = [
        "site": ["title": page.siteTitle, "language": page.language, "base_url": page.baseURL, "search": page.search,
                 "contact_text": page.contactText, "contact_url": page.contactURL],
        "root": page.root, "assets": page.root + "assets/", "index_url": page.root + "index.html",
        "glossary_url": page.root + "glossary/index.html",
    ]
    context["page"] = ["title": "\(page.guideTitle)(\(page.scenarioTitle))", "description": page.guideDescription]
    context["guide"] = ["slug": page.guideSlug, "title": page.guideTitle, "description": page.guideDescription, "url": page.guideURL, "scenario_count": 50] as [String: Any]
    context["deadlines"] = page.deadlines.map { d -> [String: Any] in
        ["rule": d.rule, "label": d.label, "date": d.date, "iso": d.iso, "status": d.status, "days_left": d.daysLeft,
         "days_past": d.daysPast, "is_today": d.isToday, "ics": d.ics, "ics_name": d.icsName]
    }
    context["has_deadlines"] = !page.deadlines.isEmpty
    context["reader_fields"] = page.fields.map { f -> [String: Any] in
        ["name": f.name, "question": f.question, "input": f.input, "value": f.value, "answer": f.answer, "is_default": f.isDefault]
    }
    context["has_reader_fields"] = !page.fields.isEmpty
    context["page_data"] = page.pageData
    context["rules_script"] = "../rules.js"
    let facts: [[String: Any]] = page.facts.map { ["name": $0.name, "question": $0.question, "answer": $0.answer] }
    context["scenario"] = ["id": page.scenarioID, "title": page.scenarioTitle, "url": page.scenarioURL, "facts": facts, "has_facts": !facts.isEmpty] as [String: Any]
    let others = wrappedLinks[page.others].indices.filter { $0 != page.position }.map { wrappedLinks[page.others][$0] }
    context["other_scenarios"] = others
    context["has_other_scenarios"] = !others.isEmpty
    context["content"] = page.content
    context["as_of"] = "2026年1月15日(木)"
    context["as_of_iso"] = "2026-01-15"
    context["as_of_depends"] = true
    context["canonical_url"] = page.baseURL + "guides/\(page.guideSlug)/\(page.scenarioID)/"
    return context
}

// MARK: - Templating: TemplateObjects

enum K {
    static let site: TemplateKey = "site", title: TemplateKey = "title", language: TemplateKey = "language"
    static let baseURL: TemplateKey = "base_url", search: TemplateKey = "search", contactText: TemplateKey = "contact_text"
    static let contactURL: TemplateKey = "contact_url", root: TemplateKey = "root", assets: TemplateKey = "assets"
    static let indexURL: TemplateKey = "index_url", glossaryURL: TemplateKey = "glossary_url", page: TemplateKey = "page"
    static let description: TemplateKey = "description", guide: TemplateKey = "guide", slug: TemplateKey = "slug"
    static let url: TemplateKey = "url", scenarioCount: TemplateKey = "scenario_count", deadlines: TemplateKey = "deadlines"
    static let hasDeadlines: TemplateKey = "has_deadlines", rule: TemplateKey = "rule", label: TemplateKey = "label"
    static let date: TemplateKey = "date", iso: TemplateKey = "iso", status: TemplateKey = "status", daysLeft: TemplateKey = "days_left"
    static let daysPast: TemplateKey = "days_past", isToday: TemplateKey = "is_today", ics: TemplateKey = "ics", icsName: TemplateKey = "ics_name"
    static let readerFields: TemplateKey = "reader_fields", hasReaderFields: TemplateKey = "has_reader_fields", name: TemplateKey = "name"
    static let question: TemplateKey = "question", input: TemplateKey = "input", value: TemplateKey = "value", answer: TemplateKey = "answer"
    static let isDefault: TemplateKey = "is_default", pageData: TemplateKey = "page_data", rulesScript: TemplateKey = "rules_script"
    static let scenario: TemplateKey = "scenario", id: TemplateKey = "id", facts: TemplateKey = "facts", hasFacts: TemplateKey = "has_facts"
    static let otherScenarios: TemplateKey = "other_scenarios", hasOtherScenarios: TemplateKey = "has_other_scenarios"
    static let content: TemplateKey = "content", asOf: TemplateKey = "as_of", asOfISO: TemplateKey = "as_of_iso"
    static let asOfDepends: TemplateKey = "as_of_depends", canonicalURL: TemplateKey = "canonical_url"
}

let linkValues: [[TemplateValue]] = links.map { $0.map { .object(TemplateObject([K.title: .string($0.title), K.url: .string($0.url)])) } }

func objectContext(_ page: ScenarioPage) -> TemplateValue {
    var context = TemplateObject()
    context.reserveCapacity(26)
    context[K.site] = .object(TemplateObject([
        K.title: .string(page.siteTitle), K.language: .string(page.language), K.baseURL: .string(page.baseURL),
        K.search: .bool(page.search), K.contactText: .string(page.contactText), K.contactURL: .string(page.contactURL),
    ]))
    context[K.root] = .string(page.root)
    context[K.assets] = .string(page.root + "assets/")
    context[K.indexURL] = .string(page.root + "index.html")
    context[K.glossaryURL] = .string(page.root + "glossary/index.html")
    context[K.page] = .object(TemplateObject([K.title: .string("\(page.guideTitle)(\(page.scenarioTitle))"), K.description: .string(page.guideDescription)]))
    context[K.guide] = .object(TemplateObject([
        K.slug: .string(page.guideSlug), K.title: .string(page.guideTitle), K.description: .string(page.guideDescription),
        K.url: .string(page.guideURL), K.scenarioCount: .int(50),
    ]))
    context[K.deadlines] = .list(page.deadlines.map { d in
        .object(TemplateObject([
            K.rule: .string(d.rule), K.label: .string(d.label), K.date: .string(d.date), K.iso: .string(d.iso), K.status: .string(d.status),
            K.daysLeft: .string(d.daysLeft), K.daysPast: .string(d.daysPast), K.isToday: .bool(d.isToday), K.ics: .string(d.ics),
            K.icsName: .string(d.icsName),
        ]))
    })
    context[K.hasDeadlines] = .bool(!page.deadlines.isEmpty)
    context[K.readerFields] = .list(page.fields.map { f in
        .object(TemplateObject([
            K.name: .string(f.name), K.question: .string(f.question), K.input: .string(f.input), K.value: .string(f.value),
            K.answer: .string(f.answer), K.isDefault: .bool(f.isDefault),
        ]))
    })
    context[K.hasReaderFields] = .bool(!page.fields.isEmpty)
    context[K.pageData] = .string(page.pageData)
    context[K.rulesScript] = .string("../rules.js")
    let facts: [TemplateValue] = page.facts.map { .object(TemplateObject([K.name: .string($0.name), K.question: .string($0.question), K.answer: .string($0.answer)])) }
    context[K.scenario] = .object(TemplateObject([
        K.id: .string(page.scenarioID), K.title: .string(page.scenarioTitle), K.url: .string(page.scenarioURL),
        K.facts: .list(facts), K.hasFacts: .bool(!facts.isEmpty),
    ]))
    var others = linkValues[page.others]
    others.remove(at: page.position)
    context[K.otherScenarios] = .list(others)
    context[K.hasOtherScenarios] = .bool(!others.isEmpty)
    context[K.content] = .string(page.content)
    context[K.asOf] = .string("2026年1月15日(木)")
    context[K.asOfISO] = .string("2026-01-15")
    context[K.asOfDepends] = .bool(true)
    context[K.canonicalURL] = .string(page.baseURL + "guides/\(page.guideSlug)/\(page.scenarioID)/")
    return .object(context)
}

// MARK: - Templating: the page model answers lookups itself

final class SiteFields: TemplateFields {
    let page: ScenarioPage
    init(_ page: ScenarioPage) { self.page = page }
    func templateValue(for key: TemplateKey) -> TemplateValue? {
        switch key {
        case K.title: .string(page.siteTitle)
        case K.language: .string(page.language)
        case K.baseURL: .string(page.baseURL)
        case K.search: .bool(page.search)
        case K.contactText: .string(page.contactText)
        case K.contactURL: .string(page.contactURL)
        default: nil
        }
    }
}

final class PageFields: TemplateFields {
    let page: ScenarioPage
    let site: TemplateValue, pageTitle: TemplateValue, guide: TemplateValue, scenario: TemplateValue
    let deadlines: TemplateValue, fields: TemplateValue, others: TemplateValue

    init(_ page: ScenarioPage) {
        self.page = page
        site = .fields(SiteFields(page))
        pageTitle = .object(TemplateObject([K.title: .string("\(page.guideTitle)(\(page.scenarioTitle))"), K.description: .string(page.guideDescription)]))
        guide = .object(TemplateObject([
            K.slug: .string(page.guideSlug), K.title: .string(page.guideTitle), K.description: .string(page.guideDescription),
            K.url: .string(page.guideURL), K.scenarioCount: .int(50),
        ]))
        let facts: [TemplateValue] = page.facts.map { .object(TemplateObject([K.name: .string($0.name), K.question: .string($0.question), K.answer: .string($0.answer)])) }
        scenario = .object(TemplateObject([
            K.id: .string(page.scenarioID), K.title: .string(page.scenarioTitle), K.url: .string(page.scenarioURL),
            K.facts: .list(facts), K.hasFacts: .bool(!facts.isEmpty),
        ]))
        deadlines = .list(page.deadlines.map { d in
            .object(TemplateObject([
                K.rule: .string(d.rule), K.label: .string(d.label), K.date: .string(d.date), K.iso: .string(d.iso), K.status: .string(d.status),
                K.daysLeft: .string(d.daysLeft), K.daysPast: .string(d.daysPast), K.isToday: .bool(d.isToday), K.ics: .string(d.ics),
                K.icsName: .string(d.icsName),
            ]))
        })
        fields = .list(page.fields.map { f in
            .object(TemplateObject([
                K.name: .string(f.name), K.question: .string(f.question), K.input: .string(f.input), K.value: .string(f.value),
                K.answer: .string(f.answer), K.isDefault: .bool(f.isDefault),
            ]))
        })
        var list = linkValues[page.others]
        list.remove(at: page.position)
        others = .list(list)
    }

    func templateValue(for key: TemplateKey) -> TemplateValue? {
        switch key {
        case K.site: site
        case K.root: .string(page.root)
        case K.assets: .string(page.root + "assets/")
        case K.indexURL: .string(page.root + "index.html")
        case K.glossaryURL: .string(page.root + "glossary/index.html")
        case K.page: pageTitle
        case K.guide: guide
        case K.deadlines: deadlines
        case K.hasDeadlines: .bool(!page.deadlines.isEmpty)
        case K.readerFields: fields
        case K.hasReaderFields: .bool(!page.fields.isEmpty)
        case K.pageData: .string(page.pageData)
        case K.rulesScript: .string("../rules.js")
        case K.scenario: scenario
        case K.otherScenarios: others
        case K.hasOtherScenarios: .bool(true)
        case K.content: .string(page.content)
        case K.asOf: .string("2026年1月15日(木)")
        case K.asOfISO: .string("2026-01-15")
        case K.asOfDepends: .bool(true)
        case K.canonicalURL: .string(page.baseURL + "guides/\(page.guideSlug)/\(page.scenarioID)/")
        default: nil
        }
    }
}

// MARK: - Timing

@MainActor func renderMustache(_ page: ScenarioPage) -> Int {
    let html = mustache.render(TemplateText.wrap(anyContext(page)), withTemplate: "scenario") ?? ""
    return Data(html.utf8).count
}

var buffer: [UInt8] = []
@MainActor func renderObjects(_ page: ScenarioPage) -> Int {
    buffer.removeAll(keepingCapacity: true)
    try! library.render(scenarioTemplate, objectContext(page), into: &buffer)
    return Data(buffer).count
}

@MainActor func renderFields(_ page: ScenarioPage) -> Int {
    buffer.removeAll(keepingCapacity: true)
    try! library.render(scenarioTemplate, .fields(PageFields(page)), into: &buffer)
    return Data(buffer).count
}

for page in pages.prefix(100) {
    let expected = mustache.render(TemplateText.wrap(anyContext(page)), withTemplate: "scenario") ?? ""
    buffer.removeAll(keepingCapacity: true)
    try! library.render(scenarioTemplate, objectContext(page), into: &buffer)
    precondition(String(decoding: buffer, as: UTF8.self) == expected, "objects: output differs from swift-mustache's")
    buffer.removeAll(keepingCapacity: true)
    try! library.render(scenarioTemplate, .fields(PageFields(page)), into: &buffer)
    precondition(String(decoding: buffer, as: UTF8.self) == expected, "fields: output differs from swift-mustache's")
}

@MainActor func time(_ body: @MainActor (ScenarioPage) -> Int) -> (perPage: Double, bytes: Int) {
    var results: [Double] = []
    var bytes = 0
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        bytes = 0
        for page in pages { bytes += body(page) }
        results.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(pages.count))
    }
    return (results.sorted()[results.count / 2], bytes / pages.count)
}

print("scenario pages rendered with layout.mustache + scenario.mustache: \(pageCount) pages, median of \(rounds) rounds, one thread")
let base = time(renderMustache)
print("  swift-mustache  " + String(format: "%.4f ms/page  (%d bytes/page)", base.perPage, base.bytes))
for (name, body) in [("objects", renderObjects), ("fields", renderFields)] as [(String, @MainActor (ScenarioPage) -> Int)] {
    let result = time(body)
    print("  " + name.padding(toLength: 14, withPad: " ", startingAt: 0) + String(format: "%.4f ms/page  %.1f× faster", result.perPage, base.perPage / result.perPage))
}

// Parsing: swift-mustache's parse is quadratic in these (issue 21); Templating's is linear.
for (name, text) in [
    ("1 MB of {x}", String(repeating: "{x}", count: 350_000)), ("75,000 tags", String(repeating: "{{x}}", count: 75_000)),
    ("1 MB of short lines", String(repeating: "text\n", count: 200_000)),
] {
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try TemplateLibrary([TemplateSource(name: "t", path: "t", text: text)])
    print(String(format: "  parse %@: %.1f ms", name as NSString, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6))
}

import Foundation
import SeededRandom

/// Random page contexts shaped like the ones sitegen's `PageRenderer` builds for each template
/// (docs/templates.md): the same names, nesting and value types, with texts that need escaping,
/// empty texts, line breaks, Japanese, empty and longer lists, and now and then a name missing.
final class PageContexts {
    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    static let templates = ["index", "guide", "scenario", "glossary"]

    func context(for template: String) -> [String: Any] {
        var context = base()
        switch template {
        case "index":
            context["guides"] = list(0...6) { guideSummary() }
        case "guide":
            context["guide"] = guideSummary()
            context["content"] = pick(["", html(), html()])
            let questions = list(0...4) { question() }
            context["questions"] = questions
            context["has_questions"] = bool()
            let scenarios = list(0...5) { () -> [String: Any] in
                var scenario = scenarioSummary()
                scenario["answers"] = list(0...3) { ["question": text(), "label": text()] }
                return scenario
            }
            context["scenarios"] = scenarios
            context["has_scenarios"] = !scenarios.isEmpty
            context["picker_json"] = "{\"cases\":[{\"id\":\"\(word())\",\"title\":\"\(text())\"}]}"
            context["rules_script"] = "rules.js"
        case "scenario":
            context["guide"] = guideSummary()
            context["scenario"] = scenarioSummary()
            let deadlines = list(0...3) { deadline() }
            context["deadlines"] = deadlines
            context["has_deadlines"] = !deadlines.isEmpty
            let fields = list(0...3) { () -> [String: Any] in
                ["name": word(), "question": text(), "input": pick(["date", "number", "text"]), "value": text(),
                 "answer": text(), "is_default": bool()]
            }
            context["reader_fields"] = fields
            context["has_reader_fields"] = !fields.isEmpty
            context["page_data"] = "{\"guide\":\"\(word())\",\"facts\":{}}"
            context["rules_script"] = "../rules.js"
            let others = list(0...8) { ["title": text(), "url": text()] as [String: Any] }
            context["other_scenarios"] = others
            context["has_other_scenarios"] = !others.isEmpty
            context["content"] = html()
            context["as_of"] = text()
            context["as_of_iso"] = "2026-01-15"
            context["as_of_depends"] = bool()
        default:
            context["terms"] = list(0...5) { () -> [String: Any] in
                let aliases = text()
                return ["id": word(), "term": text(), "definition": text(), "aliases": aliases, "has_aliases": !aliases.isEmpty]
            }
        }
        // Now and then a name the template uses is missing altogether.
        if Int.random(in: 0..<8, using: &random) == 0, let key = context.keys.sorted().randomElement(using: &random) {
            context[key] = nil
        }
        return context
    }

    private func base() -> [String: Any] {
        let root = pick(["", "../", "../../"])
        return [
            "site": [
                "title": text(), "language": pick(["ja", "en"]), "base_url": "https://help.example.jp/ssl/",
                "search": bool(), "contact_text": pick(["", text()]), "contact_url": pick(["", "mailto:a@example.jp", text()]),
            ] as [String: Any],
            "root": root,
            "assets": root + "assets/",
            "index_url": root + "index.html",
            "glossary_url": pick(["", root + "glossary/index.html"]),
            "canonical_url": "https://help.example.jp/ssl/" + word() + "/",
            "page": ["title": text(), "description": pick(["", text()])] as [String: Any],
        ]
    }

    private func guideSummary() -> [String: Any] {
        ["slug": word(), "title": text(), "description": pick(["", text()]), "url": text(),
         "scenario_count": Int.random(in: 0...50, using: &random)]
    }

    private func scenarioSummary() -> [String: Any] {
        let facts = list(0...3) { ["name": word(), "question": text(), "answer": text()] as [String: Any] }
        return ["id": word(), "title": text(), "url": text(), "facts": facts, "has_facts": !facts.isEmpty]
    }

    private func question() -> [String: Any] {
        let name = word()
        var question: [String: Any] = [
            "fact": name, "question": text(), "number": Int.random(in: 1...9, using: &random), "id": "q-" + name,
            "has_default": bool(),
        ]
        if bool() {
            question["options"] = list(0...3) { ["id": word(), "value": word(), "label": text(), "explanation": pick(["", text()])] }
            question["is_radio"] = true
        } else {
            question["input"] = pick(["date", "number", "text"])
        }
        return question
    }

    private func deadline() -> [String: Any] {
        let days = Int.random(in: -10...20, using: &random)
        return [
            "rule": word(), "label": text(), "date": text(), "iso": "2026-02-01",
            "status": days < 0 ? "past" : days == 0 ? "today" : days <= 7 ? "soon" : "later",
            "days_left": days > 0 ? String(days) : "", "days_past": days < 0 ? String(-days) : "", "is_today": days == 0,
            "ics": "data:text/calendar;charset=utf-8,BEGIN%3AVCALENDAR", "ics_name": word() + ".ics",
        ]
    }

    private func bool() -> Bool { Bool.random(using: &random) }

    private func pick(_ choices: [String]) -> String { choices.randomElement(using: &random) ?? "" }

    private func list<T>(_ range: ClosedRange<Int>, _ make: () -> T) -> [T] {
        (0..<Int.random(in: range, using: &random)).map { _ in make() }
    }

    private func word() -> String {
        String((0..<Int.random(in: 1...8, using: &random)).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789-_".randomElement(using: &random) ?? "a" })
    }

    private static let pieces = [
        "証明書", "更新", "の手順", "<b>", "</b>", "&", "&amp;", "\"", "'", ">", "<", " ", "\n", "\t", "{{x}}", "}}", "{{",
        "é", "😀", "\r\n", "令和8年2月10日(火)", "a", "Z", "<script>alert(1)</script>", "&#39;",
    ]

    /// A text: empty sometimes, else a few pieces that stress escaping and line handling.
    private func text() -> String {
        if Int.random(in: 0..<10, using: &random) == 0 { return "" }
        return (0..<Int.random(in: 1...6, using: &random)).map { _ in pick(Self.pieces) }.joined()
    }

    private func html() -> String {
        "<h2 id=\"a\">" + text() + "</h2>\n<ol>\n<li>" + text() + "</li>\n</ol>\n"
    }
}

import Foundation
import Rules
import Templating

/// What a guide's page needs to lead a reader to their case (docs/reader-values.md, "The
/// picker"): a question for every fact the guide uses, and each scenario's case (its branch
/// decisions). The page's script evaluates the guide's conditions with the reader's answers,
/// asks only what can still change the case, and opens the scenario page of that case.
enum CasePicker {
    /// One scenario as the picker knows it.
    struct Case {
        var id: String
        var title: String
        var url: String
        /// The facts its scenario gives, written as in a scenario file, sorted by name (the
        /// order the JSON writes its members in).
        var facts: [(name: String, value: String)]
        /// Every condition its text evaluates, in order: its number and whether it held,
        /// written as `[number, 1 or 0]`.
        var decisions: [(condition: Int, holds: Bool)]
        /// The facts whose values its page writes: once the case is decided, the picker asks
        /// for those it has not asked yet (a date, a host name), so the page shows the reader's.
        var values: [String]
    }

    /// The questions, in the order of the rules files, for the template: choices and yes/no as
    /// radio buttons (every answer, each with its `explain:` text), dates, ints and strings as
    /// fields.
    static func questions(facts: [String], rules: RulesLibrary) -> [TemplateValue] {
        facts.enumerated().compactMap { number, name -> TemplateValue? in
            guard let fact = rules.facts[name] else { return nil }
            var question: TemplateObject = [
                .fact: .string(name), .question: .string(fact.question ?? name), .number: .int(number + 1),
                .scenarioID: .string("q-\(name)"), .hasDefault: .bool(fact.defaultExpression != nil),
            ]
            func option(_ value: String, _ label: String, _ index: Int) -> TemplateValue {
                .object([
                    .scenarioID: .string("q-\(name)-\(index + 1)"), .value: .string(value), .label: .string(label),
                    .explanation: .string(fact.explanations[value] ?? ""),
                ])
            }
            switch fact.type {
            case .choice:
                question[.options] = .list(fact.choices.enumerated().map { option($1.key, $1.label, $0) })
                question[.isRadio] = true
            case .bool:
                question[.options] = .list([option("true", "はい", 0), option("false", "いいえ", 1)])
                question[.isRadio] = true
            case .date:
                question[.input] = "date"
            case .int:
                question[.input] = "number"
            case .string:
                question[.input] = "text"
            default:
                return nil
            }
            return .object(question)
        }
    }

    /// The cases as JSON for the picker script, safe inside a `<script>` element (`<` is
    /// written `\u003c`), keys in sorted order. Written straight into bytes: a guide page holds
    /// every case, and a tree of `JSONValue`s made about 18 allocations for each of them
    /// (`JSONEncoder`, with an escaping pass after it, cost 3 ms per guide page of 50 cases).
    static func json(scenarios: [Case]) -> [UInt8] {
        var json = JSONWriter(capacity: 64 + scenarios.count * 256)
        json.openObject()
        json.key("cases")
        json.openArray()
        for scenario in scenarios { scenario.write(to: &json) }
        json.closeArray()
        json.closeObject()
        return json.bytes
    }
}

extension CasePicker.Case {
    /// Writes the case as the picker script reads it; members in sorted order.
    fileprivate func write(to json: inout JSONWriter) {
        json.openObject()
        json.key("decisions")
        json.openArray()
        for decision in decisions {
            json.openArray()
            json.int(decision.condition)
            json.int(decision.holds ? 1 : 0)
            json.closeArray()
        }
        json.closeArray()
        json.key("facts")
        json.openObject()
        for fact in facts {
            json.key(escaping: fact.name)
            json.string(fact.value)
        }
        json.closeObject()
        json.key("id")
        json.string(id)
        json.key("title")
        json.string(title)
        json.key("url")
        json.string(url)
        json.key("values")
        json.openArray()
        for value in values { json.string(value) }
        json.closeArray()
        json.closeObject()
    }
}

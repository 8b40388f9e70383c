import Foundation
import Rules

/// The questions a guide's page asks to lead a reader to their scenario (docs/templates.md, "The picker and the glossary markup"): the facts
/// whose values differ between the guide's scenarios, each answer being a value some scenario
/// has.
struct Picker {
    struct Option {
        var value: String
        var label: String
        /// What choosing it means, when the rules library says (`explain:`).
        var explanation: String?
    }

    struct Question {
        var fact: String
        var text: String
        var options: [Option]
    }

    var questions: [Question] = []
    /// Each scenario's answer to each question, as option values: `answers[scenario][question]`
    /// in scenario and question order, `nil` where the scenario has no value.
    var answers: [[String?]] = []

    init(facts: [String], scenarios: [Environment], rules: RulesLibrary, describe: (Value) -> String) {
        // Each fact's answers are gathered as a column, and only the columns of facts that ask
        // something go into the scenarios' answers, each scenario's read by the question's
        // position (a table by fact name hashed the name for every scenario and question).
        var columns: [[String?]] = []
        for fact in facts {
            guard let declaration = rules.facts[fact] else { continue }
            var keys = [String?](repeating: nil, count: scenarios.count)
            var seen: [String: Value] = [:]
            var order: [String] = []
            for (index, environment) in scenarios.enumerated() {
                guard let value = environment.value(of: fact) else { continue }
                let key = Picker.key(of: value)
                keys[index] = key
                // The value of the last scenario with this key names the option.
                if seen.updateValue(value, forKey: key) == nil { order.append(key) }
            }
            guard order.count > 1 else { continue }
            // Choices in their declared order, bools yes first, dates and numbers ascending.
            switch declaration.type {
            case .choice:
                let keys = declaration.choices.map(\.key)
                order.sort { (keys.firstIndex(of: $0) ?? .max) < (keys.firstIndex(of: $1) ?? .max) }
            case .bool:
                order.sort { $0 == "true" && $1 != "true" }
            case .date, .string:
                order.sort()
            case .int:
                order.sort { (Int($0) ?? 0) < (Int($1) ?? 0) }
            default:
                break
            }
            questions.append(
                Question(
                    fact: fact, text: declaration.question ?? fact,
                    options: order.map { Option(value: $0, label: describe(seen[$0]!), explanation: declaration.explanations[$0]) }))
            columns.append(keys)
        }
        answers = scenarios.indices.map { index in columns.map { $0[index] } }
    }

    /// The value a form sends for `value`: a choice's key, `true`/`false`, an ISO date.
    static func key(of value: Value) -> String {
        switch value {
        case .bool(let flag): flag ? "true" : "false"
        case .choice(_, let key, _): key
        case .date(let date): date.isoString
        case .int(let number): String(number)
        case .string(let text): text
        default: "\(value)"
        }
    }
}

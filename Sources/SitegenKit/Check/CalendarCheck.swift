import Diagnostics
import Rules

/// Business days on a site in Japanese with no holiday calendar. Without `calendar:` only
/// weekends are skipped, so a deadline counted in business days may fall on a national holiday:
/// a date a reader would act on. Run with every build, not only by `sitegen check`, since a
/// writer may never run `check` before publishing.
enum CalendarCheck {
    /// The warning for `checked`, at the first place that counts business days, or `nil`.
    static func run(_ checked: CheckedSite) -> Diagnostic? {
        let configuration = checked.site.configuration
        guard configuration.calendar == nil, configuration.language.lowercased().hasPrefix("ja"),
            let place = firstBusinessDayCount(checked)
        else { return nil }
        return CheckWarning.businessDaysWithoutCalendar(at: place)
    }

    /// The first place a guide's text or a rule it reaches counts business days: a rule or fact
    /// default (by file and line), else an expression written in a guide or partial.
    private static func firstBusinessDayCount(_ checked: CheckedSite) -> SourceRange? {
        let rules = checked.site.rules
        var used: Set<String> = []
        for names in checked.guideNames.values { used.formUnion(rules.reachableNames(from: names)) }
        let definitions = used.compactMap { name -> SourceRange? in
            if let rule = rules.rules[name], rule.expression.usesBusinessDays { return rule.range }
            if let fact = rules.facts[name], fact.defaultExpression?.usesBusinessDays == true { return fact.range }
            return nil
        }
        if let first = definitions.min(by: { ($0.start.file, $0.start.line, $0.start.column) < ($1.start.file, $1.start.line, $1.start.column) }) {
            return first
        }
        return checked.expressions.first(where: \.usesBusinessDays)?.range
    }
}

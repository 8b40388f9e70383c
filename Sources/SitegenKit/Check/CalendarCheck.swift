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
        guard configuration.calendar == nil, LanguageTag.isJapanese(configuration.language) else { return nil }
        var used: Set<String> = []
        for names in checked.guideNames.values { used.formUnion(checked.site.rules.reachableNames(from: names)) }
        return firstBusinessDayCount(checked, reaching: used).map { CheckWarning.businessDaysWithoutCalendar(at: $0) }
    }

    /// The first place the guides count business days: a rule or fact default among `used` (the
    /// names the guides reach), by file and line, else an expression written in a guide or
    /// partial; `nil` when nothing counts them (then a calendar is unused, `check.unused-calendar`).
    static func firstBusinessDayCount(_ checked: CheckedSite, reaching used: Set<String>) -> SourceRange? {
        let rules = checked.site.rules
        let definitions = used.compactMap { name -> SourceRange? in
            if let rule = rules.rules[name], rule.expression.usesBusinessDays { return rule.range }
            if let fact = rules.facts[name], fact.defaultExpression?.usesBusinessDays == true { return fact.range }
            return nil
        }
        return definitions.min { $0.start < $1.start } ?? checked.expressions.first(where: \.usesBusinessDays)?.range
    }
}

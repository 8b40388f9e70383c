import Diagnostics
import MarkdownRendering
import Rules

/// Definitions that no page uses.
enum UnusedDefinitionsCheck {
    /// Warns of facts, rules, partials, glossary terms and a calendar that nothing uses.
    static func run(_ checked: CheckedSite, pages: [String: String], diagnostics: inout [Diagnostic]) {
        let site = checked.site
        let rules = site.rules
        var used: Set<String> = []
        for names in checked.guideNames.values { used.formUnion(rules.reachableNames(from: names)) }
        for name in rules.factNames where !used.contains(name) {
            if let fact = rules.facts[name] {
                diagnostics.append(CheckWarning.unusedFact(name, at: fact.range))
            }
        }
        for name in rules.ruleNames where !used.contains(name) {
            if let rule = rules.rules[name] {
                diagnostics.append(CheckWarning.unusedRule(name, at: rule.range))
            }
        }
        var included: Set<String> = []
        for partials in checked.includedPartials.values { included.formUnion(partials) }
        for name in checked.partialDocuments.keys.sorted() where !included.contains(name) {
            diagnostics.append(CheckWarning.unusedPartial(name))
        }
        if let glossary = site.glossary {
            for term in glossary.terms {
                let marker = "aria-describedby=\"tip-\(MarkdownDocument.escapeHTML(term.id))\""
                if !pages.values.contains(where: { $0.contains(marker) }) {
                    diagnostics.append(CheckWarning.unusedTerm(term.term, at: SourceRange(start: term.location, length: term.term.count)))
                }
            }
        }
        if let calendar = site.configuration.calendar, CalendarCheck.firstBusinessDayCount(checked, reaching: used) == nil {
            diagnostics.append(CheckWarning.unusedCalendar(calendar))
        }
    }
}

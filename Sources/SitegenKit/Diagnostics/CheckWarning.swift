import Diagnostics

/// The warnings only `sitegen check` gives (docs/check.md, "check"): content that no reader
/// sees, definitions nothing uses, scenarios that add nothing, and links that lead nowhere.
enum CheckWarning {
    /// No scenario takes a branch.
    static func branchNeverTaken(_ branch: String, at range: SourceRange) -> Diagnostic {
        .warning("check.branch-never-taken", "no scenario takes this branch (dead content): \(branch)", at: range)
    }

    /// Every scenario takes a branch that has a condition.
    static func branchAlwaysTaken(at range: SourceRange) -> Diagnostic {
        .warning("check.branch-always-taken", "every scenario takes this branch, so its condition decides nothing", at: range)
    }

    /// Scenarios of a guide whose pages have the same body.
    static func identicalPages(_ ids: [String], guide: String, at range: SourceRange) -> Diagnostic {
        .warning(
            "check.identical-pages",
            "scenarios \(ids.map { "'\($0)'" }.joined(separator: ", ")) of guide '\(guide)' give identical pages; one of them is enough, or their content should differ",
            at: range)
    }

    /// Two scenarios of a guide take the same branches.
    static func sameCase(
        _ first: String, _ second: String, guide: String, at range: SourceRange, first firstRange: SourceRange
    ) -> Diagnostic {
        Diagnostic(
            .warning, "check.same-case",
            "scenarios '\(first)' and '\(second)' of guide '\(guide)' are the same case (they take the same branches), so readers could never be led to one of them; give them answers that differ, or keep one",
            at: range,
            notes: [Diagnostic.Note("'\(first)' is here", at: firstRange)])
    }

    /// The exploration of a guide's situations stopped before trying them all.
    static func casesIncomplete(guide: Guide) -> Diagnostic {
        Diagnostic(
            .warning, "check.cases-incomplete",
            "guide '\(guide.slug)' has more situations than check tries (\(CaseExplorer.maximumWalks)); situations no page serves may go unreported",
            at: SourceRange(guide.titleLocation))
    }

    /// A situation readers can be in that no scenario of the guide has.
    static func uncoveredCase(guide: String, example: String, at range: SourceRange, notes: [Diagnostic.Note]) -> Diagnostic {
        Diagnostic(
            .warning, "check.uncovered-case",
            "no scenario of guide '\(guide)' has the case of a reader with \(example); such a reader finds no page (add a scenario with these facts)",
            at: range, notes: notes)
    }

    /// Where an uncovered case decides differently from the nearest scenario.
    static func differenceNote(takes value: Bool, unlike nearest: String?, at range: SourceRange) -> Diagnostic.Note {
        Diagnostic.Note(
            "here the situation takes \(value ? "this branch" : "another branch than this one")"
                + (nearest.map { ", unlike scenario '\($0)'" } ?? ""),
            at: range)
    }

    /// A fact no guide uses.
    static func unusedFact(_ name: String, at range: SourceRange) -> Diagnostic {
        .warning("check.unused-fact", "fact '\(name)' is not used by any guide", at: range)
    }

    /// A rule no guide uses.
    static func unusedRule(_ name: String, at range: SourceRange) -> Diagnostic {
        .warning("check.unused-rule", "rule '\(name)' is not used by any guide", at: range)
    }

    /// A partial no guide includes.
    static func unusedPartial(_ name: String) -> Diagnostic {
        Diagnostic(
            .warning, "check.unused-partial", "partial '\(name)' is not included by any guide", file: "\(SitePaths.partials)/\(name).md")
    }

    /// A glossary term that no page's text holds.
    static func unusedTerm(_ term: String, at range: SourceRange) -> Diagnostic {
        .warning("check.unused-term", "glossary term '\(term)' does not occur in any page", at: range)
    }

    /// A calendar set in site.yml although nothing counts business days.
    static func unusedCalendar(_ name: String) -> Diagnostic {
        Diagnostic(
            .warning, "check.unused-calendar", "calendar '\(name)' is set in site.yml but nothing counts business days",
            file: "\(SitePaths.calendars)/\(name).yml")
    }

    /// Business days counted on a Japanese site that names no holiday calendar: only weekends
    /// are skipped, so a deadline may fall on a national holiday.
    static func businessDaysWithoutCalendar(at range: SourceRange) -> Diagnostic {
        var diagnostic = Diagnostic.warning(
            "check.no-calendar",
            "business days are counted here, but site.yml names no holiday calendar, so only Saturdays and Sundays are skipped, not Japan's national holidays",
            at: range)
        diagnostic.notes.append(.init("add 'calendar: jp' to Content/site.yml for the built-in Japanese holidays, or name a calendar of your own in Content/calendars/"))
        return diagnostic
    }

    /// A link that leads nowhere, found in a source.
    static func deadLink(_ message: String, at range: SourceRange) -> Diagnostic {
        .warning("check.dead-link", message, at: range)
    }

    /// A link that leads nowhere, in a page whose source is only known as a file.
    static func deadLink(_ message: String, page: String, file: String) -> Diagnostic {
        Diagnostic(.warning, "check.dead-link", "\(message) (in \(page))", file: file)
    }

    /// A template reads a variable that no page's context gives: it renders as nothing.
    static func unknownTemplateVariable(_ name: String, suggestion: String?, at range: SourceRange) -> Diagnostic {
        var message = "template variable '\(name)' is given by no page, so it renders as nothing"
        if let suggestion { message += "; did you mean '\(suggestion)'?" } else { message += " (docs/templates.md lists the variables)" }
        return .warning("check.unknown-template-variable", message, at: range)
    }

    /// What a link from a published page to a draft guide's page says.
    static func linkToDraftMessage(_ reference: String, guide: String) -> String {
        "'\(reference)' leads to a page of guide '\(guide)', a draft that build leaves out, so on the published site it leads nowhere; publish the guide (remove 'draft: true') or remove the link"
    }

    /// A link from a published page to a draft's page, found in a source.
    static func linkToDraft(_ message: String, at range: SourceRange) -> Diagnostic {
        .warning("check.link-to-draft", message, at: range)
    }

    /// A link from a published page to a draft's page, whose source is only known as a file.
    static func linkToDraft(_ message: String, page: String, file: String) -> Diagnostic {
        Diagnostic(.warning, "check.link-to-draft", "\(message) (in \(page))", file: file)
    }
}

import Rules

/// The ids of every warning sitegen reports (docs/check.md lists each with its meaning), for
/// `check --allow ID`: an id that is none of them would exempt nothing, so a misspelt one is
/// refused rather than ignored.
public enum WarningIDs {
    /// Every warning id.
    public static let all: Set<String> = [
        "check.branch-never-taken", "check.branch-always-taken", "check.identical-pages", "check.unused-fact", "check.unused-rule",
        "check.unused-partial", "check.unused-term", "check.unused-calendar", "check.no-calendar", "check.dead-link",
        "check.unknown-template-variable", "check.link-to-draft", "check.uncovered-case", "check.same-case",
        "check.cases-incomplete", "scenario.fact-not-applicable", "stamp.not-live", "site.unknown-key", "site.link-loop",
        "guide.unknown-key", "rules.deprecated", "glossary.unknown-key", "search.pagefind-missing", "search.index-failed",
    ]

    /// Why `id` cannot be given to `--allow`, with the nearest warning id, or `nil` when it can.
    public static func problem(allowing id: String) -> String? {
        guard !all.contains(id) else { return nil }
        let suggestion = Suggestion.closest(to: id, among: all).map { "; did you mean '\($0)'?" } ?? " (docs/check.md lists them)"
        return "'\(id)' is not the id of a warning\(suggestion)"
    }
}

import Diagnostics

/// The problems met evaluating and rendering a page: its directives for one scenario, its steps,
/// and its templates.
enum RenderProblem {
    /// A value could not be stamped in its format.
    static func stamp(_ error: any Error, at range: SourceRange) -> Diagnostic {
        .error("directive.stamp", "\(error)", at: range)
    }

    /// A step or step reference outside a guide's text (a title).
    static func stepPlace(reference: Bool, at range: SourceRange) -> Diagnostic {
        .error("directive.step-place", "a step \(reference ? "reference " : "")can only stand in a guide's text", at: range)
    }

    /// An include whose name would leave `Content/partials/`.
    static func includeOutside(_ problem: String, at range: SourceRange) -> Diagnostic {
        .error("include.outside", problem, at: range)
    }

    /// An include of a partial that does not exist.
    static func includeMissing(_ name: String, at range: SourceRange) -> Diagnostic {
        .error("include.missing", "partial '\(name)' does not exist (no Content/partials/\(name).md)", at: range)
    }

    /// A step inside code.
    static func stepInCode(_ label: String, at range: SourceRange) -> Diagnostic {
        .error(
            "step.in-code",
            "step '\(label)' stands inside code, where it would name no step; move it out of the code, to the start of the item's text",
            at: range)
    }

    /// A step outside any ordered-list item.
    static func stepOutsideList(_ label: String, at range: SourceRange) -> Diagnostic {
        .error("step.outside-list", "step '\(label)' must stand inside an ordered-list item", at: range)
    }

    /// Two steps of one page with the same label.
    static func stepDuplicate(_ label: String, page: String, at range: SourceRange) -> Diagnostic {
        .error("step.duplicate", "step '\(label)' is named twice in \(page)", at: range)
    }

    /// A step reference whose step is not on the page.
    static func stepMissing(_ label: String, page: String, at range: SourceRange) -> Diagnostic {
        .error("step.missing-ref", "step '\(label)' is not in \(page) (its branch is not taken, or no step has that name)", at: range)
    }

    /// A step reference whose step is not on the pages of `scenarios` of guide `guide` (in the
    /// guide's order), which has `total` scenarios: one error for all of them, naming up to five.
    static func stepMissing(_ label: String, scenarios: [String], total: Int, guide: String, at range: SourceRange) -> Diagnostic {
        guard scenarios.count > 1 else {
            return stepMissing(label, page: "scenario '\(scenarios.first ?? "")' of guide '\(guide)'", at: range)
        }
        let shown = scenarios.count > 5 ? scenarios.prefix(5).joined(separator: ", ") + ", …" : scenarios.joined(separator: ", ")
        let scope = scenarios.count == total ? "any of the \(total) scenarios" : "\(scenarios.count) scenarios"
        return .error(
            "step.missing-ref",
            "step '\(label)' is not in \(scope) of guide '\(guide)': \(shown) (its branch is not taken, or no step has that name)",
            at: range)
    }

    /// A value that depends on the reader's facts, where the page cannot write the reader's own.
    static func notLive(at range: SourceRange) -> Diagnostic {
        .warning(
            "stamp.not-live",
            "this value depends on the reader's facts, but in a link's address or title, an image's description or raw HTML the page cannot write the reader's own value, so readers would see the example's; move it into the text",
            at: range)
    }

    /// A template that does not parse, or uses Mustache that is not supported, at the tag.
    static func templateSyntax(_ description: String, at range: SourceRange) -> Diagnostic {
        .error("template.syntax", "template error: \(description)", at: range)
    }

    /// A template every site needs is missing.
    static func templateMissing(_ path: String) -> Diagnostic {
        Diagnostic(.error, "template.missing", "missing template \(path)", file: path)
    }

    /// A partial or parent tag that names a template that does not exist.
    static func templateMissing(_ description: String, folder: String, at range: SourceRange) -> Diagnostic {
        .error("template.missing-partial", "\(description) in \(folder)/", at: range)
    }

    /// Templates that include or inherit from each other without end, or nest too deep while
    /// a page renders.
    static func templateRecursion(_ description: String, at range: SourceRange) -> Diagnostic {
        .error("template.recursion", "template error: \(description)", at: range)
    }
}

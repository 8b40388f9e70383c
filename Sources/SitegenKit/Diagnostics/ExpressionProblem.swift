import Diagnostics
import Rules

/// The problems of the expressions that directives hold, beyond the rules language's own: what
/// a stamp or a condition needs of its type, and where a fact that applies only sometimes may be
/// read.
enum ExpressionProblem {
    /// A bool stamped as text.
    static func stampBool(at range: SourceRange) -> Diagnostic {
        .error("directive.stamp-bool", "a bool cannot be stamped; use {% if %} to choose text", at: range)
    }

    /// A date format given for a value that is not a date.
    static func formatType(_ type: ValueType, at range: SourceRange) -> Diagnostic {
        .error("directive.format-type", "a date format was given for a value of type \(type)", at: range)
    }

    /// A date pattern that cannot format.
    static func dateFormat(_ problem: String, at range: SourceRange) -> Diagnostic {
        .error("directive.date-format", problem, at: range)
    }

    /// A named date format site.yml does not have.
    static func unknownFormat(_ name: String, formats: [String], at range: SourceRange) -> Diagnostic {
        .error(
            "directive.unknown-format", "'\(name)' is not a date format of site.yml (formats: \(formats.joined(separator: ", ")))",
            at: range)
    }

    /// A condition that is not a bool.
    static func conditionType(_ type: ValueType, at range: SourceRange) -> Diagnostic {
        .error("directive.condition-type", "a condition must be a bool, but this is \(type)", at: range)
    }

    /// A fact read where it may not apply.
    static func notApplicable(_ fact: String, condition: String?, at range: SourceRange, conditionRange: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "rules.not-applicable",
            "fact '\(fact)' applies only when \(condition ?? "its applies_when holds"), but this may be evaluated where it does not; put it inside {% if \(condition ?? "…") %}, or write `\(condition ?? "…") and …`",
            at: range,
            notes: [Diagnostic.Note("'\(fact)' applies when this holds", at: conditionRange)])
    }
}

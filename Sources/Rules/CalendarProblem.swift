import Diagnostics

/// Every problem of holiday calendar files and of business-day arithmetic: one factory per
/// kind, so that each `calendar.*` id and its wording are written once (docs/check.md lists
/// them).
enum CalendarProblem {
    /// A calendar file whose root is not a mapping.
    static func fileNotMapping(at location: SourceLocation) -> Diagnostic {
        .error("calendar.syntax", "a calendar file must be a mapping with 'holidays:'", at: location)
    }

    /// A calendar that has neither holidays nor a calendar it extends.
    static func noHolidays(_ name: String, file: String) -> Diagnostic {
        Diagnostic(.error, "calendar.syntax", "calendar '\(name)' has no 'holidays:' mapping (or 'extends: jp')", file: file)
    }

    /// `holidays:` that is not a mapping.
    static func holidaysNotMapping(kind: String, at location: SourceLocation) -> Diagnostic {
        .error("calendar.syntax", "'holidays' must be a mapping of dates to names, not \(kind)", at: location)
    }

    /// `extends:` naming no built-in calendar.
    static func unknownBase(_ name: String, builtIn: [String], at range: SourceRange) -> Diagnostic {
        .error("calendar.extends", "'\(name)' is no built-in calendar (built in: \(builtIn.joined(separator: ", ")))", at: range)
    }

    /// A key other than `extends` and `holidays`.
    static func unknownKey(_ key: String, at range: SourceRange) -> Diagnostic {
        .error("calendar.unknown-key", "unknown key '\(key)' in a calendar file (expected: extends, holidays)", at: range)
    }

    /// A holiday that is not a date.
    static func invalidDate(_ text: String, at range: SourceRange) -> Diagnostic {
        .error("calendar.invalid-date", CivilDate.problem(iso: text) ?? "'\(text)' is not a date", at: range)
    }

    /// A holiday of a calendar that extends a built-in one, in a year the built-in does not cover.
    static func outsideBase(_ date: CivilDate, base: String, years: ClosedRange<Int>, at range: SourceRange) -> Diagnostic {
        .error(
            "calendar.outside-base",
            "\(date.isoString) is outside the years the built-in calendar '\(base)' covers (\(years.lowerBound)–\(years.upperBound)); business days cannot be counted in that year, so list closures within those years only",
            at: range)
    }

    /// Business-day arithmetic that leaves the years the calendar covers.
    static func outOfRange(_ error: CalendarError, calendarName: String, at range: SourceRange) -> EvaluationError {
        EvaluationError(.error("calendar.out-of-range", error.message(calendarName: calendarName), at: range))
    }
}

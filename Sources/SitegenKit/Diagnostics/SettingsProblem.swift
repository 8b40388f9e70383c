import Diagnostics

/// The problems of the files that hold settings rather than content: `site.yml`, a guide's front
/// matter and the glossary. Each names its id once; the messages say which setting is wrong.
enum SettingsProblem {
    /// `site.invalid`.
    static func siteInvalid(_ message: String, at range: SourceRange?) -> Diagnostic {
        .error("site.invalid", message, at: range)
    }

    /// `site.invalid`, at a place.
    static func siteInvalid(_ message: String, at location: SourceLocation) -> Diagnostic {
        siteInvalid(message, at: SourceRange(location))
    }

    /// `site.base-url`.
    static func baseURL(_ message: String, at range: SourceRange?) -> Diagnostic {
        .error("site.base-url", message, at: range)
    }

    /// `site.base-url`, at a place.
    static func baseURL(_ message: String, at location: SourceLocation) -> Diagnostic {
        baseURL(message, at: SourceRange(location))
    }

    /// `site.time-zone`.
    static func timeZone(_ message: String, at range: SourceRange?) -> Diagnostic {
        .error("site.time-zone", message, at: range)
    }

    /// `site.time-zone`, at a place.
    static func timeZone(_ message: String, at location: SourceLocation) -> Diagnostic {
        timeZone(message, at: SourceRange(location))
    }

    /// `site.date-format`.
    static func dateFormat(_ message: String, at range: SourceRange?) -> Diagnostic {
        .error("site.date-format", message, at: range)
    }

    /// `site.date-format`, at a place.
    static func dateFormat(_ message: String, at location: SourceLocation) -> Diagnostic {
        dateFormat(message, at: SourceRange(location))
    }

    /// `site.unknown-key`.
    static func siteUnknownKey(_ message: String, at range: SourceRange?) -> Diagnostic {
        .warning("site.unknown-key", message, at: range)
    }

    /// `site.unknown-key`, at a place.
    static func siteUnknownKey(_ message: String, at location: SourceLocation) -> Diagnostic {
        siteUnknownKey(message, at: SourceRange(location))
    }

    /// `guide.front-matter`.
    static func frontMatter(_ message: String, at range: SourceRange?) -> Diagnostic {
        .error("guide.front-matter", message, at: range)
    }

    /// `guide.front-matter`, at a place.
    static func frontMatter(_ message: String, at location: SourceLocation) -> Diagnostic {
        frontMatter(message, at: SourceRange(location))
    }

    /// `guide.unknown-key`.
    static func guideUnknownKey(_ message: String, at range: SourceRange?) -> Diagnostic {
        .warning("guide.unknown-key", message, at: range)
    }

    /// `guide.unknown-key`, at a place.
    static func guideUnknownKey(_ message: String, at location: SourceLocation) -> Diagnostic {
        guideUnknownKey(message, at: SourceRange(location))
    }

    /// `glossary.invalid`.
    static func glossaryInvalid(_ message: String, at range: SourceRange?) -> Diagnostic {
        .error("glossary.invalid", message, at: range)
    }

    /// `glossary.invalid`, at a place.
    static func glossaryInvalid(_ message: String, at location: SourceLocation) -> Diagnostic {
        glossaryInvalid(message, at: SourceRange(location))
    }

    /// `glossary.unknown-key`.
    static func glossaryUnknownKey(_ message: String, at range: SourceRange?) -> Diagnostic {
        .warning("glossary.unknown-key", message, at: range)
    }

    /// `glossary.unknown-key`, at a place.
    static func glossaryUnknownKey(_ message: String, at location: SourceLocation) -> Diagnostic {
        glossaryUnknownKey(message, at: SourceRange(location))
    }

    /// `glossary.definition`.
    static func noDefinition(_ message: String, at range: SourceRange?) -> Diagnostic {
        .error("glossary.definition", message, at: range)
    }

    /// `glossary.definition`, at a place.
    static func noDefinition(_ message: String, at location: SourceLocation) -> Diagnostic {
        noDefinition(message, at: SourceRange(location))
    }

    /// A glossary spelling defined twice.
    static func duplicateTerm(_ spelling: String, at range: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "glossary.duplicate", "'\(spelling)' is defined twice in the glossary", at: range,
            notes: [.init("first defined here", at: first)])
    }

    /// `SOURCE_DATE_EPOCH` is set to something that is not a number of seconds.
    static func sourceDateEpoch(_ value: String) -> Diagnostic {
        Diagnostic(
            .error, "build.source-date-epoch",
            "SOURCE_DATE_EPOCH is '\(value)', which is not a number of seconds since 1970-01-01 (like 1767225600); fix or unset it, or pass --as-of",
            file: nil)
    }
}

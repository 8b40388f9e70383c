import Diagnostics

/// Every problem of scenario files and of the facts scenarios give: one factory per kind, so
/// that each `scenario.*` id and its wording are written once (docs/check.md lists them).
enum ScenarioProblem {
    // MARK: Scenario files

    /// A scenario file whose root is not a mapping.
    static func fileNotMapping(at location: SourceLocation) -> Diagnostic {
        .error("scenario.syntax", "a scenario file must be a mapping with 'guide:' and 'scenarios:'", at: location)
    }

    /// `guide:` or `guides:` (the `key`) that names no guide.
    static func guideNotNamed(_ key: String, at location: SourceLocation) -> Diagnostic {
        .error("scenario.syntax", "'\(key)' must name a guide or a list of guides", at: location)
    }

    /// `scenarios:` that is not a list.
    static func scenariosNotList(kind: String, at location: SourceLocation) -> Diagnostic {
        .error("scenario.syntax", "'scenarios' must be a list, not \(kind)", at: location)
    }

    /// A top-level key other than `guide`, `guides` and `scenarios`.
    static func unknownFileKey(_ key: String, at range: SourceRange) -> Diagnostic {
        .error("scenario.unknown-key", "unknown key '\(key)' in a scenario file (expected: guide, guides, scenarios)", at: range)
    }

    /// A scenario file that names no guide.
    static func missingGuide(file: String) -> Diagnostic {
        Diagnostic(.error, "scenario.missing-guide", "a scenario file needs 'guide:' or 'guides:'", file: file)
    }

    // MARK: Scenarios

    /// A scenario that is not a mapping.
    static func scenarioNotMapping(at location: SourceLocation) -> Diagnostic {
        .error("scenario.syntax", "a scenario must be a mapping with 'id:', 'title:' and 'facts:'", at: location)
    }

    /// `facts:` that is not a mapping.
    static func factsNotMapping(at location: SourceLocation) -> Diagnostic {
        .error("scenario.syntax", "'facts' must be a mapping of fact names to values", at: location)
    }

    /// A key of a scenario other than `id`, `title` and `facts`.
    static func unknownKey(_ key: String, at range: SourceRange) -> Diagnostic {
        .error("scenario.unknown-key", "unknown key '\(key)' in a scenario (expected: id, title, facts)", at: range)
    }

    /// A scenario without `id:`.
    static func missingID(at location: SourceLocation) -> Diagnostic {
        .error("scenario.missing-id", "a scenario needs an 'id:'", at: location)
    }

    /// An id that is not a URL name.
    static func invalidID(_ id: String, at range: SourceRange) -> Diagnostic {
        .error("scenario.invalid-id", "scenario id '\(id)' may contain only lowercase letters, digits and '-'", at: range)
    }

    /// An id longer than a folder name may be.
    static func idTooLong(_ id: String, at range: SourceRange) -> Diagnostic {
        .error(
            "scenario.invalid-id",
            "scenario id is \(id.utf8.count) characters long; an id names a folder and may have at most \(ScenarioDeclaration.maximumIDLength)",
            at: range)
    }

    /// A title given as a list or a mapping.
    static func titleNotText(found: String, at location: SourceLocation) -> Diagnostic {
        .error("scenario.syntax", "expected text for the title, found \(found)", at: location)
    }

    /// An id a guide's scenarios already use.
    static func duplicateID(_ id: String, guide: String, at range: SourceRange, firstUsedAt first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "scenario.duplicate-id", "scenario id '\(id)' is used twice for guide '\(guide)'", at: range,
            notes: [Diagnostic.Note("'\(id)' is first used here", at: first)])
    }

    // MARK: The facts a scenario gives

    /// A fact no rules file declares, with a likely spelling.
    static func unknownFact(_ fact: String, scenario: String, suggestion: String?, at range: SourceRange) -> Diagnostic {
        var message = "scenario '\(scenario)' gives unknown fact '\(fact)'"
        if let suggestion { message += "; did you mean '\(suggestion)'?" }
        return .error("scenario.unknown-fact", message, at: range)
    }

    /// A value that does not fit the fact's type; `problem` says how, after the fact's name
    /// (`a list, but it needs date`, `'x', which is not an int`).
    static func wrongType(_ fact: String, scenario: String, problem: String, at range: SourceRange) -> Diagnostic {
        .error("scenario.wrong-type", "scenario '\(scenario)' gives fact '\(fact)' \(problem)", at: range)
    }

    /// A choice fact's value that is none of its keys; `hint` lists them or suggests one.
    static func unknownChoice(_ value: String, fact: String, scenario: String, hint: String, at range: SourceRange) -> Diagnostic {
        .error(
            "scenario.unknown-choice",
            "scenario '\(scenario)' gives fact '\(fact)' '\(value)', which is not a choice of \(fact) " + hint,
            at: range)
    }

    /// A fact without a default that a guide needs and the scenario does not give; `needs`
    /// says who needs it (`which guide 'g' needs`), and notes may say where.
    static func missingFact(_ fact: String, scenario: String, needs: String, at range: SourceRange?, notes: [Diagnostic.Note] = [])
        -> Diagnostic
    {
        Diagnostic(
            .error, "scenario.missing-fact", "scenario '\(scenario)' does not give fact '\(fact)', \(needs)", at: range, notes: notes)
    }

    /// A fact without a default that guide `guide` needs and the scenario does not give;
    /// `chain` is how the guide reaches it (``RulesLibrary/dependencyChain(from:to:)``): the name
    /// the guide uses first, the fact last. A fact the guide uses itself has a chain of one.
    /// `appliesWhen` is the fact's condition, for a fact that applies only sometimes and that
    /// applies to the scenario.
    static func missingFact(
        _ fact: String, scenario: String, guide: String, chain: [String], firstIsRule: Bool, firstDefinedAt first: SourceRange?,
        appliesWhen: SourceRange? = nil, at range: SourceRange
    ) -> Diagnostic {
        var needs = "which guide '\(guide)' needs"
        var notes: [Diagnostic.Note] = []
        if chain.count > 1, let user = chain.first {
            needs += " for \(firstIsRule ? "rule" : "the default of fact") '\(user)'"
            let via = chain.dropFirst().dropLast()
            if !via.isEmpty { needs += " (via \(via.map { "'\($0)'" }.joined(separator: ", ")))" }
            if let first { notes.append(Diagnostic.Note("'\(user)', which the guide uses, is defined here", at: first)) }
        }
        if let appliesWhen {
            needs += " and which applies to it"
            notes.append(Diagnostic.Note("'\(fact)' applies when this holds", at: appliesWhen))
        }
        return missingFact(fact, scenario: scenario, needs: needs, at: range, notes: notes)
    }

    /// A fact without a default read while evaluating a scenario that does not give it.
    static func missingFactValue(_ fact: String, scenario: String, at range: SourceRange) -> EvaluationError {
        EvaluationError(missingFact(fact, scenario: scenario, needs: "which has no default", at: range))
    }

    /// A fact's `applies_when:` that cannot be evaluated for the scenario.
    static func appliesWhen(_ fact: String, scenario: String, error: EvaluationError, at range: SourceRange, condition: SourceRange)
        -> Diagnostic
    {
        Diagnostic(
            .error, "scenario.applies-when",
            "cannot tell whether fact '\(fact)' applies to scenario '\(scenario)': \(error.diagnostic.message)",
            at: range, notes: [Diagnostic.Note("applies_when of '\(fact)'", at: condition)])
    }

    /// A fact the scenario gives where its `applies_when:` is false.
    static func factNotApplicable(_ fact: String, scenario: String, at range: SourceRange, condition: SourceRange) -> Diagnostic {
        Diagnostic(
            .warning, "scenario.fact-not-applicable",
            "scenario '\(scenario)' gives fact '\(fact)', which does not apply to it; leave it out (readers in its case are never asked it)",
            at: range, notes: [Diagnostic.Note("'\(fact)' applies only when this holds", at: condition)])
    }
}

extension EvaluationError {
    /// Whether the error is a fact the scenario does not give, which has no default.
    public var isMissingFact: Bool { diagnostic.id == "scenario.missing-fact" }
}

extension Diagnostic {
    /// The fact a `scenario.missing-fact` diagnostic (made by ``ScenarioProblem``, whose wording
    /// this reads) is about, for a caller that adds where the guide uses it; `nil` for any other.
    public var missingFactName: String? {
        guard id == "scenario.missing-fact", let start = message.range(of: "does not give fact '")?.upperBound,
            let end = message[start...].firstIndex(of: "'")
        else { return nil }
        return String(message[start..<end])
    }
}

import Diagnostics

/// Every problem of the rules library, its expressions and their evaluation: one factory per
/// kind, so that each `rules.*` id and its wording are written once (docs/check.md lists them).
/// Scenarios (``ScenarioProblem``), holiday calendars (``CalendarProblem``) and YAML itself
/// (``YAMLProblem``) have their own.
enum RulesProblem {
    // MARK: Rules files

    /// A rules file whose root is not a mapping.
    static func fileNotMapping(at location: SourceLocation) -> Diagnostic {
        .error("rules.syntax", "a rules file must be a mapping with 'facts:' and 'rules:'", at: location)
    }

    /// A list or a mapping where a text belongs (`what`: "the question of fact 'expiry'").
    static func notText(_ what: String, found: String, at location: SourceLocation) -> Diagnostic {
        .error("rules.syntax", "expected text for \(what), found \(found)", at: location)
    }

    /// `facts:`, `rules:` or `deadlines:` that is not a mapping.
    static func sectionNotMapping(_ section: String, kind: String, at location: SourceLocation) -> Diagnostic {
        .error("rules.syntax", "'\(section)' must be a mapping of names, not \(kind)", at: location)
    }

    /// A top-level key other than `facts`, `rules` and `deadlines`.
    static func unknownFileKey(_ key: String, at range: SourceRange) -> Diagnostic {
        .error("rules.unknown-key", "unknown key '\(key)' in a rules file (expected: facts, rules, deadlines)", at: range)
    }

    /// A name that is not an identifier.
    static func invalidName(_ name: String, at range: SourceRange) -> Diagnostic {
        .error("rules.invalid-name", "'\(name)' is not a valid name (use letters, digits and '_', not starting with a digit)", at: range)
    }

    /// A name that is a reserved word or a built-in name.
    static func reservedName(_ name: String, at range: SourceRange) -> Diagnostic {
        .error("rules.reserved-name", "'\(name)' is a reserved word and cannot name a fact or rule", at: range)
    }

    /// A fact or rule name defined a second time, at `range`.
    static func duplicateName(_ name: String, at range: SourceRange, firstDefinedAt first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "rules.duplicate", "'\(name)' is defined twice", at: range,
            notes: [Diagnostic.Note("'\(name)' is first defined here", at: first)])
    }

    /// A rule, default or `applies_when:` whose value is no scalar to parse.
    static func missingExpression(_ what: String, found: String, at location: SourceLocation) -> Diagnostic {
        .error("rules.syntax", "\(what) needs an expression, but found \(found)", at: location)
    }

    // MARK: Fact declarations

    /// A fact that is not a mapping.
    static func factNotMapping(_ name: String, at location: SourceLocation) -> Diagnostic {
        .error("rules.syntax", "fact '\(name)' must be a mapping with 'type:' and 'question:'", at: location)
    }

    /// A key of a fact declaration sitegen does not know.
    static func unknownFactKey(_ key: String, fact: String, at range: SourceRange) -> Diagnostic {
        .error(
            "rules.unknown-key",
            "unknown key '\(key)' in fact '\(fact)' (expected: type, question, choices, default, explain, applies_when)",
            at: range)
    }

    /// A fact without `type:`.
    static func missingType(_ fact: String, at range: SourceRange) -> Diagnostic {
        .error("rules.missing-type", "fact '\(fact)' has no 'type:'", at: range)
    }

    /// A `type:` that names no type.
    static func unknownType(_ type: String, fact: String, at range: SourceRange) -> Diagnostic {
        .error("rules.unknown-type", "unknown type '\(type)' for fact '\(fact)' (types: bool, int, string, date, choice)", at: range)
    }

    /// A choice fact without choices.
    static func choicesAsList(_ fact: String, keys: [String], at range: SourceRange) -> Diagnostic {
        let example = keys.isEmpty ? "{key: label}" : "{" + keys.prefix(3).map { "\($0): …" }.joined(separator: ", ") + "}"
        return .error(
            "rules.missing-choices",
            "the choices of fact '\(fact)' are a list; write them as a mapping of each key to the label readers see: choices: \(example)",
            at: range)
    }

    static func missingChoices(_ fact: String, at range: SourceRange) -> Diagnostic {
        .error("rules.missing-choices", "choice fact '\(fact)' needs 'choices:', a mapping of keys to labels", at: range)
    }

    /// `choices:` on a fact of another type.
    static func unexpectedChoices(_ fact: String, type: ValueType, at location: SourceLocation) -> Diagnostic {
        .error("rules.unexpected-choices", "fact '\(fact)' is \(type), so it cannot have choices", at: location)
    }

    /// A choice's `label:` or `name:` that is not text.
    static func choiceFieldNotText(_ field: String, choice: String, fact: String, at location: SourceLocation) -> Diagnostic {
        .error("rules.syntax", "'\(field)' of choice '\(choice)' of fact '\(fact)' must be text", at: location)
    }

    /// A key of a choice written as a mapping other than `label` and `name`.
    static func unknownChoiceKey(_ key: String, choice: String, fact: String, at range: SourceRange) -> Diagnostic {
        .error("rules.unknown-key", "unknown key '\(key)' in choice '\(choice)' of fact '\(fact)' (expected: label, name)", at: range)
    }

    /// A choice written as a mapping without `label:`.
    static func choiceWithoutLabel(_ choice: String, fact: String, at range: SourceRange) -> Diagnostic {
        .error("rules.syntax", "choice '\(choice)' of fact '\(fact)' needs 'label:', the words readers see", at: range)
    }

    /// `explain:` naming an answer the fact does not have.
    static func unknownAnswer(_ answer: String, fact: String, answers: [String], at range: SourceRange) -> Diagnostic {
        .error(
            "rules.unknown-answer", "'\(answer)' is not an answer of fact '\(fact)' (answers: \(answers.joined(separator: ", ")))",
            at: range)
    }

    /// `explain:` on a fact that has no answers to explain (`answersExplainable` false), or
    /// that is not a mapping.
    static func explain(fact: String, answersExplainable: Bool, at location: SourceLocation) -> Diagnostic {
        .error(
            "rules.explain",
            answersExplainable
                ? "'explain:' maps each answer of fact '\(fact)' to what it means"
                : "only choice and bool facts can explain their answers",
            at: location)
    }

    /// `applies_when:` that is not a bool.
    static func appliesWhenType(_ fact: String, type: ValueType, at range: SourceRange) -> Diagnostic {
        .error("rules.type-mismatch", "applies_when of fact '\(fact)' must be a bool, but this is \(type)", at: range)
    }

    /// `applies_when:` that depends on the fact itself.
    static func appliesWhenCycle(_ fact: String, at range: SourceRange) -> Diagnostic {
        .error("rules.cycle", "fact '\(fact)' cannot apply depending on itself", at: range)
    }

    /// A default whose type is not the fact's.
    static func defaultType(_ fact: String, type: ValueType, factType: ValueType, at range: SourceRange) -> Diagnostic {
        .error("rules.type-mismatch", "the default of fact '\(fact)' is \(type), but the fact is \(factType)", at: range)
    }

    // MARK: Deadlines

    /// A deadline without a label; `rule` is the name it lists.
    static func deadlineWithoutLabel(_ rule: String, at location: SourceLocation) -> Diagnostic {
        .error("rules.deadline", "deadline '\(rule)' needs a label, the words readers see (解約申込の期限)", at: location)
    }

    /// A deadline that names no rule: a fact (`isFact`), a likely typo of `suggestion`, or nothing.
    static func deadlineNamesNoRule(_ rule: String, isFact: Bool, suggestion: String?, at range: SourceRange) -> Diagnostic {
        var message = "deadline '\(rule)' names no rule"
        if isFact {
            message += "; it is a fact, and a deadline must be a rule (add a rule such as 'my_deadline: \(rule)')"
        } else if let suggestion {
            message += "; did you mean '\(suggestion)'?"
        }
        return .error("rules.deadline", message, at: range)
    }

    /// A deadline whose rule is not a date.
    static func deadlineNotDate(_ rule: String, type: ValueType, at range: SourceRange) -> Diagnostic {
        .error("rules.deadline", "deadline '\(rule)' must be a date rule, but it is \(type)", at: range)
    }

    /// A rule listed as a deadline twice.
    static func deadlineTwice(_ rule: String, at range: SourceRange) -> Diagnostic {
        .error("rules.deadline", "'\(rule)' is listed as a deadline twice", at: range)
    }

    // MARK: Expressions

    /// A syntax error of an expression; the parser and lexer word it.
    static func syntax(_ message: String, at range: SourceRange) -> Diagnostic {
        .error("rules.syntax", message, at: range)
    }

    /// A date literal that is no day of the calendar.
    static func invalidDate(_ text: String, at range: SourceRange) -> Diagnostic {
        .error("rules.invalid-date", CivilDate.problem(iso: text) ?? "'\(text)' is not a valid date", at: range)
    }

    /// An expression nested deeper than the parser follows.
    static func tooDeep(limit: Int, at range: SourceRange) -> Diagnostic {
        .error("rules.too-deep", "expression is nested more than \(limit) levels deep", at: range)
    }

    /// An old function name, still understood.
    static func deprecated(_ name: String, replacement: String, at range: SourceRange) -> Diagnostic {
        .warning(
            "rules.deprecated",
            "'\(name)' is deprecated: it gives the day itself when that is a business day; write '\(replacement)', which says so",
            at: range)
    }

    /// Types that do not fit; the type checker words what it expected.
    static func typeMismatch(_ message: String, at range: SourceRange) -> Diagnostic {
        .error("rules.type-mismatch", message, at: range)
    }

    /// A name that is no fact, rule or `today`, with the type checker's hint (`; did you mean …`),
    /// if any.
    static func unknownName(_ name: String, hint: String = "", at range: SourceRange) -> Diagnostic {
        .error("rules.unknown-name", "unknown name '\(name)'" + hint, at: range)
    }

    /// A string compared with a choice fact that has no such key; `hint` lists the keys or
    /// suggests one.
    static func unknownChoice(_ key: String, fact: String, hint: String, at range: SourceRange) -> Diagnostic {
        .error("rules.unknown-choice", "'\(key)' is not a choice of \(fact) " + hint, at: range)
    }

    /// Rules or fact defaults that depend on themselves, reported once with the chain.
    static func cycle(kind: String, name: String, chain: [String], at range: SourceRange?) -> Diagnostic {
        .error("rules.cycle", "\(kind) '\(name)' depends on itself: \(chain.joined(separator: " → "))", at: range)
    }

    // MARK: Evaluation

    /// A rule or fact default on a cycle, met while evaluating.
    static func evaluationCycle(_ name: String, at range: SourceRange) -> EvaluationError {
        EvaluationError(.error("rules.cycle", "'\(name)' depends on itself", at: range))
    }

    /// A name the environment does not know.
    static func unknownNameValue(_ name: String, at range: SourceRange) -> EvaluationError {
        EvaluationError(unknownName(name, at: range))
    }

    /// A rule whose errors were reported, so it has no value.
    static func invalidRule(_ name: String, at range: SourceRange) -> EvaluationError {
        EvaluationError(.error("rules.invalid-rule", "rule '\(name)' has errors and has no value", at: range))
    }

    /// A value of the wrong type met while evaluating (only an expression that did not
    /// type-check can meet one).
    static func valueMismatch(_ message: String, at range: SourceRange) -> EvaluationError {
        EvaluationError(typeMismatch(message, at: range))
    }

    /// Int arithmetic that overflows.
    static func overflow(at range: SourceRange) -> EvaluationError {
        EvaluationError(.error("rules.overflow", "the result is too large for an int", at: range))
    }

    /// A duration too long to add to any date.
    static func durationTooLong(_ duration: CalendarDuration, at range: SourceRange) -> EvaluationError {
        EvaluationError(.error("rules.date-out-of-range", "\(duration) is too long for date arithmetic", at: range))
    }

    /// Date arithmetic that leaves the years 1–9999.
    static func dateOutOfRange(at range: SourceRange) -> EvaluationError {
        EvaluationError(.error("rules.date-out-of-range", "the result is outside the years 1–9999", at: range))
    }
}

import Diagnostics

/// Everything that can be wrong with directives, with the one `switch` that words each message
/// and names its stable identifier (docs/check.md lists them).
enum DirectiveProblem: Sendable, Hashable {
    /// `{{`, `{%` or `{#` without its closing delimiter.
    case unterminated(opener: String)
    /// `{% %}` with no tag name.
    case missingTagName
    /// A tag name this module does not know.
    case unknownTag(String)
    /// `if` or `elif` without an expression.
    case missingCondition(tag: String)
    /// `include`, `step` or `ref` without exactly one double-quoted string.
    case needsString(tag: String, what: String)
    /// `else`, `endif`, `raw` or `endraw` with something after the name.
    case unexpectedArgument(tag: String)
    /// `{{ }}` with nothing to stamp.
    case missingExpression
    /// `|` followed by nothing.
    case missingFilter
    /// A filter other than `date`.
    case unknownFilter(String)
    /// `date` without a usable format.
    case invalidDateFormat
    /// `elif`, `else`, `endif` outside any `if`, or `endraw` outside `raw`.
    case stray(tag: String, opener: String)
    /// `elif` or a second `else` after `else`.
    case afterElse(tag: String)
    /// An `if` without its `endif`.
    case unclosedIf
    /// A `raw` without its `endraw`.
    case unclosedRaw
    /// Conditionals nested deeper than the parser keeps.
    case nestingTooDeep(limit: Int)
    /// An include that leads back to a document already being expanded.
    case includeCycle([String])
    /// Includes nested deeper than the expander follows.
    case includeTooDeep(limit: Int)
    /// Includes that make a page's text larger than the expander writes.
    case expansionTooLarge(bytes: Int, chain: [String])
    /// More includes in one page than the expander follows.
    case tooManyIncludes(limit: Int, chain: [String])

    /// The stable identifier of the diagnostic.
    var id: String {
        switch self {
        case .unterminated: "directive.unterminated"
        case .missingTagName, .missingCondition, .needsString, .unexpectedArgument,
            .missingExpression, .missingFilter, .invalidDateFormat:
            "directive.syntax"
        case .unknownTag: "directive.unknown"
        case .unknownFilter: "directive.filter"
        case .stray: "directive.stray"
        case .afterElse: "directive.order"
        case .unclosedIf, .unclosedRaw: "directive.unclosed"
        case .nestingTooDeep: "directive.nesting"
        case .includeCycle: "include.cycle"
        case .includeTooDeep: "include.depth"
        case .expansionTooLarge, .tooManyIncludes: "include.too-large"
        }
    }

    /// The tag other template languages spell `name` with, as "; did you mean …?".
    private static func tagSuggestion(for name: String) -> String {
        let known: [String: String] = [
            "elsif": "elif", "elseif": "elif", "else_if": "elif", "end": "endif", "fi": "endif", "end_if": "endif",
            "endelse": "endif", "partial": "include", "render": "include", "import": "include", "if_not": "if",
        ]
        guard let suggestion = known[name] else { return "" }
        return "; did you mean '\(suggestion)'?"
    }

    /// One sentence, without a trailing full stop.
    var message: String {
        switch self {
        case .unterminated(let opener):
            "'\(opener)' is never closed with '\(Self.closer(of: opener))'"
        case .missingTagName:
            "'{% %}' needs a tag name such as 'if' or 'include'"
        case .unknownTag(let name):
            "unknown directive '\(name)'" + Self.tagSuggestion(for: name) + " (known: if, elif, else, endif, include, step, ref, raw, endraw)"
        case .missingCondition(let tag):
            "'\(tag)' needs a condition, as in '{% \(tag) expiry < cutover %}'"
        case .needsString(let tag, let what):
            "'\(tag)' needs exactly one double-quoted \(what), as in '{% \(tag) \"\(what)\" %}'"
        case .unexpectedArgument(let tag):
            "'\(tag)' takes no argument" + (tag == "else" ? "; a branch with its own condition is '{% elif condition %}'" : "")
        case .missingExpression:
            "'{{ }}' needs an expression to stamp"
        case .missingFilter:
            "'|' must be followed by a filter, as in '| date: long'"
        case .unknownFilter(let name):
            "unknown filter '\(name)' (the only filter is 'date')"
        case .invalidDateFormat:
            "'date' needs a format name or a double-quoted pattern, as in 'date: long' or 'date: \"M月d日\"'"
        case .stray(let tag, let opener):
            "'\(tag)' has no matching '\(opener)'"
        case .afterElse(let tag):
            "'\(tag)' cannot follow 'else' in the same 'if'"
        case .unclosedIf:
            "this 'if' is never closed with '{% endif %}'"
        case .unclosedRaw:
            "this 'raw' is never closed with '{% endraw %}'"
        case .nestingTooDeep(let limit):
            "'if' blocks nest more than \(limit) deep"
        case .includeCycle(let chain):
            "include cycle: \(chain.joined(separator: " → "))"
        case .includeTooDeep(let limit):
            "includes nest more than \(limit) deep"
        case .expansionTooLarge(let bytes, let chain):
            "includes make this page more than \(bytes / (1024 * 1024)) MiB of text (at \(chain.joined(separator: " → "))); a partial is included too many times, perhaps by partials that include it more than once each"
        case .tooManyIncludes(let limit, let chain):
            "this page follows more than \(limit) includes (at \(chain.joined(separator: " → "))); a partial is included too many times, perhaps by partials that include it more than once each"
        }
    }

    /// The diagnostic for this problem at `range`.
    func diagnostic(at range: SourceRange, notes: [Diagnostic.Note] = []) -> Diagnostic {
        Diagnostic(.error, id, message, at: range, notes: notes)
    }

    private static func closer(of opener: String) -> String {
        switch opener {
        case "{{": "}}"
        case "{%": "%}"
        default: "#}"
        }
    }
}

import Diagnostics

/// What expansion asks of its caller: the values of one scenario, and the partials.
///
/// Implementations report their own problems (an expression that does not type-check, a missing
/// partial) and answer with something harmless, so expansion always runs to the end.
public protocol DirectiveContext {
    /// Whether a condition holds; report problems yourself and return nil to mean "error"
    /// (expansion then takes no branch of that conditional).
    mutating func condition(_ expression: ExpressionSource) -> Bool?
    /// The text that replaces a stamp.
    mutating func stamp(_ stamp: Stamp) -> String
    /// The text that replaces `{% step "label" %}`.
    mutating func step(_ label: String, range: SourceRange) -> String
    /// The text that replaces `{% ref "label" %}`.
    mutating func ref(_ label: String, range: SourceRange) -> String
    /// The parsed partial `name`, or nil (the context has reported why: missing, outside
    /// partials/, ...).
    mutating func partial(_ name: String, range: SourceRange) -> DirectiveDocument?
}

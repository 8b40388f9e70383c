import Diagnostics

/// One piece of a parsed document: literal text or a directive (README.md, Directives). Comments and raw
/// blocks leave only text behind, and tags that stand alone on their line have already taken
/// their line with them.
public indirect enum DirectiveNode: Sendable, Hashable {
    /// Literal text, kept as it is.
    case text(String)
    /// `{{ expr }}` or `{{ expr | date: … }}`.
    case stamp(Stamp)
    /// `{% if %}` with its `elif`s and optional `else`, in source order; `range` runs from the
    /// `if` tag to the end of the `endif` tag.
    case conditional([Branch], range: SourceRange)
    /// `{% include "name" %}`. `indentation` is the whitespace before the directive when it
    /// stands alone on its line (every line of the partial is indented by it), `nil` when it
    /// stands inside a line (the partial is inserted as it is).
    case include(name: String, indentation: String?, range: SourceRange)
    /// `{% step "label" %}`: names the ordered-list item it stands in.
    case step(label: String, range: SourceRange)
    /// `{% ref "label" %}`: the number of the named step.
    case ref(label: String, range: SourceRange)
}

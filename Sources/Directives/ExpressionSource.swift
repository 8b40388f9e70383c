import Diagnostics

/// The text of one expression as it stands in a directive, with its place, for the module that
/// type-checks and evaluates expressions. This module never looks inside the text.
public struct ExpressionSource: Sendable, Hashable {
    /// The expression, without the whitespace around it (`expiry - 1 month`).
    public var text: String
    /// Where the first character of `text` is.
    public var location: SourceLocation
    /// The whole directive that holds the expression, from `{{` or `{%` to `}}` or `%}`.
    public var range: SourceRange

    /// Creates an expression source.
    public init(text: String, location: SourceLocation, range: SourceRange) {
        self.text = text
        self.location = location
        self.range = range
    }
}

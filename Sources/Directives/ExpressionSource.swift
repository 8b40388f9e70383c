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

    /// Hashes the text and where it starts, and leaves out the file name that `location` and
    /// `range` repeat three times: expressions are looked up per page in tables that hold one
    /// file's expressions, where the name is the same for every key. Equality still compares
    /// every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(location.line)
        hasher.combine(location.column)
    }
}

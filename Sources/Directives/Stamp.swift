import Diagnostics
import Rules

/// A `{{ expr }}` directive: a value written into the page, optionally through the `date`
/// filter.
public struct Stamp: Sendable, Hashable {
    /// The expression whose value is stamped.
    public var expression: ExpressionSource
    /// The format the `date` filter asks for, or `nil` without a filter (the default format).
    public var format: StampFormat?
    /// The whole directive, from `{{` to `}}`.
    public var range: SourceRange

    /// Creates a stamp.
    public init(expression: ExpressionSource, format: StampFormat?, range: SourceRange) {
        self.expression = expression
        self.format = format
        self.range = range
    }
}

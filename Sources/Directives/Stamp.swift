import Diagnostics
import Rules

/// A `{{ expr }}` directive: a value written into the page, optionally through the `date`
/// filter.
public struct Stamp: Sendable, Hashable {
    private struct Fields: Sendable, Hashable {
        var expression: ExpressionSource
        var format: StampFormat?
        var range: SourceRange
    }

    /// Every page's expansion copies each of its stamps: shared, a copy counts one reference.
    private var fields: SharedValue<Fields>

    /// The expression whose value is stamped.
    public var expression: ExpressionSource {
        get { fields.value.expression }
        set { fields = fields.changing { $0.expression = newValue } }
    }

    /// The format the `date` filter asks for, or `nil` without a filter (the default format).
    public var format: StampFormat? {
        get { fields.value.format }
        set { fields = fields.changing { $0.format = newValue } }
    }

    /// The whole directive, from `{{` to `}}`.
    public var range: SourceRange {
        get { fields.value.range }
        set { fields = fields.changing { $0.range = newValue } }
    }

    /// Creates a stamp.
    public init(expression: ExpressionSource, format: StampFormat?, range: SourceRange) {
        fields = SharedValue(Fields(expression: expression, format: format, range: range))
    }

    /// Whether two stamps are the same expression, format and place.
    public static func == (a: Stamp, b: Stamp) -> Bool {
        a.fields === b.fields || a.fields.value == b.fields.value
    }

    /// Hashes the expression, the format and the place, as equality compares them.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields.value)
    }
}

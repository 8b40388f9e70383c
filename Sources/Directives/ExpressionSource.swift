import Diagnostics

/// The text of one expression as it stands in a directive, with its place, for the module that
/// type-checks and evaluates expressions. This module never looks inside the text.
public struct ExpressionSource: Sendable, Hashable {
    private struct Fields: Sendable, Equatable {
        var text: String
        var location: SourceLocation
        var range: SourceRange
    }

    /// A source is copied into every stamp, branch decision and token of every page: shared, a
    /// copy counts one reference, not one for the text and one for each place's file name.
    private var fields: SharedValue<Fields>

    /// The expression, without the whitespace around it (`expiry - 1 month`).
    public var text: String {
        get { fields.value.text }
        set { fields = fields.changing { $0.text = newValue } }
    }

    /// Where the first character of `text` is.
    public var location: SourceLocation {
        get { fields.value.location }
        set { fields = fields.changing { $0.location = newValue } }
    }

    /// The whole directive that holds the expression, from `{{` or `{%` to `}}` or `%}`.
    public var range: SourceRange {
        get { fields.value.range }
        set { fields = fields.changing { $0.range = newValue } }
    }

    /// Creates an expression source.
    public init(text: String, location: SourceLocation, range: SourceRange) {
        fields = SharedValue(Fields(text: text, location: location, range: range))
    }

    /// Whether two sources are the same text at the same place (the same object, for copies of
    /// one source, which is what nearly every comparison compares).
    public static func == (a: ExpressionSource, b: ExpressionSource) -> Bool {
        a.fields === b.fields || a.fields.value == b.fields.value
    }

    /// Hashes the text and where it starts, and leaves out the file name that `location` and
    /// `range` repeat three times: expressions are looked up per page in tables that hold one
    /// file's expressions, where the name is the same for every key. Equality still compares
    /// every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields.value.text)
        hasher.combine(fields.value.location.line)
        hasher.combine(fields.value.location.column)
    }
}

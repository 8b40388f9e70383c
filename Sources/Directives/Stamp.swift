import Diagnostics
import Rules

/// A `{{ expr }}` directive: a value written into the page, optionally through the `date`
/// filter.
public struct Stamp: Sendable, Hashable {
    /// The three fields, in one object that is never changed: every page's expansion copies each
    /// of its stamps, and a copy then counts one reference, not one for each field.
    private final class Storage: Sendable {
        let expression: ExpressionSource
        let format: StampFormat?
        let range: SourceRange

        init(expression: ExpressionSource, format: StampFormat?, range: SourceRange) {
            self.expression = expression
            self.format = format
            self.range = range
        }
    }

    private var storage: Storage

    /// The expression whose value is stamped.
    public var expression: ExpressionSource {
        get { storage.expression }
        set { storage = Storage(expression: newValue, format: storage.format, range: storage.range) }
    }

    /// The format the `date` filter asks for, or `nil` without a filter (the default format).
    public var format: StampFormat? {
        get { storage.format }
        set { storage = Storage(expression: storage.expression, format: newValue, range: storage.range) }
    }

    /// The whole directive, from `{{` to `}}`.
    public var range: SourceRange {
        get { storage.range }
        set { storage = Storage(expression: storage.expression, format: storage.format, range: newValue) }
    }

    /// Creates a stamp.
    public init(expression: ExpressionSource, format: StampFormat?, range: SourceRange) {
        storage = Storage(expression: expression, format: format, range: range)
    }

    /// Whether two stamps are the same expression, format and place.
    public static func == (a: Stamp, b: Stamp) -> Bool {
        a.storage === b.storage
            || (a.storage.expression == b.storage.expression && a.storage.format == b.storage.format
                && a.storage.range == b.storage.range)
    }

    /// Hashes the expression, the format and the place, as equality compares them.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.expression)
        hasher.combine(storage.format)
        hasher.combine(storage.range)
    }
}

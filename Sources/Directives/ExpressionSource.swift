import Diagnostics

/// The text of one expression as it stands in a directive, with its place, for the module that
/// type-checks and evaluates expressions. This module never looks inside the text.
public struct ExpressionSource: Sendable, Hashable {
    /// The three fields, in one object that is never changed: a source is copied into every
    /// stamp, branch decision and token of every page, and a copy then counts one reference,
    /// not one for the text and one for each of the two places' file names.
    private final class Storage: Sendable {
        let text: String
        let location: SourceLocation
        let range: SourceRange

        init(text: String, location: SourceLocation, range: SourceRange) {
            self.text = text
            self.location = location
            self.range = range
        }
    }

    private var storage: Storage

    /// The expression, without the whitespace around it (`expiry - 1 month`).
    public var text: String {
        get { storage.text }
        set { storage = Storage(text: newValue, location: storage.location, range: storage.range) }
    }

    /// Where the first character of `text` is.
    public var location: SourceLocation {
        get { storage.location }
        set { storage = Storage(text: storage.text, location: newValue, range: storage.range) }
    }

    /// The whole directive that holds the expression, from `{{` or `{%` to `}}` or `%}`.
    public var range: SourceRange {
        get { storage.range }
        set { storage = Storage(text: storage.text, location: storage.location, range: newValue) }
    }

    /// Creates an expression source.
    public init(text: String, location: SourceLocation, range: SourceRange) {
        storage = Storage(text: text, location: location, range: range)
    }

    /// Whether two sources are the same text at the same place (the same object, for copies of
    /// one source, which is what nearly every comparison compares).
    public static func == (a: ExpressionSource, b: ExpressionSource) -> Bool {
        a.storage === b.storage
            || (a.storage.text == b.storage.text && a.storage.location == b.storage.location && a.storage.range == b.storage.range)
    }

    /// Hashes the text and where it starts, and leaves out the file name that `location` and
    /// `range` repeat three times: expressions are looked up per page in tables that hold one
    /// file's expressions, where the name is the same for every key. Equality still compares
    /// every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.text)
        hasher.combine(storage.location.line)
        hasher.combine(storage.location.column)
    }
}

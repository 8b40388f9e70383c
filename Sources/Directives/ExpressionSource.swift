import Diagnostics
import Rules

/// The text of one expression as it stands in a directive, with its place, for the module that
/// type-checks and evaluates expressions. This module never looks inside the text.
public struct ExpressionSource: Sendable, Hashable {
    private struct Fields: Sendable, Equatable {
        var text: String {
            didSet { rehash() }
        }
        var location: SourceLocation {
            didSet { rehash() }
        }
        var range: SourceRange
        /// The text and where it starts (file, line and column), hashed once: a source is looked
        /// up in several tables for every stamp and condition of every page, and hashing its
        /// text each time cost more than the lookups. The file name counts: the guides of a
        /// site often hold the same expression at the same line and column. It follows from the
        /// fields it hashes, so equal fields have equal hashes.
        private(set) var hash = 0

        init(text: String, location: SourceLocation, range: SourceRange) {
            self.text = text
            self.location = location
            self.range = range
            rehash()
        }

        private mutating func rehash() {
            var hasher = Hasher()
            hasher.combine(text)
            hasher.combine(location.file)
            hasher.combine(location.line)
            hasher.combine(location.column)
            hash = hasher.finalize()
        }
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
    /// one source, which is what nearly every comparison compares). Sources of different
    /// hashes differ without a look at their fields: a table's lookup compares its key with
    /// every other source it meets in the key's run of buckets, and comparing their texts and
    /// file names was most of a page's lookups.
    public static func == (a: ExpressionSource, b: ExpressionSource) -> Bool {
        a.fields === b.fields || (a.fields.value.hash == b.fields.value.hash && a.fields.value == b.fields.value)
    }

    /// Hashes the text and where it starts, by the hash worked out when the source was made.
    /// Equality still compares every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields.value.hash)
    }

    /// What dictionaries and sets hash a source by: the hash made when it was made (itself the
    /// output of a seeded `Hasher`), mixed with the table's seed, without a `Hasher` of its own.
    /// Sources are looked up about a hundred times for every page (their expressions, their
    /// numbers in the page's rules data), and hashing the stored hash again through SipHash was
    /// most of each lookup. Equal sources have equal stored hashes, so equal raw hashes.
    public func _rawHashValue(seed: Int) -> Int {
        // A multiply and a shift spread the seed over the bits a table of any size reads.
        let mixed = UInt64(bitPattern: Int64(fields.value.hash ^ seed)) &* 0x9E37_79B9_7F4A_7C15
        return Int(bitPattern: UInt(mixed ^ (mixed >> 32)))
    }
}

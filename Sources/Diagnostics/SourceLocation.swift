/// A place in a source file: the file's path relative to the site root, and a 1-based line and
/// column. Columns count characters (`Character`s), not bytes, so a caret under a Japanese line
/// points at the right place.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file's path relative to the site root, with `/` separators (`Content/site.yml`).
    public var file: String
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in characters.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The location `count` characters further along the same line.
    public func advanced(byColumns count: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + count)
    }

    /// `path:line:column`, as compilers print it.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// A span of source text. `end` is exclusive; a range that spans lines is underlined to the end
/// of its first line.
public struct SourceRange: Sendable, Hashable {
    /// The first character of the span.
    public var start: SourceLocation
    /// The position just after the last character of the span.
    public var end: SourceLocation

    /// Creates a range from `start` up to, not including, `end`.
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// A range of `length` characters on one line, starting at `start`.
    public init(start: SourceLocation, length: Int) {
        self.start = start
        self.end = start.advanced(byColumns: max(length, 1))
    }

    /// A one-character range at `location`.
    public init(_ location: SourceLocation) {
        self.init(start: location, length: 1)
    }
}

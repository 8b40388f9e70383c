/// The text of one source file, kept so diagnostics can quote the offending line.
public struct SourceFile: Sendable, Hashable {
    /// The path relative to the site root, with `/` separators.
    public var path: String
    /// The whole text, with a leading BOM removed and CRLF line endings folded to LF.
    public var text: String

    /// Creates a source file, normalising a BOM and CRLF line endings (SPEC §2).
    public init(path: String, text: String) {
        self.path = path
        self.text = SourceFile.normalize(text)
    }

    /// The text of 1-based line `number`, without its line ending, or `nil` past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1 else { return nil }
        var current = 1
        var lineStart = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "\n" {
                if current == number { return text[lineStart..<index] }
                current += 1
                lineStart = text.index(after: index)
            }
            index = text.index(after: index)
        }
        return current == number ? text[lineStart..<text.endIndex] : nil
    }

    /// Strips a UTF-8 BOM and turns CRLF and lone CR line endings into LF.
    public static func normalize(_ text: String) -> String {
        var result = text
        if result.hasPrefix("\u{FEFF}") { result.removeFirst() }
        if result.contains("\r") {
            // "\r\n" is a single Character in Swift, so split on unicode scalars.
            var scalars = String.UnicodeScalarView()
            var previousWasCR = false
            for scalar in result.unicodeScalars {
                if scalar == "\r" {
                    scalars.append("\n")
                    previousWasCR = true
                    continue
                }
                if scalar == "\n" && previousWasCR {
                    previousWasCR = false
                    continue
                }
                previousWasCR = false
                scalars.append(scalar)
            }
            result = String(scalars)
        }
        return result
    }
}

/// The source files of one build, by path, for quoting lines in diagnostics.
public struct SourceFiles: Sendable {
    private var files: [String: SourceFile] = [:]

    /// An empty set.
    public init() {}

    /// Adds or replaces a file.
    public mutating func add(_ file: SourceFile) { files[file.path] = file }

    /// The file at `path`, if it was added.
    public subscript(path: String) -> SourceFile? { files[path] }

    /// Every file, by path.
    public var all: [String: SourceFile] { files }
}

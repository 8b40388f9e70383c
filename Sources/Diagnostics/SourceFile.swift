#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The text of one source file, kept so diagnostics can quote the offending line.
public struct SourceFile: Sendable, Hashable {
    /// The path relative to the site root, with `/` separators.
    public var path: String
    /// The whole text, with a leading BOM removed and CRLF line endings folded to LF.
    public let text: String
    /// Where each line starts, so quoting a line costs nothing however long the file is.
    private let lineStarts: [String.Index]

    /// Creates a source file, normalising a BOM and CRLF line endings (README.md, "A site on disk").
    public init(path: String, text: String) {
        self.path = path
        let normalized = SourceFile.normalize(text)
        self.text = normalized
        // Line feeds found over the bytes in place (``TextLines``): every source file of a build,
        // 10,000 lines of scenarios and guides for a large site, is read here.
        let feeds = TextLines.lineFeedOffsets(in: normalized)
        var starts = [normalized.startIndex]
        starts.reserveCapacity(feeds.count + 1)
        for feed in feeds { starts.append(normalized.utf8.index(normalized.utf8.startIndex, offsetBy: feed + 1)) }
        self.lineStarts = starts
    }

    /// The number of lines.
    public var lineCount: Int { lineStarts.count }

    /// The text of 1-based line `number`, without its line ending, or `nil` past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let start = lineStarts[number - 1]
        let end = number < lineStarts.count ? text.utf8.index(before: lineStarts[number]) : text.endIndex
        return text[start..<end]
    }

    /// Strips a UTF-8 BOM and turns CRLF and lone CR line endings into LF.
    public static func normalize(_ text: String) -> String {
        var result = text
        if result.hasPrefix("\u{FEFF}") { result.removeFirst() }
        // A byte scan: searching for a Character would break the whole text into graphemes,
        // and the UTF-8 view's own search steps through it a byte at a time.
        let hasCR = result.withUTF8 { bytes in
            bytes.baseAddress.map { memchr($0, Int32(UInt8(ascii: "\r")), bytes.count) != nil } ?? false
        }
        if hasCR {
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

/// A template that cannot be compiled or rendered, with the place in its file.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is, for a diagnostic's identifier.
    public enum Kind: Sendable, Equatable {
        /// The text is not well-formed Mustache (a tag not finished, a section not closed…).
        case syntax
        /// Mustache that Templating does not support (dynamic names, transforms, pragmas).
        case unsupported
        /// A partial or parent names a template that does not exist.
        case missingTemplate
        /// Templates include each other without end, or nest too deep while rendering.
        case recursion
    }

    public var kind: Kind
    /// The template's file, as given in `TemplateSource.path`.
    public var file: String
    /// 1-based line and column (in characters) of the tag at fault.
    public var line: Int
    public var column: Int
    /// Length of the tag in characters (at least 1), for an underline.
    public var length: Int
    /// What is wrong, as a sentence for the site's author.
    public var message: String

    public init(_ kind: Kind, file: String, line: Int, column: Int, length: Int = 1, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.length = max(1, length)
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Every error found while compiling a set of templates.
public struct TemplateErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [TemplateError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Maps byte offsets of a template's text to lines and columns, for errors only.
struct LineTable: Sendable {
    let bytes: [UInt8]
    /// Offsets of the first byte of every line.
    let lineStarts: [Int]

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    /// Line and column (characters, as an editor counts them) of `offset`.
    func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        let prefix = String(decoding: bytes[start..<min(offset, bytes.count)], as: UTF8.self)
        return (low + 1, prefix.count + 1)
    }

    func characters(from start: Int, to end: Int) -> Int {
        String(decoding: bytes[min(start, bytes.count)..<min(end, bytes.count)], as: UTF8.self).count
    }
}

/// Maps the path of a request URL to the path of a file in the built site, or refuses it.
///
/// The site lives in memory, keyed by paths such as `guides/a/index.html`, so there is no disk
/// path to escape to; the resolver still refuses anything that is not a plain path inside the
/// site (`..`, `.`, empty segments, backslashes, NUL and other control characters, encoded
/// slashes, malformed percent-encoding), so a refusal is visible rather than quietly
/// normalised.
public struct PathResolver: Sendable {
    /// Why a path was refused.
    public enum Rejection: Sendable, Hashable {
        /// Longer than ``maximumLength`` bytes (HTTP 414).
        case tooLong
        /// Not a plain path inside the site (HTTP 400).
        case invalid
    }

    /// What a request path resolves to.
    public enum Resolution: Sendable, Hashable {
        /// The site path of a file, without a leading slash (`index.html`, `assets/site.css`).
        case file(String)
        /// The path is refused.
        case rejected(Rejection)
    }

    /// The longest request path accepted, in bytes.
    public var maximumLength: Int

    /// The name served for a folder (a path ending in `/`).
    public var indexName: String

    /// A resolver accepting paths up to `maximumLength` bytes.
    public init(maximumLength: Int = 2048, indexName: String = "index.html") {
        self.maximumLength = maximumLength
        self.indexName = indexName
    }

    /// Resolves the path of a request target (`/guides/a/`), as sent: percent-encoded, without
    /// the query. A query or fragment, if present, is ignored.
    public func resolve(_ rawPath: String) -> Resolution {
        var path = Substring(rawPath)
        if let end = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<end] }
        guard rawPath.utf8.count <= maximumLength else { return .rejected(.tooLong) }
        guard path.hasPrefix("/") else { return .rejected(.invalid) }

        var segments: [String] = []
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            if part.isEmpty {
                // Only the last segment may be empty: `/guides/a/` names a folder; `//` never.
                if isLast { break }
                return .rejected(.invalid)
            }
            guard let segment = Self.percentDecoded(part), Self.isPlainSegment(segment) else {
                return .rejected(.invalid)
            }
            segments.append(segment)
        }
        let isFolder = path.hasSuffix("/")
        if isFolder { segments.append(indexName) }
        return .file(segments.joined(separator: "/"))
    }

    /// Whether a decoded segment names an entry inside its folder and nothing else.
    static func isPlainSegment(_ segment: String) -> Bool {
        guard !segment.isEmpty, segment != ".", segment != ".." else { return false }
        return !segment.unicodeScalars.contains { scalar in
            scalar == "/" || scalar == "\\" || scalar.value < 0x20 || scalar.value == 0x7F
        }
    }

    /// `part` with `%XX` escapes decoded, or `nil` when an escape is malformed or the bytes are
    /// not UTF-8.
    static func percentDecoded(_ part: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(part.utf8.count)
        var iterator = part.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Which `Host` headers the preview server answers. A web page the writer visits could
/// otherwise read the preview through DNS rebinding: its own name, made to resolve to
/// 127.0.0.1, reaches the server with that name in `Host`. So only names that cannot be an
/// attacker's are answered: `localhost` (and names under `.localhost`), loopback addresses,
/// the address the server was told to listen on, and the names added by `--allowed-host`.
public struct HostCheck: Sendable {
    /// The host names and addresses answered besides localhost and loopback, lowercased.
    public let allowed: Set<String>

    /// Answers `boundHost` (the address listened on) and `extra` names besides localhost and
    /// loopback addresses.
    public init(boundHost: String, extra: [String] = []) {
        allowed = Set(([boundHost] + extra).map { Self.normalized(Self.hostPart(of: $0)) }.filter { !$0.isEmpty })
    }

    /// Whether a request whose `Host` header is `header` is answered. A request without one
    /// (HTTP/1.0) comes from no browser, so it cannot be a rebinding attack, and is answered.
    public func allows(_ header: String?) -> Bool {
        guard let header else { return true }
        let host = Self.normalized(Self.hostPart(of: header))
        if host.isEmpty { return false }
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        if Self.isLoopback(host) { return true }
        return allowed.contains(host)
    }

    /// The host of a `Host` value, without its port or IPv6 brackets.
    static func hostPart(of value: String) -> Substring {
        let value = value.trimmingSpaces
        if value.hasPrefix("[") {
            guard let close = value.firstIndex(of: "]") else { return "" }
            let rest = value[value.index(after: close)...]
            guard rest.isEmpty || (rest.first == ":" && rest.dropFirst().allSatisfy(\.isASCIIDigit)) else { return "" }
            return value[value.index(after: value.startIndex)..<close]
        }
        // A bare IPv6 address (from `--host ::1`) has several colons and no port.
        let colons = value.filter { $0 == ":" }.count
        if colons == 1, let colon = value.firstIndex(of: ":") {
            guard value[value.index(after: colon)...].allSatisfy(\.isASCIIDigit) else { return "" }
            return value[..<colon]
        }
        return value[...]
    }

    /// Lowercased, without the trailing dot of a fully qualified name.
    static func normalized(_ host: Substring) -> String {
        var host = host.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        return host
    }

    /// Whether `host` is a loopback address: 127.0.0.0/8 written as four decimal numbers, or ::1.
    static func isLoopback(_ host: String) -> Bool {
        if host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCIIDigit) && Int(part)! <= 255
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}

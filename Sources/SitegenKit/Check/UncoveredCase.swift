/// A reachable case (a set of branch decisions) that no scenario of its guide has: a reader in
/// that situation finds no page.
public struct UncoveredCase: Sendable, Hashable, Codable {
    /// The guide.
    public var guide: String
    /// A situation that leads there: fact names and values, as in a scenario file.
    public var example: [String: String]
    /// The conditions it decides differently from the nearest scenario, each `path:line:column`
    /// and the value it takes.
    public var differs: [String]
    /// The nearest scenario (most decisions in common).
    public var nearest: String?
}

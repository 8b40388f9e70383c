import Diagnostics

/// How often the scenarios of a guide take each branch of its conditionals.
public struct BranchCoverage: Sendable, Hashable, Codable {
    /// One branch: an `if`, `elif` or `else` tag.
    public struct Branch: Sendable, Hashable, Codable {
        /// `path:line:column` of the branch's tag.
        public var location: String
        /// The condition, or `else`.
        public var condition: String
        /// How many of the guide's scenarios take it.
        public var scenarios: Int
    }

    /// The guide's slug.
    public var guide: String
    /// How many scenarios the guide has.
    public var scenarioCount: Int
    /// Every branch of the guide's body and the partials it includes, in document order.
    public var branches: [Branch]

    /// The branches no scenario takes.
    public var untaken: [Branch] { branches.filter { $0.scenarios == 0 } }
}

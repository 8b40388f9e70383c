/// A scenario whose given facts have been typed against the rules library.
public struct ResolvedScenario: Sendable, Hashable {
    /// The scenario as written.
    public var declaration: ScenarioDeclaration
    /// The typed values of the facts the scenario gives.
    public var givenFacts: [String: Value]

    /// Creates a resolved scenario.
    public init(declaration: ScenarioDeclaration, givenFacts: [String: Value]) {
        self.declaration = declaration
        self.givenFacts = givenFacts
    }

    /// The scenario's id.
    public var id: String { declaration.id }
}

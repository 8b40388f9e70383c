import Diagnostics

/// Why an expression could not be evaluated in a scenario, as a diagnostic pointing at the
/// expression (for example a business-day count that leaves the holiday calendar).
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problem and its place.
    public var diagnostic: Diagnostic

    /// Wraps a diagnostic.
    public init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }

    /// The same error with a note naming `scenario`, for which it happened (none for the
    /// environment of a guide without scenarios, whose declaration has no id).
    func naming(_ scenario: ScenarioDeclaration) -> EvaluationError {
        guard !scenario.id.isEmpty, !diagnostic.notes.contains(where: { $0.scenario != nil }) else { return self }
        var copy = self
        copy.diagnostic.notes.insert(.scenario(scenario.id, at: scenario.idRange), at: 0)
        return copy
    }

    /// The diagnostic's text.
    public var description: String { diagnostic.description }
}

import Diagnostics

/// Why an expression could not be evaluated in a scenario, as a diagnostic pointing at the
/// expression (for example a business-day count that leaves the holiday calendar).
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problem and its place.
    public var diagnostic: Diagnostic

    /// Wraps a diagnostic.
    public init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }

    /// The diagnostic's text.
    public var description: String { diagnostic.description }
}

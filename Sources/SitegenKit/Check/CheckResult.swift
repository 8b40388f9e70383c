import Diagnostics

/// What `sitegen check` found.
public struct CheckResult: Sendable {
    /// Errors and warnings, sorted for display.
    public var diagnostics: [Diagnostic]
    /// Files read, for quoting lines.
    public var sources: SourceFiles
    /// Branch coverage per guide with scenarios.
    public var coverage: [BranchCoverage]
    /// The situations no scenario's page serves, with an example each.
    public var uncovered: [UncoveredCase] = []

    /// Whether `check` should fail: on errors, and on warnings when `strict`, except warnings
    /// whose id is in `allowed`.
    public func failed(strict: Bool, allowing allowed: Set<String> = []) -> Bool {
        diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning && !allowed.contains($0.id)) }
    }
}

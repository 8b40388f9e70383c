import Diagnostics

/// One branch of a conditional: the `if`, an `elif` or the `else`, with the nodes it keeps.
public struct Branch: Sendable, Hashable {
    /// The condition, or `nil` for `else`.
    public var condition: ExpressionSource?
    /// What the branch keeps when it is taken.
    public var body: [DirectiveNode]
    /// The tag that opens the branch (`{% elif x %}`), so a diagnostic about the branch points
    /// at the line a writer recognises.
    public var range: SourceRange

    /// Creates a branch.
    public init(condition: ExpressionSource?, body: [DirectiveNode], range: SourceRange) {
        self.condition = condition
        self.body = body
        self.range = range
    }
}

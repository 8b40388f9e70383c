import Diagnostics

/// A computed rule of the rules library: a name and an expression (docs/language.md, Rules).
public struct RuleDeclaration: Sendable, Hashable {
    /// The rule's name.
    public var name: String
    /// Its expression.
    public var expression: Expression
    /// The inferred type; `nil` when the expression has errors or is part of a cycle.
    public var type: ValueType?
    /// Where the rule's name is defined.
    public var range: SourceRange

    /// Creates a declaration.
    public init(name: String, expression: Expression, type: ValueType?, range: SourceRange) {
        self.name = name
        self.expression = expression
        self.type = type
        self.range = range
    }
}

import Diagnostics

/// A fact of the rules library: an input that each scenario states (docs/language.md).
public struct FactDeclaration: Sendable, Hashable {
    /// One choice of a `choice` fact.
    public struct Choice: Sendable, Hashable {
        /// The key scenarios and expressions use (`content-acceleration`).
        public var key: String
        /// The label readers see.
        public var label: String
        /// A short name to write in prose (`{{ target_service.name }}`), for a label that says
        /// more than a sentence should repeat; `nil` when the label serves as the name.
        public var name: String?

        /// Creates a choice.
        public init(key: String, label: String, name: String? = nil) {
            self.key = key
            self.label = label
            self.name = name
        }
    }

    /// The fact's name.
    public var name: String
    /// Its declared type; `.choice(fact: name)` for a choice fact.
    public var type: ValueType
    /// The question the guide's picker asks.
    public var question: String?
    /// The choices of a choice fact, in the order of the file; empty for other types.
    public var choices: [Choice]
    /// The value used when a scenario does not give the fact.
    public var defaultExpression: Expression?
    /// What each answer means for the reader, by answer (a choice key, or `true`/`false`), for
    /// the guide's picker; from the fact's optional `explain:` mapping.
    public var explanations: [String: String] = [:]
    /// When the fact applies (`applies_when:`), a bool expression over other facts; `nil` when
    /// it always does. A scenario need not give a fact where it does not apply, readers are not
    /// asked it, and an expression that uses it must be guarded by this condition.
    public var appliesWhen: Expression?
    /// Where the fact's name is defined.
    public var range: SourceRange

    /// Creates a declaration.
    public init(
        name: String, type: ValueType, question: String? = nil, choices: [Choice] = [],
        defaultExpression: Expression? = nil, range: SourceRange
    ) {
        self.name = name
        self.type = type
        self.question = question
        self.choices = choices
        self.defaultExpression = defaultExpression
        self.range = range
    }

    /// The label of the choice `key`, or `nil` when there is no such choice.
    public func label(forKey key: String) -> String? {
        choices.first { $0.key == key }?.label
    }

    /// The choices as the page's evaluator reads them (docs/reader-values.md):
    /// `[[key, label], [key, label, name], …]`, the name only where the choice declares one.
    public var choicesJSON: JSONValue {
        .array(
            choices.map { choice in
                .array([.string(choice.key), .string(choice.label)] + (choice.name.map { [.string($0)] } ?? []))
            })
    }

    /// The keys in declaration order, for messages: `other, content-acceleration`.
    public var choiceKeyList: String {
        choices.map(\.key).joined(separator: ", ")
    }
}

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
    public var name: String {
        get { fields.value.name }
        set { fields = fields.changing { $0.name = newValue } }
    }
    /// Its declared type; `.choice(fact: name)` for a choice fact.
    public var type: ValueType {
        get { fields.value.type }
        set { fields = fields.changing { $0.type = newValue } }
    }
    /// The question the guide's picker asks.
    public var question: String? {
        get { fields.value.question }
        set { fields = fields.changing { $0.question = newValue } }
    }
    /// The choices of a choice fact, in the order of the file; empty for other types.
    public var choices: [Choice] {
        get { fields.value.choices }
        set { fields = fields.changing { $0.choices = newValue } }
    }
    /// The value used when a scenario does not give the fact.
    public var defaultExpression: Expression? {
        get { fields.value.defaultExpression }
        set { fields = fields.changing { $0.defaultExpression = newValue } }
    }
    /// What each answer means for the reader, by answer (a choice key, or `true`/`false`), for
    /// the guide's picker; from the fact's optional `explain:` mapping.
    public var explanations: [String: String] {
        get { fields.value.explanations }
        set { fields = fields.changing { $0.explanations = newValue } }
    }
    /// When the fact applies (`applies_when:`), a bool expression over other facts; `nil` when
    /// it always does. A scenario need not give a fact where it does not apply, readers are not
    /// asked it, and an expression that uses it must be guarded by this condition.
    public var appliesWhen: Expression? {
        get { fields.value.appliesWhen }
        set { fields = fields.changing { $0.appliesWhen = newValue } }
    }
    /// Where the fact's name is defined.
    public var range: SourceRange {
        get { fields.value.range }
        set { fields = fields.changing { $0.range = newValue } }
    }

    /// The declaration's values, behind one reference: every page looks facts up in the
    /// library's table, and a copy of nine strings, arrays and expressions counted a reference
    /// on each (25 copies a page).
    private var fields: SharedValue<Fields>

    private struct Fields: Hashable {
        var name: String
        var type: ValueType
        var question: String?
        var choices: [Choice]
        var defaultExpression: Expression?
        var explanations: [String: String] = [:]
        var appliesWhen: Expression?
        var range: SourceRange
    }

    /// Creates a declaration.
    public init(
        name: String, type: ValueType, question: String? = nil, choices: [Choice] = [],
        defaultExpression: Expression? = nil, range: SourceRange
    ) {
        fields = SharedValue(
            Fields(
                name: name, type: type, question: question, choices: choices, defaultExpression: defaultExpression,
                range: range))
    }

    /// Whether two declarations say the same (the same object, for copies of one).
    public static func == (lhs: FactDeclaration, rhs: FactDeclaration) -> Bool {
        lhs.fields === rhs.fields || lhs.fields.value == rhs.fields.value
    }

    /// Hashes every field, as `==` compares them.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields.value)
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

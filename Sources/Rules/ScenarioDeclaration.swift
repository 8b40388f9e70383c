import Diagnostics

/// One scenario of a scenario file, as written: its id, title and the facts it gives, each
/// kept as raw text with its place so that errors can point at it (README.md, Scenarios).
public struct ScenarioDeclaration: Sendable, Hashable {
    /// A fact value as written in the scenario.
    public struct GivenFact: Sendable, Hashable {
        /// The fact's name.
        public var name: String
        /// Where the name is written.
        public var nameRange: SourceRange
        /// The scalar's text; `nil` when the value is not a scalar (a list or a mapping) or is
        /// empty.
        public var text: String?
        /// What the value is when it is not a scalar text, for messages (`a list`).
        public var kindDescription: String
        /// Where the value is written.
        public var valueRange: SourceRange

        /// Creates a given fact.
        public init(name: String, nameRange: SourceRange, text: String?, kindDescription: String, valueRange: SourceRange) {
            self.name = name
            self.nameRange = nameRange
            self.text = text
            self.kindDescription = kindDescription
            self.valueRange = valueRange
        }
    }

    /// The most characters an id may have: it names a folder, well under the 255 bytes file
    /// systems allow.
    public static let maximumIDLength = 200

    /// The URL name, `[a-z0-9-]+`.
    public var id: String
    /// Where the id is written (or the scenario's first line when it has none).
    public var idRange: SourceRange
    /// The guides the scenario belongs to.
    public var guides: [String]
    /// The raw title; it may contain `{{ }}` directives.
    public var title: String?
    /// Where the title's first character is.
    public var titleLocation: SourceLocation?
    /// The place of each UTF-8 offset of the title and of its end, when its source differs
    /// from its text (YAML escapes, folded lines).
    public var titlePlaces: [SourceLocation]?
    /// The facts given, in file order.
    public var facts: [GivenFact]
    /// The scenario file's path.
    public var file: String

    /// Creates a declaration.
    public init(
        id: String, idRange: SourceRange, guides: [String], title: String?, titleLocation: SourceLocation?,
        facts: [GivenFact], file: String
    ) {
        self.id = id
        self.idRange = idRange
        self.guides = guides
        self.title = title
        self.titleLocation = titleLocation
        self.facts = facts
        self.file = file
    }
}

/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case note
    case warning
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in the content: where it is, how serious, a stable identifier and one
/// sentence saying what is wrong (docs/check.md).
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    /// A secondary remark attached to a diagnostic, with its own optional place.
    public struct Note: Sendable, Hashable {
        /// What the note says.
        public var message: String
        /// Where it points, if anywhere.
        public var range: SourceRange?
        /// The scenario the note names, when it says for which scenario a value could not be
        /// worked out. Diagnostics that differ only in such notes are shown as one, naming
        /// all their scenarios (``Swift/Array/sortedForDisplay()``).
        public var scenario: String?

        /// Creates a note.
        public init(_ message: String, at range: SourceRange? = nil) {
            self.message = message
            self.range = range
        }

        /// A note naming the scenario `id`, written at `range`, for which a problem arose.
        public static func scenario(_ id: String, at range: SourceRange) -> Note {
            var note = Note("in scenario '\(id)'", at: range)
            note.scenario = id
            return note
        }
    }

    /// Error, warning or note.
    public var severity: Severity
    /// A stable, dotted identifier such as `rules.type-mismatch`, for tools and for tests.
    public var id: String
    /// One sentence, without a trailing full stop.
    public var message: String
    /// The place the diagnostic points at. `nil` for problems that belong to no file, or to a
    /// whole file (then `file` is set).
    public var range: SourceRange?
    /// The file a diagnostic without a range belongs to.
    public var file: String?
    /// Further remarks.
    public var notes: [Note]
    /// Whether a whole file could not be read (invalid YAML): shown before every other problem,
    /// because what that file would have defined is missing and later problems may follow from it.
    public var isRootCause = false

    /// Creates a diagnostic pointing at `range`.
    public init(
        _ severity: Severity, _ id: String, _ message: String,
        at range: SourceRange?, notes: [Note] = []
    ) {
        self.severity = severity
        self.id = id
        self.message = message
        self.range = range
        self.file = range?.start.file
        self.notes = notes
    }

    /// Creates a diagnostic about a whole file, or about no file when `file` is `nil`.
    public init(_ severity: Severity, _ id: String, _ message: String, file: String?, notes: [Note] = []) {
        self.severity = severity
        self.id = id
        self.message = message
        self.range = nil
        self.file = file
        self.notes = notes
    }

    /// An error at `range`.
    public static func error(_ id: String, _ message: String, at range: SourceRange?) -> Diagnostic {
        Diagnostic(.error, id, message, at: range)
    }

    /// An error at a single location.
    public static func error(_ id: String, _ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, id, message, at: SourceRange(location))
    }

    /// A warning at `range`.
    public static func warning(_ id: String, _ message: String, at range: SourceRange?) -> Diagnostic {
        Diagnostic(.warning, id, message, at: range)
    }

    /// The same diagnostic, marked as a file that could not be read (see ``isRootCause``).
    public var asRootCause: Diagnostic {
        var copy = self
        copy.isRootCause = true
        return copy
    }

    /// The first line of the plain rendering: `path:line:col: severity: message`.
    public var description: String {
        var prefix = ""
        if let start = range?.start {
            prefix = "\(start): "
        } else if let file {
            prefix = "\(file): "
        }
        return "\(prefix)\(severity.rawValue): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// Whether any element is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }

    /// The diagnostics in a stable order: files that could not be read first, then by file, line
    /// and column, then by message. Diagnostics without a place come first. Those that differ
    /// only in the scenario their notes name (``Diagnostic/Note/scenario``) are shown as one, with
    /// one note naming their scenarios: a rule whose value cannot be worked out for many
    /// scenarios is one mistake, and the writer needs to know which scenarios meet it.
    public func sortedForDisplay() -> [Diagnostic] {
        mergingScenarioNotes().sorted { a, b in
            if a.isRootCause != b.isRootCause { return a.isRootCause }
            let ka = (a.file ?? "", a.range?.start.line ?? 0, a.range?.start.column ?? 0)
            let kb = (b.file ?? "", b.range?.start.line ?? 0, b.range?.start.column ?? 0)
            if ka != kb { return ka < kb }
            return a.message < b.message
        }
    }

    /// The most scenarios a merged note names; the rest are counted.
    static let maximumNamedScenarios = 5

    private func mergingScenarioNotes() -> [Diagnostic] {
        guard contains(where: { $0.notes.contains { $0.scenario != nil } }) else { return self }
        var merged: [Diagnostic] = []
        var groups: [Diagnostic: [Diagnostic.Note]] = [:]
        var order: [Diagnostic] = []
        for diagnostic in self {
            let scenarioNotes = diagnostic.notes.filter { $0.scenario != nil }
            guard !scenarioNotes.isEmpty else {
                merged.append(diagnostic)
                continue
            }
            var key = diagnostic
            key.notes.removeAll { $0.scenario != nil }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []] += scenarioNotes
        }
        for key in order {
            // Each scenario once, in the order of the files that declare them.
            var seen: Set<Diagnostic.Note> = []
            let notes = groups[key, default: []].filter { seen.insert($0).inserted }.sorted { a, b in
                let ka = (a.range?.start.file ?? "", a.range?.start.line ?? 0, a.range?.start.column ?? 0)
                let kb = (b.range?.start.file ?? "", b.range?.start.line ?? 0, b.range?.start.column ?? 0)
                return ka != kb ? ka < kb : (a.scenario ?? "") < (b.scenario ?? "")
            }
            var diagnostic = key
            if notes.count == 1 {
                diagnostic.notes.insert(notes[0], at: 0)
            } else {
                let named = notes.prefix(Self.maximumNamedScenarios).map { "'\($0.scenario ?? "")'" }
                let rest = notes.count - named.count
                var message = "in scenarios " + named.joined(separator: ", ")
                if rest > 0 { message += " and \(rest) more" }
                var note = Diagnostic.Note(message, at: notes[0].range)
                note.scenario = notes[0].scenario
                diagnostic.notes.insert(note, at: 0)
            }
            merged.append(diagnostic)
        }
        return merged
    }
}

/// A failure made of one or more diagnostics, for APIs that throw.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    /// The diagnostics that caused the failure; at least one is an error.
    public var diagnostics: [Diagnostic]

    /// Wraps diagnostics as an error.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

import Foundation

/// Diagnostics as JSON, for editors and CI annotations. The format is documented in
/// `docs/check.md`; fields are stable.
public struct DiagnosticRecord: Codable, Sendable, Hashable {
    /// The path relative to the site root, or `null` for problems that belong to no file.
    public var file: String?
    /// 1-based line, or `null` for a whole-file problem.
    public var line: Int?
    /// 1-based column in characters.
    public var column: Int?
    /// Line where the flagged text ends.
    public var endLine: Int?
    /// Column just after the flagged text.
    public var endColumn: Int?
    /// `error`, `warning` or `note`.
    public var severity: Severity
    /// A stable identifier such as `rules.type-mismatch`.
    public var id: String
    /// The message.
    public var message: String
    /// Further remarks, each `path:line:col: text` or plain text.
    public var notes: [String]

    private enum CodingKeys: String, CodingKey {
        case file, line, column, endLine, endColumn, severity, id, message, notes
    }

    /// Writes every field, an absent place as `null`: the synthesized encoding would leave the
    /// key out, and readers of the format are promised that no field is ever missing.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(endLine, forKey: .endLine)
        try container.encode(endColumn, forKey: .endColumn)
        try container.encode(severity, forKey: .severity)
        try container.encode(id, forKey: .id)
        try container.encode(message, forKey: .message)
        try container.encode(notes, forKey: .notes)
    }

    /// The record of `diagnostic`.
    public init(_ diagnostic: Diagnostic) {
        file = diagnostic.file
        line = diagnostic.range?.start.line
        column = diagnostic.range?.start.column
        endLine = diagnostic.range?.end.line
        endColumn = diagnostic.range?.end.column
        severity = diagnostic.severity
        id = diagnostic.id
        message = diagnostic.message
        notes = diagnostic.notes.map { note in note.range.map { "\($0.start): \(note.message)" } ?? note.message }
    }
}

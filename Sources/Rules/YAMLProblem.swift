import Diagnostics

/// The problems of reading a YAML file, shared by the loaders of rules, scenarios and
/// calendars: one factory per kind, so that each id and its wording are written once
/// (docs/check.md lists them).
enum YAMLProblem {
    /// The loader that reads a file: a key written twice is reported under its area's id.
    enum Area {
        case rules, scenarios, calendar

        fileprivate var duplicateKeyID: String {
            switch self {
            case .rules: "rules.duplicate"
            case .scenarios: "scenario.duplicate-key"
            case .calendar: "calendar.duplicate"
            }
        }
    }

    /// Text that is not YAML, at the place libYAML names.
    static func syntax(_ message: String, at location: SourceLocation) -> Diagnostic {
        .error("yaml.syntax", "invalid YAML: \(message)", at: location)
    }

    /// Text that is not YAML, with no place; `invalidYAML` is false for an error that is not
    /// libYAML's own, which is shown as it is.
    static func syntax(_ message: String, file: String, invalidYAML: Bool = true) -> Diagnostic {
        Diagnostic(.error, "yaml.syntax", invalidYAML ? "invalid YAML: \(message)" : message, file: file)
    }

    /// A key written twice in one mapping, at its second place, with a note at its first when
    /// it was found.
    static func duplicateKey(_ key: String, in area: Area, at range: SourceRange, firstDefinedAt first: SourceRange?) -> Diagnostic {
        Diagnostic(
            .error, area.duplicateKeyID, "'\(key)' is defined twice", at: range,
            notes: first.map { [Diagnostic.Note("'\(key)' is first defined here", at: $0)] } ?? [])
    }

    /// Keys written twice whose places could not be found.
    static func duplicateKeys(_ keys: [String], in area: Area, file: String) -> Diagnostic {
        Diagnostic(.error, area.duplicateKeyID, "a key is defined twice: \(keys.joined(separator: ", "))", file: file)
    }
}

import Diagnostics

/// The problems of a compilation's own stages and of the commands that ask it for a guide or a
/// scenario by name.
enum CompilationProblem {
    /// `--as-of` is not a date (the command line checks its shape first; this is the library's
    /// own word for callers that did not).
    static func invalidAsOf(_ value: String) -> Diagnostic {
        Diagnostic(.error, "build.as-of", "--as-of '\(value)' is not a valid date", file: nil)
    }

    /// A page could not be written to the output.
    static func cannotWrite(_ path: String, _ error: any Error) -> Diagnostic {
        Diagnostic(.error, "output.write", "cannot write \(path): \(error.localizedDescription)", file: nil)
    }

    /// The site-wide files could not be written to the output.
    static func cannotWriteOutput(_ error: any Error) -> Diagnostic {
        Diagnostic(.error, "output.write", "cannot write the output: \(error.localizedDescription)", file: nil)
    }

    /// What a command asks for by name, and the names it may ask for.
    enum Command: String {
        case explain, render
    }

    /// A command names a guide the site does not have.
    static func unknownGuide(_ slug: String, known: [String], in command: Command) -> Diagnostic {
        let id = command == .explain ? "explain.unknown-guide" : "render.unknown-guide"
        return Diagnostic(.error, id, "no guide '\(slug)' (guides: \(known.joined(separator: ", ")))", file: nil)
    }

    /// A command names a scenario its guide does not have.
    static func unknownScenario(_ id: String, guide slug: String, known: [String], in command: Command) -> Diagnostic {
        switch command {
        case .explain:
            Diagnostic(
                .error, "explain.unknown-scenario",
                "guide '\(slug)' has no scenario '\(id)' (scenarios: \(known.joined(separator: ", ")))", file: nil)
        case .render:
            Diagnostic(
                .error, "render.unknown-scenario",
                "guide '\(slug)' has no scenario '\(id)' (scenarios: \(known.isEmpty ? "none" : known.joined(separator: ", ")))",
                file: nil)
        }
    }

    /// `--scenario` is not `GUIDE/ID`.
    static var badScenarioName: Diagnostic {
        Diagnostic(.error, "render.scenario", "--scenario takes GUIDE/ID, such as transfer/gtld-open", file: nil)
    }

    /// A `--fact` that is not `NAME=VALUE`.
    static func badFact(at range: SourceRange) -> Diagnostic {
        .error("render.fact", "--fact takes NAME=VALUE, such as expiry=2026-03-10", at: range)
    }
}

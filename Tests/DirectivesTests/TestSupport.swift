import Diagnostics
import Directives

/// The file every test document claims to come from.
let guidePath = "Content/guides/g.md"

/// Parses `text` as the whole guide file.
func parse(_ text: String) -> (document: DirectiveDocument, diagnostics: [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    let document = DirectiveDocument.parse(SourceFile(path: guidePath, text: text), diagnostics: &diagnostics)
    return (document, diagnostics)
}

/// A location in the guide file.
func at(_ line: Int, _ column: Int, in file: String = guidePath) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column)
}

/// A range in the guide file, on one line.
func span(_ line: Int, _ start: Int, _ end: Int, in file: String = guidePath) -> SourceRange {
    SourceRange(start: at(line, start, in: file), end: at(line, end, in: file))
}

/// A context with conditions and stamped values from dictionaries and partials from text.
struct TestContext: DirectiveContext {
    var conditions: [String: Bool] = [:]
    var values: [String: String] = [:]
    var partials: [String: String] = [:]
    /// What the context reported itself (partial parse errors, unknown conditions).
    var diagnostics: [Diagnostic] = []
    var steps: [String] = []
    var partialRequests: [String] = []

    /// A synthetic chain of partials `d1` → `d2` → … for depth tests.
    var endlessChain = false

    mutating func condition(_ expression: ExpressionSource) -> Bool? {
        guard let value = conditions[expression.text] else {
            diagnostics.append(.error("test.condition", "unknown condition", at: expression.range))
            return nil
        }
        return value
    }

    mutating func stamp(_ stamp: Stamp) -> String {
        let value = values[stamp.expression.text] ?? "?"
        switch stamp.format {
        case nil: return value
        case .named(let name): return "\(value)[\(name)]"
        case .pattern(let pattern): return "\(value)[\"\(pattern)\"]"
        }
    }

    mutating func step(_ label: String, range: SourceRange) -> String {
        steps.append(label)
        return ""
    }

    mutating func ref(_ label: String, range: SourceRange) -> String {
        "#\(label)"
    }

    mutating func partial(_ name: String, range: SourceRange) -> DirectiveDocument? {
        partialRequests.append(name)
        if endlessChain, name.hasPrefix("d"), let number = Int(name.dropFirst()) {
            return DirectiveDocument(
                file: "Content/partials/\(name).md",
                nodes: [.text("\(name)\n"), .include(name: "d\(number + 1)", indentation: "", range: range)])
        }
        guard let text = partials[name] else {
            diagnostics.append(.error("include.missing", "no partial named '\(name)'", at: range))
            return nil
        }
        return DirectiveDocument.parse(
            SourceFile(path: "Content/partials/\(name).md", text: text), diagnostics: &diagnostics)
    }
}

/// Expands `text` with `context`, returning the output and the expander's diagnostics.
func expand(
    _ text: String, _ context: inout TestContext, expander: DirectiveExpander = DirectiveExpander()
) -> (output: String, diagnostics: [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    let document = DirectiveDocument.parse(SourceFile(path: guidePath, text: text), diagnostics: &diagnostics)
    let output = expander.expand(document, context: &context, diagnostics: &diagnostics)
    return (output, diagnostics)
}

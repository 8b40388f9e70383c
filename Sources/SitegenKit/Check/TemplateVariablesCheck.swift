import Diagnostics
import Rules
import Templating

/// Template variables that no page gives: Mustache renders a missing name as nothing, so a
/// misspelt `{{titel}}` would leave a hole in every page without a word.
enum TemplateVariablesCheck {
    /// Warns of each name a template reads with a part that is not among
    /// ``TemplateKey/provided`` (`titel`, and `site.titel` too), once per template, at its
    /// first tag. Each part is held to every name some page's context gives, wherever it gives
    /// it: a misspelt part is caught, a real name under the wrong object is not.
    static func run(_ site: Site, diagnostics: inout [Diagnostic]) {
        for (name, path) in site.templates.paths.sorted(by: { $0.key < $1.key }) {
            for variable in site.templates.variableNames(of: name).sorted() {
                let parts = variable.split(separator: ".").map(String.init)
                guard let unknown = parts.firstIndex(where: { !TemplateKey.provided.contains($0) }) else { continue }
                let range =
                    site.sources[path].flatMap { place(of: variable, in: $0) }
                    ?? SourceRange(SourceLocation(file: path, line: 1, column: 1))
                let suggestion = Suggestion.closest(to: parts[unknown], among: TemplateKey.provided).map { closest in
                    (parts[..<unknown] + [closest] + parts[(unknown + 1)...]).joined(separator: ".")
                }
                diagnostics.append(CheckWarning.unknownTemplateVariable(variable, suggestion: suggestion, at: range))
            }
        }
    }

    /// The first tag of `file` that reads `name` (`{{name}}`, `{{#name.x}}`, `{{{ name }}}`…).
    static func place(of name: String, in file: SourceFile) -> SourceRange? {
        for (index, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                var cursor = open.upperBound
                // The tag's sigil and the spaces before the name.
                while cursor < rest.endIndex, "#^&{/ ".contains(rest[cursor]) { cursor = rest.index(after: cursor) }
                if rest[cursor...].hasPrefix(name) {
                    let end = rest.index(cursor, offsetBy: name.count)
                    if end == rest.endIndex || " .}".contains(rest[end]) {
                        let column = line.distance(from: line.startIndex, to: cursor) + 1
                        return SourceRange(start: SourceLocation(file: file.path, line: index + 1, column: column), length: name.count)
                    }
                }
                rest = rest[open.upperBound...]
            }
        }
        return nil
    }
}

import Diagnostics
import Rules
import Templating

/// Template variables that no page gives: Mustache renders a missing name as nothing, so a
/// misspelt `{{titel}}` would leave a hole in every page without a word.
enum TemplateVariablesCheck {
    /// Warns of each name a template reads that is not among ``TemplateKey/provided``, once per
    /// template, at its first tag.
    static func run(_ site: Site, diagnostics: inout [Diagnostic]) {
        for (name, path) in site.templates.paths.sorted(by: { $0.key < $1.key }) {
            for variable in site.templates.variableNames(of: name).sorted() where !TemplateKey.provided.contains(variable) {
                let range =
                    site.sources[path].flatMap { place(of: variable, in: $0) }
                    ?? SourceRange(SourceLocation(file: path, line: 1, column: 1))
                diagnostics.append(
                    CheckWarning.unknownTemplateVariable(
                        variable, suggestion: Suggestion.closest(to: variable, among: TemplateKey.provided), at: range))
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

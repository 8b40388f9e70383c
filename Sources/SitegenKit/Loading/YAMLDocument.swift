import Diagnostics
import Rules
import Yams

/// A parsed YAML document whose nodes can be turned into source locations, so every loader
/// reports problems at the right line and column of the right file.
struct YAMLDocument {
    /// The file the YAML came from.
    let file: String
    /// The root node, or `nil` for an empty document.
    let root: Node?
    /// Lines of the whole file (for turning YAML's scalar columns into character columns).
    private let lines: [Substring]
    /// The line in `file` where the YAML text starts (front matter starts after `---`).
    private let lineOffset: Int

    /// Parses `text`, which starts at line `lineOffset + 1` of `file`. A syntax error becomes a
    /// diagnostic and the result is `nil`.
    static func parse(
        _ text: String, file: String, lineOffset: Int = 0, diagnostics: inout [Diagnostic]
    ) -> YAMLDocument? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        do {
            // Scalars are read as text by the loaders; see YAMLSupport.compose for the resolver
            // and the encoding.
            let root = try Yams.compose(yaml: text, .basic, .default, .utf8)
            return YAMLDocument(file: file, root: root, lines: lines, lineOffset: lineOffset)
        } catch let error as YamlError {
            let (problem, mark, context) = YAMLDocument.describe(error)
            var message = problem
            if let mark, lines.indices.contains(mark.line - 1),
                let hint = YAMLHint.hint(
                    problem: message, line: lines[mark.line - 1], previous: mark.line >= 2 ? lines[mark.line - 2] : nil)
            {
                message += "; \(hint)"
            }
            func location(_ mark: Mark) -> SourceLocation {
                SourceLocation(
                    file: file, line: mark.line + lineOffset,
                    column: YAMLDocument.characterColumn(lines: lines, line: mark.line, scalarColumn: mark.column))
            }
            var diagnostic = SiteProblem.yamlSyntax(
                message, at: mark.map(location) ?? SourceLocation(file: file, line: lineOffset + 1, column: 1))
            // libyaml notices a problem where it gets stuck; the note shows where the construct began.
            if let context {
                diagnostic.notes.append(.init("\(context.text) here", at: SourceRange(location(context.mark))))
            }
            diagnostics.append(diagnostic.asRootCause)
            return nil
        } catch {
            diagnostics.append(SiteProblem.yamlSyntax(error, file: file).asRootCause)
            return nil
        }
    }

    /// The location of the first character of `node`'s text in the file: past an anchor or a
    /// tag, inside a quote, on the first line of a block scalar's text.
    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: lineOffset + 1, column: 1) }
        let column = YAMLDocument.characterColumn(lines: lines, line: mark.line, scalarColumn: mark.column)
        let start = YAMLValuePlaces.start(of: node, line: mark.line, column: column, lines: line(at:))
        return SourceLocation(file: file, line: start.line + lineOffset, column: start.column)
    }

    /// The place in the file of each UTF-8 offset of a scalar's text and of its end (see
    /// `DirectiveDocument.parse(_:at:places:diagnostics:)`); `nil` when the node is no scalar.
    func places(of node: Node) -> [SourceLocation]? {
        guard let mark = node.mark else { return nil }
        let column = YAMLDocument.characterColumn(lines: lines, line: mark.line, scalarColumn: mark.column)
        return YAMLValuePlaces.places(of: node, line: mark.line, column: column, lines: line(at:), file: file)?.map {
            SourceLocation(file: $0.file, line: $0.line + lineOffset, column: $0.column)
        }
    }

    /// The line at `index` (from 0) of the YAML text.
    private func line(at index: Int) -> Substring? { lines.indices.contains(index) ? lines[index] : nil }

    /// The range of a scalar node: its text as written on its first line (escapes and `''`
    /// included).
    func range(of node: Node) -> SourceRange {
        let start = location(of: node)
        guard let places = places(of: node), let end = places.last(where: { $0.line == start.line }) else {
            // Written as it is on its line.
            let length = node.scalar.map { $0.string.split(separator: "\n").first.map(\.count) ?? 1 } ?? 1
            return SourceRange(start: start, length: max(length, 1))
        }
        // The text's end on the first line: the end of the text, or where its last character
        // on that line ends.
        var length = end.column - start.column
        if places.last?.line != start.line { length += 1 }
        return SourceRange(start: start, length: max(length, 1))
    }

    /// YAML's columns count Unicode scalars; sitegen's count characters.
    private static func characterColumn(lines: [Substring], line: Int, scalarColumn: Int) -> Int {
        guard line >= 1, line <= lines.count else { return scalarColumn }
        let text = lines[line - 1]
        var scalars = 0
        var characters = 0
        for character in text {
            if scalars >= scalarColumn - 1 { break }
            scalars += character.unicodeScalars.count
            characters += 1
        }
        return characters + 1 + max(0, scalarColumn - 1 - scalars)
    }

    private static func describe(_ error: YamlError) -> (String, Mark?, YamlError.Context?) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return ("invalid YAML: \(problem)", mark, context)
        case .reader(let problem, _, _, _):
            return ("invalid YAML: \(problem)", nil, nil)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ("duplicate key \(names) in the same mapping", context.mark, nil)
        default:
            return ("invalid YAML: \(error)", nil, nil)
        }
    }
}

extension Node {
    /// The pairs of a mapping in document order, with scalar keys; `nil` if not a mapping.
    var orderedPairs: [(key: Node, value: Node)]? {
        guard case .mapping(let mapping) = self else { return nil }
        return mapping.map { ($0.key, $0.value) }
    }

    /// The text of a scalar node.
    var scalarText: String? { scalar?.string }
}

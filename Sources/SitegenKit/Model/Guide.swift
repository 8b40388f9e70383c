import Diagnostics
import Rules
import Yams

/// One procedure: `Content/guides/<slug>.md` with its front matter (README.md, "Guides").
public struct Guide: Sendable {
    /// The URL name, from the file name.
    public var slug: String
    /// The file's path relative to the root.
    public var path: String
    /// The title; may hold `{{ }}` directives.
    public var title: String
    /// Where the title's text starts, for diagnostics in it.
    public var titleLocation: SourceLocation
    /// The place of each UTF-8 offset of the title and of its end, so a diagnostic inside a
    /// title written with YAML escapes or folded lines points at its source.
    var titlePlaces: [SourceLocation]?
    /// The same for the description.
    var descriptionPlaces: [SourceLocation]?
    /// A one-sentence description; may hold `{{ }}` directives.
    public var description: String
    /// Where the description's text starts.
    public var descriptionLocation: SourceLocation
    /// Sort key on the index page; guides without one come last, then by slug.
    public var order: Int
    /// Whether the guide is a draft (`draft: true`): checked like any guide, but left out of a
    /// build unless drafts are asked for (`build --drafts`, `serve`).
    public var draft = false
    /// The Markdown body after the front matter.
    public var body: String
    /// The 1-based line of the file on which `body` starts.
    public var bodyLine: Int

    /// Where the body starts.
    public var bodyLocation: SourceLocation { SourceLocation(file: path, line: bodyLine, column: 1) }

    /// Reads a guide file: front matter between `---` lines, then the body.
    // Long: one case per front-matter key, so the keys a guide knows read as one table (as in
    // Glossary.load and SiteConfiguration.load).
    static func load(_ source: SourceFile, slug: String, diagnostics: inout [Diagnostic]) -> Guide? {
        let (frontMatter, body, bodyLine) = splitFrontMatter(source.text)
        var guide = Guide(
            slug: slug, path: source.path, title: slug,
            titleLocation: SourceLocation(file: source.path, line: 1, column: 1),
            description: "", descriptionLocation: SourceLocation(file: source.path, line: 1, column: 1),
            order: Int.max, body: body, bodyLine: bodyLine)
        guard let frontMatter else {
            diagnostics.append(
                SettingsProblem.frontMatter(
                    "guide has no front matter; start the file with '---', a 'title:' line and '---'",
                    at: SourceLocation(file: source.path, line: 1, column: 1)))
            return guide
        }
        guard let document = YAMLDocument.parse(frontMatter, file: source.path, lineOffset: 1, diagnostics: &diagnostics) else {
            return guide
        }
        guard let pairs = document.root?.orderedPairs else {
            diagnostics.append(
                SettingsProblem.frontMatter(
                    "front matter must be a mapping with at least 'title'", at: SourceLocation(file: source.path, line: 2, column: 1)))
            return guide
        }
        var sawTitle = false
        for (keyNode, value) in pairs {
            let key = keyNode.scalarText ?? ""
            switch key {
            case "title", "description":
                guard let text = value.scalarText, value.scalar != nil else {
                    diagnostics.append(SettingsProblem.frontMatter("'\(key)' must be text", at: document.range(of: value)))
                    continue
                }
                if key == "title" {
                    guide.title = text
                    guide.titleLocation = document.location(of: value)
                    guide.titlePlaces = document.places(of: value)
                    sawTitle = true
                } else {
                    guide.description = text
                    guide.descriptionLocation = document.location(of: value)
                    guide.descriptionPlaces = document.places(of: value)
                }
            case "order":
                guard let text = value.scalarText, let order = Int(text) else {
                    diagnostics.append(SettingsProblem.frontMatter("'order' must be a whole number", at: document.range(of: value)))
                    continue
                }
                guide.order = order
            case "draft":
                // Only a YAML boolean: a quoted "false" or a `yes` would read as one to a writer
                // and publish, or hide, a guide they did not mean to.
                guard let scalar = value.scalar, scalar.style == .plain, ["true", "false"].contains(scalar.string) else {
                    diagnostics.append(
                        SettingsProblem.frontMatter(
                            "'draft' must be true or false, unquoted; found \(value.scalar.map { "'\($0.string)'" } ?? "a list or mapping")",
                            at: document.range(of: value)))
                    continue
                }
                guide.draft = scalar.string == "true"
            default:
                diagnostics.append(
                    SettingsProblem.guideUnknownKey(
                        "unknown front matter key '\(key)' (known: description, draft, order, title)",
                        at: document.range(of: keyNode)))
            }
        }
        if !sawTitle {
            diagnostics.append(
                SettingsProblem.frontMatter("front matter has no 'title'", at: SourceLocation(file: source.path, line: 1, column: 1)))
        }
        return guide
    }

    /// Splits `---` front matter from the body. Returns the YAML (nil when there is none), the
    /// body, and the 1-based line the body starts on.
    static func splitFrontMatter(_ text: String) -> (String?, String, Int) {
        guard text.hasPrefix("---\n") || text == "---" else { return (nil, text, 1) }
        var lineNumber = 1
        var yamlLines: [Substring] = []
        var index = text.index(text.startIndex, offsetBy: 4, limitedBy: text.endIndex) ?? text.endIndex
        while index < text.endIndex {
            let lineEnd = text[index...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[index..<lineEnd]
            lineNumber += 1
            let next = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
            if line == "---" || line == "..." {
                return (yamlLines.joined(separator: "\n"), String(text[next...]), lineNumber + 1)
            }
            yamlLines.append(line)
            index = next
        }
        // No closing line: treat the whole file as body so the problem is reported once.
        return (nil, text, 1)
    }
}

extension Guide {
    /// A scenario of this guide that gives no facts and has no id: what the guide's rules are
    /// evaluated with outside any scenario of its own (a guide without scenarios, a situation
    /// `check` explores), with its place at the guide's body.
    var factlessScenario: ScenarioDeclaration {
        ScenarioDeclaration(
            id: "", idRange: SourceRange(bodyLocation), guides: [slug], title: nil, titleLocation: nil, facts: [], file: path)
    }
}

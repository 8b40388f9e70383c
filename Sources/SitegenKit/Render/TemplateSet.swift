import Diagnostics
import Foundation
import Templating

/// The Mustache templates of `Templates/` (docs/templates.md), compiled once into render plans
/// over typed values (`Templating`), shared by every page on every thread.
public struct TemplateSet: Sendable {
    /// The templates every site needs, by name.
    public static let requiredNames = ["index", "guide", "scenario"]
    /// The template a site with a glossary needs.
    public static let glossaryName = "glossary"

    /// `nil` when a template has an error: the build stops at the load stage then, so no page
    /// is rendered without it.
    private let library: TemplateLibrary?
    /// Template names that were loaded, each with its file path.
    public let paths: [String: String]
    /// Whether a page is laid out with a default template (one of `defaults` that the site's
    /// own files do not replace): the default assets come with the default templates, so a site
    /// whose own templates draw every page gets none of them.
    public let usesDefaults: Bool
    /// The sources the library was compiled from, for ``compiledAgain()``.
    private let sources: [TemplateSource]

    /// Compiles every `*.mustache` file under `Templates/` (names keep their subfolder:
    /// `partials/header`), with each of `defaults` (under `defaultsFolder`) whose name no
    /// file of the site has. A template that does not parse or uses Mustache that is not
    /// supported, a partial or parent that does not exist, templates that include or inherit
    /// from each other without end, and a missing required template are errors with file and
    /// line.
    static func load(
        files: [SourceFile], folder: String, defaults: [SourceFile] = [], defaultsFolder: String = BuiltInFiles.templatesFolder,
        needsGlossary: Bool, diagnostics: inout [Diagnostic]
    ) -> TemplateSet {
        var paths: [String: String] = [:]
        var sources: [TemplateSource] = []
        func name(of file: SourceFile, in folder: String) -> String {
            String(file.path.dropFirst(folder.count + 1).dropLast(".mustache".count))
        }
        for file in files {
            let name = name(of: file, in: folder)
            paths[name] = file.path
            sources.append(TemplateSource(name: name, path: file.path, text: file.text))
        }
        var defaultNames: Set<String> = []
        for file in defaults where paths[name(of: file, in: defaultsFolder)] == nil {
            let name = name(of: file, in: defaultsFolder)
            paths[name] = file.path
            defaultNames.insert(name)
            sources.append(TemplateSource(name: name, path: file.path, text: file.text))
        }
        var library: TemplateLibrary?
        do {
            library = try TemplateLibrary(sources)
        } catch {
            diagnostics += error.errors.map { diagnostic(for: $0, folder: folder) }
        }
        let pageNames = requiredNames + (needsGlossary ? [glossaryName] : [])
        for name in pageNames where paths[name] == nil {
            diagnostics.append(RenderProblem.templateMissing("\(folder)/\(name).mustache"))
        }
        let drawn = library?.names(reachableFrom: pageNames) ?? []
        return TemplateSet(library: library, paths: paths, usesDefaults: !drawn.isDisjoint(with: defaultNames), sources: sources)
    }

    /// The same templates compiled again, sharing no storage with these: one for each thread
    /// that renders pages. Rendering counts references on the compiled templates' texts and
    /// names, for every page; on templates that every thread reads, each count moved a cache
    /// line between the cores. The compilation is the same, so the pages are too.
    func compiledAgain() -> TemplateSet {
        guard library != nil, let again = try? TemplateLibrary(sources) else { return self }
        return TemplateSet(library: again, paths: paths, usesDefaults: usesDefaults, sources: sources)
    }

    /// A compile error as a diagnostic, with the id docs/check.md gives its kind.
    private static func diagnostic(for error: TemplateError, folder: String) -> Diagnostic {
        let range = SourceRange(
            start: SourceLocation(file: error.file, line: error.line, column: error.column), length: error.length)
        switch error.kind {
        case .syntax, .unsupported:
            return RenderProblem.templateSyntax(error.message, at: range)
        case .missingTemplate:
            return RenderProblem.templateMissing(error.message, folder: folder, at: range)
        case .recursion:
            return RenderProblem.templateRecursion(error.message, at: range)
        }
    }

    /// The names template `name` looks up through the context stack
    /// (`TemplateLibrary.variableNames(of:)`).
    func variableNames(of name: String) -> [String] { library?.variableNames(of: name) ?? [] }

    /// Renders template `name` with `context` into UTF-8 bytes. A template nested too deep
    /// while rendering (a recursion that the data does not end soon enough) is an error
    /// diagnostic and gives `nil`.
    func render(_ name: String, context: TemplateValue, diagnostics: inout [Diagnostic]) -> [UInt8]? {
        guard let library, let template = library.template(named: name) else { return [] }
        var bytes: [UInt8] = []
        do {
            // Room for a whole page from the start: grown from empty, the storage was copied a
            // dozen times on the way to a page's 20–30 KB, and each copy allocated.
            try library.render(template, context, into: &bytes, capacity: 32 * 1024)
        } catch {
            diagnostics.append(
                RenderProblem.templateRecursion(
                    error.message,
                    at: SourceRange(
                        start: SourceLocation(file: error.file, line: error.line, column: error.column), length: error.length)))
            return nil
        }
        return bytes
    }
}

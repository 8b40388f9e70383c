/// A template's text and where it came from.
public struct TemplateSource: Sendable {
    /// The name partials and parents use: `layout`, `partials/header`.
    public var name: String
    /// The file, as errors should name it.
    public var path: String
    public var text: String

    public init(name: String, path: String, text: String) {
        self.name = name
        self.path = path
        self.text = text
    }
}

/// A set of Mustache templates compiled once into render plans.
///
/// Supported: comments, interpolation (`{{name}}` escaped for HTML, `{{{name}}}` and
/// `{{&name}}` not), dotted names and the implicit iterator `{{.}}`, sections, inverted
/// sections, partials (with the indentation of a partial alone on its line), inheritance
/// (`{{<parent}}` with `{{$block}}` overrides) and set delimiters. Not supported, and an error
/// with the tag's file and line when a template uses them: lambdas (values are `TemplateValue`s,
/// which hold no code), dynamic names (`{{>*name}}`), transforms (`{{name(value)}}`) and
/// pragmas (`{{%…}}`).
///
/// Templates that include each other unconditionally (a partial that includes itself, a cycle
/// a → b → c → a, a template that is its own parent) are compile errors. A recursion that data
/// ends (a partial included again inside a section, as for a tree) is allowed, and rendering
/// stops with an error when templates nest more than `maximumRenderDepth` deep.
///
/// Output is byte for byte what swift-mustache 2.1 writes with the contexts sitegen builds
/// (AgreementTests, RandomTemplateTests), except where that library departs from the Mustache
/// specification or does something no template can want:
/// - in a partial indented because it stands alone on its line, every line is indented, also
///   those of the second and later items of a list (swift-mustache indents only the first);
/// - when a block's opening tag stands alone and its default content's first line is indented,
///   an override is indented as much (the specification's "intrinsic indentation");
/// - `{{name}}` of a list or an object writes nothing (swift-mustache writes Swift's description
///   of the value);
/// - `{{}}`, transforms, pragmas and dynamic names are errors (see above). sitegen used to put a
///   pragma tag before every template, which took away a first line of only white space.
///
/// A library is immutable and may render on any number of threads at once.
public struct TemplateLibrary: Sendable {
    /// How deep sections, partials and blocks may nest while a page renders.
    public static let maximumRenderDepth = 64

    /// What a partial or parent tag that names no template does.
    public enum MissingPartials: Sendable {
        /// It is a compile error (the default: it is nearly always a typo).
        case error
        /// It renders as nothing, as the Mustache specification says.
        case renderNothing
    }

    struct Compiled: Sendable {
        var name: String
        var path: String
        var nodes: [Node]
        var lines: LineTable
    }

    let templates: [Compiled]
    private let indexByName: [String: Int]
    /// The templates as the renderer reads them.
    let program: Program

    /// Compiles every template. Throws every error found, in every template, at once.
    public init(_ sources: [TemplateSource], missingPartials: MissingPartials = .error) throws(TemplateErrors) {
        var errors: [TemplateError] = []
        var compiled: [Compiled] = []
        var indexByName: [String: Int] = [:]
        for source in sources {
            let bytes = Array(source.text.utf8)
            let lines = LineTable(bytes: bytes)
            var parser = TemplateParser(bytes: bytes, template: Int32(compiled.count))
            var nodes: [Node] = []
            do {
                nodes = try parser.parse()
            } catch {
                let (line, column) = lines.position(of: error.offset)
                errors.append(TemplateError(
                    error.kind, file: source.path, line: line, column: column,
                    length: lines.characters(from: error.offset, to: error.offset + error.length), message: error.message))
            }
            indexByName[source.name] = compiled.count
            compiled.append(Compiled(name: source.name, path: source.path, nodes: nodes, lines: lines))
        }
        // Link partial and parent names to templates.
        var linker = Linker(indexByName: indexByName, templates: compiled, missingPartials: missingPartials)
        for index in compiled.indices {
            compiled[index].nodes = linker.link(compiled[index].nodes)
        }
        errors += linker.errors
        self.templates = compiled
        self.indexByName = indexByName
        program = Program(templates: compiled.map(\.nodes))
        errors += findCycles()
        guard errors.isEmpty else { throw TemplateErrors(errors: errors) }
    }

    /// The names of the templates, in the order given.
    public var names: [String] { templates.map(\.name) }

    /// A template's handle, to render it without looking its name up each time.
    public struct Template: Sendable, Hashable {
        let index: Int
    }

    /// The template called `name`, if there is one.
    public func template(named name: String) -> Template? {
        indexByName[name].map(Template.init)
    }

    /// Renders template `name` with `context`. Rendering a name that is not in the library
    /// gives an empty page.
    public func render(_ name: String, _ context: TemplateValue) throws(TemplateError) -> String {
        guard let template = template(named: name) else { return "" }
        var out: [UInt8] = []
        try render(template, context, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 bytes of `template` rendered with `context` to `out`. The page is
    /// written straight into a new array with room for `capacity` bytes, which becomes `out`; a
    /// page that needs more room is written into storage that grows and copied into `out` once.
    /// When rendering fails, `out` holds what was written before the failure.
    public func render(
        _ template: Template, _ context: TemplateValue, into out: inout [UInt8], capacity: Int = 0
    ) throws(TemplateError) {
        var failure: TemplateError?
        var outgrown: [UInt8]?
        let written = [UInt8](unsafeUninitializedCapacity: max(capacity, out.count, 64)) { storage, initialized in
            var renderer = Renderer(library: self, written: out, storage: OutputBytes(lent: storage), context: context)
            do throws(TemplateError) {
                try renderer.render(template: template.index)
            } catch {
                failure = error
            }
            if renderer.out.ownsStorage {
                outgrown = renderer.out.array
                initialized = 0
            } else {
                initialized = renderer.out.count
            }
        }
        out = outgrown ?? written
        if let failure { throw failure }
    }

    func error(_ kind: TemplateError.Kind, at position: Position, _ message: String) -> TemplateError {
        let template = templates[Int(position.template)]
        let (line, column) = template.lines.position(of: Int(position.offset))
        let length = template.lines.characters(from: Int(position.offset), to: Int(position.offset + position.length))
        return TemplateError(kind, file: template.path, line: line, column: column, length: length, message: message)
    }

    // MARK: - Recursion found when compiling

    /// Cycles of partials and parents that are always followed (not inside a section or a
    /// block, whose content data or an override may leave out): they could never end.
    private func findCycles() -> [TemplateError] {
        // Every template's unconditional references, with the tag's position.
        let edges: [[(target: Int, at: Position)]] = templates.map { template in
            var found: [(Int, Position)] = []
            for node in template.nodes {
                switch node {
                case .partial(let target, _, let at) where target >= 0: found.append((target, at))
                case .parent(let target, _, _, let at) where target >= 0: found.append((target, at))
                default: break
                }
            }
            return found
        }
        var errors: [TemplateError] = []
        var state = [UInt8](repeating: 0, count: templates.count)  // 0 new, 1 on the path, 2 done
        var reported = Set<Int>()
        for start in templates.indices where state[start] == 0 {
            // Depth-first, with an explicit stack: (template, next edge to follow).
            var stack: [(node: Int, edge: Int)] = [(start, 0)]
            state[start] = 1
            while let (node, edge) = stack.last {
                guard edge < edges[node].count else {
                    state[node] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].edge += 1
                let (target, at) = edges[node][edge]
                switch state[target] {
                case 0:
                    state[target] = 1
                    stack.append((target, 0))
                case 1:
                    guard !reported.contains(target) else { break }
                    reported.insert(target)
                    let path = stack.map(\.node)
                    let cycle = path[(path.lastIndex(of: target) ?? 0)...].map { templates[$0].name } + [templates[target].name]
                    let what = cycle.count == 2 ? "template '\(cycle[0])' includes itself" : "templates include each other in a cycle"
                    errors.append(error(.recursion, at: at, "\(what): \(cycle.joined(separator: " → ")); it could never end"))
                default:
                    break
                }
            }
        }
        return errors
    }
}

/// Resolves the names of partials and parents to the templates' indices.
private struct Linker {
    let indexByName: [String: Int]
    let templates: [TemplateLibrary.Compiled]
    let missingPartials: TemplateLibrary.MissingPartials
    var errors: [TemplateError] = []

    private func target(_ name: String, at position: Position) -> (Int, TemplateError?) {
        if let index = indexByName[name] { return (index, nil) }
        guard missingPartials == .error else { return (-1, nil) }
        let template = templates[Int(position.template)]
        let (line, column) = template.lines.position(of: Int(position.offset))
        let length = template.lines.characters(from: Int(position.offset), to: Int(position.offset + position.length))
        return (-1, TemplateError(
            .missingTemplate, file: template.path, line: line, column: column, length: length, message: "template '\(name)' does not exist"))
    }

    mutating func link(_ nodes: [Node]) -> [Node] {
        nodes.map { node in
            switch node {
            case .partialName(let name, let indentation, let at):
                let (index, error) = target(name, at: at)
                if let error { errors.append(error) }
                return .partial(index, indentation: indentation, at)
            case .parentName(let name, let indentation, let blocks, let at):
                let (index, error) = target(name, at: at)
                if let error { errors.append(error) }
                return .parent(
                    index, indentation: indentation, blocks: blocks.map { Block(key: $0.key, nodes: link($0.nodes)) }, at)
            case .section(let path, let body, let inverted):
                return .section(path, link(body), inverted: inverted)
            case .block(let key, let defaultNodes, let indentation, let intrinsic):
                return .block(key, defaultNodes: link(defaultNodes), indentation: indentation, intrinsic: intrinsic)
            default:
                return node
            }
        }
    }
}

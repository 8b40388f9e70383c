extension TemplateLibrary {
    /// The names template `name` looks up through the context stack, each once: each
    /// variable's and section's dotted name (`site.title` for `{{site.title}}`), in the
    /// template's own text and the blocks it gives a parent. `{{.}}` and `{{.name}}`, which
    /// look in the current context only, are left out. Empty for a name that is not in the
    /// library. For `sitegen check`, which warns of a name no page provides (it would render
    /// as nothing).
    public func variableNames(of name: String) -> [String] {
        guard let template = template(named: name) else { return [] }
        var seen: Set<String> = []
        var names: [String] = []
        // An explicit stack rather than recursion, so deep nesting costs heap, not call stack.
        var pending: [[Node]] = [templates[template.index].nodes]
        while let nodes = pending.popLast() {
            for node in nodes.reversed() {
                switch node {
                case .variable(let path, _):
                    if path.kind == .stack, !path.keys.isEmpty {
                        let dotted = path.keys.map(\.name).joined(separator: ".")
                        if seen.insert(dotted).inserted { names.append(dotted) }
                    }
                case .section(let path, let children, _):
                    if path.kind == .stack, !path.keys.isEmpty {
                        let dotted = path.keys.map(\.name).joined(separator: ".")
                        if seen.insert(dotted).inserted { names.append(dotted) }
                    }
                    pending.append(children)
                case .block(_, let defaults, _, _):
                    pending.append(defaults)
                case .blockDefinition(_, let children, _):
                    pending.append(children)
                case .parentName(_, _, let blocks, _), .parent(_, _, let blocks, _):
                    for block in blocks { pending.append(block.nodes) }
                case .text, .partialName, .partial:
                    break
                }
            }
        }
        return names
    }
}

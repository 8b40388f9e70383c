extension TemplateLibrary {
    /// The names of `roots` and of every template they may draw, through partials and parents
    /// at any depth, in any section or block (whatever the data), so the templates a set of pages
    /// can be laid out with. Names in `roots` that the library does not have are left out.
    public func names(reachableFrom roots: [String]) -> Set<String> {
        var seen = Set<Int>()
        var pending = roots.compactMap { template(named: $0)?.index }
        while let index = pending.popLast() {
            guard seen.insert(index).inserted else { continue }
            Self.forEachReference(in: templates[index].nodes) { target in
                if target >= 0, !seen.contains(target) { pending.append(target) }
            }
        }
        return Set(seen.map { templates[$0].name })
    }

    /// Calls `body` with the index of every partial and parent in `nodes`, nested ones too.
    private static func forEachReference(in nodes: [Node], _ body: (Int) -> Void) {
        for node in nodes {
            switch node {
            case .partial(let target, _, _):
                body(target)
            case .parent(let target, _, let blocks, _):
                body(target)
                for block in blocks { forEachReference(in: block.nodes, body) }
            case .section(_, let children, _):
                forEachReference(in: children, body)
            case .block(_, let defaultNodes, _, _):
                forEachReference(in: defaultNodes, body)
            case .blockDefinition(_, let children, _):
                forEachReference(in: children, body)
            case .text, .variable, .partialName, .parentName:
                break
            }
        }
    }
}

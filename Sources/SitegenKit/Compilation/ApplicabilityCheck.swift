import Diagnostics
import Directives
import Rules

/// Facts that apply only sometimes (`applies_when:`) must be read only where they apply: every
/// stamp and condition of a guide (partials included where they are included) is checked with
/// the conditions of the branches around it, and a use of such a fact that no enclosing branch
/// (or an `and` before it in the same expression) makes sure of is a type error at its place.
enum ApplicabilityCheck {
    static func check(_ checked: CheckedSite, diagnostics: inout [Diagnostic]) {
        let rules = checked.site.rules
        guard rules.hasConditionalFacts else { return }
        var reported: Set<SourceRange> = []
        func use(_ source: ExpressionSource, guards: [Rules.Expression]) {
            guard let expression = checked.expressions[source], !reported.contains(source.range) else { return }
            for fact in rules.unguardedConditionalFacts(in: expression) {
                guard let condition = rules.facts[fact]?.appliesWhen else { continue }
                if guards.contains(where: { rules.implies($0, condition) }) { continue }
                reported.insert(source.range)
                diagnostics.append(
                    ExpressionProblem.notApplicable(
                        fact, condition: condition.sourceText(in: checked), at: expression.range, conditionRange: condition.range))
                break
            }
        }
        // Titles and descriptions are drawn on every page of a guide: no guard.
        for guide in checked.site.guides {
            if let titles = checked.titleDocuments[guide.slug] {
                for document in [titles.title, titles.description] { walk(document, checked: checked, use: use) }
            }
            if let body = checked.guideDocuments[guide.slug] { walk(body, checked: checked, use: use) }
        }
        for file in checked.site.scenarioFiles {
            for scenario in file.scenarios {
                if let title = checked.scenarioTitles[file.path]?[scenario.id] { walk(title, checked: checked, use: use) }
            }
        }
    }

    /// Visits every stamp and condition of `document`, partials written out where they are
    /// included, with the conditions known to hold there.
    private static func walk(
        _ document: DirectiveDocument, checked: CheckedSite, use: (ExpressionSource, [Rules.Expression]) -> Void
    ) {
        // An explicit stack: nesting and includes cost heap, not call stack.
        var stack: [(nodes: [DirectiveNode], next: Int, guards: [Rules.Expression], files: [String])] = [
            (document.nodes, 0, [], [document.file])
        ]
        // Partials that include the next one twice double at every level: follow no more
        // includes than the expander does (it reports the page as too large).
        var followed = 0
        while let top = stack.indices.last {
            guard stack[top].next < stack[top].nodes.count else {
                stack.removeLast()
                continue
            }
            let node = stack[top].nodes[stack[top].next]
            stack[top].next += 1
            let guards = stack[top].guards
            let files = stack[top].files
            switch node {
            case .stamp(let stamp):
                use(stamp.expression, guards)
            case .conditional(let branches, _):
                for branch in branches {
                    var inner = guards
                    if let condition = branch.condition {
                        use(condition, guards)
                        if let expression = checked.expressions[condition] { inner.append(expression) }
                    }
                    stack.append((branch.body, 0, inner, files))
                }
            case .include(let name, _, _):
                followed += 1
                guard let partial = checked.partialDocuments[name], !files.contains(partial.file),
                    files.count <= DirectiveExpander().maxIncludeDepth, followed <= DirectiveExpander.defaultMaxIncludes
                else { continue }
                stack.append((partial.nodes, 0, guards, files + [partial.file]))
            default:
                break
            }
        }
    }
}

extension Rules.Expression {
    /// The text the expression was written as, when its file is one of the site's.
    func sourceText(in checked: CheckedSite) -> String? {
        guard let file = checked.site.sources.all[range.start.file], range.start.line == range.end.line,
            let line = file.line(range.start.line)
        else { return nil }
        let characters = Array(line)
        let from = range.start.column - 1
        let to = range.end.column - 1
        guard from >= 0, from < to, to <= characters.count else { return nil }
        return String(characters[from..<to])
    }
}

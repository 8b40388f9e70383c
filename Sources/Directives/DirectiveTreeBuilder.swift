import Diagnostics

/// Builds the node tree from the pieces the scanner finds, keeping open conditionals on an
/// explicit stack so that nesting depth never turns into call depth.
struct DirectiveTreeBuilder {
    /// A block tag, as the scanner hands it over.
    enum BlockTag {
        /// `if`, with its condition or `nil` when it had none (already reported).
        case `if`(ExpressionSource?)
        /// `elif`, with its condition or `nil` when it had none (already reported).
        case elif(ExpressionSource?)
        /// `else`.
        case `else`
        /// `endif`.
        case endif
    }

    /// Nodes of one body, with the text that has not been made into a node yet.
    private struct Body {
        var nodes: [DirectiveNode] = []
        // Text arrives in pieces (around comments, raw blocks, removed lines); collecting it in
        // one growing string keeps many small pieces linear instead of re-copying a node.
        var pending = ""

        mutating func appendText(_ text: String) {
            pending += text
        }

        mutating func append(_ node: DirectiveNode) {
            flush()
            nodes.append(node)
        }

        mutating func finish() -> [DirectiveNode] {
            flush()
            return nodes
        }

        private mutating func flush() {
            guard !pending.isEmpty else { return }
            nodes.append(.text(pending))
            pending = ""
        }
    }

    /// What opened the branch being collected.
    private enum Head {
        case condition(ExpressionSource)
        case otherwise
        // An `if` or `elif` without a condition: the error is reported and the branch dropped.
        case invalid
    }

    /// An `if` whose `endif` has not been seen yet.
    private struct OpenConditional {
        var branches: [Branch] = []
        var head: Head
        var headRange: SourceRange
        var ifRange: SourceRange
        var elseRange: SourceRange?
        var body = Body()

        mutating func closeBranch() {
            let nodes = body.finish()
            body = Body()
            switch head {
            case .condition(let expression):
                branches.append(Branch(condition: expression, body: nodes, range: headRange))
            case .otherwise:
                branches.append(Branch(condition: nil, body: nodes, range: headRange))
            case .invalid:
                break
            }
        }
    }

    private let nestingLimit: Int
    private var root = Body()
    private var open: [OpenConditional] = []
    // `if`s beyond the nesting limit are counted, not kept, so their `endif`s still match and
    // the tree (whose equality and deallocation recurse) stays shallow.
    private var overflow = 0

    /// A builder that keeps at most `nestingLimit` conditionals open.
    init(nestingLimit: Int) {
        self.nestingLimit = nestingLimit
    }

    /// Adds literal text to the current body.
    mutating func appendText(_ text: String) {
        guard overflow == 0, !text.isEmpty else { return }
        if open.isEmpty {
            root.appendText(text)
        } else {
            open[open.count - 1].body.appendText(text)
        }
    }

    /// Adds a node to the current body.
    mutating func append(_ node: DirectiveNode) {
        guard overflow == 0 else { return }
        if open.isEmpty {
            root.append(node)
        } else {
            open[open.count - 1].body.append(node)
        }
    }

    /// Opens, continues or closes a conditional.
    mutating func handle(_ tag: BlockTag, range: SourceRange, diagnostics: inout [Diagnostic]) {
        switch tag {
        case .if(let condition):
            if overflow > 0 || open.count >= nestingLimit {
                // One error for the whole too-deep run, not one per `if` inside it.
                if overflow == 0 {
                    diagnostics.append(DirectiveProblem.nestingTooDeep(limit: nestingLimit).diagnostic(at: range))
                }
                overflow += 1
                return
            }
            let head: Head = condition.map { .condition($0) } ?? .invalid
            open.append(OpenConditional(head: head, headRange: range, ifRange: range))
        case .elif(let condition):
            guard overflow == 0 else { return }
            guard let last = open.indices.last else {
                diagnostics.append(DirectiveProblem.stray(tag: "elif", opener: "if").diagnostic(at: range))
                return
            }
            if let elseRange = open[last].elseRange {
                diagnostics.append(
                    DirectiveProblem.afterElse(tag: "elif").diagnostic(
                        at: range, notes: [Diagnostic.Note("the 'else' is here", at: elseRange)]))
            }
            // Kept as a branch even after `else`, so its expression is still checked.
            open[last].closeBranch()
            open[last].head = condition.map { .condition($0) } ?? .invalid
            open[last].headRange = range
        case .else:
            guard overflow == 0 else { return }
            guard let last = open.indices.last else {
                diagnostics.append(DirectiveProblem.stray(tag: "else", opener: "if").diagnostic(at: range))
                return
            }
            if let elseRange = open[last].elseRange {
                diagnostics.append(
                    DirectiveProblem.afterElse(tag: "else").diagnostic(
                        at: range, notes: [Diagnostic.Note("the first 'else' is here", at: elseRange)]))
            } else {
                open[last].elseRange = range
            }
            open[last].closeBranch()
            open[last].head = .otherwise
            open[last].headRange = range
        case .endif:
            if overflow > 0 {
                overflow -= 1
                return
            }
            guard var conditional = open.popLast() else {
                diagnostics.append(DirectiveProblem.stray(tag: "endif", opener: "if").diagnostic(at: range))
                return
            }
            conditional.closeBranch()
            append(.conditional(conditional.branches, range: SourceRange(start: conditional.ifRange.start, end: range.end)))
        }
    }

    /// Closes what is still open at `end` (reporting each unclosed `if`) and returns the nodes.
    mutating func finish(at end: SourceLocation, diagnostics: inout [Diagnostic]) -> [DirectiveNode] {
        overflow = 0
        while var conditional = open.popLast() {
            diagnostics.append(DirectiveProblem.unclosedIf.diagnostic(at: conditional.ifRange))
            // Kept in the tree so that its expressions are still checked.
            conditional.closeBranch()
            append(.conditional(conditional.branches, range: SourceRange(start: conditional.ifRange.start, end: end)))
        }
        return root.finish()
    }
}

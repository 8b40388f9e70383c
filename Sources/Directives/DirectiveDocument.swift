import Diagnostics

/// A text with its directives parsed (README.md, Directives): a guide's body, a partial, or a title.
///
/// Parsing reports every problem it finds and goes on, so a document is always produced; when
/// `diagnostics` gained errors, the document is only good for finding more problems.
public struct DirectiveDocument: Sendable, Hashable {
    /// How deep `if` blocks may nest; deeper ones are an error (`directive.nesting`).
    public static let maximumNesting = 256

    /// The path of the file the text came from, as in its diagnostics.
    public var file: String
    /// The top-level nodes, in source order.
    public var nodes: [DirectiveNode]
    /// Whether the source held any directive at all, comments and raw blocks included. When it
    /// is `false`, the nodes are exactly the source text.
    public var containsDirectives: Bool
    /// Own-line includes at the start of the line right under a list item, with the column
    /// (from 0) where the item's text starts: expanding one whose partial has list items is an
    /// error, as those would join the outer list.
    public var includesRightUnderListItems: [SourceRange: Int] = [:]
    /// Includes inside a line of a list item, with the column (from 0) where the item's text
    /// starts: expanding one whose partial's later lines would leave the item is an error.
    public var inlineIncludesInListItems: [SourceRange: Int] = [:]

    /// About how many bytes expanding the document writes, includes and stamps aside: its
    /// text, with the longest branch of each `if`, as the nodes were when the document was
    /// made. The expander sets that much room aside at once: grown from empty, a page's
    /// Markdown was copied into larger storage some 26 times.
    public private(set) var textSizeHint: Int

    /// Creates a document from nodes; it contains directives when any node is not text.
    public init(file: String, nodes: [DirectiveNode]) {
        self.file = file
        self.nodes = nodes
        self.containsDirectives = nodes.contains {
            if case .text = $0 { false } else { true }
        }
        textSizeHint = Self.textSize(of: nodes)
    }

    /// The bytes of `nodes`' text, with the longest branch of each `if` (nested at most
    /// ``maximumNesting`` deep, so the recursion is bounded).
    private static func textSize(of nodes: [DirectiveNode]) -> Int {
        var size = 0
        for node in nodes {
            switch node {
            case .text(let text): size += text.utf8.count
            case .conditional(let branches, _): size += branches.map { textSize(of: $0.body) }.max() ?? 0
            default: break
            }
        }
        return size
    }

    /// Parses a whole source file.
    public static func parse(_ source: SourceFile, diagnostics: inout [Diagnostic]) -> DirectiveDocument {
        parse(source.text, at: SourceLocation(file: source.path, line: 1, column: 1), diagnostics: &diagnostics)
    }

    /// For text that is part of a larger file (a YAML title, front matter): `start` is where
    /// `text` begins. `places`, when given, is the place of each UTF-8 offset of `text` and of
    /// its end, for text that differs from its source (a YAML scalar with escapes).
    public static func parse(
        _ text: String, at start: SourceLocation, places: [SourceLocation]? = nil, diagnostics: inout [Diagnostic]
    ) -> DirectiveDocument {
        let parsed = DirectiveScanner.parse(
            text, at: start, places: places, nestingLimit: maximumNesting, diagnostics: &diagnostics)
        var document = DirectiveDocument(file: start.file, nodes: parsed.nodes)
        document.containsDirectives = parsed.containsDirectives
        // Only whole lines of Markdown hold list items (a title inside a YAML line does not).
        if start.column == 1 {
            let found = IncludePlacement.check(parsed.nodes, text: text, firstLine: start.line, diagnostics: &diagnostics)
            document.includesRightUnderListItems = found.rightUnder
            document.inlineIncludesInListItems = found.inline
        }
        return document
    }

    /// Visits every node, in every branch, depth first (for checking all expressions whether or
    /// not a branch is taken). A conditional is visited before the nodes of its branches.
    /// Includes are not followed: their partials are documents of their own.
    public func forEachNode(_ body: (DirectiveNode) throws -> Void) rethrows {
        // An explicit stack rather than recursion, so depth costs heap, not call stack.
        var stack: [(nodes: [DirectiveNode], next: Int)] = [(nodes, 0)]
        while let top = stack.indices.last {
            let (nodes, next) = stack[top]
            guard next < nodes.count else {
                stack.removeLast()
                continue
            }
            stack[top].next = next + 1
            let node = nodes[next]
            try body(node)
            if case .conditional(let branches, _) = node {
                // Pushed last-first so the first branch is visited first.
                for branch in branches.reversed() {
                    stack.append((branch.body, 0))
                }
            }
        }
    }
}

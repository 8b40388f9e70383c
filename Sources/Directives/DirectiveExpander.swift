import Diagnostics
import Rules

/// Expands parsed documents for one scenario: keeps the branches whose conditions hold, inlines
/// includes and asks the context for the text of stamps, steps and refs.
public struct DirectiveExpander: Sendable {
    /// How many includes may be open inside one another; deeper is an error (`include.depth`).
    public var maxIncludeDepth: Int
    /// The most text (UTF-8 bytes) one expansion may produce; more is an error
    /// (`include.too-large`). Depth alone does not bound a page: partials that each include the
    /// next twice double it at every level, 2^32 copies within the depth limit.
    public var maxOutputSize: Int
    /// The most includes one expansion may follow, for the same doubling when partials are
    /// (nearly) empty; more is an error (`include.too-large`).
    public var maxIncludes: Int
    /// Whether the expanded text is kept. A walk that only follows the branches (for the
    /// decisions a scenario's page takes) leaves it out, and ``expand(_:context:diagnostics:)``
    /// returns an empty string; the limits are checked on the same counts either way.
    public var keepsText = true

    /// The default ``maxOutputSize``: 8 MiB of Markdown, some hundred times the largest real
    /// guide, and still quick to render.
    public static let defaultMaxOutputSize = 8 * 1024 * 1024
    /// The default ``maxIncludes``.
    public static let defaultMaxIncludes = 10_000

    /// Creates an expander that follows includes at most `maxIncludeDepth` deep, at most
    /// `maxIncludes` times, and writes at most `maxOutputSize` bytes.
    public init(
        maxIncludeDepth: Int = 32, maxOutputSize: Int = defaultMaxOutputSize, maxIncludes: Int = defaultMaxIncludes
    ) {
        self.maxIncludeDepth = maxIncludeDepth
        self.maxOutputSize = maxOutputSize
        self.maxIncludes = maxIncludes
    }

    /// A list of nodes being expanded, and what to do when it is done.
    private struct Frame {
        var nodes: [DirectiveNode]
        var next = 0
        /// Set for the top frame of an included partial.
        var include: Include?
        /// The includes of the document that are checked against their partial (see
        /// ``DirectiveDocument/includesRightUnderListItems``).
        var listIncludes = IncludePlacement.Found()
    }

    private struct Include {
        /// The indentation of an own-line include, `nil` for one inside a line. Either way its
        /// output is collected apart: indented, or without the line breaks that end it.
        var indentation: String?
    }

    /// Expands a document for one scenario: the branches taken, includes inlined (indented when
    /// own-line), and the context's replacement text for stamps, steps and refs.
    ///
    /// Documents are told apart by their `file`: a partial whose file is already being expanded
    /// is an include cycle (`include.cycle`, naming the chain of include names), and more than
    /// `maxIncludeDepth` partials open at once is `include.depth`. Producing more than
    /// `maxOutputSize` bytes or following more than `maxIncludes` includes is `include.too-large`,
    /// reported once at the include being expanded, and expansion stops there. An own-line include indents
    /// every non-empty line of the partial's output and ends it with a newline, since the
    /// include's own line, newline included, was removed; an include inside a line puts the
    /// partial's output there without the line breaks it ends with.
    public func expand(
        _ document: DirectiveDocument, context: inout some DirectiveContext, diagnostics: inout [Diagnostic]
    ) -> String {
        String(decoding: expandUTF8(document, context: &context, diagnostics: &diagnostics), as: UTF8.self)
    }

    /// ``expand(_:context:diagnostics:)``, the text as its UTF-8 bytes: what Markdown parsing
    /// reads. The text is gathered as bytes either way: appending a piece to an array of bytes
    /// costs a fraction of appending it to a String, and a page's body is a hundred pieces.
    public func expandUTF8(
        _ document: DirectiveDocument, context: inout some DirectiveContext, diagnostics: inout [Diagnostic]
    ) -> [UInt8] {
        // Explicit stacks instead of recursion: nested branches and includes cost heap only.
        var frames = [Frame(nodes: document.nodes, listIncludes: Self.listIncludes(of: document))]
        // Each misplaced include is reported once, however often it is expanded.
        var reportedPlacements: Set<SourceRange> = []
        // One buffer per own-line include being expanded, so its whole output can be indented.
        var outputs: [[UInt8]] = [Self.storage(for: document, keepsText: keepsText)]
        // The documents being expanded, outermost first, to find cycles and to name them.
        var chain: [(name: String, file: String)] = [(document.file, document.file)]
        // Where each open include is written, innermost last, to say where a limit was crossed.
        var includeRanges: [SourceRange] = []
        var produced = 0
        var includesFollowed = 0

        func append(_ text: String) {
            if keepsText { Self.append(text, to: &outputs[outputs.count - 1]) }
            produced += text.utf8.count
        }
        /// Reports `include.too-large` when a limit is crossed; whether expansion must stop.
        func overLimit() -> Bool {
            guard produced > maxOutputSize || includesFollowed > maxIncludes else { return false }
            let range = includeRanges.last ?? SourceRange(SourceLocation(file: document.file, line: 1, column: 1))
            let problem: DirectiveProblem =
                produced > maxOutputSize
                ? .expansionTooLarge(bytes: maxOutputSize, chain: chain.map(\.name))
                : .tooManyIncludes(limit: maxIncludes, chain: chain.map(\.name))
            diagnostics.append(problem.diagnostic(at: range))
            return true
        }

        expansion: while let top = frames.indices.last {
            guard frames[top].next < frames[top].nodes.count else {
                let frame = frames.removeLast()
                if let include = frame.include {
                    chain.removeLast()
                    includeRanges.removeLast()
                    let inner = outputs.removeLast()
                    if let indentation = include.indentation {
                        outputs[outputs.count - 1] += Self.indent(utf8: inner, by: indentation)
                    } else {
                        // Inside a line, the partial stands for a phrase: the line break that
                        // ends its file would split a table row or end the paragraph there.
                        outputs[outputs.count - 1] += Self.withoutFinalLineBreaks(inner)
                    }
                }
                continue
            }
            let node = frames[top].nodes[frames[top].next]
            frames[top].next += 1

            switch node {
            case .text(let text):
                append(text)
            case .stamp(let stamp):
                append(context.stamp(stamp))
            case .step(let label, let range):
                append(context.step(label, range: range))
            case .ref(let label, let range):
                append(context.ref(label, range: range))
            case .conditional(let branches, _):
                if let taken = Self.branchTaken(branches, context: &context) {
                    frames.append(Frame(nodes: branches[taken].body, listIncludes: frames[top].listIncludes))
                }
            case .include(let name, let indentation, let range):
                if chain.count > maxIncludeDepth {
                    diagnostics.append(DirectiveProblem.includeTooDeep(limit: maxIncludeDepth).diagnostic(at: range))
                    continue
                }
                guard let partial = context.partial(name, range: range) else { continue }
                if let first = chain.firstIndex(where: { $0.file == partial.file }) {
                    let names = chain[first...].map(\.name) + [name]
                    diagnostics.append(DirectiveProblem.includeCycle(names).diagnostic(at: range))
                    continue
                }
                if let content = frames[top].listIncludes.rightUnder[range], IncludePlacement.hasListItems(partial),
                    reportedPlacements.insert(range).inserted
                {
                    diagnostics.append(.error("include.outside", IncludePlacement.rightUnderMessage(content: content), at: range))
                }
                if let content = frames[top].listIncludes.inline[range], IncludePlacement.leavesItemInline(partial),
                    reportedPlacements.insert(range).inserted
                {
                    diagnostics.append(.error("include.outside", IncludePlacement.inlineMessage(content: content), at: range))
                }
                chain.append((name, partial.file))
                includeRanges.append(range)
                includesFollowed += 1
                outputs.append(Self.storage(for: partial, keepsText: keepsText))
                frames.append(
                    Frame(
                        nodes: partial.nodes, include: Include(indentation: indentation),
                        listIncludes: Self.listIncludes(of: partial)))
            }
            if overLimit() { break expansion }
        }
        // Stopped early, open includes still hold their text apart: keep it as it is.
        return outputs.count == 1 ? outputs[0] : Array(outputs.joined())
    }

    /// Appends `text`'s UTF-8 to `output` from the bytes where they are: appending its UTF-8
    /// view counted a reference on the text, for every piece of every page.
    private static func append(_ text: String, to output: inout [UInt8]) {
        text.withUTF8Bytes { output.append(contentsOf: $0) }
    }

    /// Empty storage with room for what expanding `document` writes: its text and a quarter
    /// more for stamps (a stamp's value is longer than its tag only now and then).
    private static func storage(for document: DirectiveDocument, keepsText: Bool) -> [UInt8] {
        var storage: [UInt8] = []
        if keepsText { storage.reserveCapacity(document.textSizeHint + document.textSizeHint / 4 + 16) }
        return storage
    }

    private static func listIncludes(of document: DirectiveDocument) -> IncludePlacement.Found {
        IncludePlacement.Found(rightUnder: document.includesRightUnderListItems, inline: document.inlineIncludesInListItems)
    }

    /// The index of the first branch whose condition holds (or of the `else`), or `nil` when
    /// none does or a condition could not be decided. Only the conditions are read: copying
    /// each branch counted a reference on its body and its place too, for every page.
    private static func branchTaken(_ branches: [Branch], context: inout some DirectiveContext) -> Int? {
        for index in branches.indices {
            guard let condition = branches[index].condition else { return index }
            guard let holds = context.condition(condition) else { return nil }
            if holds { return index }
        }
        return nil
    }

    /// `text` without the line breaks it ends with: what an include inside a line puts there.
    static func withoutFinalLineBreaks(_ text: [UInt8]) -> ArraySlice<UInt8> {
        var end = text.endIndex
        while end > text.startIndex, text[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        return text[..<end]
    }

    /// `text` with `indentation` before every non-empty line, ending with a newline unless
    /// empty: the include's own line, newline and all, was removed from the including text.
    static func indent(_ text: String, by indentation: String) -> String {
        String(decoding: indent(utf8: Array(text.utf8), by: indentation), as: UTF8.self)
    }

    /// ``indent(_:by:)`` over the text's UTF-8 bytes.
    static func indent(utf8 text: [UInt8], by indentation: String) -> [UInt8] {
        guard !text.isEmpty else { return [] }
        // Bytes, not Characters: sources are normalised to LF, and a newline byte never occurs
        // inside a multi-byte character, so this is the same and several times faster.
        let newline = UInt8(ascii: "\n")
        // An include at the start of its line (most are) indents nothing: the text is kept.
        if indentation.isEmpty { return text.last == newline ? text : text + [newline] }
        let prefix = Array(indentation.utf8)
        var result: [UInt8] = []
        text.withUnsafeBufferPointer { bytes in
            result.reserveCapacity(bytes.count + prefix.count * 8 + 1)
            // Line by line, each copied at once: a partial included inside a list item is
            // indented on every page that keeps it.
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: newline).map { $0 + 1 } ?? bytes.count
                // An empty line (only its newline) stays empty.
                if end - start > 1 || bytes[start] != newline { result += prefix }
                result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                start = end
            }
            if bytes[bytes.count - 1] != newline { result.append(newline) }
        }
        return result
    }
}

import CCmarkGFM
import CmarkNodeAccess
import Foundation

/// A Markdown document parsed by cmark-gfm, transformed in place, then rendered to HTML.
///
/// All of sitegen's C code lives in this file: the tree is owned here, freed in `deinit`, and no
/// C pointer leaves. Parsing is serialised process-wide because cmark-gfm's extensions share one
/// global table of special characters that each parse edits; two parses at once randomly lose
/// strikethrough and autolinks. The table cannot be made constant instead (adding the characters
/// once and emptying the extensions' lists of them): the inline parser finds which extension owns
/// a delimiter through the same lists, and without them it loops forever on `~~`. Transforming
/// and rendering a finished tree touch only that tree, so they run in parallel across documents.
///
/// A document is not `Sendable`: make it, transform it and render it on one task.
public final class MarkdownDocument {
    private let parser: OpaquePointer
    private let root: OpaquePointer
    /// The memory of this document's tree (page_memory.c), active on the thread during each of
    /// its methods that may ask cmark-gfm for memory, and freed whole with the document: the
    /// tree is never walked only to be freed. `nil` under AddressSanitizer, where the tree is
    /// freed node by node.
    private let arena: OpaquePointer?
    private let cmarkOptions: Int32
    /// Markup that could not be a custom node, by marker id; swapped in after rendering.
    private var deferredMarkup: [Markup] = []
    /// The plain text of each custom inline node this document made, for East Asian breaks.
    /// Each is found through its node's user data, its index here plus one: a node's custom
    /// text is kept for every stamp and term of every page, and a table keyed by the node's
    /// address hashed it each time.
    private var customTexts: [String] = []
    /// The list items that ``places(of:)`` found points in, by the index a `PointPlace` holds.
    private var placedItems: [OpaquePointer] = []
    /// The headings and soft breaks the first walk of the tree met (``places(of:)``'s, else
    /// ``replaceTokens(_:)``'s), in document order, for ``removeEastAsianSoftBreaks()`` and
    /// ``addHeadingIDs(taken:anchorLabel:)``, which would each walk the whole tree again to find
    /// them. No pass adds or frees a heading or a soft break before those two read them (the
    /// passes replace text and add markup), and each takes its list once, so a node here is
    /// never one that was freed. (Not private: a test forgets them, to compare with the passes'
    /// own walks.)
    var notedHeadings: [OpaquePointer]?
    var notedSoftBreaks: [OpaquePointer]?
    /// The nodes that may hold a token, as ``places(of:)``'s walk met them, for
    /// ``replaceTokens(_:)``: the markup that steps put in between is custom nodes, which hold
    /// no token and move no other node out of its list item, heading or link.
    var notedTokenVisits: [Visit]?
    /// The text nodes of prose (outside headings and links) once ``replaceTokens(_:)`` has put
    /// the values in, in document order, for ``markFirstOccurrences(using:markup:)``: the token
    /// pass knows which text nodes it made and which it freed, so the glossary needs no walk.
    var notedProseTexts: [OpaquePointer]?

    /// The extensions sitegen enables (README.md, "Guides"), in the order the `cmark-gfm` command attaches them.
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// Parses `markdown` with the GFM extensions README.md lists ("Guides").
    public convenience init(parsing markdown: String, options: MarkdownOptions = .site) {
        var text = markdown
        self.init(options: options) { parser in
            text.withUTF8 { Self.feed(parser, $0) }
        }
    }

    /// Parses Markdown given as UTF-8 bytes, such as a String's. (cmark-gfm replaces invalid
    /// bytes with U+FFFD by its own rules, which differ from String decoding's in how many.)
    public convenience init(parsingUTF8 markdown: [UInt8], options: MarkdownOptions = .site) {
        self.init(options: options) { parser in
            markdown.withUnsafeBufferPointer { Self.feed(parser, $0) }
        }
    }

    private init(options: MarkdownOptions, feed: (OpaquePointer) -> Void) {
        var flags = CMARK_OPT_DEFAULT
        if options.contains(.unsafeHTML) { flags |= CMARK_OPT_UNSAFE }
        if options.contains(.footnotes) { flags |= CMARK_OPT_FOOTNOTES }
        cmarkOptions = flags
        let arena = sitegen_page_arena_new()
        self.arena = arena
        let previousArena = sitegen_page_arena_enter(arena)
        defer { sitegen_page_arena_enter(previousArena) }
        // The tree lives in the document's arena (CmarkNodeAccess, page_memory.c): a page's few
        // hundred allocations are each a step of a pointer, and its frees do nothing.
        let parser = sitegen_page_parser_new(flags)!
        for ext in MarkdownDocument.extensions {
            cmark_parser_attach_syntax_extension(parser, ext)
        }
        // Reading blocks touches only the parser's own state; the table of special characters
        // is shared (see ``parseLock``) and edited and read only by the inline parsing that
        // finishing does, so only that needs the lock.
        feed(parser)
        self.parser = parser
        root = MarkdownDocument.parseLock.withLock { cmark_parser_finish(parser)! }
    }

    private static func feed(_ parser: OpaquePointer, _ bytes: UnsafeBufferPointer<UInt8>) {
        bytes.withMemoryRebound(to: CChar.self) { chars in
            cmark_parser_feed(parser, chars.baseAddress, chars.count)
        }
    }

    /// A new node for this tree, from the memory its parser used: cmark-gfm inserts a node only
    /// beside or under nodes of the same allocator.
    func newNode(_ type: cmark_node_type) -> OpaquePointer {
        sitegen_page_node_new(Int32(type.rawValue))!
    }

    deinit {
        if let arena {
            sitegen_page_arena_free(arena)
        } else {
            cmark_node_free(root)
            cmark_parser_free(parser)
        }
    }

    /// Makes the document's arena the thread's, returning the one to make active again after.
    /// Every method that may ask cmark-gfm for memory (a node, a literal, an iterator, the
    /// rendered HTML) starts with it: a block taken outside the arena would never be freed,
    /// since the tree is not walked to be freed (`PageMemoryTests` checks that none is).
    private func enterArena() -> OpaquePointer? {
        sitegen_page_arena_enter(arena)
    }

    /// Held while a document's inlines are parsed. cmark-gfm keeps the special characters of
    /// the inline parser in one table for the whole process, and each parse adds its
    /// extensions' characters (`~`, `:`, `w`) to it before its inlines and takes them out after:
    /// two parses at once would see each other's edits, and one would lose its strikethrough
    /// or autolinks (`ParallelRenderingTests`).
    private static let parseLock = NSLock()

    /// The extensions of ``extensionNames``, registered and looked up once (a lookup by name
    /// copies the name for C, and every page is parsed). cmark-gfm's registry keeps them for
    /// the life of the process and never changes them, so every thread may read them.
    private nonisolated(unsafe) static let extensions: [OpaquePointer] = {
        cmark_gfm_core_extensions_ensure_registered()
        return extensionNames.compactMap { cmark_find_syntax_extension($0) }
    }()

    /// The document as HTML.
    public func renderHTML() -> String {
        String(decoding: renderHTMLBytes(), as: UTF8.self)
    }

    /// The document as HTML, in UTF-8 bytes: for a page that writes them as they are, with no
    /// String made of them (making one checks every byte again, and each page has thousands).
    /// cmark-gfm writes valid UTF-8, since it replaces invalid input as it parses.
    public func renderHTMLBytes() -> [UInt8] {
        let previousArena = enterArena()
        defer { sitegen_page_arena_enter(previousArena) }
        let extensions = UnsafeMutableRawPointer(cmark_parser_get_syntax_extensions(parser))
        guard let html = sitegen_page_render_html(root, cmarkOptions, extensions) else { return [] }
        defer { sitegen_page_free(html) }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(html).assumingMemoryBound(to: UInt8.self), count: strlen(html))
        guard !deferredMarkup.isEmpty else { return Array(bytes) }
        return InlineToken.substitutedBytes(bytes, marker: true) { id in
            id < deferredMarkup.count ? deferredMarkup[id].utf8 : []
        }
    }

    /// Renders Markdown to HTML in one call, with no transformation.
    public static func html(from markdown: String, options: MarkdownOptions = .site) -> String {
        MarkdownDocument(parsing: markdown, options: options).renderHTML()
    }
}

// MARK: - Walking the tree

extension MarkdownDocument {
    /// One visited node with what the walk knows about its surroundings.
    struct Visit {
        var node: OpaquePointer
        var listItemPath: [Int]
        var inHeading: Bool
        var inLink: Bool
    }

    /// The nodes `include` accepts, in document order, with the ordered-list numbering and the
    /// heading and link state at each. Nodes are collected first so the caller may edit them.
    /// `noting` also keeps the headings, the soft breaks and the nodes that may hold a token for
    /// the passes after this one (``notedHeadings``, ``notedSoftBreaks``, ``notedTokenVisits``).
    private func collect(where include: (cmark_node_type) -> Bool, noting: Bool = false) -> [Visit] {
        var visits: [Visit] = []
        var headings: [OpaquePointer] = []
        var softBreaks: [OpaquePointer] = []
        var tokenVisits: [Visit] = []
        defer {
            if noting {
                notedHeadings = headings
                notedSoftBreaks = softBreaks
                notedTokenVisits = tokenVisits
            }
        }
        // Room for a page's usual counts (about a hundred nodes, half of them bearing text):
        // grown from empty, the arrays were made again seven times each on every page.
        visits.reserveCapacity(64)
        if noting {
            headings.reserveCapacity(8)
            softBreaks.reserveCapacity(32)
            tokenVisits.reserveCapacity(64)
        }
        // Each open list: whether it is ordered and the next item's number.
        var lists: [(ordered: Bool, next: Int)] = []
        var path: [Int] = []
        lists.reserveCapacity(4)
        path.reserveCapacity(4)
        var headingDepth = 0
        var linkDepth = 0
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            switch type {
            case CMARK_NODE_LIST:
                if entering {
                    let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
                    lists.append((ordered, Int(cmark_node_get_list_start(node))))
                } else {
                    lists.removeLast()
                }
            case CMARK_NODE_ITEM:
                if let last = lists.indices.last, lists[last].ordered {
                    if entering {
                        path.append(lists[last].next)
                        lists[last].next += 1
                    } else {
                        path.removeLast()
                    }
                }
            case CMARK_NODE_HEADING:
                headingDepth += entering ? 1 : -1
                if noting, entering { headings.append(node) }
            case CMARK_NODE_SOFTBREAK:
                if noting { softBreaks.append(node) }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                // Leaf-less links are visited once with ENTER only when empty; count both events.
                if entering, cmark_node_first_child(node) == nil {
                    let visit = Visit(node: node, listItemPath: path, inHeading: headingDepth > 0, inLink: true)
                    if include(type) { visits.append(visit) }
                    if noting { tokenVisits.append(visit) }
                    continue
                }
                linkDepth += entering ? 1 : -1
            default:
                break
            }
            guard entering else { continue }
            let included = include(type)
            let bearing = noting && MarkdownDocument.isTokenBearing(type)
            if included || bearing {
                let visit = Visit(node: node, listItemPath: path, inHeading: headingDepth > 0, inLink: linkDepth > 0)
                if included { visits.append(visit) }
                if bearing { tokenVisits.append(visit) }
            }
        }
        return visits
    }

    /// Every node's literal in document order, read in place (``literalBytes(of:)``) and then
    /// through cmark-gfm's public `cmark_node_get_literal`: for the test that holds them equal.
    func literalsReadBothWays() -> [(inPlace: [UInt8], publicAPI: [UInt8])] {
        let previousArena = enterArena()
        defer { sitegen_page_arena_enter(previousArena) }
        var pairs: [(inPlace: [UInt8], publicAPI: [UInt8])] = []
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let inPlace = Array(Self.literalBytes(of: node))
            let publicAPI = cmark_node_get_literal(node).map { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) } ?? []
            pairs.append((inPlace, publicAPI))
        }
        return pairs
    }

    private static func literal(of node: OpaquePointer) -> String {
        String(decoding: literalBytes(of: node), as: UTF8.self)
    }

    /// Whether a token-bearing node may hold a token, decided on the bytes cmark keeps: false
    /// when its literal has no 0xEE byte (the first byte of every token scalar). Links and
    /// images keep their text in a URL and a title, so they are always looked at.
    private static func mayHoldTokenInPlace(_ node: OpaquePointer) -> Bool {
        let type = cmark_node_get_type(node)
        if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE { return true }
        let bytes = literalBytes(of: node)
        guard let base = bytes.baseAddress else { return false }
        return memchr(base, 0xEE, bytes.count) != nil
    }

    private static func isTokenBearing(_ type: cmark_node_type) -> Bool {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_INLINE,
            CMARK_NODE_HTML_BLOCK, CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            true
        default:
            false
        }
    }
}

// MARK: - Tokens

extension MarkdownDocument {
    /// Every token in the document, in document order, with where it stands.
    public func tokenOccurrences() -> [TokenOccurrence] {
        let previousArena = enterArena()
        defer { sitegen_page_arena_enter(previousArena) }
        var result: [TokenOccurrence] = []
        for visit in collect(where: MarkdownDocument.isTokenBearing) {
            // As in replaceTokens: most literals hold no token, so cmark's own bytes are searched
            // for a token's first byte before a String is made of them.
            if !MarkdownDocument.mayHoldTokenInPlace(visit.node) { continue }
            for (text, context) in tokenTexts(of: visit.node) where InlineToken.mayContainToken(text) {
                for case .token(let id) in InlineToken.split(text) {
                    result.append(TokenOccurrence(
                        id: id, context: context, listItemPath: visit.listItemPath,
                        inHeading: visit.inHeading, inLink: visit.inLink))
                }
            }
        }
        return result
    }

    /// Replaces every token with what `replacement` gives for it. In prose, `.html` becomes markup
    /// written as it is; everywhere else the replacement's plain text is used, and cmark escapes it.
    public func replaceTokens(_ replacement: (TokenOccurrence) -> TokenReplacement) {
        let previousArena = enterArena()
        defer { sitegen_page_arena_enter(previousArena) }
        let visits = notedTokenVisits ?? collect(where: MarkdownDocument.isTokenBearing, noting: true)
        notedTokenVisits = nil
        var proseTexts: [OpaquePointer] = []
        defer { notedProseTexts = proseTexts }
        // Kept from one text to the next, with their room.
        var segments: [TextSegment] = []
        var pending: [UInt8] = []
        for visit in visits {
            let node = visit.node
            let type = cmark_node_get_type(node)
            let isProse = type == CMARK_NODE_TEXT && !visit.inHeading && !visit.inLink
            func occurrence(_ id: Int, _ context: TokenOccurrence.Context) -> TokenOccurrence {
                TokenOccurrence(
                    id: id, context: context, listItemPath: visit.listItemPath,
                    inHeading: visit.inHeading, inLink: visit.inLink)
            }
            func substituted(_ text: String, _ context: TokenOccurrence.Context, escape: (String) -> String) -> String {
                InlineToken.split(text).map { piece in
                    switch piece {
                    case .literal(let literal): literal
                    case .token(let id): escape(replacement(occurrence(id, context)).plainText)
                    }
                }.joined()
            }
            // Most literals hold no token: look for a token's first byte where cmark keeps the
            // text before making a String of it.
            if !MarkdownDocument.mayHoldTokenInPlace(node) {
                if isProse { proseTexts.append(node) }
                continue
            }
            switch type {
            case CMARK_NODE_TEXT:
                // An image's description becomes its alt attribute, which holds only text:
                // markup there would be dropped with its text. It is an attribute to the caller
                // too, which can then tell that a value there cannot be rewritten by the page.
                let inImage = visit.inLink && MarkdownDocument.isInsideImage(node)
                // The tokens are found in the bytes cmark keeps, and the text around them is
                // copied from there: no String is made of the text or of its pieces.
                segments.removeAll(keepingCapacity: true)
                InlineToken.scan(MarkdownDocument.literalBytes(of: node), marker: false) { range in
                    segments.append(.original(range))
                } token: { id, _ in
                    let replaced = replacement(occurrence(id, inImage ? .attribute : .prose))
                    segments.append(.replacement(inImage ? .text(replaced.plainText) : replaced))
                }
                if isProse {
                    replaceTextNode(node, with: segments, leavingTextsIn: &proseTexts, pending: &pending)
                } else {
                    var texts: [OpaquePointer] = []
                    replaceTextNode(node, with: segments, leavingTextsIn: &texts, pending: &pending)
                }
            case CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                let text = MarkdownDocument.literal(of: node)
                // A code span in an image's description is alt text like the rest of it: the
                // marker's markup would be swapped into the attribute and end it there.
                let inImage = visit.inLink && MarkdownDocument.isInsideImage(node)
                // Markup meant for code goes in as a marker (cmark escapes the literal, and
                // leaves private-use characters alone) and is swapped in after rendering.
                let literal = InlineToken.split(text).map { piece -> String in
                    switch piece {
                    case .literal(let literal): return literal
                    case .token(let id):
                        let replaced = replacement(occurrence(id, inImage ? .attribute : .code))
                        guard !inImage, case .html(let html, _, true) = replaced else { return replaced.plainText }
                        deferredMarkup.append(html)
                        return InlineToken.make(deferredMarkup.count - 1, marker: true)
                    }
                }.joined()
                Self.set(cmark_node_set_literal, node, literal)
            case CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK:
                let text = MarkdownDocument.literal(of: node)
                Self.set(cmark_node_set_literal, node, substituted(text, .rawHTML, escape: MarkdownDocument.escapeHTML))
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if let url = cmark_node_get_url(node).map({ String(cString: $0) }), InlineToken.mayContainToken(url) {
                    Self.set(cmark_node_set_url, node, substituted(url, .attribute, escape: MarkdownDocument.escapeURL))
                }
                if let title = cmark_node_get_title(node).map({ String(cString: $0) }), InlineToken.mayContainToken(title) {
                    Self.set(cmark_node_set_title, node, substituted(title, .attribute, escape: { $0 }))
                }
            default:
                break
            }
        }
    }

    /// Gives `node` a copy of `text` through one of cmark's setters, which copy what they are
    /// given. A String handed straight to a C parameter is first copied into a new array;
    /// `withCString` lends its own bytes, and every replaced text and custom node sets some.
    private static func set(
        _ setter: (OpaquePointer?, UnsafePointer<CChar>?) -> Int32, _ node: OpaquePointer, _ text: String
    ) {
        _ = text.withCString { setter(node, $0) }
    }

    private static func isInsideImage(_ node: OpaquePointer) -> Bool {
        var current = cmark_node_parent(node)
        while let parent = current {
            if cmark_node_get_type(parent) == CMARK_NODE_IMAGE { return true }
            current = cmark_node_parent(parent)
        }
        return false
    }

    private func tokenTexts(of node: OpaquePointer) -> [(String, TokenOccurrence.Context)] {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT:
            let inImage = MarkdownDocument.isInsideImage(node)
            return [(MarkdownDocument.literal(of: node), inImage ? .attribute : .prose)]
        case CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
            let inImage = MarkdownDocument.isInsideImage(node)
            return [(MarkdownDocument.literal(of: node), inImage ? .attribute : .code)]
        case CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK:
            return [(MarkdownDocument.literal(of: node), .rawHTML)]
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            let title = cmark_node_get_title(node).map { String(cString: $0) } ?? ""
            return [(url, .attribute), (title, .attribute)]
        default:
            return []
        }
    }

    /// A piece of a text node's new text: bytes of its literal as it is, or a replacement.
    private enum TextSegment {
        case original(Range<Int>)
        case replacement(TokenReplacement)
    }

    /// The bytes of a node's literal where cmark keeps them (valid UTF-8: cmark replaces
    /// invalid input when it parses), valid until the literal is changed or the node freed.
    private static func literalBytes(of node: OpaquePointer) -> UnsafeBufferPointer<UInt8> {
        // Read in place where cmark keeps it (CmarkNodeAccess): asked for as a C string, a text
        // node's text was copied once more, for every text node of every page.
        var count = 0
        let bytes = sitegen_node_literal(node, &count)
        return UnsafeBufferPointer(start: bytes, count: count)
    }

    /// Replaces a text node by text nodes and raw-markup nodes. Raw markup goes into custom
    /// inline nodes, which the HTML renderer writes as they are even in safe mode, so sitegen's
    /// own markup survives while the author's raw HTML stays omitted. The text nodes left in
    /// the node's place are appended to `texts`, in order (`node` itself if it keeps text).
    /// `pending` is room for the new texts' bytes, kept by the caller from one node to the next
    /// (an array made for each node was an allocation for every replaced text); it is left
    /// empty.
    private func replaceTextNode(
        _ node: OpaquePointer, with segments: [TextSegment], leavingTextsIn texts: inout [OpaquePointer],
        pending: inout [UInt8]
    ) {
        let original = MarkdownDocument.literalBytes(of: node)
        // Adjacent plain pieces merge into one text node, so a stamped value next to text stays
        // one node (later passes such as East Asian line breaks read neighbouring text). They
        // are gathered as bytes, ended with a NUL for cmark, which copies them. Each new text
        // starts where the last one's NUL ended: the bytes are emptied once, at the end (the
        // first text starts at whatever a caller left in them, which is nothing).
        defer { pending.removeAll(keepingCapacity: true) }
        var start = pending.count
        func setPending(on target: OpaquePointer) {
            pending.append(0)
            _ = pending.withUnsafeBufferPointer { bytes in
                cmark_node_set_literal(target, UnsafeRawPointer(bytes.baseAddress! + start).assumingMemoryBound(to: CChar.self))
            }
            start = pending.count
        }
        func flushText() {
            guard pending.count > start else { return }
            let text = newNode(CMARK_NODE_TEXT)
            setPending(on: text)
            cmark_node_insert_before(node, text)
            texts.append(text)
        }
        for segment in segments {
            switch segment {
            case .original(let range):
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: original[range]))
            case .replacement(.text(let text)):
                text.withUTF8Bytes { pending.append(contentsOf: $0) }
            case .replacement(.html(let html, let text, _)):
                flushText()
                let custom = newNode(CMARK_NODE_CUSTOM_INLINE)
                // Custom nodes here get no exit markup: cmark writes nothing for an unset one,
                // as for "", which it would copy into an allocation of its own.
                _ = html.withCString { cmark_node_set_on_enter(custom, $0) }
                if cmark_node_insert_before(node, custom) == 1 {
                    setCustomText(text, of: custom)
                } else {
                    // Table cells accept no custom node. A marker of private-use characters
                    // goes in as text instead (escaping leaves it alone) and is swapped for
                    // the markup in the rendered HTML.
                    cmark_node_free(custom)
                    deferredMarkup.append(html)
                    pending.append(contentsOf: InlineToken.make(deferredMarkup.count - 1, marker: true).utf8)
                    flushText()
                }
            }
        }
        // The node itself keeps the text that ends it, in place after everything put before it:
        // one node fewer made and freed for nearly every replaced text (text follows its values).
        // Its old literal, which `original` points into, is freed here and not read again.
        if pending.count == start {
            cmark_node_unlink(node)
            cmark_node_free(node)
        } else {
            setPending(on: node)
            texts.append(node)
        }
    }

    /// Escapes text for HTML content and attribute values (`&`, `<`, `>`, `"`). Works on UTF-8
    /// bytes: text without those characters, nearly all of it, is returned as it is.
    public static func escapeHTML(_ text: String) -> String {
        let escaped = text.withUTF8Bytes { bytes -> String? in
            // Nearly every text has nothing to escape: it is handed back as it is, not copied.
            // The check reads the bytes in place: going through the UTF-8 view's iterator cost
            // more than the rest of the stamps' and terms' markup.
            guard bytes.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
                case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
                case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
                case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return escaped ?? text
    }

    static func escapeURL(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=?#"))) ?? ""
    }
}

// MARK: - Points

extension MarkdownDocument {
    /// Where each point of the parsed text stands: the ordered-list items around it, and
    /// whether it is inside code. Points come from ``InlineToken/removeTokens(from:where:)``:
    /// tokens that stand for nothing are taken out before parsing and found again here by
    /// cmark-gfm's source positions, so they cannot change how the text around them parses.
    ///
    /// A block holds a point when the point is at or after the block's start and on or before
    /// its last line (blocks own whole lines, and a point at the end of a line is past the
    /// block's last character); a code span holds a point from its first character to its
    /// closing backticks.
    public func places(of points: [SourcePoint]) -> [PointPlace] {
        let previousArena = enterArena()
        defer { sitegen_page_arena_enter(previousArena) }
        guard !points.isEmpty else { return [] }
        // The walk also notes what the token pass and the passes after it look at: it is the
        // only walk of the tree a page with steps needs.
        let visits = collect(
            where: { type in type == CMARK_NODE_ITEM || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK },
            noting: true)
        func start(_ node: OpaquePointer) -> SourcePoint {
            SourcePoint(line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
        }
        return points.map { point in
            var place = PointPlace(listItemPath: [], inCode: false, item: nil)
            var innermost: OpaquePointer?
            for visit in visits {
                let node = visit.node
                let type = cmark_node_get_type(node)
                guard !(point < start(node)) else { continue }
                let endLine = Int(cmark_node_get_end_line(node))
                if type == CMARK_NODE_CODE {
                    let end = SourcePoint(line: endLine, column: Int(cmark_node_get_end_column(node)) + 1)
                    if !(end < point) { place.inCode = true }
                    continue
                }
                guard point.line <= endLine else { continue }
                if type == CMARK_NODE_CODE_BLOCK {
                    place.inCode = true
                } else if let list = cmark_node_parent(node), cmark_node_get_list_type(list) == CMARK_ORDERED_LIST {
                    // Items come in document order, so the last ordered item that holds the
                    // point is the innermost.
                    innermost = node
                    place.listItemPath = visit.listItemPath
                }
            }
            if let innermost {
                place.item = placedItems.count
                placedItems.append(innermost)
            }
            return place
        }
    }

    /// Gives every heading an id made from its text (``headingID(for:)``), unique in the
    /// document: a second heading of the same text gets `-2`, a third `-3`. The id goes on an
    /// empty `<span class="heading-id">` at the heading's start (cmark writes headings without
    /// attributes), and a link to it (`<a class="heading-anchor">`) at its end, for readers to
    /// copy. Run it after stamps are in, so a heading's id is the text readers see; `taken`
    /// holds ids already used on the page (step anchors), and `anchorLabel` is the link's
    /// accessible name, in the page's language (the link itself shows only `#`).
    public func addHeadingIDs(taken: [String] = [], anchorLabel: String) {
        addHeadingIDs(taken: taken, anchors: HeadingAnchors(anchorLabel: anchorLabel))
    }

    /// ``addHeadingIDs(taken:anchorLabel:)`` with the anchors' markup from `anchors`, which
    /// keeps it for the heading texts many pages share.
    public func addHeadingIDs(taken: [String] = [], anchors: HeadingAnchors) {
        let previousArena = enterArena()
        defer { sitegen_page_arena_enter(previousArena) }
        // Ids compared by their bytes, as HTML compares them (by characters): as `String`s, a
        // Japanese id was hashed through Unicode normalisation at each look, 1 % of a build's
        // instructions, and an id canonically equivalent to an earlier one but spelled apart
        // got a needless `-2`.
        let headings = notedHeadings ?? collect(where: { $0 == CMARK_NODE_HEADING }).map(\.node)
        notedHeadings = nil
        guard !headings.isEmpty else { return }
        var used = Set<UTF8Key>(minimumCapacity: taken.count + headings.count)
        for id in taken { used.insert(UTF8Key(id)) }
        for heading in headings {
            var text = ""
            let iterator = cmark_iter_new(heading)
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator), node != heading else { continue }
                if let piece = plainText(of: node) { text += piece }
            }
            cmark_iter_free(iterator)
            var anchor = anchors.anchor(forText: text)
            if used.contains(UTF8Key(anchor.id)) {
                let base = anchor.id
                var id = base
                var count = 2
                while used.contains(UTF8Key(id)) {
                    id = "\(base)-\(count)"
                    count += 1
                }
                anchor = anchors.anchor(forID: id)
            }
            used.insert(UTF8Key(anchor.id))
            let start = newNode(CMARK_NODE_CUSTOM_INLINE)
            Self.set(cmark_node_set_on_enter, start, anchor.target)
            setCustomText("", of: start)
            if let first = cmark_node_first_child(heading) {
                cmark_node_insert_before(first, start)
            } else {
                cmark_node_append_child(heading, start)
            }
            let link = newNode(CMARK_NODE_CUSTOM_INLINE)
            Self.set(cmark_node_set_on_enter, link, anchor.link)
            setCustomText("", of: link)
            cmark_node_append_child(heading, link)
        }
    }

    /// `text` as a URL fragment: every UTF-8 byte but ASCII letters, digits and `-._~` written
    /// as `%XX` (upper-case hex), as `addingPercentEncoding(withAllowedCharacters:)` with
    /// `fragmentCharacters` writes it, over bytes: Foundation's encoding cost a Japanese page
    /// about 1 % of its build.
    static func percentEncodedFragment(_ text: String) -> String {
        if text.utf8.allSatisfy(isFragmentByte) { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            if isFragmentByte(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `byte` is one of `fragmentCharacters`.
    private static func isFragmentByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Characters a URL fragment keeps as they are; others are percent-encoded.
    static let fragmentCharacters: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        set.insert(charactersIn: "-._~")
        return set
    }()

    /// The id of a heading whose text is `text`: letters, digits and marks of every script kept
    /// (ASCII letters lowercased), spaces and hyphens as one `-`, every other character
    /// (punctuation such as 「」、。・() and symbols) left out; `section` when nothing is left.
    /// 「既存契約の「品目名」を確かめる」 gives `既存契約の品目名を確かめる`; `Step 2: CSR` gives `step-2-csr`.
    public static func headingID(for text: String) -> String {
        var id = ""
        id.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for scalar in text.unicodeScalars {
            let kept: Unicode.Scalar
            if scalar.isASCII {
                // ASCII is classified by its byte: looking up a scalar's Unicode properties, and
                // lowercasing a letter as a String, cost more than the rest of the id.
                switch UInt8(scalar.value) {
                case 0x09...0x0D, 0x20, UInt8(ascii: "-"), UInt8(ascii: "_"):
                    pendingDash = !id.isEmpty
                    continue
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    kept = scalar
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    kept = Unicode.Scalar(UInt8(scalar.value) + 0x20)
                default:
                    // Punctuation, symbols and control characters.
                    continue
                }
            } else if InlineToken.isCommonJapaneseLetter(scalar) {
                // Most of a Japanese heading: letters, kept without a lookup of their properties.
                kept = scalar
            } else {
                let properties = scalar.properties
                if properties.isWhitespace {
                    pendingDash = !id.isEmpty
                    continue
                }
                switch properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                    .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
                    kept = scalar
                default:
                    continue
                }
            }
            if pendingDash {
                id.unicodeScalars.append("-")
                pendingDash = false
            }
            id.unicodeScalars.append(kept)
        }
        return id.isEmpty ? "section" : id
    }

    /// Puts `html` at the start of the ordered-list item that holds `place`: at the start of
    /// its first paragraph or heading, else as a block before its first block. Written as it
    /// is, even in safe mode. With `wrapping`, that first paragraph or heading's text is also
    /// enclosed in the pair (an inline element such as a `<span>` with attributes, opened before
    /// `html`); where the item starts with another block, only `html` is put in.
    public func insertMarkup(_ html: String, atStartOf place: PointPlace, wrapping: (open: String, close: String)? = nil) {
        let previousArena = enterArena()
        defer { sitegen_page_arena_enter(previousArena) }
        guard let index = place.item, index < placedItems.count else { return }
        let item = placedItems[index]
        let first = cmark_node_first_child(item)
        if let first, case let type = cmark_node_get_type(first), type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING {
            let custom = newNode(CMARK_NODE_CUSTOM_INLINE)
            Self.set(cmark_node_set_on_enter, custom, (wrapping?.open ?? "") + html)
            if let firstInline = cmark_node_first_child(first) {
                cmark_node_insert_before(firstInline, custom)
            } else {
                cmark_node_append_child(first, custom)
            }
            setCustomText("", of: custom)
            if let wrapping {
                // A second empty inline at the end closes it: the text stays where it is, so
                // every later pass over the paragraph sees the same nodes.
                let closing = newNode(CMARK_NODE_CUSTOM_INLINE)
                Self.set(cmark_node_set_on_enter, closing, wrapping.close)
                cmark_node_append_child(first, closing)
                setCustomText("", of: closing)
            }
            return
        }
        let custom = newNode(CMARK_NODE_CUSTOM_BLOCK)
        Self.set(cmark_node_set_on_enter, custom, html)
        if let first {
            cmark_node_insert_before(first, custom)
        } else {
            cmark_node_append_child(item, custom)
        }
    }
}

// MARK: - Glossary terms

extension MarkdownDocument {
    /// Marks the first occurrence of each term in prose with the markup `markup` gives for it
    /// (term index, text as written). Headings, link text, image descriptions and code are not
    /// prose and are left alone; later occurrences stay plain (README.md, "The glossary"). Spellings made only of
    /// ASCII match at word boundaries; others match as written.
    public func markFirstOccurrences(of terms: [TermPattern], markup: (Int, String) -> String) {
        markFirstOccurrences(using: TermMatcher(terms), markup: markup)
    }

    /// ``markFirstOccurrences(of:markup:)`` with a matcher built once for many documents.
    public func markFirstOccurrences(using matcher: TermMatcher, markup: (Int, String) -> String) {
        markFirstOccurrences(using: matcher) { term, spelling in
            let matched = matcher.spellings(ofTerm: term)[spelling]
            return .html(Markup(markup(term, matched)), text: matched)
        }
    }

    /// Marks the first occurrence of each term in prose with what `replacement` gives for it:
    /// the term's index and the index of the spelling found in its
    /// ``TermMatcher/spellings(ofTerm:)`` (the text found is exactly that spelling). A caller
    /// that marks many documents can make each replacement once and hand it out here.
    public func markFirstOccurrences(using matcher: TermMatcher, replacement: (_ term: Int, _ spelling: Int) -> TokenReplacement) {
        let previousArena = enterArena()
        defer { sitegen_page_arena_enter(previousArena) }
        var remaining = [Bool](repeating: true, count: matcher.termCount)
        var remainingCount = matcher.termCount
        let texts =
            notedProseTexts
            ?? collect(where: { $0 == CMARK_NODE_TEXT }).filter { !$0.inHeading && !$0.inLink }.map(\.node)
        // Text nodes are replaced here: the list is good once, and a token pass after this one
        // walks the tree again.
        notedProseTexts = nil
        notedTokenVisits = nil
        var scratch: [OpaquePointer] = []
        var segments: [TextSegment] = []
        var pending: [UInt8] = []
        for node in texts {
            if remainingCount == 0 { break }
            // The literal is searched where cmark keeps it; a String is made only of a match.
            let bytes = MarkdownDocument.literalBytes(of: node)
            guard bytes.baseAddress != nil else { continue }
            let matches = matcher.firstMatches(in: bytes, remaining: &remaining, remainingCount: &remainingCount)
            guard !matches.isEmpty else { continue }
            segments.removeAll(keepingCapacity: true)
            var cursor = 0
            for match in matches {
                segments.append(.original(cursor..<match.range.lowerBound))
                segments.append(.replacement(replacement(match.term, match.spelling)))
                cursor = match.range.upperBound
            }
            segments.append(.original(cursor..<bytes.count))
            replaceTextNode(node, with: segments, leavingTextsIn: &scratch, pending: &pending)
            scratch.removeAll(keepingCapacity: true)
        }
    }
}

// MARK: - East Asian line breaks

extension MarkdownDocument {
    /// Removes each soft line break that stands between two East Asian characters, so Japanese
    /// prose wrapped in the source gains no spaces, and each that follows East Asian full-width
    /// punctuation (。、」） and the like) whatever comes next: a sentence or a clause has ended,
    /// and Japanese puts no space there even before Latin letters, digits or a stamped date
    /// (「ご案内します。JPドメイン」). A break between other characters, or next to Hangul
    /// (which separates words with spaces), is kept.
    public func removeEastAsianSoftBreaks() {
        let previousArena = enterArena()
        defer { sitegen_page_arena_enter(previousArena) }
        let softBreaks = notedSoftBreaks ?? collect(where: { $0 == CMARK_NODE_SOFTBREAK }).map(\.node)
        // Some are freed here.
        notedSoftBreaks = nil
        for node in softBreaks {
            guard let before = lastCharacter(before: node), MarkdownDocument.isEastAsianWide(before) else { continue }
            if !MarkdownDocument.isFullWidthPunctuation(before) {
                guard let after = firstCharacter(after: node), MarkdownDocument.isEastAsianWide(after) else { continue }
            }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
    }

    private func lastCharacter(before node: OpaquePointer) -> Unicode.Scalar? {
        var current = cmark_node_previous(node)
        while let candidate = current {
            if let last = edgeScalar(of: candidate, last: true) { return last }
            // Descend into inline containers such as emphasis to their last text.
            guard let child = cmark_node_last_child(candidate) else { return nil }
            current = child
        }
        return nil
    }

    private func firstCharacter(after node: OpaquePointer) -> Unicode.Scalar? {
        var current = cmark_node_next(node)
        while let candidate = current {
            if let first = edgeScalar(of: candidate, last: false) { return first }
            guard let child = cmark_node_first_child(candidate) else { return nil }
            current = child
        }
        return nil
    }

    /// The first or last scalar of a node's plain text (``plainText(of:)``), `nil` when it has
    /// none. A text's scalar is decoded from the bytes cmark keeps: only the one scalar at the
    /// edge is read, not the whole text made into a String, at every line break of every page.
    private func edgeScalar(of node: OpaquePointer, last: Bool) -> Unicode.Scalar? {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
            let bytes = MarkdownDocument.literalBytes(of: node)
            guard !bytes.isEmpty else { return nil }
            // A scalar is at most four bytes; a continuation byte never starts one.
            if !last { return String(decoding: bytes.prefix(4), as: UTF8.self).unicodeScalars.first }
            var start = bytes.count - 1
            while start > 0, start > bytes.count - 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            return String(decoding: bytes[start...], as: UTF8.self).unicodeScalars.last
        case CMARK_NODE_CUSTOM_INLINE:
            guard let text = customText(of: node) else { return nil }
            return last ? text.unicodeScalars.last : text.unicodeScalars.first
        default:
            return nil
        }
    }

    /// Keeps `text` as the plain text of the custom node `node`, which this document made.
    private func setCustomText(_ text: String, of node: OpaquePointer) {
        customTexts.append(text)
        cmark_node_set_user_data(node, UnsafeMutableRawPointer(bitPattern: customTexts.count))
    }

    /// The plain text kept for a custom node this document made, `nil` for any other node.
    private func customText(of node: OpaquePointer) -> String? {
        guard let data = cmark_node_get_user_data(node) else { return nil }
        let index = Int(bitPattern: data) - 1
        return customTexts.indices.contains(index) ? customTexts[index] : nil
    }

    private func plainText(of node: OpaquePointer) -> String? {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
            MarkdownDocument.literal(of: node)
        case CMARK_NODE_CUSTOM_INLINE:
            customText(of: node)
        default:
            nil
        }
    }

    /// Whether a wide character is punctuation: the CJK symbols and punctuation block's marks
    /// (、。「」 and brackets), the fullwidth forms' punctuation (！？：（）) and the like.
    static func isFullWidthPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            isEastAsianWide(scalar)
        default:
            false
        }
    }

    /// Whether a character is East Asian Wide or Fullwidth (Unicode UAX #11), Hangul excepted.
    static func isEastAsianWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x303E, 0x3041...0x3096, 0x3099...0x30FF, 0x3105...0x312F, 0x31A0...0x31BF,
            0x31C0...0x31E3, 0x31F0...0x31FF, 0x3200...0x32FF, 0x3300...0x33FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xA000...0xA4CF, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
            0xFF01...0xFF60, 0xFFE0...0xFFE6, 0x1B000...0x1B2FF, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }
}

import Foundation

/// The markup that gives a heading its id and its `#` link (``MarkdownDocument/addHeadingIDs(taken:anchors:)``),
/// made once for each heading text and kept: the pages of a site share most of their headings,
/// and making an id, its percent-encoded link and both elements for every heading of every page
/// was 3.7 % of a build's instructions. Safe to share between threads.
public final class HeadingAnchors: @unchecked Sendable {
    /// A heading's id and its two elements.
    public struct Anchor: Sendable {
        /// The id, as ``MarkdownDocument/headingID(for:)`` makes it (with `-2` and so on when
        /// the page already has it).
        public var id: String
        /// The empty `<span class="heading-id">` that carries the id.
        public var target: String
        /// The `<a class="heading-anchor">` link to the heading.
        public var link: String
    }

    /// The most heading texts kept: a site whose headings stamp values may have a different
    /// text on every page, and those are made each time rather than kept.
    public static let capacity = 4096

    private let escapedLabel: String
    private let lock = NSLock()
    // Guarded by `lock`.
    /// Kept by the text's bytes (``UTF8Key``): two texts that are canonically equivalent but
    /// spelled differently each have the id made from their own characters.
    private var byText: [UTF8Key: Anchor] = [:]

    /// Anchors whose link has `anchorLabel` as its accessible name.
    public init(anchorLabel: String) {
        escapedLabel = MarkdownDocument.escapeHTML(anchorLabel)
    }

    /// The anchor of a heading whose text is `text`, before any `-2` a page may need.
    public func anchor(forText text: String) -> Anchor {
        let key = UTF8Key(text)
        if let anchor = lock.withLock({ byText[key] }) { return anchor }
        let anchor = self.anchor(forID: MarkdownDocument.headingID(for: text))
        lock.withLock {
            if byText.count < Self.capacity { byText[key] = anchor }
        }
        return anchor
    }

    /// The anchor with id `id`.
    public func anchor(forID id: String) -> Anchor {
        let escaped = MarkdownDocument.escapeHTML(id)
        let href = MarkdownDocument.escapeHTML(MarkdownDocument.percentEncodedFragment(id))
        return Anchor(
            id: id,
            target: "<span class=\"heading-id\" id=\"\(escaped)\"></span>",
            link: "<a class=\"heading-anchor\" href=\"#\(href)\" aria-label=\"\(escapedLabel)\" data-pagefind-ignore>#</a>")
    }
}

/// How Markdown is parsed and rendered.
public struct MarkdownOptions: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Pass raw HTML and dangerous URLs through. Off by default: raw HTML is replaced by an
    /// HTML comment and `javascript:` links are emptied (README.md, "site.yml", `unsafe_html`).
    public static let unsafeHTML = MarkdownOptions(rawValue: 1 << 0)
    /// GitHub-style footnotes (`[^1]`).
    public static let footnotes = MarkdownOptions(rawValue: 1 << 1)

    /// What a site renders with by default: footnotes on, raw HTML omitted (README.md, "Guides").
    public static let site: MarkdownOptions = [.footnotes]
}

import Diagnostics

/// Finds own-line includes whose indentation takes them out of the list item they follow.
///
/// An include alone on its line indents its partial as the tag is indented, so the partial's
/// lines belong to a list item only if the tag is indented at least as far as the item's text.
/// Indented less (`1. 手順` then `  {% include "sub" %}`), the partial's list items become items of
/// the outer list: step numbers and refs change with no other sign. Indented, but not enough,
/// is an error at the include, with the indentation that would keep it in the item. At the
/// start of the line right under an item (no blank line between), a partial of plain text
/// continues the item's paragraph, which is fine and used; a partial with list items of its
/// own is an error, found when the include is expanded (``DirectiveExpander``). After a blank
/// line, at the start of the line, the include ends the list, as meant.
enum IncludePlacement {
    /// How far up from an include the enclosing list item is looked for.
    static let lookBehind = 400

    /// Where an own-line include stands relative to the list item above it.
    enum Placement: Equatable {
        /// Indented, but less than the item's text, which starts at column `content + 1`.
        case indentedTooLittle(indentation: Int, content: Int)
        /// At the start of the line right under the item, no blank line between.
        case rightUnder(content: Int)
    }

    /// Reports own-line includes of `nodes` (parsed from `text`, whose first line is line
    /// `firstLine` of its file) indented too little for the item above them, and gives those at
    /// the start of the line right under an item, with the column of the item's text, for the
    /// expander to check against their partial.
    static func check(
        _ nodes: [DirectiveNode], text: String, firstLine: Int, diagnostics: inout [Diagnostic]
    ) -> [SourceRange: Int] {
        var includes: [(indentation: String, range: SourceRange)] = []
        DirectiveDocument(file: "", nodes: nodes).forEachNode { node in
            if case .include(_, let indentation?, let range) = node { includes.append((indentation, range)) }
        }
        guard !includes.isEmpty else { return [:] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var rightUnder: [SourceRange: Int] = [:]
        for include in includes {
            let index = include.range.start.line - firstLine
            guard index > 0, index < lines.count else { continue }
            switch placement(indentation: width(of: Substring(include.indentation)), above: lines[..<index]) {
            case .indentedTooLittle(let indentation, let content):
                diagnostics.append(.error(
                    "include.outside",
                    "this include is indented \(indentation), less than the text of the list item above (at column \(content + 1)), so the list items of its partial would join the outer list; indent the include by \(spaces(content)) to keep it in the item, or put a blank line before it and start it at the beginning of the line to end the list",
                    at: include.range))
            case .rightUnder(let content):
                rightUnder[include.range] = content
            case nil:
                break
            }
        }
        return rightUnder
    }

    /// The message for an include right under a list item whose partial has list items.
    static func rightUnderMessage(content: Int) -> String {
        "this include is at the start of the line right under a list item, and its partial has list items of its own, which would join the outer list; indent the include by \(spaces(content)) to keep them in the item, or put a blank line before the include to end the list"
    }

    private static func spaces(_ count: Int) -> String {
        count == 1 ? "1 space" : "\(count) spaces"
    }

    /// Whether `document`'s own text starts a list item on some line (in any branch).
    static func hasListItems(_ document: DirectiveDocument) -> Bool {
        var found = false
        document.forEachNode { node in
            guard !found, case .text(let text) = node else { return }
            found = text.split(separator: "\n").contains { listItem($0) != nil }
        }
        return found
    }

    /// A list item's line: its indentation and the column its text starts at (both counted from 0).
    struct Item {
        var indentation: Int
        var content: Int
    }

    /// Where an include indented `indentation` columns stands below `lines`; `nil` when inside
    /// the item above, or not under a list item at all, or after a blank line at the start of
    /// the line.
    static func placement(indentation: Int, above lines: ArraySlice<Substring>) -> Placement? {
        var items: [Item] = []  // the nearest first, then the items that enclose it
        var blankBetween = false  // a blank line right above the include (directive lines aside)
        var sawText = false
        var lowest = Int.max  // the least indentation of the text lines passed
        for line in lines.reversed().prefix(lookBehind) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if !sawText { blankBetween = true }
                continue
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            // Lines that are only a directive leave nothing in the text.
            if trimmed.hasPrefix("{%") && trimmed.hasSuffix("%}") || trimmed.hasPrefix("{#") && trimmed.hasSuffix("#}") {
                continue
            }
            sawText = true
            let lineIndentation = width(of: line.prefix { $0 == " " || $0 == "\t" })
            if let item = listItem(line), item.indentation < lowest {
                if indentation >= item.content { return nil }  // inside this item
                items.append(item)
                lowest = item.indentation
                if item.indentation == 0 { break }
                continue
            }
            if lineIndentation < lowest {
                // Text at the start of a line is no list item's: above it, nothing encloses
                // the include (a lazy continuation line is taken as the end, so as never to
                // report what may be fine).
                if lineIndentation == 0 { break }
                lowest = lineIndentation
            }
        }
        guard let nearest = items.first else { return nil }
        if indentation > 0 { return .indentedTooLittle(indentation: indentation, content: nearest.content) }
        // At the start of the line after a blank line: the list ends there, as meant.
        return blankBetween ? nil : .rightUnder(content: nearest.content)
    }

    /// The list item a line starts, if it starts one: `- `, `* `, `+ `, `1. ` or `1) `.
    static func listItem(_ line: Substring) -> Item? {
        let leading = line.prefix { $0 == " " || $0 == "\t" }
        let indentation = width(of: leading)
        var rest = line.dropFirst(leading.count)
        var marker = 0
        if let first = rest.first, first == "-" || first == "*" || first == "+" {
            marker = 1
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count) else { return nil }
            let after = rest.dropFirst(digits.count).first
            guard after == "." || after == ")" else { return nil }
            marker = digits.count + 1
        }
        rest = rest.dropFirst(marker)
        let gap = rest.prefix { $0 == " " }
        // A marker needs a space after it (or ends the line); `-- x` or `1.5` are no items.
        guard !gap.isEmpty || rest.isEmpty else { return nil }
        // `* * *` and `- - -` are thematic breaks.
        if marker == 1, rest.allSatisfy({ $0 == " " || $0 == line.dropFirst(leading.count).first }) { return nil }
        let spacing = gap.count > 4 || rest.count == gap.count ? 1 : gap.count
        return Item(indentation: indentation, content: indentation + marker + spacing)
    }

    /// Columns of leading whitespace, a tab reaching the next multiple of 4.
    private static func width(of whitespace: Substring) -> Int {
        whitespace.reduce(0) { $1 == "\t" ? ($0 / 4 + 1) * 4 : $0 + 1 }
    }
}

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
        /// Inside the item, whose text starts at column `content + 1`.
        case inside(content: Int)
    }

    /// What the expander checks against the partials: includes that are fine or not depending
    /// on what their partial holds, by place, with the column (from 0) of their item's text.
    struct Found {
        /// Own-line includes at the start of the line right under a list item.
        var rightUnder: [SourceRange: Int] = [:]
        /// Includes inside a line of a list item.
        var inline: [SourceRange: Int] = [:]
    }

    /// Reports own-line includes of `nodes` (parsed from `text`, whose first line is line
    /// `firstLine` of its file) indented too little for the item above them, and gives those at
    /// the start of the line right under an item, with the column of the item's text, for the
    /// expander to check against their partial.
    static func check(
        _ nodes: [DirectiveNode], text: String, firstLine: Int, diagnostics: inout [Diagnostic]
    ) -> Found {
        var includes: [(indentation: String?, range: SourceRange)] = []
        DirectiveDocument(file: "", nodes: nodes).forEachNode { node in
            if case .include(_, let indentation, let range) = node { includes.append((indentation, range)) }
        }
        var found = Found()
        guard !includes.isEmpty else { return found }
        let lines = TextLines.lines(of: text)
        for include in includes {
            let index = include.range.start.line - firstLine
            guard index >= 0, index < lines.count else { continue }
            guard let indentation = include.indentation else {
                // Inside a line: in a list item when the line starts one, or is indented into one.
                let line = lines[index]
                if let item = listItem(line) {
                    found.inline[include.range] = item.content
                } else if case .inside(let content) = placement(
                    indentation: width(of: line.prefix { $0 == " " || $0 == "\t" }), above: lines[..<index])
                {
                    found.inline[include.range] = content
                }
                continue
            }
            switch placement(indentation: width(of: Substring(indentation)), above: lines[..<index]) {
            case .indentedTooLittle(let indentation, let content):
                diagnostics.append(
                    .error(
                        "include.outside",
                        "this include is indented \(indentation), less than the text of the list item above (at column \(content + 1)), so the list items of its partial would join the outer list; indent the include by \(spaces(content)) to keep it in the item, or put a blank line before it and start it at the beginning of the line to end the list",
                        at: include.range))
            case .rightUnder(let content):
                found.rightUnder[include.range] = content
            case .inside, nil:
                break
            }
        }
        return found
    }

    /// The message for an include inside a line of a list item whose partial would leave it.
    static func inlineMessage(content: Int) -> String {
        "this include stands inside a line of a list item, and the lines of its partial after the first would leave the item (they hold list items or start a new paragraph); put the include on a line of its own, indented by \(spaces(content)) like the item's text"
    }

    /// Whether the lines of `document` after its first would leave a list item it is inserted
    /// into in the middle of a line: they start list items, or a blank line is followed by text.
    static func leavesItemInline(_ document: DirectiveDocument) -> Bool {
        var text = ""
        document.forEachNode { node in
            if case .text(let part) = node { text += part }
        }
        var blank = false
        for line in TextLines.lines(of: text).dropFirst() {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                blank = true
                continue
            }
            if blank || listItem(line) != nil { return true }
        }
        return false
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
            found = TextLines.lines(of: text, omittingEmpty: true).contains { listItem($0) != nil }
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
                if indentation >= item.content { return .inside(content: item.content) }
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

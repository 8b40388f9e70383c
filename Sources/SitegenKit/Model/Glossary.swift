import Diagnostics
import Foundation
import MarkdownRendering
import Yams

/// The terms of `Content/glossary.yml` (README.md, "The glossary").
public struct Glossary: Sendable {
    /// One term with its definition.
    public struct Term: Sendable, Hashable {
        /// The term as written.
        public let term: String
        /// Other spellings that count as the term.
        public let aliases: [String]
        /// Longer words that hold the term but are not it (`not_inside:`); never linked into.
        public var notInside: [String] = []
        /// What it means.
        public let definition: String
        /// Where it is defined.
        public let location: SourceLocation

        /// The HTML id of the term on the glossary page: the term with white space as `-`.
        public let id: String
        /// The id, percent-encoded for use after `#` in a link.
        let fragment: String
        /// The tooltip's id and the definition, escaped for HTML once rather than on every page.
        let escapedTipID: String
        let escapedDefinition: String
        /// A link's markup to the term, from after the page's path to the glossary up to the
        /// linked text, and from after that text to the end of the tooltip: every occurrence on
        /// every page writes them, so they are put together once.
        let linkMarkupMiddle: String
        let linkMarkupEnd: String

        /// Creates a term; its id and link fragment are worked out once here, not per page.
        public init(term: String, aliases: [String], definition: String, location: SourceLocation) {
            self.term = term
            self.aliases = aliases
            self.definition = definition
            self.location = location
            id = term.split(whereSeparator: \.isWhitespace).joined(separator: "-")
            fragment = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? id
            escapedTipID = MarkdownDocument.escapeHTML("tip-" + id)
            escapedDefinition = MarkdownDocument.escapeHTML(definition)
            linkMarkupMiddle = "glossary/index.html#\(fragment)\" aria-describedby=\"\(escapedTipID)\" data-pagefind-weight=\"3\">"
            linkMarkupEnd = "</a><span class=\"term-tip\" role=\"tooltip\" id=\"\(escapedTipID)\">\(escapedDefinition)</span></span>"
        }
    }

    /// The terms in file order.
    public var terms: [Term]

    /// The spellings of each term, for the Markdown pass that marks first occurrences.
    var patterns: [TermPattern] { terms.map { TermPattern(spellings: [$0.term] + $0.aliases, notInside: $0.notInside) } }

    /// Reads `glossary.yml`: a mapping of term → `definition` and optional `aliases`.
    // Long: one case per key of an entry, so the keys a glossary knows read as one table.
    static func load(_ source: SourceFile, diagnostics: inout [Diagnostic]) -> Glossary {
        var glossary = Glossary(terms: [])
        guard let document = YAMLDocument.parse(source.text, file: source.path, diagnostics: &diagnostics),
            let root = document.root
        else { return glossary }
        guard let pairs = root.orderedPairs else {
            diagnostics.append(
                SettingsProblem.glossaryInvalid("glossary.yml must map each term to its definition", at: document.range(of: root)))
            return glossary
        }
        var seen: [String: SourceLocation] = [:]
        for (keyNode, value) in pairs {
            // sitegen's placeholder characters in a term or its definition would pose as its
            // own markup in the pages (a date where none was written): they become U+FFFD.
            guard let term = keyNode.scalarText.map(InlineToken.neutralize), !term.isEmpty else { continue }
            var definition: String?
            var definitionIsNotText = false
            var aliases: [String] = []
            var notInside: [String] = []
            if let text = value.scalarText, value.scalar != nil {
                definition = InlineToken.neutralize(text)
            } else if let fields = value.orderedPairs {
                for (fieldNode, fieldValue) in fields {
                    switch fieldNode.scalarText ?? "" {
                    case "definition":
                        guard fieldValue.scalar != nil else {
                            diagnostics.append(
                                SettingsProblem.glossaryInvalid(
                                    "expected text for the definition of '\(term)', found \(fieldValue.sequence != nil ? "a list" : "a mapping")",
                                    at: document.location(of: fieldValue)))
                            definitionIsNotText = true
                            continue
                        }
                        definition = fieldValue.scalarText.map(InlineToken.neutralize)
                    case "aliases":
                        guard case .sequence(let list) = fieldValue else {
                            diagnostics.append(
                                SettingsProblem.glossaryInvalid(
                                    "aliases must be a list, like [証明書署名要求]", at: document.range(of: fieldValue)))
                            continue
                        }
                        aliases = list.compactMap(\.scalarText).map(InlineToken.neutralize)
                    case "not_inside":
                        guard case .sequence(let list) = fieldValue else {
                            diagnostics.append(
                                SettingsProblem.glossaryInvalid(
                                    "not_inside must be a list of longer words, like [IIJサーバ証明書管理サービス]",
                                    at: document.range(of: fieldValue)))
                            continue
                        }
                        notInside = list.compactMap(\.scalarText)
                    default:
                        diagnostics.append(
                            SettingsProblem.glossaryUnknownKey(
                                "unknown key '\(fieldNode.scalarText ?? "")' (known: aliases, definition, not_inside)",
                                at: document.range(of: fieldNode)))
                    }
                }
            }
            if case .sequence = value {
                diagnostics.append(
                    SettingsProblem.glossaryInvalid(
                        "expected text, or a mapping with 'definition:', for term '\(term)', found a list", at: document.location(of: value)))
                continue
            }
            // Reported above: the definition is there, but is no text.
            if definitionIsNotText { continue }
            guard let definition, !definition.isEmpty else {
                diagnostics.append(SettingsProblem.noDefinition("term '\(term)' has no definition", at: document.range(of: keyNode)))
                continue
            }
            let location = document.location(of: keyNode)
            for spelling in [term] + aliases {
                if let first = seen[spelling] {
                    diagnostics.append(
                        SettingsProblem.duplicateTerm(
                            spelling, at: SourceRange(start: location, length: term.count), first: SourceRange(first)))
                }
                seen[spelling] = location
            }
            var entry = Term(term: term, aliases: aliases, definition: definition, location: location)
            entry.notInside = notInside
            glossary.terms.append(entry)
        }
        return glossary
    }
}

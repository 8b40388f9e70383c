import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// Titles on pages that belong to no scenario (the index, a guide's picker): there are no facts
/// to stamp, so a stamp shows as `…` and a conditional keeps no branch.
struct GuideLevelText: DirectiveContext {
    /// What a stamp shows. Stored rather than written inline so that the context is not a
    /// zero-sized value: the expander takes it `inout`, and every zero-sized value shares one
    /// address, which the thread sanitizer reports as a race between pages rendered in parallel.
    private let placeholder = "…"

    static func expand(_ document: DirectiveDocument) -> String {
        guard document.containsDirectives else {
            return document.nodes.map { node in
                if case .text(let text) = node { text } else { "" }
            }.joined()
        }
        var context = GuideLevelText()
        var ignored: [Diagnostic] = []
        return DirectiveExpander().expand(document, context: &context, diagnostics: &ignored)
    }

    mutating func condition(_ expression: ExpressionSource) -> Bool? { nil }
    mutating func stamp(_ stamp: Stamp) -> String { placeholder }
    mutating func step(_ label: String, range: SourceRange) -> String { "" }
    mutating func ref(_ label: String, range: SourceRange) -> String { "" }
    mutating func partial(_ name: String, range: SourceRange) -> DirectiveDocument? { nil }
}

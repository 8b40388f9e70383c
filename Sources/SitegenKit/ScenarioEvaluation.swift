import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// Evaluates one page's directives for one scenario: conditions pick branches, stamps become
/// tokens that the Markdown tree pass swaps for their text (SPEC §7, §8).
struct ScenarioEvaluation: DirectiveContext {
    /// What a token stands for.
    enum TokenValue {
        case stamp(text: String, date: CivilDate?, source: ExpressionSource)
        case step(label: String, range: SourceRange)
        case ref(label: String, range: SourceRange)
    }

    let checked: CheckedSite
    let environment: Environment
    let stamper: DateStamper
    /// Whether stamps give their text directly (titles) instead of tokens (Markdown bodies).
    let plainText: Bool
    /// Whether a stamp's token reads to Markdown like the text it stands for (a Markdown body
    /// about to be parsed), rather than as a bare token that is looked up in the expanded text.
    var matchesText = false
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var tokens: [TokenValue] = []
    /// Which branch each conditional took, for `sitegen explain`.
    private(set) var decisions: [(condition: ExpressionSource, value: Bool)] = []

    init(checked: CheckedSite, environment: Environment, stamper: DateStamper, plainText: Bool = false) {
        self.checked = checked
        self.environment = environment
        self.stamper = stamper
        self.plainText = plainText
    }

    mutating func condition(_ expression: ExpressionSource) -> Bool? {
        guard let value = evaluate(expression) else { return nil }
        guard case .bool(let holds) = value else { return nil }
        decisions.append((expression, holds))
        return holds
    }

    mutating func stamp(_ stamp: Stamp) -> String {
        guard let value = evaluate(stamp.expression) else { return "" }
        let text: String
        do {
            text = try stamper.stampText(value, format: stamp.format)
        } catch {
            diagnostics.append(.error("directive.stamp", "\(error)", at: stamp.range))
            return ""
        }
        if plainText { return text }
        // An empty value stands for nothing, and nothing is what Markdown must see: any token
        // would read as a word to the emphasis rules around it.
        if matchesText && text.isEmpty { return "" }
        let shown = InlineToken.neutralize(text)
        var date: CivilDate?
        if case .date(let day) = value { date = day }
        return token(.stamp(text: shown, date: date, source: stamp.expression), standingFor: shown)
    }

    mutating func step(_ label: String, range: SourceRange) -> String {
        guard !plainText else {
            diagnostics.append(.error("directive.step-place", "a step can only stand in a guide's text", at: range))
            return ""
        }
        return token(.step(label: label, range: range))
    }

    mutating func ref(_ label: String, range: SourceRange) -> String {
        guard !plainText else {
            diagnostics.append(.error("directive.step-place", "a step reference can only stand in a guide's text", at: range))
            return ""
        }
        return token(.ref(label: label, range: range))
    }

    mutating func partial(_ name: String, range: SourceRange) -> DirectiveDocument? {
        if let problem = CheckedSite.partialNameProblem(name) {
            diagnostics.append(.error("include.outside", problem, at: range))
            return nil
        }
        guard let document = checked.partialDocuments[name] else {
            diagnostics.append(.error(
                "include.missing", "partial '\(name)' does not exist (no Content/partials/\(name).md)", at: range))
            return nil
        }
        return document
    }

    private mutating func token(_ value: TokenValue, standingFor text: String? = nil) -> String {
        tokens.append(value)
        if matchesText, let text { return InlineToken.make(tokens.count - 1, standingFor: text) }
        return InlineToken.make(tokens.count - 1)
    }

    private mutating func evaluate(_ source: ExpressionSource) -> Value? {
        // Expressions that did not parse or check were reported in the check phase.
        guard let expression = checked.expressions[source] else { return nil }
        do throws(EvaluationError) {
            return try environment.evaluate(expression)
        } catch {
            diagnostics.append(error.diagnostic)
            return nil
        }
    }
}

extension CheckedSite {
    /// Why an include name would leave `Content/partials/`, or `nil` if it is fine.
    static func partialNameProblem(_ name: String) -> String? {
        isSafePartialName(name)
            ? nil : "include name '\(name)' must be a path inside Content/partials/ (no '..', no leading '/')"
    }

    /// Whether every `/`-separated part of `name` is a plain name: not empty, `.` or `..`, and
    /// with no `\` or NUL. Runs for every include on every page, so it reads bytes and makes
    /// no Strings.
    private static func isSafePartialName(_ name: String) -> Bool {
        var partLength = 0
        var dots = 0
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "/"):
                if partLength == 0 || dots == partLength && dots <= 2 { return false }
                partLength = 0
                dots = 0
                continue
            case UInt8(ascii: "\\"), 0:
                return false
            case UInt8(ascii: "."):
                dots += 1
            default:
                break
            }
            partLength += 1
        }
        return partLength > 0 && !(dots == partLength && dots <= 2)
    }
}

/// Evaluates and renders the body of one (guide, scenario) page.
struct ScenarioBodyRenderer {
    let checked: CheckedSite
    let stamper: DateStamper
    let options: MarkdownOptions
    /// The relative path from the page to the output root, for links to the glossary.
    var rootPrefix = ""
    /// The guide's rules as the page's evaluator sees them: stamps that depend on the reader's
    /// facts are marked with their index so the page can write them again.
    var readerValues: GuideRulesData?

    /// A rendered body.
    struct Rendered {
        /// The body's HTML.
        var html: String
        /// Which branch each directive took.
        var decisions: [(condition: ExpressionSource, value: Bool)]
        /// The expressions of the stamps the kept branches hold, in order.
        var stamped: [ExpressionSource]
    }

    /// The body's HTML, and which branch each directive took.
    func render(
        guide: Guide, environment: Environment, scenarioID: String, diagnostics: inout [Diagnostic]
    ) -> Rendered {
        guard let document = checked.guideDocuments[guide.slug] else { return Rendered(html: "", decisions: [], stamped: []) }
        return render(
            document, environment: environment,
            pageName: scenarioID.isEmpty ? "guide '\(guide.slug)'" : "scenario '\(scenarioID)' of guide '\(guide.slug)'",
            diagnostics: &diagnostics)
    }

    /// The HTML of any directive document; `pageName` names the page in messages.
    func render(
        _ document: DirectiveDocument, environment: Environment, pageName: String, diagnostics: inout [Diagnostic]
    ) -> Rendered {
        var context = ScenarioEvaluation(checked: checked, environment: environment, stamper: stamper)
        context.matchesText = true
        var local: [Diagnostic] = []
        let expanded = DirectiveExpander().expand(document, context: &context, diagnostics: &local)
        local += context.diagnostics
        let tokens = context.tokens

        // A step stands for nothing, so Markdown must not see it: any character in its place
        // changes the text around it (`1. {% step %}**「承認」**` would lose its bold). Steps are
        // taken out before parsing and found again by where they stood.
        let (markdown, steps) = InlineToken.removeTokens(from: expanded) { id in
            guard id < tokens.count, case .step = tokens[id] else { return false }
            return true
        }
        let tree = MarkdownDocument(parsing: markdown, options: options)
        // Steps are numbered by where they ended up once the scenario's branches were taken.
        var stepNumbers: [String: String] = [:]
        for ((id, _), place) in zip(steps, tree.places(of: steps.map(\.point))) {
            guard case .step(let label, let range) = tokens[id] else { continue }
            if place.inCode {
                local.append(.error(
                    "step.in-code",
                    "step '\(label)' stands inside code, where it would name no step; move it out of the code, to the start of the item's text",
                    at: range))
            } else if place.listItemPath.isEmpty {
                local.append(.error("step.outside-list", "step '\(label)' must stand inside an ordered-list item", at: range))
            } else if stepNumbers[label] != nil {
                local.append(.error("step.duplicate", "step '\(label)' is named twice in \(pageName)", at: range))
            } else {
                stepNumbers[label] = place.listItemPath.map(String.init).joined(separator: ".")
                tree.insertMarkup("<span class=\"step-anchor\" id=\"\(stepAnchor(label))\"></span>", atStartOf: place)
            }
        }
        tree.replaceTokens { occurrence in
            // Authors' text is neutralised, so every token is one of ours; stay safe anyway.
            guard occurrence.id < tokens.count else { return .text("\u{FFFD}") }
            switch tokens[occurrence.id] {
            case .stamp(let text, let date, let source):
                // A value that depends on the reader's facts carries its stamp's number, so the
                // page can write the reader's own value in its place (in prose and in code).
                let index = readerValues?.liveStampIndex(of: source)
                let mark = index.map { " data-stamp=\"\($0)\"" } ?? ""
                switch occurrence.context {
                case .prose:
                    if let date {
                        return .html("<time datetime=\"\(date.isoString)\"\(mark)>\(MarkdownDocument.escapeHTML(text))</time>", text: text)
                    }
                    guard index != nil else { return .text(text) }
                    return .html("<span\(mark)>\(MarkdownDocument.escapeHTML(text))</span>", text: text)
                case .code:
                    guard index != nil else { return .text(text) }
                    return .html("<span\(mark)>\(MarkdownDocument.escapeHTML(text))</span>", text: text, inCode: true)
                case .attribute, .rawHTML:
                    if index != nil, let expression = checked.expressions[source] {
                        // The page cannot write into an address or raw HTML: a reader with
                        // their own values would see the example's here.
                        local.append(.warning(
                            "stamp.not-live",
                            "this value depends on the reader's facts, but in a link's address or title, an image's description or raw HTML the page cannot write the reader's own value, so readers would see the example's; move it into the text",
                            at: expression.range))
                    }
                    return .text(text)
                }
            case .step:
                // Steps were taken out before parsing; none is left to replace.
                return .text("")
            case .ref(let label, let range):
                guard let number = stepNumbers[label] else {
                    local.append(.error(
                        "step.missing-ref",
                        "step '\(label)' is not in \(pageName) (its branch is not taken, or no step has that name)",
                        at: range))
                    return .text("?")
                }
                if occurrence.context != .prose || occurrence.inLink { return .text(number) }
                return .html("<a class=\"step-ref\" href=\"#\(stepAnchor(label))\">\(number)</a>", text: number)
            }
        }
        if let glossary = checked.site.glossary, let matcher = checked.termMatcher {
            tree.markFirstOccurrences(using: matcher) { index, matched in
                termMarkup(glossary.terms[index], matched: matched)
            }
        }
        tree.removeEastAsianSoftBreaks()
        diagnostics += local
        let stamped = tokens.compactMap { token -> ExpressionSource? in
            if case .stamp(_, _, let source) = token { return source }
            return nil
        }
        return Rendered(html: tree.renderHTML(), decisions: context.decisions, stamped: stamped)
    }

    /// A glossary term: a link to its entry, with the definition as a tooltip that shows on
    /// hover and focus and is the link's accessible description; it is never part of the text.
    private func termMarkup(_ term: Glossary.Term, matched: String) -> String {
        "<span class=\"term-wrap\"><a class=\"term\" href=\"\(rootPrefix)glossary/index.html#\(term.fragment)\" aria-describedby=\"\(term.escapedTipID)\" data-pagefind-weight=\"3\">\(MarkdownDocument.escapeHTML(matched))</a>"
            + "<span class=\"term-tip\" role=\"tooltip\" id=\"\(term.escapedTipID)\">\(term.escapedDefinition)</span></span>"
    }

    /// The HTML id of a step: `step-` and the label, with anything but letters, digits, `-` and
    /// `_` percent-encoded so any label is a valid, unique id.
    private func stepAnchor(_ label: String) -> String {
        "step-" + (label.addingPercentEncoding(withAllowedCharacters: Self.anchorCharacters) ?? label)
            .replacingOccurrences(of: "%", with: "_")
    }

    /// Made once: building the set is dearer than encoding a label, and every step and step
    /// reference on every page needs it.
    private static let anchorCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_"))
}

import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// Evaluates and renders the body of one (guide, scenario) page.
///
/// A class, and what every page reads held in one ``Shared`` object made once per build: a
/// renderer is made for every page, and a copy of the checked site's dozen tables in each (or
/// of the renderer itself, inside its passes) counted a reference on every table, on cache
/// lines that every core's pages touch.
final class ScenarioBodyRenderer {
    /// What the body renderers of a build share.
    // Unchecked: the one mutable table, the glossary links, is read and written under `lock`.
    final class Shared: @unchecked Sendable {
        let checked: CheckedSite
        let stamper: DateStamper
        let options: MarkdownOptions
        private let lock = NSLock()
        /// The glossary links by the pages' path to the output root, then by term and spelling.
        private var glossaryLinks: [String: [[TokenReplacement]]] = [:]

        /// The headings' ids and links, kept by heading text for every page of the build.
        let headingAnchors: HeadingAnchors

        init(checked: CheckedSite, stamper: DateStamper, options: MarkdownOptions) {
            self.checked = checked
            self.stamper = stamper
            self.options = options
            // The accessible name of the `#` link beside each heading, in the site's language.
            headingAnchors = HeadingAnchors(
                anchorLabel: LanguageTag.isJapanese(checked.site.configuration.language) ? "この見出しへのリンク" : "Link to this section")
        }

        /// The replacement of every spelling of every glossary term for pages `rootPrefix` away
        /// from the output root, by term and spelling (``TermMatcher/spellings(ofTerm:)``).
        /// Made once for each depth of page: a link's markup depends on nothing else, and
        /// putting it together for each occurrence was 1.5 % of a build's instructions.
        func glossaryLinks(rootPrefix: String, glossary: Glossary, matcher: TermMatcher) -> [[TokenReplacement]] {
            lock.lock()
            defer { lock.unlock() }
            if let links = glossaryLinks[rootPrefix] { return links }
            let links = (0..<matcher.termCount).map { term in
                matcher.spellings(ofTerm: term).map { spelling in
                    TokenReplacement.html(
                        Markup(ScenarioBodyRenderer.termMarkup(glossary.terms[term], matched: spelling, rootPrefix: rootPrefix)),
                        text: spelling)
                }
            }
            glossaryLinks[rootPrefix] = links
            return links
        }
    }

    let shared: Shared
    /// The relative path from the page to the output root, for links to the glossary.
    let rootPrefix: String
    /// The guide's rules as the page's evaluator sees them: stamps that depend on the reader's
    /// facts are marked with their index so the page can write them again.
    var readerValues: GuideRulesData?
    /// Where a scenario page's refs to steps it does not have are gathered, to be reported once
    /// for every scenario (``MissingStepReferences``); without it each is reported for its page.
    var missingStepReferences: MissingStepReferences?

    /// A renderer that reads `shared`, for a page `rootPrefix` away from the output root.
    init(shared: Shared, rootPrefix: String = "") {
        self.shared = shared
        self.rootPrefix = rootPrefix
    }

    /// A renderer with a ``Shared`` of its own, for a body rendered on its own (a draft, an
    /// explanation).
    convenience init(checked: CheckedSite, stamper: DateStamper, options: MarkdownOptions, rootPrefix: String = "") {
        self.init(shared: Shared(checked: checked, stamper: stamper, options: options), rootPrefix: rootPrefix)
    }

    /// A rendered body.
    struct Rendered {
        /// The body's HTML, as UTF-8 bytes: a page writes them as they are (``html`` is the
        /// same as a String, for the few that need one).
        var htmlBytes: [UInt8]
        /// Which branch each directive took.
        var decisions: [BranchDecision]
        /// The expressions of the stamps the kept branches hold, in order.
        var stamped: [ExpressionSource]

        /// The body's HTML.
        var html: String { String(decoding: htmlBytes, as: UTF8.self) }
    }

    /// A body's directives expanded for one scenario: the Markdown text with its tokens, before
    /// Markdown sees it. A scenario's guide page needs its decisions, and its own page the text:
    /// expanded once, it serves both.
    struct Expansion: Sendable {
        /// The expanded Markdown as UTF-8, with a token for each stamp, step and ref.
        var utf8: [UInt8]
        /// What each token stands for, by its number.
        var tokens: [ScenarioEvaluation.TokenValue]
        /// Which branch each conditional took, in document order.
        var decisions: [BranchDecision]
        /// The expression of every stamp of the kept branches, in order, whatever its value.
        var everyStamp: [ExpressionSource]
        /// The problems expansion met, to be reported with the page.
        var diagnostics: [Diagnostic]
    }

    /// `document` expanded for the scenario whose values `environment` holds.
    static func expand(_ document: DirectiveDocument, environment: Environment, shared: Shared) -> Expansion {
        var context = ScenarioEvaluation(checked: shared.checked, environment: environment, stamper: shared.stamper)
        context.matchesText = true
        var diagnostics: [Diagnostic] = []
        let utf8 = DirectiveExpander().expandUTF8(document, context: &context, diagnostics: &diagnostics)
        diagnostics += context.diagnostics
        return Expansion(
            utf8: utf8, tokens: context.tokens, decisions: context.decisions, everyStamp: context.everyStamp,
            diagnostics: diagnostics)
    }

    /// The body's HTML, and which branch each directive took.
    /// - Parameter expansion: the guide's body already expanded for this scenario
    ///   (``expand(_:environment:shared:)``), when the caller has it.
    func render(
        guide: Guide, environment: Environment, scenarioID: String, expansion: Expansion? = nil, diagnostics: inout [Diagnostic]
    ) -> Rendered {
        guard let document = shared.checked.guideDocuments[guide.slug] else { return Rendered(htmlBytes: [], decisions: [], stamped: []) }
        return render(
            document, environment: environment,
            pageName: scenarioID.isEmpty ? "guide '\(guide.slug)'" : "scenario '\(scenarioID)' of guide '\(guide.slug)'",
            scenario: scenarioID.isEmpty ? nil : (guide.slug, scenarioID), expansion: expansion, diagnostics: &diagnostics)
    }

    /// The HTML of any directive document; `pageName` names the page in messages, and
    /// `scenario` the guide and scenario whose page it is, if it is one. `expansion`, when
    /// given, is `document` already expanded for `environment`.
    func render(
        _ document: DirectiveDocument, environment: Environment, pageName: String, scenario: (guide: String, id: String)? = nil,
        expansion: Expansion? = nil, diagnostics: inout [Diagnostic]
    ) -> Rendered {
        let expansion = expansion ?? Self.expand(document, environment: environment, shared: shared)
        var local = expansion.diagnostics
        let tokens = expansion.tokens

        // A step stands for nothing, so Markdown must not see it: any character in its place
        // changes the text around it (`1. {% step %}**「承認」**` would lose its bold). Steps are
        // taken out before parsing and found again by where they stood.
        let (markdown, steps) = InlineToken.removeTokens(fromUTF8: expansion.utf8) { id in
            guard id < tokens.count, case .step = tokens[id] else { return false }
            return true
        }
        let tree = MarkdownDocument(parsingUTF8: markdown, options: shared.options)
        let scenarioNote = scenario.map { (guide: $0.guide, note: Diagnostic.Note.scenario($0.id, at: environment.scenario.declaration.idRange)) }
        let stepNumbers = placeSteps(
            steps, tokens: tokens, in: tree, markdown: markdown, pageName: pageName, scenario: scenarioNote, diagnostics: &local)
        replaceTokens(tokens, in: tree, stepNumbers: stepNumbers, pageName: pageName, scenario: scenario, diagnostics: &local)
        if let glossary = shared.checked.site.glossary, let matcher = shared.checked.termMatcher {
            let links = shared.glossaryLinks(rootPrefix: rootPrefix, glossary: glossary, matcher: matcher)
            tree.markFirstOccurrences(using: matcher) { term, spelling in links[term][spelling] }
        }
        tree.removeEastAsianSoftBreaks()
        // Headings get ids from their text, readers' links to sections; step anchors keep theirs.
        tree.addHeadingIDs(taken: stepNumbers.keys.map(stepAnchor), anchors: shared.headingAnchors)
        diagnostics += local
        let stamped = tokens.compactMap { token -> ExpressionSource? in
            if case .stamp(_, _, let source) = token { return source }
            return nil
        }
        return Rendered(htmlBytes: tree.renderHTMLBytes(), decisions: expansion.decisions, stamped: stamped)
    }

    /// For each point of `markdown` (in order of the text), whether a backtick stands right
    /// before it and right after it. A step alone in a code span (`` `{% step "x" %}` ``) leaves
    /// two backticks once it is taken out, which Markdown reads as text, not as code: the step
    /// was written inside code all the same.
    static func pointsBetweenBackticks(_ points: [SourcePoint], in markdown: [UInt8]) -> [Bool] {
        guard !points.isEmpty else { return [] }
        let backtick = UInt8(ascii: "`")
        return markdown.withUnsafeBufferPointer { bytes in
            // A point can stand between two backticks only where the text has two together.
            guard let base = bytes.baseAddress, Self.hasTwoBackticks(bytes) else {
                return [Bool](repeating: false, count: points.count)
            }
            var line = 1
            var lineStart = 0
            return points.map { point in
                // Points come in the order of the text, so the lines are walked once in all,
                // from one line feed to the next (memchr: a byte loop here cost 2 % of a build).
                while line < point.line, lineStart < bytes.count,
                    let feed = memchr(base + lineStart, Int32(UInt8(ascii: "\n")), bytes.count - lineStart)
                {
                    lineStart = base.distance(to: feed.assumingMemoryBound(to: UInt8.self)) + 1
                    line += 1
                }
                let at = lineStart + point.column - 1
                return at > 0 && at < bytes.count && bytes[at - 1] == backtick && bytes[at] == backtick
            }
        }
    }

    /// Whether `bytes` has two backticks side by side, found from one backtick to the next.
    private static func hasTwoBackticks(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var offset = 0
        while offset < bytes.count, let found = memchr(base + offset, Int32(UInt8(ascii: "`")), bytes.count - offset) {
            let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: "`") { return true }
            offset = at + 1
        }
        return false
    }

    /// Numbers the steps by where they ended up once the scenario's branches were taken, and
    /// anchors each at the start of its list item.
    private func placeSteps(
        _ steps: [(id: Int, point: SourcePoint)], tokens: [ScenarioEvaluation.TokenValue], in tree: MarkdownDocument,
        markdown: [UInt8], pageName: String, scenario: (guide: String, note: Diagnostic.Note)?, diagnostics local: inout [Diagnostic]
    ) -> [String: String] {
        var stepNumbers: [String: String] = [:]
        stepNumbers.reserveCapacity(steps.count)
        let emptied = Self.pointsBetweenBackticks(steps.map(\.point), in: markdown)
        for (((id, _), place), emptiedCode) in zip(zip(steps, tree.places(of: steps.map(\.point))), emptied) {
            guard case .step(let label, let range) = tokens[id] else { continue }
            if place.inCode || emptiedCode {
                local.append(RenderProblem.stepInCode(label, at: range))
            } else if place.listItemPath.isEmpty {
                local.append(RenderProblem.stepOutsideList(label, at: range))
            } else if stepNumbers[label] != nil {
                let first = steps.lazy.compactMap { step -> SourceRange? in
                    if case .step(label, let range) = tokens[step.id] { return range }
                    return nil
                }.first
                if let scenario {
                    // The same mistake on each scenario's page: shown once, naming the scenarios.
                    var diagnostic = RenderProblem.stepDuplicate(label, page: "a page of guide '\(scenario.guide)'", at: range)
                    if let first, first != range { diagnostic.notes.append(.init("'\(label)' is first named here", at: first)) }
                    diagnostic.notes.append(scenario.note)
                    local.append(diagnostic)
                } else {
                    local.append(RenderProblem.stepDuplicate(label, page: pageName, at: range))
                }
            } else {
                // Most steps are items of a list that is not nested: their number is one Int.
                let path = place.listItemPath
                stepNumbers[label] = path.count == 1 ? String(path[0]) : path.map(String.init).joined(separator: ".")
                // The step's opening line is its title: it weighs more in the search index.
                let anchor = stepAnchor(label)
                let markup = MarkupWriter.make(capacity: 64 + anchor.utf8.count) { writer in
                    writer.append("<span class=\"step-anchor\" id=\"")
                    writer.append(contentsOf: anchor)
                    writer.append("\"></span>")
                }
                tree.insertMarkup(
                    markup, atStartOf: place,
                    wrapping: ("<span class=\"step-title\" data-pagefind-weight=\"2\">", "</span>"))
            }
        }
        return stepNumbers
    }

    /// Swaps each token for what it stands for: a stamp's text (marked when it depends on the
    /// reader's facts), a step reference's number.
    private func replaceTokens(
        _ tokens: [ScenarioEvaluation.TokenValue], in tree: MarkdownDocument, stepNumbers: [String: String], pageName: String,
        scenario: (guide: String, id: String)?, diagnostics: inout [Diagnostic]
    ) {
        var local: [Diagnostic] = []
        defer { diagnostics += local }
        tree.replaceTokens { occurrence in
            // Authors' text is neutralised, so every token is one of ours; stay safe anyway.
            guard occurrence.id < tokens.count else { return .text("\u{FFFD}") }
            switch tokens[occurrence.id] {
            case .stamp(let text, let date, let source):
                // A value that depends on the reader's facts carries its stamp's number, so the
                // page can write the reader's own value in its place (in prose and in code).
                let index = readerValues?.liveStampIndex(of: source)
                switch occurrence.context {
                case .prose:
                    if let date {
                        return .html(Self.stampMarkup(text: text, date: date, index: index), text: text)
                    }
                    guard index != nil else { return .text(text) }
                    return .html(Self.stampMarkup(text: text, date: nil, index: index), text: text)
                case .code:
                    guard index != nil else { return .text(text) }
                    return .html(Self.stampMarkup(text: text, date: nil, index: index), text: text, inCode: true)
                case .attribute, .rawHTML:
                    if index != nil, let expression = shared.checked.expressions[source] {
                        // The page cannot write into an address or raw HTML: a reader with
                        // their own values would see the example's here.
                        local.append(RenderProblem.notLive(at: expression.range))
                    }
                    return .text(text)
                }
            case .step:
                // Steps were taken out before parsing; none is left to replace.
                return .text("")
            case .ref(let label, let range):
                guard let number = stepNumbers[label] else {
                    if let scenario, let missingStepReferences {
                        missingStepReferences.add(label, guide: scenario.guide, scenario: scenario.id, at: range)
                    } else {
                        local.append(RenderProblem.stepMissing(label, page: pageName, at: range))
                    }
                    return .text("?")
                }
                if occurrence.context != .prose || occurrence.inLink { return .text(number) }
                let anchor = stepAnchor(label)
                let link = MarkupWriter.markup(capacity: 64 + anchor.utf8.count + number.utf8.count) { writer in
                    writer.append("<a class=\"step-ref\" href=\"#")
                    writer.append(contentsOf: anchor)
                    writer.append("\">")
                    writer.append(contentsOf: number)
                    writer.append("</a>")
                }
                return .html(link, text: number)
            }
        }
    }

    /// A stamped value's element: `<time datetime="…">` for a date, `<span>` otherwise, with
    /// `data-stamp="N"` when the page can write the reader's own value there. Built in one
    /// piece of bytes: every stamp of every page is one.
    private static func stampMarkup(text: String, date: CivilDate?, index: Int?) -> Markup {
        // The element twice, the attributes with a date of up to 20 bytes and a number of up to
        // 20, and the text escaped.
        let capacity = 96 + MarkupWriter.escapedCapacity(of: text)
        return MarkupWriter.markup(capacity: capacity) { markup in
            if let date {
                markup.append("<time datetime=\"")
                let (year, month, day) = date.components
                if (0...9999).contains(year) {
                    markup.append(year, width: 4)
                    markup.append("-")
                    markup.append(month, width: 2)
                    markup.append("-")
                    markup.append(day, width: 2)
                } else {
                    markup.append(contentsOf: date.isoString)
                }
                markup.append("\"")
            } else {
                markup.append("<span")
            }
            if let index {
                markup.append(" data-stamp=\"")
                markup.append(index)
                markup.append("\"")
            }
            markup.append(">")
            markup.appendEscaped(text)
            markup.append(date == nil ? "</span>" : "</time>")
        }
    }

    /// A glossary term: a link to its entry, with the definition as a tooltip that shows on
    /// hover and focus and is the link's accessible description; it is never part of the text.
    static func termMarkup(_ term: Glossary.Term, matched: String, rootPrefix: String) -> String {
        "<span class=\"term-wrap\"><a class=\"term\" href=\"" + rootPrefix + term.linkMarkupMiddle
            + MarkdownDocument.escapeHTML(matched) + term.linkMarkupEnd
    }

    /// The HTML id of a step: `step-` and the label, with anything but letters, digits, `-` and
    /// `_` percent-encoded so any label is a valid, unique id.
    private func stepAnchor(_ label: String) -> String {
        // Most labels are plain ASCII words, which encode to themselves: checked over bytes,
        // since Foundation's percent-encoding is dear and every step and ref of every page asks.
        if label.withUTF8Bytes({ $0.allSatisfy(Self.isAnchorByte) }) { return "step-" + label }
        return "step-"
            + (label.addingPercentEncoding(withAllowedCharacters: Self.anchorCharacters) ?? label)
            .replacingOccurrences(of: "%", with: "_")
    }

    private static func isAnchorByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// Made once: building the set is dearer than encoding a label, and every step and step
    /// reference on every page needs it.
    private static let anchorCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_"))
}

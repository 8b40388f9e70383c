import Diagnostics
import Foundation
import MarkdownRendering
import Rules

/// Links in the built pages that lead nowhere, placed in the source that wrote them; and links
/// from published pages to a draft's pages, which lead nowhere once `build` leaves the draft out.
enum DeadLinksCheck {
    /// Warns of every link of the built pages that leads nowhere, and of every link from a
    /// published page to a draft guide's pages, once per source that wrote it.
    ///
    /// `pages` holds the drafts' pages too (check builds them), so a link to a draft is found
    /// here rather than as a dead link. The index is the exception: it lists the drafts only
    /// because check builds them, and a build without drafts lists none, so its links to drafts
    /// are not reported.
    ///
    /// The pages' links are found and resolved on `jobs` threads (searching every page of a
    /// large site is most of this check's time); what they come to is then reported one page
    /// after another, in the order of their paths, as before.
    static func run(in pages: [String: String], checked: CheckedSite, jobs: Int = 1, diagnostics: inout [Diagnostic]) {
        let site = checked.site
        let drafts = Set(site.guides.filter(\.draft).map(\.slug))
        var reported: Set<String> = []
        let root = rootPath(of: site.configuration.baseURL)
        let paths = pages.keys.sorted().filter { $0.hasSuffix(".html") }
        // Each page's anchors are read once: searching the target page for every link's
        // fragment took a tenth of a large site's check.
        let anchorSets = ResultSlots.map(count: paths.count, jobs: jobs) { Anchors(html: pages[paths[$0]] ?? "") }
        let anchors = Dictionary(uniqueKeysWithValues: zip(paths, anchorSets))
        let links = Self.links(of: paths, pages: pages, drafts: drafts, root: root, anchors: anchors, jobs: jobs)
        for (path, found) in zip(paths, links) {
            for link in found {
                let found: (message: String, make: (String, SourceRange) -> Diagnostic, orElse: (String, String, String) -> Diagnostic)
                let reference = link.reference
                if let problem = link.problem {
                    found = (problem, CheckWarning.deadLink(_:at:), CheckWarning.deadLink(_:page:file:))
                } else if let draft = link.draft {
                    found = (
                        CheckWarning.linkToDraftMessage(reference, guide: draft), CheckWarning.linkToDraft(_:at:),
                        CheckWarning.linkToDraft(_:page:file:)
                    )
                } else {
                    continue
                }
                guard reported.insert("\(sourceKey(for: path))|\(reference)").inserted else { continue }
                let diagnostic = locate(
                    reference, page: path, message: found.message, site: site, checked: checked, make: found.make, orElse: found.orElse)
                // A template writes the same broken link into every page it draws: report it once.
                let place = diagnostic.range.map { "\($0.start)" } ?? (diagnostic.file ?? "")
                guard reported.insert("\(place)|\(reference.split(separator: "/").last ?? "")").inserted else { continue }
                diagnostics.append(diagnostic)
            }
        }
    }

    /// A link of a page that may be worth a warning: why it leads nowhere, or the draft it
    /// leads to from a published page.
    private struct Link: Sendable {
        var reference: String
        var problem: String?
        var draft: String?
    }

    /// The links of each page of `paths` that lead nowhere or to a draft, in the order of the
    /// page, worked out on up to `jobs` threads.
    private static func links(
        of paths: [String], pages: [String: String], drafts: Set<String>, root: String, anchors: [String: Anchors], jobs: Int
    ) -> [[Link]] {
        ResultSlots.map(count: paths.count, jobs: jobs) { index in
            let path = paths[index]
            let fromPublished = path != Page(.index).path && draftSlug(of: path, drafts: drafts) == nil
            var found: [Link] = []
            for reference in references(in: pages[path] ?? "") {
                if let problem = problem(with: reference, from: path, pages: pages, root: root, anchors: anchors) {
                    found.append(Link(reference: reference, problem: problem))
                } else if fromPublished, let target = target(of: reference, from: path, root: root),
                    let draft = draftSlug(of: target, drafts: drafts)
                {
                    found.append(Link(reference: reference, draft: draft))
                }
            }
            return found
        }
    }

    /// The `href` and `src` values of a page, unescaped (`&amp;` read as `&`): every `href`
    /// in the order of the page, then every `src`.
    static func references(in html: String) -> [String] {
        // Searched as bytes: a page is tens of kilobytes, and Foundation's search compares
        // characters, which took most of this function's time.
        html.withUTF8Bytes { bytes in
            var found: [String] = []
            for attribute in [" href=\"", " src=\""] {
                for (start, end) in values(after: Array(attribute.utf8), in: bytes, resumingAt: .closingQuote) {
                    found.append(unescapingAmpersands(bytes[start..<end]))
                }
            }
            return found
        }
    }

    /// The bytes of `slice` as text, each `&amp;` read as `&`.
    private static func unescapingAmpersands(_ slice: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        let entity = Array("&amp;".utf8)
        guard slice.contains(0x26) else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var index = slice.startIndex
        while index < slice.endIndex {
            if slice[index] == 0x26, slice.endIndex - index >= entity.count, slice[index..<index + entity.count].elementsEqual(entity) {
                out.append(0x26)
                index += entity.count
            } else {
                out.append(slice[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where a search for the next prefix goes on after a value is found.
    enum Resumption {
        /// At the value's closing quote: values do not overlap (an attribute's value is read
        /// whole).
        case closingQuote
        /// Right after the prefix: a value's own text is searched too, as a search of the page
        /// for `id="x"` would find it inside `title="id="x"` or `data-id="x"`.
        case afterPrefix
    }

    /// The byte ranges of the text after each `prefix` in `bytes`, up to the next `"`; a prefix
    /// with no `"` after it ends the search.
    static func values(
        after prefix: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, resumingAt resumption: Resumption
    ) -> [(start: Int, end: Int)] {
        var found: [(start: Int, end: Int)] = []
        guard let first = prefix.first, bytes.count >= prefix.count else { return found }
        var position = 0
        let last = bytes.count - prefix.count
        while position <= last {
            guard bytes[position] == first, bytes[position..<position + prefix.count].elementsEqual(prefix) else {
                position += 1
                continue
            }
            let start = position + prefix.count
            guard let end = bytes[start...].firstIndex(of: 0x22) else { break }
            found.append((start, end))
            position = resumption == .closingQuote ? end : start
        }
        return found
    }

    /// The values of a page's `id="…"` and `name="…"`, read once, against which a link's
    /// fragment is looked up instead of searching the page for it. Every place the attribute's
    /// text appears counts, as it would for a search of the page (`data-id="x"` holds `id="x"`).
    struct Anchors: Sendable {
        var ids: Set<String> = []
        var names: Set<String> = []

        /// The anchors of `html`.
        init(html: String) {
            html.withUTF8Bytes { bytes in
                func texts(after prefix: String) -> Set<String> {
                    Set(
                        DeadLinksCheck.values(after: Array(prefix.utf8), in: bytes, resumingAt: .afterPrefix).map {
                            String(decoding: bytes[$0.start..<$0.end], as: UTF8.self)
                        })
                }
                ids = texts(after: "id=\"")
                names = texts(after: "name=\"")
            }
        }
    }

    /// The slug of the draft guide whose page `path` is, or `nil`.
    private static func draftSlug(of path: String, drafts: Set<String>) -> String? {
        let parts = path.split(separator: "/")
        guard parts.count >= 2, parts[0] == "guides", drafts.contains(String(parts[1])) else { return nil }
        return String(parts[1])
    }

    /// The output path a link inside the site leads to, as ``problem(with:from:pages:root:)``
    /// resolves it; `nil` when it leaves the site or only names an anchor of its own page.
    static func target(of reference: String, from page: String, root: String = "/") -> String? {
        if reference.isEmpty || reference.contains(":") || reference.hasPrefix("//") { return nil }
        let pathPart = String(
            reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        guard !pathPart.isEmpty, case .path(let target) = resolve(pathPart, from: page, root: root) else { return nil }
        return target.isEmpty ? "index.html" : target
    }

    /// Where a link's path leads from `page`.
    private enum Resolution {
        /// An output path, without a folder's `index.html`.
        case path(String)
        /// Above the site's root.
        case outside
        /// A root-relative path outside the path the site is published at: another site.
        case elsewhere
    }

    private static func resolve(_ pathPart: String, from page: String, root: String) -> Resolution {
        var pathPart = pathPart
        var components = page.split(separator: "/").dropLast().map(String.init)
        if pathPart.hasPrefix("/") {
            // A root-relative link starts at the site's root, not beside the page; one that
            // is not under the path the site is published at leads to another site.
            guard (pathPart + "/").hasPrefix(root) else { return .elsewhere }
            pathPart = pathPart == root.dropLast() ? "" : String(pathPart.dropFirst(root.count))
            components = []
        }
        for component in pathPart.split(separator: "/", omittingEmptySubsequences: false) {
            switch component {
            case "", ".": continue
            case "..":
                if components.isEmpty { return .outside }
                components.removeLast()
            default: components.append(String(component).removingPercentEncoding ?? String(component))
            }
        }
        return .path(components.joined(separator: "/"))
    }

    /// The path the site is published under (`/ssl/` for `https://help.example.jp/ssl/`, `/`
    /// without a `base_url`), against which a root-relative link (`/guides/g/`) resolves.
    static func rootPath(of baseURL: String) -> String {
        guard let url = URL(string: baseURL), url.scheme != nil else { return "/" }
        let path = url.path
        return path.hasSuffix("/") ? path : path + "/"
    }

    /// Why a link leads nowhere, or `nil` when it is fine or leaves the site. `root` is the path
    /// the site is published under (`rootPath(of:)`). `anchors`, when given, holds the anchors
    /// of pages, read once (``Anchors``); a page not in it is searched for the fragment.
    static func problem(
        with reference: String, from page: String, pages: [String: String], root: String = "/", anchors: [String: Anchors] = [:]
    ) -> String? {
        if reference.isEmpty || reference.contains(":") || reference.hasPrefix("//") { return nil }
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let pathPart = String(parts[0].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        let fragment = parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? String(parts[1]) : nil
        var target = page
        if !pathPart.isEmpty {
            switch resolve(pathPart, from: page, root: root) {
            case .elsewhere: return nil
            case .outside: return "'\(reference)' leads outside the site"
            case .path(let resolved): target = resolved
            }
            if pathPart.hasSuffix("/") || target.isEmpty { target += target.isEmpty ? "index.html" : "/index.html" }
            guard pages[target] != nil || pages[target + "/index.html"] != nil else {
                return "'\(reference)' leads nowhere: there is no \(target) in the output"
            }
        }
        let targetKey = pages[target] != nil ? target : target + "/index.html"
        if let fragment, !fragment.isEmpty, let html = pages[targetKey] {
            let found: Bool
            // A fragment with a quote in it is no value of a `name` (the value ends at a quote):
            // only a search of the page can tell whether `name="…"` with it appears.
            if let known = anchors[targetKey], !fragment.utf8.contains(0x22) {
                found = known.ids.contains(MarkdownDocument.escapeHTML(fragment)) || known.names.contains(fragment)
            } else {
                found = html.contains("id=\"\(MarkdownDocument.escapeHTML(fragment))\"") || html.contains("name=\"\(fragment)\"")
            }
            if !found {
                return "'\(reference)' leads nowhere: \(target) has no anchor '#\(fragment)'"
            }
        }
        return nil
    }

    /// One key per source that makes a page, so a broken link in a guide is reported once, not
    /// once per scenario.
    private static func sourceKey(for page: String) -> String {
        let parts = page.split(separator: "/")
        return parts.count >= 3 && parts[0] == "guides" ? "guides/\(parts[1])" : page
    }

    /// Places a dead link in the source that wrote it: the guide or one of its partials when the
    /// link is written there, else the template that wrote the page.
    private static func locate(
        _ reference: String, page: String, message: String, site: Site, checked: CheckedSite,
        make: (String, SourceRange) -> Diagnostic = CheckWarning.deadLink(_:at:),
        orElse: (String, String, String) -> Diagnostic = CheckWarning.deadLink(_:page:file:)
    ) -> Diagnostic {
        var candidates: [String] = []
        let parts = page.split(separator: "/")
        if parts.count >= 3, parts[0] == "guides", let guide = site.guides.first(where: { $0.slug == parts[1] }) {
            candidates.append(guide.path)
            if checked.guideDocuments[guide.slug] != nil {
                candidates += checked.includedPartials[guide.slug, default: []].sorted().map { "\(SitePaths.partials)/\($0).md" }
            }
        }
        let templates = site.templates.paths.values.sorted()
        // Written as is in the content or a template; else a template that builds the link
        // from variables (`{{root}}missing.html`) still holds its last part literally.
        let lastPart = String(reference.split(separator: "/").last ?? "")
        // cmark percent-encodes what the writer typed (`#手順` becomes `#%E6%89%8B%E9%A0%86`).
        let typed = reference.removingPercentEncoding ?? reference
        func find(_ needle: String, in paths: [String]) -> SourceRange? {
            for path in paths {
                guard let file = site.sources[path] else { continue }
                for (index, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    if let range = line.range(of: needle) {
                        let column = line.distance(from: line.startIndex, to: range.lowerBound) + 1
                        return SourceRange(start: SourceLocation(file: path, line: index + 1, column: column), length: needle.count)
                    }
                }
            }
            return nil
        }
        if let range = find(reference, in: candidates + templates) ?? find(typed, in: candidates) {
            return make(message, range)
        }
        // A link whose address the content stamps (`files/{{ cutover | date: "yyyyMMdd" }}.pdf`)
        // is not written anywhere as it came out: it is the destination whose text around its
        // stamps the address has.
        if let range = stampedDestination(matching: typed, in: candidates, site: site) {
            return make(message, range)
        }
        // A single letter or a name without an extension is found in any template by chance.
        if lastPart.count >= 4 || lastPart.contains("."), let range = find(lastPart, in: templates) {
            return make(message, range)
        }
        let template = parts.count == 4 ? "scenario" : parts.count == 3 ? "guide" : parts.first == "glossary" ? "glossary" : "index"
        return orElse(message, page, site.templates.paths[template] ?? page)
    }

    /// The first Markdown link destination in `paths` (`](…)`) that holds a stamp and whose
    /// text outside its stamps `reference` has, in order: its start, its end, and what lies
    /// between stamps.
    static func stampedDestination(matching reference: String, in paths: [String], site: Site) -> SourceRange? {
        for path in paths {
            guard let file = site.sources[path] else { continue }
            for (index, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var rest = line[...]
                while let open = rest.range(of: "](") {
                    let destination = Self.destination(at: rest[open.upperBound...])
                    if destination.contains("{{"), matches(reference, literalParts(of: destination)) {
                        let column = line.distance(from: line.startIndex, to: destination.startIndex) + 1
                        return SourceRange(start: SourceLocation(file: path, line: index + 1, column: column), length: destination.count)
                    }
                    rest = rest[open.upperBound...]
                }
            }
        }
        return nil
    }

    /// The link destination `text` starts with: up to a `)` or a space outside stamps (a
    /// stamp holds spaces, and its format may hold anything).
    private static func destination(at text: Substring) -> Substring {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("{{"), let close = text[index...].range(of: "}}") {
                index = close.upperBound
                continue
            }
            if text[index] == ")" || text[index] == " " { break }
            index = text.index(after: index)
        }
        return text[..<index]
    }

    /// The text of `destination` between its stamps: `a{{ x }}b{{ y }}c` is `a`, `b`, `c`.
    private static func literalParts(of destination: Substring) -> [Substring] {
        var parts: [Substring] = []
        var rest = destination
        while let open = rest.range(of: "{{") {
            parts.append(rest[..<open.lowerBound])
            guard let close = rest[open.upperBound...].range(of: "}}") else { return parts + [rest[open.lowerBound...]] }
            rest = rest[close.upperBound...]
        }
        return parts + [rest]
    }

    private static func matches(_ reference: String, _ parts: [Substring]) -> Bool {
        guard let first = parts.first, let last = parts.last, reference.hasPrefix(first) else { return false }
        var rest = reference.dropFirst(first.count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let found = rest.range(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        return parts.count == 1 ? rest.isEmpty : rest.hasSuffix(last)
    }
}

import Foundation
import MarkdownRendering
import SeededRandom
import Testing

@testable import SitegenKit

/// The dead-link check reads a page's links and anchors as bytes, once per page. These tests
/// hold it to the plain definitions it replaced: a link is the text after ` href="` or ` src="`
/// up to the next quote, and a fragment is found when the target page holds `id="…"` (escaped)
/// or `name="…"` with it, anywhere.
@Suite struct DeadLinksSearchTests {
    /// The links of a page as Foundation's search finds them.
    static func searchedReferences(in html: String) -> [String] {
        var found: [String] = []
        for attribute in [" href=\"", " src=\""] {
            var rest = html[...]
            while let start = rest.range(of: attribute) {
                let tail = rest[start.upperBound...]
                guard let end = tail.firstIndex(of: "\"") else { break }
                found.append(String(tail[..<end]).replacingOccurrences(of: "&amp;", with: "&"))
                rest = tail[end...]
            }
        }
        return found
    }

    /// Random markup from pieces that make and break attributes: prefixes, quotes, entities,
    /// Japanese text and the names the fragments draw from.
    static func randomHTML(_ random: inout SeededGenerator) -> String {
        let pieces = [
            " href=\"", " src=\"", "id=\"", "name=\"", "data-id=\"", "\"", "&amp;", "&", "amp;", " ", ">", "<a", "#",
            "step-1", "手順", "x", "a\"b", "=", "i", "d", "&quot;",
        ]
        return (0..<Int.random(in: 0...30, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    @Test func referencesAreThoseASearchOfThePageFinds() {
        var random = SeededGenerator(seed: 0x11CE)
        for round in 0..<3_000 {
            let html = Self.randomHTML(&random)
            #expect(DeadLinksCheck.references(in: html) == Self.searchedReferences(in: html), "round \(round): \(html)")
        }
        #expect(
            DeadLinksCheck.references(in: "<a href=\"a?x=1&amp;y=2\"><img src=\"i.png\"><a href=\"#手順\">") == [
                "a?x=1&y=2", "#手順", "i.png",
            ])
    }

    /// Whether `fragment` is an anchor of `html`, decided once with the anchors read ahead and
    /// once by searching the page, must agree on every page and fragment drawn.
    @Test func anchorsReadOnceAnswerAsASearchOfThePage() {
        var random = SeededGenerator(seed: 0xA1C4)
        let fragments = ["step-1", "手順", "x", "a\"b", "a", "", "&", "x\"", "step-1\" name=\"x"]
        var found = 0
        for round in 0..<3_000 {
            let html = Self.randomHTML(&random)
            let pages = ["g/index.html": html]
            let anchors = ["g/index.html": DeadLinksCheck.Anchors(html: html)]
            for fragment in fragments {
                let reference = "#" + (fragment.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? fragment)
                let searched = DeadLinksCheck.problem(with: reference, from: "g/index.html", pages: pages)
                let looked = DeadLinksCheck.problem(with: reference, from: "g/index.html", pages: pages, anchors: anchors)
                #expect(searched == looked, "round \(round): #\(fragment) in \(html)")
                if searched == nil && !fragment.isEmpty { found += 1 }
            }
        }
        // The pages drawn hold the fragments often enough for both answers to be tried.
        #expect(found > 200)
    }

    @Test func anAnchorInsideAnotherAttributeCounts() {
        let html = "<a title=\"see id=\"x\" data-id=\"y\"><h2 id=\"手順\">"
        let anchors = DeadLinksCheck.Anchors(html: html)
        #expect(anchors.ids == ["x", "y", "手順"])
        let pages = ["p.html": html]
        #expect(DeadLinksCheck.problem(with: "#y", from: "p.html", pages: pages, anchors: ["p.html": anchors]) == nil)
        #expect(
            DeadLinksCheck.problem(with: "#z", from: "p.html", pages: pages, anchors: ["p.html": anchors])
                == "'#z' leads nowhere: p.html has no anchor '#z'")
    }
}

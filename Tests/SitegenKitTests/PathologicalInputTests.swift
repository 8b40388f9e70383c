import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// Input built to break a parser: clear errors, never a stack overflow (these crashed before
/// the nesting limits existed).
@Suite struct PathologicalInputTests {
    func errors(_ markdown: String) throws -> [Diagnostic] {
        let site = try FixtureSite("rules")
        return DraftRenderer.render(markdown: markdown, path: "t.md", root: site.root, facts: ["service=web", "cloud=true", "expiry=2026-03-10"])
            .diagnostics.filter { $0.severity == .error }
    }

    @Test func tenThousandNestedParenthesesAreAnError() throws {
        let text = "{{ " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + " }}"
        #expect(try errors(text).map(\.id) == ["rules.too-deep"])
    }

    @Test func tenThousandNotsAreAnError() throws {
        let text = "{% if " + String(repeating: "not ", count: 10_000) + "cloud %}x{% endif %}"
        #expect(try errors(text).map(\.id) == ["rules.too-deep"])
    }

    @Test func aLongChainOfOperatorsIsAnError() throws {
        let text = "{{ 1" + String(repeating: " + 1", count: 20_000) + " }}"
        let found = try errors(text)
        #expect(found.map(\.id) == ["rules.syntax"])
        #expect(found.first?.message.contains("too deeply nested") == true)
    }

    @Test func reasonableNestingStillWorks() throws {
        let text = "{{ " + String(repeating: "(", count: 50) + "fee + 1" + String(repeating: ")", count: 50) + " }}"
        #expect(try errors(text).isEmpty)
    }

    @Test func tenThousandNestedIfsAreAnError() throws {
        let text = String(repeating: "{% if cloud %}\n", count: 10_000) + "x\n" + String(repeating: "{% endif %}\n", count: 10_000)
        #expect(try errors(text).map(\.id).contains("directive.nesting"))
    }

    @Test func aMegabyteLineIsQuotedAsAWindow() throws {
        let line = String(repeating: "あ", count: 500_000) + "{{ nope }}" + String(repeating: "い", count: 500_000)
        let site = try FixtureSite("rules")
        let output = DraftRenderer.render(markdown: line, path: "t.md", root: site.root)
        let rendered = DiagnosticRenderer(sources: output.sources).render(output.diagnostics)
        #expect(rendered.hasPrefix("t.md:1:500004: error: unknown name 'nope'"))
        #expect(rendered.count < 1_000)
    }
}

import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// Content that tries to inject script, leave the output folder or confuse the readers.
@Suite struct HostileContentTests {
    func render(_ markdown: String, facts: [String] = []) throws -> DraftRenderer.Output {
        let site = try FixtureSite("rules")
        return DraftRenderer.render(markdown: markdown, path: "t.md", root: site.root, facts: facts)
    }

    @Test func rawHTMLAndDangerousURLsAreOmittedInSafeMode() throws {
        let html = try render("""
            <script>alert(1)</script>

            <img src=x onerror=alert(1)> <a href="javascript:alert(1)">a</a>

            [link](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) ![img](vbscript:x)
            """).html
        #expect(!html.contains("<script") && !html.contains("onerror") && !html.contains("<img src=x"))
        #expect(!html.contains("javascript:") && !html.contains("data:text/html") && !html.contains("vbscript:"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
        #expect(html.contains("<a href=\"\">link</a>"))
    }

    @Test func stampedValuesHoldingHTMLStayText() throws {
        let site = try FixtureSite("rules")
        try site.write("Content/rules/name.yml", """
            facts:
              name:
                type: string
                question: 名前は?
            """)
        let output = DraftRenderer.render(
            markdown: "こんにちは {{ name }} さん\n\n| {{ name }} |\n|---|\n\n[{{ name }}](https://example.jp/{{ name }})\n",
            path: "t.md", root: site.root, facts: [#"name=<script>alert("x")</script><img src=x onerror=y>"#])
        #expect(output.diagnostics.isEmpty, "\(output.diagnostics)")
        #expect(!output.html.contains("<script") && !output.html.contains("<img"))
        #expect(output.html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
    }

    @Test func namesThatWouldLeaveTheOutputAreRefused() throws {
        let site = try ScenarioSiteTests().makeSite(scenarios: """
            guide: g
            scenarios:
              - id: ../../escape
                facts: {service: web, expiry: 2026-03-10}
              - id: /etc
                facts: {service: web, expiry: 2026-03-10}
            """)
        try site.write("Content/guides/-rf.md", "---\ntitle: x\n---\n")
        let result = Builder.build(BuildOptions(root: site.root, asOf: "2026-01-15"), toFolder: site.output)
        #expect(!result.succeeded)
        #expect(result.diagnostics.filter { $0.id == "scenario.invalid-id" }.count == 2)
        #expect(result.diagnostics.contains { $0.id == "guide.slug" })
        #expect(result.diagnostics.first?.id == "guide.slug", "\(result.diagnostics)")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("escape").path))
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    @Test func aBOMAndCRLFAreAccepted() throws {
        let output = try render("\u{FEFF}一行目\r\n二行目\r\n\r\n次の段落\r\n")
        #expect(output.diagnostics.isEmpty)
        #expect(output.html == "<p>一行目二行目</p>\n<p>次の段落</p>\n")
    }

    @Test func aNULByteIsAClearError() throws {
        let site = try ScenarioSiteTests().makeSite()
        try Data("---\ntitle: x\n---\n本文\u{0}です\n".utf8).write(to: site.root.appendingPathComponent("Content/guides/g.md"))
        let result = Builder.build(BuildOptions(root: site.root, asOf: "2026-01-15"), into: MemoryOutput())
        let error = try #require(result.diagnostics.first { $0.id == "site.encoding" })
        #expect(error.range?.start == SourceLocation(file: "Content/guides/g.md", line: 4, column: 1))
    }
}

@Suite struct TokenForgeryTests {
    @Test func privateUseCharactersInContentCannotPoseAsTokens() throws {
        let site = try FixtureSite("rules")
        // U+E000, digits 9 9 9, U+E001: what a token for value 999 looks like.
        let forged = "\u{E000}\u{E019}\u{E019}\u{E019}\u{E001} と \u{E002}\u{E010}\u{E003} と {{ expiry }}"
        let output = DraftRenderer.render(markdown: forged, path: "t.md", root: site.root, facts: ["expiry=2026-03-10"])
        #expect(output.diagnostics.isEmpty)
        #expect(output.html.contains("\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD} と \u{FFFD}\u{FFFD}\u{FFFD} と <time datetime=\"2026-03-10\">"))
    }
}

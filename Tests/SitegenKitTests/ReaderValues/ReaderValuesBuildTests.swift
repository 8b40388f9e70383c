import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// What a build writes for readers' own values (docs/reader-values.md), on the transfer site.
@Suite struct ReaderValuesBuildTests {
    /// The JSON object a guide's built `rules.js` assigns, checking the script's one assignment.
    static func rulesData(_ files: [String: String], guide: String) throws -> [String: Any] {
        let script = try #require(files["guides/\(guide)/rules.js"])
        let prefix = "var SitegenGuideRules = "
        #expect(script.hasPrefix(prefix) && script.hasSuffix(";\n"))
        let json = try JSONSerialization.jsonObject(with: Data(script.dropFirst(prefix.count).dropLast(2).utf8))
        return try #require(json as? [String: Any])
    }

    @Test func rulesScriptPageRecordAndMarkedStamps() throws {
        let site = try CaseCoverageTests.transferSite()
        let (result, files) = ApplicabilityTests.build(site)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let data = try Self.rulesData(files, guide: "transfer")
        #expect(data["version"] as? Int == 1)
        #expect((data["factOrder"] as? [String]) == ["tld", "registered_on", "whois_private", "transfer_date", "domain"])
        #expect((data["tree"] as? [Any])?.count == 1)
        // Each fact carries its question, so a page can name a reader's answer its example lacks.
        let facts = try #require(data["facts"] as? [String: [String: Any]])
        #expect(facts["tld"]?["question"] as? String == "移管するドメインの種類はどれですか?")
        #expect(facts["whois_private"]?["question"] as? String == "Whois 情報公開代行を使っていますか?")
        let page = try #require(files["guides/transfer/gtld-locked/index.html"])
        // The lock's end depends on the reader's registration date: marked for the page.
        #expect(page.contains("<time datetime=\"2026-03-02\" data-stamp=\""))
        #expect(page.contains("<script type=\"application/json\" id=\"page-data\">{\"guide\":\"transfer\",\"scenario\":\"gtld-locked\""))
        #expect(page.contains("<script src=\"../rules.js\" defer></script>"))
    }

    /// A fact's `applies_when` is written for the page, which hides an example's answer that
    /// does not apply to the reader; so the rules it reads are written too, even where the
    /// guide itself never uses them.
    @Test func rulesScriptCarriesEachFactsConditionAndWhatItReads() throws {
        let site = try CaseCoverageTests.transferSite()
        try site.write("Content/guides/transfer.md", """
            ---
            title: ドメインを移管する
            ---
            {% if tld == "gtld" %}
            登録日: {{ registered_on }}
            {% endif %}
            """)
        let (result, files) = ApplicabilityTests.build(site)
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")
        let data = try Self.rulesData(files, guide: "transfer")
        let facts = try #require(data["facts"] as? [String: [String: Any]])
        let condition = try #require(facts["registered_on"]?["appliesWhen"] as? [String])
        #expect(condition == ["name", "is_gtld"])
        #expect(facts["tld"]?["appliesWhen"] == nil)
        // is_gtld is read only by the condition; it and the fact it reads are in the file.
        #expect((data["ruleOrder"] as? [String])?.contains("is_gtld") == true)
        #expect((data["rules"] as? [String: Any])?["is_gtld"] != nil)
        #expect((data["factOrder"] as? [String])?.contains("tld") == true)
        // Rules nothing reaches stay out.
        #expect((data["ruleOrder"] as? [String])?.contains("locked") == false)
    }

    @Test func aReaderValueWhereThePageCannotWriteItIsAWarning() throws {
        let site = try CaseCoverageTests.transferSite()
        try site.write("Content/guides/transfer.md", """
            ---
            title: ドメインを移管する
            ---
            [移管の申込]({{ "https://example.jp/?d=" }}) と [予約](https://example.jp/{{ transfer_date | date: "yyyyMMdd" }})
            """)
        let (result, _) = ApplicabilityTests.build(site)
        let warnings = result.diagnostics.filter { $0.id == "stamp.not-live" }
        #expect(warnings.count == 1, "\(result.diagnostics)")
        #expect(warnings.first?.range?.start.line == 4)
        #expect(!result.diagnostics.containsErrors)
    }

    /// An image's description is its alt attribute: a stamp there is written as plain text,
    /// also from a code span, where the page's markup for a reader's value would end the
    /// attribute and lose the date; and, being a value the page cannot write again, it is a
    /// `stamp.not-live` warning.
    @Test func aReaderValueInAnImageDescriptionIsPlainAltText() throws {
        let site = try CaseCoverageTests.transferSite()
        try site.write("Content/guides/transfer.md", """
            ---
            title: ドメインを移管する
            ---
            ![移管日 {{ transfer_date }}](a.png)

            ![移管日 `{{ transfer_date | date: "M月d日" }}`](b.png "移管日 {{ transfer_date | date: "M月d日" }}")
            """)
        let (result, files) = ApplicabilityTests.build(site)
        let warnings = result.diagnostics.filter { $0.id == "stamp.not-live" }
        #expect(warnings.map { $0.range?.start.line } == [4, 6, 6], "\(result.diagnostics)")
        #expect(!result.diagnostics.containsErrors)
        let page = try #require(files.first { $0.key.hasPrefix("guides/transfer/") && $0.key.hasSuffix("/index.html") && $0.key != "guides/transfer/index.html" }?.value)
        let images = page.matches(of: #/<img [^>]*>/#).map { String($0.output) }
        #expect(images.count == 2)
        #expect(images.allSatisfy { !$0.contains("data-stamp") && !$0.contains("<span") }, "\(images)")
        #expect(images.first?.contains(#/alt="移管日 \d{4}年\d{1,2}月\d{1,2}日\(.\)"/#) == true, "\(images)")
        #expect(images.last?.contains(#/alt="移管日 \d{1,2}月\d{1,2}日" title="移管日 \d{1,2}月\d{1,2}日"/#) == true, "\(images)")
    }
}

import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// The repository's own sample content, built as a user would: the pages of chosen scenarios
/// hold the branches and dates that apply to them, and not the others. Expected dates are
/// computed here with Foundation's calendar, independently of sitegen's date code.
@Suite struct SampleContentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let build: (result: BuildResult, files: [String: String]) = {
        let output = MemoryOutput()
        let result = Builder.build(BuildOptions(root: root, jobs: 2, asOf: "2026-01-15"), into: output)
        return (result, output.files.mapValues { String(decoding: $0, as: UTF8.self) })
    }()

    /// `date` moved by `value` of `component`, by Foundation's Gregorian calendar.
    func shifted(_ iso: String, _ component: Calendar.Component, _ value: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let date = calendar.date(byAdding: component, value: value, to: formatter.date(from: iso)!)!
        return formatter.string(from: date)
    }

    func page(_ guide: String, _ scenario: String) throws -> String {
        try #require(Self.build.files["guides/\(guide)/\(scenario)/index.html"])
    }

    @Test func sampleSiteBuildsCleanly() {
        #expect(Self.build.result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(Self.build.result.diagnostics)")
        #expect(Self.build.result.scenarioCount >= 10)
        // Every scenario of every guide has its page, and each guide page links to them.
        let scenarioPages = Self.build.files.keys.filter { $0.split(separator: "/").count == 4 }
        #expect(scenarioPages.count == Self.build.result.scenarioCount)
    }

    @Test func otherServiceBeforeCutover() throws {
        let html = try page("switch-to-external-certificate", "other-before-cutover")
        let expiry = "2026-03-10"
        // Recommended completion one month before expiry; the online window 30 to 26 days before.
        // Each date depends on the reader's expiry, so it carries its stamp's number for the page.
        #expect(html.contains("<time datetime=\"\(shifted(expiry, .month, -1))\" data-stamp="))
        #expect(html.contains("\">2026年2月10日(火)</time>"))
        #expect(html.contains("<time datetime=\"\(shifted(expiry, .day, -30))\""))
        #expect(html.contains("<time datetime=\"\(shifted(expiry, .day, -26))\""))
        // Acting before 2026-02-01: cancellation is required, through sales (outside the online
        // window), and the renewal period starts after 2026-01-31: no auto-renewal note.
        #expect(html.contains("既存契約の解約を申し込んでください"))
        #expect(!html.contains("既存契約の解約申込は不要です"))
        #expect(html.contains("手続き日はこの期間にあたらないので、弊社担当営業へご連絡ください。"))
        #expect(!html.contains("自動更新にご注意ください"))
        // "Other" runs on the customer's own server: no bring-your-own item, no RSA condition.
        #expect(!html.contains("持ち込み証明書品目で新たに契約を申し込む"))
        #expect(!html.contains("RSA 2048bit"))
        // Its steps are renumbered: choosing the CA is step 1 here.
        #expect(html.contains("<a class=\"step-ref\" href=\"#step-select-ca\">1</a>"))
    }

    @Test func contentAccelerationWithCloudCertificate() throws {
        let html = try page("switch-to-external-certificate", "cdn-cloud-year-end")
        let expiry = "2026-02-02"
        #expect(html.contains("<time datetime=\"\(shifted(expiry, .month, -1))\""))
        #expect(html.contains("RSA 2048bit"))
        #expect(html.contains("持ち込み証明書品目で新たに契約を申し込む"))
        // A cloud-certificate item keeps 対象サービス and only deletes the service code.
        #expect(html.contains("サービスコードの削除"))
        // Here choosing the CA is step 2 (step 1 records the linked service), and the nested
        // form step is 4.2.
        #expect(html.contains("<a class=\"step-ref\" href=\"#step-select-ca\">2</a>"))
        #expect(html.contains("<a class=\"step-ref\" href=\"#step-byo-form\">4.2</a>"))
        // The renewal period opens before 2026-01-31, so the page warns of auto-renewal and
        // names the day before it as the last day to apply.
        let cancelBy = shifted(shifted(expiry, .day, -30), .day, -1)
        #expect(cancelBy == "2026-01-02")
        #expect(html.contains("自動更新にご注意ください"))
        #expect(html.contains("<time datetime=\"\(cancelBy)\""))
    }

    @Test func documentExchangeAfterCutover() throws {
        let html = try page("switch-to-external-certificate", "document-exchange-after-cutover")
        #expect(html.contains("既存契約の解約申込は不要です"))
        #expect(!html.contains("既存契約の解約を申し込んでください"))
        #expect(!html.contains("RSA 2048bit"))
        #expect(html.contains("<time datetime=\"\(shifted("2026-06-30", .month, -1))\""))
    }

    @Test func everyReferenceLeadsToAStepOnItsPage() throws {
        for (path, html) in Self.build.files where path.hasSuffix("index.html") {
            var rest = html[...]
            while let range = rest.range(of: "class=\"step-ref\" href=\"#") {
                let tail = rest[range.upperBound...]
                let id = tail.prefix { $0 != "\"" }
                #expect(html.contains("id=\"\(id)\""), "\(path) refers to #\(id)")
                rest = tail
            }
        }
    }

    @Test func scenarioPagesSummariseTheirFacts() throws {
        let html = try page("switch-to-external-certificate", "other-before-cutover")
        // (Other attributes may follow the fact's name, such as a search filter.)
        #expect(html.contains("<dd data-fact=\"target_service\"") && html.contains(">その他(IIJでサーバ証明書をインストールするサービス以外や、お客様管理のサーバでご利用)</dd>"))
        // The cloud-certificate question does not apply to 「その他」 (applies_when), so it is
        // neither given nor shown; it is on a linked service's page.
        #expect(!html.contains("data-fact=\"cloud_certificate\""))
        let waf = try page("switch-to-external-certificate", "waf-in-online-window")
        #expect(waf.contains("<dd data-fact=\"cloud_certificate\"") && waf.contains(">いいえ</dd>"))
        // Every scenario page says as of which date it was built.
        #expect(html.contains("id=\"as-of\"") && html.contains(">この案内は<time datetime=\"2026-01-15\">2026年1月15日(木)</time>時点の内容です。</p>"))
    }

    /// The source warns of auto-renewal for contracts whose renewal period starts *before*
    /// 2026-01-31: one starting on that very day (expiry 2026-03-02) gets no warning, one
    /// starting earlier does.
    @Test func autoRenewalNoteOnlyBeforeJanuary31() throws {
        let onTheDay = try page("switch-to-external-certificate", "other-online")
        #expect(onTheDay.contains("<time datetime=\"2026-01-31\""))
        #expect(!onTheDay.contains("自動更新にご注意ください"))
        let before = try page("switch-to-external-certificate", "other-online-renewal")
        #expect(before.contains("自動更新にご注意ください"))
    }

    /// Waiting for the online window is never advised: where the renewal period starts before
    /// 2026-01-31 it would miss the cancel-by date, and later it would move the application past
    /// the day cancellation is needed. Outside the window, the page says to contact sales.
    @Test func cancellationAdviceNeverSaysToWait() throws {
        for scenario in ["cdn-cloud-year-end", "waf-cloud-sales-renewal", "other-before-cutover"] {
            let html = try page("switch-to-external-certificate", scenario)
            #expect(!html.contains("待って"), "\(scenario)")
            #expect(html.contains("手続き日はこの期間にあたらないので、弊社担当営業へご連絡ください。"), "\(scenario)")
        }
        let online = try page("switch-to-external-certificate", "waf-in-online-window")
        #expect(online.contains("手続き日はこの期間にあたるので、IIJサービスオンラインから申し込めます。"))
    }

    /// Prose names the service by its short name (`target_service.name`); the long label, with
    /// its option, is shown only where it stands for what the screen displays.
    @Test func proseUsesTheServicesShortName() throws {
        let html = try page("switch-to-external-certificate", "waf-cloud-sales-renewal")
        #expect(html.contains(">IIJマネージドWAFサービス</span>でサーバ証明書を利用するには"))
        let label = "IIJマネージドWAFサービス/保護対象グループ追加オプション"
        let body = try #require(html.components(separatedBy: "class=\"guide-body\"").last)
        #expect(body.components(separatedBy: label).count - 1 == 1, "the label stands once in the body, for the screen's 対象サービス")
        #expect(!html.contains("オプション))"))
    }

    /// Sentences no source says are not on any page.
    @Test func noInventedProcedures() {
        for (path, html) in Self.build.files where path.hasSuffix(".html") {
            for phrase in ["openssl", "中間CA", "DNS", "営業日", "年末年始", "インストールを弊社に任せる", "当社", "サーバー"] {
                #expect(!html.contains(phrase), "\(path) says \(phrase)")
            }
        }
    }
}

@Suite struct ExplainTests {
    @Test func explainListsFactsRulesAndBranchesWithPlaces() throws {
        let options = BuildOptions(root: SampleContentTests.root, asOf: "2026-01-15")
        let result = Explainer.explain(guide: "switch-to-external-certificate", scenario: "cdn-cloud-year-end", options: options)
        #expect(result.diagnostics.isEmpty)
        let lines = result.text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("  expiry = 2026-02-02 (2026年2月2日(月))") && $0.contains("Content/scenarios/switch-to-external-certificate.yml:") })
        let rule = try #require(lines.first { $0.hasPrefix("  cancel_by = 2026-01-02") })
        // It names the line where the rule is written.
        let lineNumber = try #require(Int(rule.split(separator: ":").last ?? ""))
        let ruleFile = try String(contentsOf: SampleContentTests.root.appendingPathComponent("Content/rules/certificate.yml"), encoding: .utf8)
        #expect(ruleFile.split(separator: "\n", omittingEmptySubsequences: false)[lineNumber - 1].hasPrefix("  cancel_by:"))
        #expect(lines.contains { $0.hasPrefix("  Content/guides/switch-to-external-certificate.md:") && $0.hasSuffix("rsa_2048_required → taken") })
        // Facts and rules of other guides are not listed.
        #expect(!result.text.contains("move_date"))
        #expect(!result.text.contains("reissue_fee") && !result.text.contains("still_valid"))
        let move = Explainer.explain(
            guide: "move-certificate-to-new-server",
            scenario: "vps-to-vps", options: options)
        #expect(move.text.contains("\n  still_valid = "), "\(move.text)")
        #expect(!move.text.contains("cancel_by") && !move.text.contains("\n  expiry = "))
    }

    @Test func unknownScenarioNamesTheKnownOnes() {
        let options = BuildOptions(root: SampleContentTests.root)
        let result = Explainer.explain(guide: "switch-to-external-certificate", scenario: "nope", options: options)
        #expect(result.diagnostics.first?.message.contains("other-before-cutover") == true)
    }
}

@Suite struct HelpSitePageTests {
    var files: [String: String] { SampleContentTests.build.files }

    @Test func pickerDataLeadsToEveryScenarioPage() throws {
        for guide in ["switch-to-external-certificate", "move-certificate-to-new-server"] {
            let page = try #require(files["guides/\(guide)/index.html"])
            let start = try #require(page.range(of: "<script type=\"application/json\" id=\"picker-data\">"))
            let end = try #require(page.range(of: "</script>", range: start.upperBound..<page.endIndex))
            let json = try JSONSerialization.jsonObject(with: Data(page[start.upperBound..<end.lowerBound].utf8)) as? [String: Any]
            let scenarios = try #require(json?["cases"] as? [[String: Any]])
            #expect(scenarios.count >= 5)
            var signatures: Set<[[Int]]> = []
            for scenario in scenarios {
                let url = try #require(scenario["url"] as? String)
                #expect(files["guides/\(guide)/\(url)"] != nil, "\(url)")
                let facts = try #require(scenario["facts"] as? [String: String])
                // Each scenario is a case of its own: its branch decisions tell it apart.
                let decisions = try #require(scenario["decisions"] as? [[Int]])
                #expect(!decisions.isEmpty)
                #expect(signatures.insert(decisions).inserted, "two scenarios of \(guide) are the same case")
                // Every answer a scenario gives can be given in the form.
                for (fact, value) in facts {
                    #expect(page.contains("name=\"\(fact)\" value=\"\(value)\"") || page.contains("name=\"\(fact)\" type="), "\(fact)=\(value)")
                }
            }
            // Without JavaScript, the table links every scenario.
            #expect(page.components(separatedBy: "<tr><th scope=\"row\"><a href=").count - 1 == scenarios.count)
        }
    }

    @Test func pickerAnswersCarryTheirExplanation() throws {
        let page = try #require(files["guides/switch-to-external-certificate/index.html"])
        #expect(page.contains(#"value="true" aria-describedby="q-cloud_certificate-1-explain"><label for="q-cloud_certificate-1">はい</label><span class="explanation" id="q-cloud_certificate-1-explain">連携を外すときは「サービスコード」の登録だけを削除します(作業は弊社)。</span>"#))
    }

    @Test func glossaryPageAndTermsInPages() throws {
        let glossary = try #require(files["glossary/index.html"])
        #expect(glossary.contains("<div class=\"glossary-entry\" id=\"CSR\">"))
        let page = try #require(files["guides/move-certificate-to-new-server/vps-to-vps/index.html"])
        // Each term is marked at most once per page, and its definition is only in the tooltip.
        let marks = page.components(separatedBy: "aria-describedby=\"tip-秘密鍵\"").count - 1
        #expect(marks == 1)
        let definition = "サーバ証明書と対になる鍵。"
        #expect(page.components(separatedBy: definition).count - 1 == 1)
        #expect(page.contains("<span class=\"term-tip\" role=\"tooltip\" id=\"tip-秘密鍵\">\(definition)"))
    }

    @Test func scenarioPagesLinkBackAndToOtherCases() throws {
        let page = try #require(files["guides/switch-to-external-certificate/other-before-cutover/index.html"])
        #expect(page.contains("<a href=\"../../../guides/switch-to-external-certificate/index.html\">答えを変えてケースを選び直す</a>"))
        #expect(page.contains("<a href=\"../../../guides/switch-to-external-certificate/cdn-cloud-year-end/index.html\">"))
        #expect(page.components(separatedBy: "<h1").count == 2)
        #expect(page.contains("<html lang=\"ja\">") && page.contains("<main id=\"main\">"))
    }
}

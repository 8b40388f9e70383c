import Diagnostics
import Foundation
import Rules
import Yams

/// The settings of `Content/site.yml` (README.md, "site.yml"), with its defaults filled in.
public struct SiteConfiguration: Sendable, Hashable {
    /// The site's title.
    public var title: String
    /// The absolute URL the site is published at, ending in `/`; used for canonical links and
    /// `sitemap.xml` only.
    public var baseURL: String
    /// The language of the content, a BCP 47 tag (`ja`, `en`, `ja-JP`, `en-US`): `<html lang>` as
    /// written; its primary subtag (``LanguageTag``) chooses the default date format and words.
    public var language: String
    /// The IANA time zone that decides what "today" is, one browsers know too (``SiteTimeZone``).
    public var timeZone: String
    /// Named CLDR date patterns; `default` is used by `{{ }}`.
    public var dateFormats: [String: String]
    /// The names of date formats site.yml gives with a pattern that is an error there: a stamp
    /// that names one is not reported again as naming no format.
    public var brokenDateFormats: Set<String> = []
    /// The holiday calendar for business days (`Content/calendars/<name>.yml`), if any.
    public var calendar: String?
    /// Where site.yml gives `calendar`, for an error about the calendar it names.
    public var calendarRange: SourceRange?
    /// Whether raw HTML in Markdown is kept.
    public var unsafeHTML: Bool
    /// Where readers turn when no page fits their situation: what to do, in readers' words.
    public var contactText: String = ""
    /// The address of the contact route (a support page, `mailto:` or `tel:`), if any.
    public var contactURL: String = ""
    /// Whether `sitegen build` indexes the site for search (with Pagefind, when it is there).
    public var search = true
    /// Whether `site.yml` was valid YAML. When it was not, every setting has its default, and
    /// a date format it would have named is not reported as unknown.
    public var wasRead = true

    /// The settings of a site with an empty `site.yml`.
    public static let defaults = SiteConfiguration(
        title: "", baseURL: "/", language: "ja", timeZone: "Asia/Tokyo",
        dateFormats: ["default": "y年M月d日(E)"], calendar: nil, unsafeHTML: false)

    /// Whether `text` has the shape of a BCP 47 language tag: a language of 2 or 3 letters,
    /// then subtags of 2 to 8 letters or digits, joined by `-` (`ja`, `en-US`, `zh-Hant-TW`),
    /// the pattern docs/schemas/site.schema.json gives editors.
    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count),
            language.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic })
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count)
                && part.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        }
    }

    static let knownKeys: Set<String> = [
        "title", "base_url", "language", "time_zone", "date_formats", "calendar", "unsafe_html", "contact", "search",
    ]

    /// Reads `site.yml`. Problems become diagnostics; whatever is valid is kept, the rest takes
    /// its default, so later phases still run and report their own problems.
    // Long: one case per setting, so the settings site.yml knows read as one table.
    static func load(_ source: SourceFile, diagnostics: inout [Diagnostic]) -> SiteConfiguration {
        var config = SiteConfiguration.defaults
        guard let document = YAMLDocument.parse(source.text, file: source.path, diagnostics: &diagnostics) else {
            config.wasRead = false
            return config
        }
        guard let root = document.root else { return config }
        guard let pairs = root.orderedPairs else {
            diagnostics.append(SettingsProblem.siteInvalid("site.yml must be a mapping of settings", at: document.range(of: root)))
            return config
        }
        func string(_ node: Node, _ key: String) -> String? {
            guard let text = node.scalarText, node.scalar != nil else {
                diagnostics.append(SettingsProblem.siteInvalid("'\(key)' must be a single value", at: document.range(of: node)))
                return nil
            }
            return text
        }
        var explicitDefaultFormat = false
        for (keyNode, value) in pairs {
            let key = keyNode.scalarText ?? ""
            switch key {
            case "title":
                config.title = string(value, key) ?? config.title
            case "base_url":
                guard var url = string(value, key) else { continue }
                if !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                    diagnostics.append(
                        SettingsProblem.baseURL(
                            "base_url must be an absolute http or https URL, like https://help.example.jp/ssl/",
                            at: document.range(of: value)))
                    continue
                }
                if !url.hasSuffix("/") { url += "/" }
                config.baseURL = url
            case "language":
                guard let language = string(value, key) else { continue }
                // It is written into <html lang> and chooses words and formats: it must look
                // like a language tag, so no control character or quote reaches the page.
                guard Self.isLanguageTag(language) else {
                    diagnostics.append(
                        SettingsProblem.siteInvalid(
                            "language must be a BCP 47 language tag, like ja or en-US, not '\(language)'", at: document.range(of: value)))
                    continue
                }
                config.language = language
            case "time_zone":
                guard let zone = string(value, key) else { continue }
                // Only a zone the reader's browser knows too (SiteTimeZone), so that the page's
                // today is the build's.
                if let problem = SiteTimeZone.problem(zone) {
                    diagnostics.append(SettingsProblem.timeZone(problem, at: document.range(of: value)))
                } else {
                    config.timeZone = zone
                }
            case "date_formats":
                guard let formats = value.orderedPairs else {
                    diagnostics.append(
                        SettingsProblem.siteInvalid("date_formats must map names to date patterns", at: document.range(of: value)))
                    continue
                }
                for (nameNode, patternNode) in formats {
                    guard let name = nameNode.scalarText, let pattern = string(patternNode, "date_formats.\(nameNode.scalarText ?? "")")
                    else { continue }
                    if pattern.isEmpty {
                        diagnostics.append(
                            SettingsProblem.dateFormat("date format '\(name)' is empty", at: document.range(of: patternNode)))
                        config.brokenDateFormats.insert(name)
                        continue
                    }
                    if let problem = DateStamper.patternProblem(pattern) {
                        diagnostics.append(SettingsProblem.dateFormat(problem, at: document.range(of: patternNode)))
                        config.brokenDateFormats.insert(name)
                        continue
                    }
                    config.dateFormats[name] = pattern
                    if name == "default" { explicitDefaultFormat = true }
                }
            case "calendar":
                config.calendar = string(value, key)
                config.calendarRange = document.range(of: value)
            case "contact":
                guard let fields = value.orderedPairs else {
                    diagnostics.append(
                        SettingsProblem.siteInvalid(
                            "contact must be a mapping with 'text:' and optionally 'url:'", at: document.range(of: value)))
                    continue
                }
                for (fieldNode, fieldValue) in fields {
                    switch fieldNode.scalarText {
                    case "text": config.contactText = string(fieldValue, "contact.text") ?? ""
                    case "url":
                        let url = string(fieldValue, "contact.url") ?? ""
                        let schemes = ["https://", "http://", "mailto:", "tel:"]
                        if schemes.contains(where: { url.hasPrefix($0) }) {
                            config.contactURL = url
                        } else {
                            diagnostics.append(
                                SettingsProblem.siteInvalid(
                                    "contact.url must start with https://, http://, mailto: or tel:",
                                    at: document.range(of: fieldValue)))
                        }
                    default:
                        diagnostics.append(
                            SettingsProblem.siteUnknownKey(
                                "unknown key '\(fieldNode.scalarText ?? "")' in contact (known: text, url)",
                                at: document.range(of: fieldNode)))
                    }
                }
                if config.contactText.isEmpty && !config.contactURL.isEmpty {
                    diagnostics.append(
                        SettingsProblem.siteInvalid("contact needs 'text:', the words readers see", at: document.range(of: value)))
                }
            case "search", "unsafe_html":
                // A quoted "true" is text in YAML, not a yes: only a plain true or false counts,
                // so a setting that turns on raw HTML is never switched by a string.
                guard let flag = value.scalar, flag.style == .plain, flag.string == "true" || flag.string == "false" else {
                    let quoted = value.scalar.map { $0.style != .plain && ($0.string == "true" || $0.string == "false") } ?? false
                    diagnostics.append(
                        SettingsProblem.siteInvalid(
                            "\(key) must be true or false" + (quoted ? ", without quotes (a quoted value is text)" : ""),
                            at: document.range(of: value)))
                    continue
                }
                if key == "search" { config.search = flag.string == "true" } else { config.unsafeHTML = flag.string == "true" }
            default:
                diagnostics.append(
                    SettingsProblem.siteUnknownKey(
                        "unknown setting '\(key)' (known: \(knownKeys.sorted().joined(separator: ", ")))",
                        at: document.range(of: keyNode)))
            }
        }
        // By the primary subtag, as everywhere: en-US and en-GB are English too.
        if !explicitDefaultFormat && LanguageTag.isEnglish(config.language) {
            config.dateFormats["default"] = "MMMM d, y"
        }
        return config
    }
}

import Testing

@testable import Rules

/// site.yml's `language` is a BCP 47 tag; its primary subtag alone chooses words and dates.
struct LanguageTagTests {
    @Test func thePrimarySubtagDecides() {
        #expect(LanguageTag.primaryLanguage(of: "ja-JP") == "ja")
        #expect(LanguageTag.primaryLanguage(of: "EN-us") == "en")
        #expect(LanguageTag.primaryLanguage(of: "zh-Hant-TW") == "zh")
        for tag in ["ja", "ja-JP", "JA", "Ja-jp", "ja-Jpan-JP"] { #expect(LanguageTag.isJapanese(tag), "\(tag)") }
        // Other languages whose code starts with "ja" are not Japanese.
        for tag in ["jam", "jav-ID", "en", "en-JP", "j", ""] { #expect(!LanguageTag.isJapanese(tag), "\(tag)") }
        for tag in ["en", "en-US", "en-GB", "EN"] { #expect(LanguageTag.isEnglish(tag), "\(tag)") }
        for tag in ["eng", "ja", "es-US"] { #expect(!LanguageTag.isEnglish(tag), "\(tag)") }
    }

    /// A stamper in `ja-JP` writes what one in `ja` writes, and one in `en-US` or `en-GB` what
    /// one in `en` writes: default format, era, weekday and list separator.
    @Test func regionalTagsStampAsTheirLanguage() throws {
        let day = Value.date(CivilDate(iso: "2026-05-07")!)
        let list = Value.list([.int(1), .string("x")])
        for (tag, plain) in [("ja-JP", "ja"), ("JA", "ja"), ("en-US", "en"), ("en-GB", "en")] {
            let regional = DateStamper(language: tag, timeZone: "Asia/Tokyo", formats: [:])
            let base = DateStamper(language: plain, timeZone: "Asia/Tokyo", formats: [:])
            for format in [nil, StampFormat.pattern("GGGGy年M月d日(E)"), .pattern("G y MMMM EEEE")] {
                #expect(try regional.stampText(day, format: format) == base.stampText(day, format: format), "\(tag) \(String(describing: format))")
            }
            #expect(try regional.stampText(list, format: nil) == base.stampText(list, format: nil), "\(tag)")
            #expect(DateStamper.defaultPattern(language: tag) == DateStamper.defaultPattern(language: plain))
        }
        let japanese = DateStamper(language: "ja-JP", timeZone: "Asia/Tokyo", formats: [:])
        #expect(try japanese.stampText(day, format: nil) == "2026年5月7日(木)")
        #expect(try japanese.stampText(day, format: .pattern("GGGGy年M月d日")) == "令和8年5月7日")
        #expect(try japanese.stampText(list, format: nil) == "1、x")
        let english = DateStamper(language: "en-US", timeZone: "Asia/Tokyo", formats: [:])
        #expect(try english.stampText(day, format: nil) == "May 7, 2026")
        #expect(try english.stampText(day, format: .pattern("G y")) == "AD 2026")
    }
}

/// What sitegen reads from site.yml's `language`, a BCP 47 tag (`ja`, `ja-JP`, `en-US`): only its
/// primary language subtag chooses words and date formats, so that `ja-JP` is written as `ja`
/// is and `en-GB` as `en` is. The page's evaluator (Templates/assets/sitegen-rules.js) reads the
/// tag the same way.
public enum LanguageTag {
    /// The primary language subtag of `tag`, in lower case: `ja` for `ja-JP`, `en` for `EN-us`.
    /// Tags are case-insensitive (RFC 5646, 2.1.1), and site.yml accepts only ASCII letters in
    /// this subtag, so ASCII lower-casing is exactly what the page does.
    public static func primaryLanguage(of tag: String) -> String {
        let subtag = tag.utf8.prefix { $0 != UInt8(ascii: "-") }
        return String(decoding: subtag.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether `tag` is Japanese (`ja`, `ja-JP`, `JA`): Japanese words, dates and eras.
    public static func isJapanese(_ tag: String) -> Bool {
        primaryLanguage(of: tag) == "ja"
    }

    /// Whether `tag` is English (`en`, `en-US`, `en-GB`).
    public static func isEnglish(_ tag: String) -> Bool {
        primaryLanguage(of: tag) == "en"
    }
}

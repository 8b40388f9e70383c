/// Pieces of text that random tests join into texts whose characters a fast count, a byte-level
/// search or a quote check could get wrong.
public enum TextPieces {
    /// Combining marks (at the start, after kana), prepended marks, joiners, flags, Hangul, CR
    /// LF, and the Japanese letters and punctuation the fast paths count a scalar at a time.
    public static let characters = [
        "a", " ", "/", "(", ")", "\r", "\n", "\r\n", "\t", "\u{7F}", "2026年1月31日(土)", "スタンダードプラン", "ー", "、", "。",
        "「", "」", "【", "】", "〜", "・", "ゝ", "ヽ", "ヾ", "！", "ｱ", "ﾞ", "\u{301}", "e\u{301}", "か\u{3099}", "\u{3099}", "\u{302A}",
        "\u{600}", "\u{600}a", "\u{200D}", "👩‍💻", "🇯🇵", "🇯", "한", "\u{1100}", "\u{1161}", "\u{11A8}", "é", "\u{FE0F}", "\u{E0100}",
        "\u{903}", "क्ष",
    ]
}

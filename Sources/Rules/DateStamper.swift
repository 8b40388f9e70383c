import Foundation

/// Writes values into pages (docs/language.md, Where expressions appear): dates in CLDR patterns, ints with digit
/// grouping, choices as labels. Safe to share between threads: formatters are cached per
/// pattern behind a lock, since making a `DateFormatter` costs far more than using one.
public final class DateStamper: Sendable {
    /// The language tag of site.yml (`ja`, `ja-JP`, `en-US`); its primary subtag decides
    /// (``LanguageTag``): Japanese, or English for any other.
    public let language: String
    /// Whether `language` is Japanese, worked out once: every date stamped asks.
    private let japanese: Bool
    /// The time zone identifier of site.yml. It does not change how a date is written: a date
    /// is a day, with no time of day to place in a zone.
    public let timeZoneIdentifier: String
    /// The named patterns of `date_formats`, with `default` always present.
    public let formats: [String: String]

    private let lock = NSLock()
    // Guarded by `lock`: the formatters not in use, by pattern. A formatter is taken out while
    // it formats, so that workers never wait for each other's formatting (a few microseconds
    // each, and every new date of every scenario needs one), and put back after; as many are
    // made as ever format at once. DateFormatter is not Sendable, so the compiler cannot check
    // this.
    nonisolated(unsafe) private var idleFormatters: [PatternKey: [DateFormatter]] = [:]
    // A site stamps the same few hundred dates on thousands of pages, so each (pattern, day) is
    // formatted once. Most stamps give no format: their dates are kept by day alone, without
    // hashing the pattern's text for each.
    private let formatted = StripedTexts<FormattedKey>()
    private let formattedInDefault = StripedTexts<Int>()
    /// `formats["default"]`, whether it writes an era, and the pattern read once when sitegen
    /// writes it without ICU.
    private let defaultFormat: String
    private let defaultFormatUsesEra: Bool
    private let defaultGregorian: GregorianPattern?

    /// A pattern compared and hashed by its bytes: as a `String`, a Japanese pattern (`M月d日`)
    /// was hashed through Unicode normalisation at every stamp, and two patterns canonically
    /// equivalent but spelled apart, whose literal text a formatter writes as it is given, would
    /// have shared one result and one formatter.
    private struct PatternKey: Hashable {
        var pattern: String

        static func == (a: PatternKey, b: PatternKey) -> Bool {
            // With memcmp: the two UTF-8 views compared element by element cost about 1,400
            // instructions a stamp.
            a.pattern.withUTF8Bytes { x in
                b.pattern.withUTF8Bytes { y in x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) }
            }
        }

        func hash(into hasher: inout Hasher) {
            pattern.withUTF8Bytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    private struct FormattedKey: Hashable {
        var pattern: PatternKey
        var day: Int
    }

    /// The zone every formatter works in: a civil date's own day at noon UTC is that day in UTC,
    /// whatever the site's zone. In the site's zone a day that zone skipped has no noon at all
    /// (Pacific/Apia went from 2011-12-29 to 2011-12-31), and was written as the day before.
    private static let formattingZone = TimeZone(identifier: "UTC")!

    /// Creates a stamper. A missing `default` format takes the language's default.
    public init(language: String, timeZone: String, formats: [String: String]) {
        self.language = language
        japanese = LanguageTag.isJapanese(language)
        self.timeZoneIdentifier = timeZone
        var formats = formats
        let defaultFormat = formats["default"] ?? DateStamper.defaultPattern(language: language)
        formats["default"] = defaultFormat
        self.formats = formats
        self.defaultFormat = defaultFormat
        defaultFormatUsesEra = Self.usesJapaneseEra(defaultFormat, language: language)
        defaultGregorian = GregorianPattern(defaultFormat)
    }

    /// The default date pattern of a language: `y年M月d日(E)` for Japanese (`ja`, `ja-JP`),
    /// `MMMM d, y` else.
    public static func defaultPattern(language: String) -> String {
        LanguageTag.isJapanese(language) ? "y年M月d日(E)" : "MMMM d, y"
    }

    /// `date` written with the CLDR `pattern`, in the proleptic Gregorian calendar (also before
    /// 1582). A pattern with an era (`G`, outside quotes) uses the Japanese calendar for
    /// Japanese (`令和8年1月31日`, and `令和元年` for the first year).
    public func format(_ date: CivilDate, pattern: String) -> String {
        formatted.text(for: FormattedKey(pattern: PatternKey(pattern: pattern), day: date.daysSinceEpoch), stripe: date.daysSinceEpoch) {
            GregorianPattern(pattern)?.format(date, japanese: japanese) ?? formatWithFormatter(date, pattern: pattern)
        }
    }

    /// `date` in the `default` format: ``format(_:pattern:)`` with `formats["default"]`.
    private func formatInDefault(_ date: CivilDate) -> String {
        formattedInDefault.text(for: date.daysSinceEpoch, stripe: date.daysSinceEpoch) {
            defaultGregorian?.format(date, japanese: japanese) ?? formatWithFormatter(date, pattern: defaultFormat)
        }
    }

    /// `date` written with `pattern` by ICU, with an idle formatter of the pattern or a new one:
    /// for the patterns and days ``GregorianPattern`` leaves to it, and as the reference that
    /// the tests hold ``GregorianPattern`` to.
    func formatWithFormatter(_ date: CivilDate, pattern: String) -> String {
        let key = PatternKey(pattern: pattern)
        let formatter = lock.withLock { idleFormatters[key]?.popLast() } ?? makeFormatter(pattern)
        defer { lock.withLock { idleFormatters[key, default: []].append(formatter) } }
        // The formatter works in UTC (formattingZone), where noon UTC lies inside the date's day.
        let noonUTC = Double(date.daysSinceEpoch) * 86_400 + 43_200
        var text = formatter.string(from: Date(timeIntervalSince1970: noonUTC))
        if usesJapaneseEra(pattern) { text = Self.firstYearAsGannen(text) }
        return text
    }

    /// The first day written with a Japanese era: Japan took up the Gregorian calendar on
    /// 1873-01-01 (明治6年), and the in-page formatter knows the eras from 明治 on.
    public static let firstEraDate = CivilDate(year: 1873, month: 1, day: 1)!

    /// The pattern letters sitegen writes dates with, here and in the page's own formatter
    /// (Templates/assets/sitegen-rules.js): era, year, month, stand-alone month, day, weekday.
    public static let supportedPatternLetters: Set<Character> = ["G", "y", "M", "L", "d", "E"]

    /// The first pattern letter outside quotes that sitegen does not support, or `nil` when
    /// every letter is supported. Text in single quotes is literal; `''` is an apostrophe.
    public static func unsupportedLetter(in pattern: String) -> Character? {
        var quoted = false
        for character in pattern {
            if character == "'" {
                quoted.toggle()
                continue
            }
            guard !quoted, let letter = character.unicodeScalars.first(where: { $0.isASCII && $0.properties.isAlphabetic })
            else { continue }
            // A letter with a combining mark after it is one Character to Swift but a letter
            // and a mark to ICU and to the page: refused, so that both sides never disagree.
            if character.unicodeScalars.count > 1 || !supportedPatternLetters.contains(Character(letter)) {
                return Character(letter)
            }
        }
        return nil
    }

    /// The longest date pattern, in characters: far beyond any real format, short enough that
    /// ICU never gives up on it (patterns of a few thousand letters render as nothing).
    public static let maximumPatternLength = 200

    /// Why `pattern` cannot be used, or `nil` when it can.
    public static func patternProblem(_ pattern: String) -> String? {
        let length = pattern.count
        if length > maximumPatternLength {
            return "date pattern is \(length) characters long; a date pattern may have at most \(maximumPatternLength)"
        }
        if let letter = unsupportedLetter(in: pattern) {
            return
                "date pattern '\(pattern)' uses '\(letter)' (or a letter with a mark on it); sitegen writes dates with G (era), y (year), M or L (month), d (day) and E (weekday), and text in single quotes"
        }
        return nil
    }

    private func usesJapaneseEra(_ pattern: String) -> Bool {
        japanese && Self.hasEraField(pattern)
    }

    /// Whether `pattern` writes a Japanese era in `language`: a Japanese pattern with a `G`
    /// field. A `G` in quoted text (`'(GW明け)'`) is literal and writes no era.
    private static func usesJapaneseEra(_ pattern: String, language: String) -> Bool {
        LanguageTag.isJapanese(language) && hasEraField(pattern)
    }

    /// Whether `pattern` has a `G` outside single quotes, that is an era field as ICU reads it.
    static func hasEraField(_ pattern: String) -> Bool {
        // Over bytes, as ICU reads the pattern by code unit (a `'` with a combining mark after it
        // still opens a quote), and because every date stamped asks this. Each `'` toggles: a
        // `''`, an apostrophe inside or outside quotes, toggles twice and leaves quoting as it
        // was. `'` and `G` are ASCII, never part of a longer UTF-8 sequence.
        var quoted = false
        for byte in pattern.utf8 {
            if byte == UInt8(ascii: "'") {
                quoted.toggle()
            } else if byte == UInt8(ascii: "G"), !quoted {
                return true
            }
        }
        return false
    }

    private func makeFormatter(_ pattern: String) -> DateFormatter {
        let formatter = DateFormatter()
        let era = usesJapaneseEra(pattern)
        let locale = Locale(identifier: era ? "ja_JP@calendar=japanese" : (japanese ? "ja_JP" : "en_US"))
        var calendar = Calendar(identifier: era ? .japanese : .gregorian)
        calendar.timeZone = Self.formattingZone
        calendar.locale = locale
        formatter.locale = locale
        formatter.calendar = calendar
        formatter.timeZone = Self.formattingZone
        // ICU's Gregorian calendar switches to the Julian one before 1582-10-15, so 1582-10-14
        // would be written 「1582年10月4日」. Dates here are proleptic Gregorian throughout, as
        // CivilDate counts them and as the page's formatter writes them: move the switch to
        // long before year 1.
        if !era { formatter.gregorianStartDate = Date(timeIntervalSinceReferenceDate: -1e14) }
        formatter.dateFormat = pattern
        return formatter
    }

    /// ICU writes the first year of an era as `1年` unless the locale's own pattern asks for
    /// 元年; Japanese style is 元年 (`令和元年5月1日`).
    static func firstYearAsGannen(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        for (index, character) in characters.enumerated() {
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "1", next == "年", let previous, !previous.isNumber {
                result.append("元")
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The text a value stamps as: a date in the `default` format (or the one given), a choice
    /// as its label, an int with digit grouping (`1,500`), a string as it is, a list as its
    /// elements joined (`、` in Japanese, `, ` else).
    ///
    /// - Throws: `StampError` for a bool, a duration, an unknown named format, or a format on
    ///   something that is not a date.
    public func stampText(_ value: Value, format: StampFormat?) throws(StampError) -> String {
        if format != nil {
            switch value {
            case .date, .bool: break
            default: throw .formatOnNonDate(value.type)
            }
        }
        switch value {
        case .bool:
            throw .boolNotStampable
        case .duration:
            throw .durationNotStampable
        case .int(let number):
            return Self.grouped(number)
        case .string(let text):
            return text
        case .choice(_, _, let label):
            return label
        case .date(let date):
            let pattern: String
            switch format {
            case nil:
                if defaultFormatUsesEra, date < Self.firstEraDate { throw .eraOutOfRange(date) }
                return formatInDefault(date)
            case .pattern(let given): pattern = given
            case .named(let name):
                guard let named = formats[name] else { throw .unknownFormat(name, known: formats.keys.sorted()) }
                pattern = named
            }
            if usesJapaneseEra(pattern), date < Self.firstEraDate { throw .eraOutOfRange(date) }
            return self.format(date, pattern: pattern)
        case .list(let elements):
            var parts: [String] = []
            for element in elements { parts.append(try stampText(element, format: nil)) }
            return parts.joined(separator: japanese ? "、" : ", ")
        }
    }

    /// `1500` → `1,500`, `-1500` → `-1,500`.
    static func grouped(_ number: Int) -> String {
        // Most stamped numbers (counts, days) have no group to separate.
        if number > -1000 && number < 1000 { return String(number) }
        // Over ASCII bytes: the digits as Characters cost more than the rest of a stamp.
        let digits = Array(String(number.magnitude).utf8)
        var result: [UInt8] = number < 0 ? [UInt8(ascii: "-")] : []
        result.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(UInt8(ascii: ",")) }
            result.append(digit)
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// Texts kept by key in stripes, each behind its own readers-writer lock, chosen by a number the
/// caller gives (the day). Every stamp of every page asks for its text, from every worker at
/// once, and nearly always finds it: behind one mutex, the workers of a 10,000-page build waited
/// on each other about a thousand times (docs/performance.md, "Locks"). Readers of a stripe
/// never wait for each other, only for the rare first writing of a text.
private final class StripedTexts<Key: Hashable>: Sendable {
    private final class Stripe: @unchecked Sendable {
        private let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        // Guarded by `lock`.
        private var texts: [Key: String] = [:]
        // Keeps neighbouring stripes off each other's cache line: a stripe written by one core
        // would otherwise make the other core read its neighbour again.
        private let padding: (Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0)

        init() {
            lock.initialize(to: pthread_rwlock_t())
            pthread_rwlock_init(lock, nil)
        }

        deinit {
            pthread_rwlock_destroy(lock)
            lock.deallocate()
        }

        subscript(key: Key) -> String? {
            get {
                pthread_rwlock_rdlock(lock)
                defer { pthread_rwlock_unlock(lock) }
                return texts[key]
            }
            set {
                pthread_rwlock_wrlock(lock)
                defer { pthread_rwlock_unlock(lock) }
                texts[key] = newValue
            }
        }
    }

    private static var stripeCount: Int { 64 }
    private let stripes: [Stripe] = (0..<stripeCount).map { _ in Stripe() }

    /// The text of `key`, kept in the stripe of `stripe`; `make` makes it the first time (two
    /// workers may both make it; both get the same text).
    func text(for key: Key, stripe number: Int, make: () -> String) -> String {
        let stripe = stripes[number & (Self.stripeCount - 1)]
        if let known = stripe[key] { return known }
        let made = make()
        stripe[key] = made
        return made
    }
}

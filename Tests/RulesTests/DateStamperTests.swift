import Foundation
import SeededRandom
import Testing

@testable import Rules

struct DateStamperTests {
    let stamper = DateStamper(
        language: "ja", timeZone: "Asia/Tokyo",
        formats: ["default": "y年M月d日(E)", "era": "GGGGy年M月d日", "iso": "yyyy-MM-dd"])

    private func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test func japaneseDefaultWithWeekday() throws {
        #expect(try stamper.stampText(.date(date("2026-01-31")), format: nil) == "2026年1月31日(土)")
        #expect(try stamper.stampText(.date(date("2026-02-15")), format: nil) == "2026年2月15日(日)")
        #expect(try stamper.stampText(.date(date("2026-02-02")), format: nil) == "2026年2月2日(月)")
        #expect(stamper.format(date("2026-01-31"), pattern: "E") == "土")
    }

    @Test func japaneseEra() throws {
        #expect(try stamper.stampText(.date(date("2026-01-31")), format: .named("era")) == "令和8年1月31日")
        #expect(try stamper.stampText(.date(date("2019-05-01")), format: .named("era")) == "令和元年5月1日")
        #expect(try stamper.stampText(.date(date("2019-04-30")), format: .named("era")) == "平成31年4月30日")
        #expect(try stamper.stampText(.date(date("2020-05-01")), format: .named("era")) == "令和2年5月1日")
        #expect(try stamper.stampText(.date(date("2029-01-01")), format: .named("era")) == "令和11年1月1日")
        #expect(DateStamper.firstYearAsGannen("令和1年5月1日") == "令和元年5月1日")
        #expect(DateStamper.firstYearAsGannen("令和11年1月1日") == "令和11年1月1日")
    }

    /// Text in single quotes is literal (`''` is an apostrophe): a quoted `G` writes a G and
    /// keeps the Gregorian calendar, also before 1873; only a `G` field writes the era.
    @Test func quotedGIsLiteral() throws {
        let goldenWeek = StampFormat.pattern("y年M月d日'(GW明け)'")
        #expect(try stamper.stampText(.date(date("2026-05-07")), format: goldenWeek) == "2026年5月7日(GW明け)")
        #expect(try stamper.stampText(.date(date("1800-05-07")), format: goldenWeek) == "1800年5月7日(GW明け)")
        #expect(try stamper.stampText(.date(date("2026-01-31")), format: .pattern("'G' y年")) == "G 2026年")
        #expect(try stamper.stampText(.date(date("2019-05-01")), format: .pattern("'it''s G' y年")) == "it's G 2019年")
        #expect(try stamper.stampText(.date(date("2026-05-07")), format: .pattern("'GW''s end' M/d")) == "GW's end 5/7")
        // An apostrophe each side ('') leaves the G outside quotes: an era.
        #expect(try stamper.stampText(.date(date("2026-01-31")), format: .pattern("''G''y年")) == "'令和'8年")
        #expect(throws: StampError.eraOutOfRange(date("1800-05-07"))) {
            try stamper.stampText(.date(date("1800-05-07")), format: .pattern("''G''y年"))
        }
        #expect(try stamper.stampText(.date(date("2019-05-01")), format: .pattern("'it''s' G y年")) == "it's 令和 元年")
        #expect(DateStamper.hasEraField("GGGGy年"))
        #expect(DateStamper.hasEraField("'a' G"))
        #expect(DateStamper.hasEraField("''G"))
        #expect(!DateStamper.hasEraField("'G'"))
        #expect(!DateStamper.hasEraField("y'G"))
        #expect(!DateStamper.hasEraField("'it''s G'"))
        #expect(!DateStamper.hasEraField("y年M月d日"))
    }

    /// Two patterns that are canonically equivalent but spelled apart (`が` as one character or
    /// as `か` and a combining mark) each write their own literal text, whichever is used first:
    /// formatted dates are kept by the pattern's bytes.
    @Test func equivalentPatternsSpelledApartWriteTheirOwnText() {
        let composed = "M月d日'\u{304C}'"
        let decomposed = "M月d日'\u{304B}\u{3099}'"
        #expect(composed == decomposed)
        for order in [[composed, decomposed], [decomposed, composed]] {
            let stamper = DateStamper(language: "ja", timeZone: "Asia/Tokyo", formats: [:])
            for pattern in order {
                let text = stamper.format(date("2026-01-31"), pattern: pattern)
                let literal = pattern.split(separator: "'")[1]
                #expect(Array(text.utf8) == Array("1月31日\(literal)".utf8), "\(order) \(pattern)")
            }
        }
    }

    @Test func patternsAndNamedFormats() throws {
        #expect(try stamper.stampText(.date(date("2026-01-31")), format: .named("iso")) == "2026-01-31")
        #expect(try stamper.stampText(.date(date("2026-01-31")), format: .pattern("M月d日")) == "1月31日")
        let english = DateStamper(language: "en", timeZone: "Asia/Tokyo", formats: [:])
        #expect(try english.stampText(.date(date("2026-01-31")), format: nil) == "January 31, 2026")
        let japaneseDefault = DateStamper(language: "ja", timeZone: "Asia/Tokyo", formats: [:])
        #expect(try japaneseDefault.stampText(.date(date("2026-01-31")), format: nil) == "2026年1月31日(土)")
    }

    /// Dates before 1582-10-15 are written in the proleptic Gregorian calendar, as they are
    /// counted, not in the Julian calendar ICU switches to (which wrote 1582-10-14 as 10月4日).
    @Test func prolepticGregorianBefore1582() throws {
        #expect(try stamper.stampText(.date(date("1582-10-14")), format: nil) == "1582年10月14日(木)")
        #expect(try stamper.stampText(.date(date("1582-10-15")), format: nil) == "1582年10月15日(金)")
        #expect(try stamper.stampText(.date(date("0001-01-01")), format: nil) == "1年1月1日(月)")
        #expect(try stamper.stampText(.date(date("0200-02-28")), format: .named("iso")) == "0200-02-28")
        #expect(try stamper.stampText(.date(date("1000-01-01")), format: .named("iso")) == "1000-01-01")
        let english = DateStamper(language: "en", timeZone: "UTC", formats: [:])
        #expect(english.format(date("0004-02-29"), pattern: "G y-MM-dd E") == "AD 4-02-29 Sun")
        for zone in ["Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati"] {
            let zoned = DateStamper(language: "en", timeZone: zone, formats: [:])
            #expect(zoned.format(date("1582-10-04"), pattern: "yyyy-MM-dd") == "1582-10-04", "\(zone)")
        }
    }

    @Test func timeZonesDoNotShiftTheDay() {
        for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC", "America/Los_Angeles"] {
            let zoned = DateStamper(language: "en", timeZone: zone, formats: [:])
            #expect(zoned.format(date("2026-01-31"), pattern: "yyyy-MM-dd") == "2026-01-31", "\(zone)")
            #expect(zoned.format(date("2026-03-08"), pattern: "yyyy-MM-dd") == "2026-03-08", "\(zone)")
        }
    }

    /// A zone that skipped a day (Samoa went from 2011-12-29 to 2011-12-31, Kiribati's Line
    /// Islands from 1994-12-30 to 1995-01-01) still writes every date as its own day: a date has
    /// no time of day for the zone to move, the days around the skip included.
    @Test func daysAZoneSkippedAreWrittenAsThemselves() throws {
        let cases = [
            ("Pacific/Apia", "2011-12-29", "Thu", "平成23年12月29日"), ("Pacific/Apia", "2011-12-30", "Fri", "平成23年12月30日"),
            ("Pacific/Apia", "2011-12-31", "Sat", "平成23年12月31日"),
            ("Pacific/Kiritimati", "1994-12-30", "Fri", "平成6年12月30日"),
            ("Pacific/Kiritimati", "1994-12-31", "Sat", "平成6年12月31日"),
            ("Pacific/Kiritimati", "1995-01-01", "Sun", "平成7年1月1日"),
        ]
        for (zone, day, weekday, era) in cases {
            let english = DateStamper(language: "en", timeZone: zone, formats: ["iso": "yyyy-MM-dd"])
            #expect(try english.stampText(.date(date(day)), format: .named("iso")) == day, "\(zone)")
            #expect(english.format(date(day), pattern: "yyyy-MM-dd E") == "\(day) \(weekday)", "\(zone)")
            let japanese = DateStamper(language: "ja", timeZone: zone, formats: [:])
            #expect(try japanese.stampText(.date(date(day)), format: .pattern("GGGGy年M月d日")) == era, "\(zone)")
        }
        let apia = DateStamper(language: "ja", timeZone: "Pacific/Apia", formats: [:])
        #expect(try apia.stampText(.date(date("2011-12-30")), format: nil) == "2011年12月30日(金)")
        let kiritimati = DateStamper(language: "en", timeZone: "Pacific/Kiritimati", formats: [:])
        #expect(try kiritimati.stampText(.date(date("1994-12-31")), format: nil) == "December 31, 1994")
    }

    @Test func otherValues() throws {
        #expect(try stamper.stampText(.int(1500), format: nil) == "1,500")
        #expect(try stamper.stampText(.int(-1500), format: nil) == "-1,500")
        // Every width, both signs and the extremes, against grouping by the locale's rules.
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.numberStyle = .decimal
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        var numbers = [0, 1, -1, 999, -999, 1000, -1000, Int.max, Int.min]
        var place = 1
        for _ in 0..<18 {
            place *= 10
            numbers += [place - 1, place, place + 1, -(place - 1), -place, 7 * place / 3]
        }
        for number in numbers {
            #expect(DateStamper.grouped(number) == formatter.string(from: NSNumber(value: number)), "\(number)")
        }
        #expect(try stamper.stampText(.int(0), format: nil) == "0")
        #expect(try stamper.stampText(.int(999), format: nil) == "999")
        #expect(try stamper.stampText(.int(1_000_000), format: nil) == "1,000,000")
        #expect(try stamper.stampText(.int(-100_000), format: nil) == "-100,000")
        #expect(try stamper.stampText(.string("a*b|c"), format: nil) == "a*b|c")
        let choice = Value.choice(fact: "target_service", key: "other", label: "その他(お客様管理のサーバなど)")
        #expect(try stamper.stampText(choice, format: nil) == "その他(お客様管理のサーバなど)")
    }

    @Test func errors() {
        #expect(throws: StampError.boolNotStampable) { try stamper.stampText(.bool(true), format: nil) }
        #expect(StampError.boolNotStampable.description == "a bool cannot be stamped; use {% if %}")
        #expect(throws: StampError.unknownFormat("eraa", known: ["default", "era", "iso"])) {
            try stamper.stampText(.date(date("2026-01-31")), format: .named("eraa"))
        }
        #expect(
            StampError.unknownFormat("eraa", known: ["default", "era", "iso"]).description
                == "unknown date format 'eraa' (formats: default, era, iso)")
        #expect(throws: StampError.formatOnNonDate(.int)) { try stamper.stampText(.int(3), format: .named("era")) }
    }

    @Test func concurrentUseGivesTheSameText() async {
        let stamper = self.stamper
        let results = await withTaskGroup(of: String.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let pattern = index % 2 == 0 ? "GGGGy年M月d日" : "y年M月d日(E)"
                    return stamper.format(CivilDate(iso: "2019-05-01")!, pattern: pattern)
                }
            }
            var all: Set<String> = []
            for await text in group { all.insert(text) }
            return all
        }
        #expect(results == ["令和元年5月1日", "2019年5月1日(水)"])
    }

    /// Workers stamping many days at once, in every stripe of the stamper's kept texts and with
    /// formatters taken out and put back concurrently, get what one stamper alone writes.
    @Test func concurrentStampsOfManyDaysMatchOneByOne() throws {
        var generator = SeededGenerator(seed: 0xDA7E_0002)
        let patterns: [StampFormat?] = [nil, .pattern("GGGGy年M月d日"), .pattern("M/d"), .named("iso")]
        let asks: [(CivilDate, StampFormat?)] = (0..<4_000).map { _ in
            let day = CivilDate(daysSinceEpoch: Int.random(in: -2_000...30_000, using: &generator))
            return (day, patterns.randomElement(using: &generator)!)
        }
        let alone = self.stamper
        let expected = try asks.map { try alone.stampText(.date($0.0), format: $0.1) }
        let shared = DateStamper(language: "ja", timeZone: "Asia/Tokyo", formats: alone.formats)
        let results = ResultsBox(count: asks.count)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            // Each worker goes through every ask, starting at its own place, so the same days
            // are asked for at the same time.
            for step in 0..<asks.count {
                let index = (step + worker * asks.count / 4) % asks.count
                let text = try? shared.stampText(.date(asks[index].0), format: asks[index].1)
                results.set(index, text, worker: worker)
            }
        }
        for worker in 0..<4 { #expect(results.texts(of: worker) == expected.map { Optional($0) }) }
    }

    /// What each worker of `concurrentStampsOfManyDaysMatchOneByOne` got, behind a lock.
    private final class ResultsBox: @unchecked Sendable {
        private let lock = NSLock()
        private var byWorker: [[String?]]

        init(count: Int) { byWorker = Array(repeating: Array(repeating: nil, count: count), count: 4) }

        func set(_ index: Int, _ text: String?, worker: Int) { lock.withLock { byWorker[worker][index] = text } }

        func texts(of worker: Int) -> [String?] { lock.withLock { byWorker[worker] } }
    }

    /// A stamp without a format is written as one with the `default` pattern given: the
    /// stamper keeps dates in its default format apart, by day, and must give the same text and
    /// the same errors (an era before 1873), in both languages, for days from year 1 to 2100.
    @Test func theDefaultFormatIsThePatternItNames() {
        var generator = SeededGenerator(seed: 0xDA7E_0001)
        var days = ["0001-01-01", "1582-10-15", "1872-12-31", "1873-01-01", "1989-01-07", "1989-01-08", "2019-05-01"]
            .map(date)
        let low = date("0001-01-01").daysSinceEpoch
        let high = date("2100-12-31").daysSinceEpoch
        for _ in 0..<300 { days.append(CivilDate(daysSinceEpoch: Int.random(in: low...high, using: &generator))) }
        func text(_ stamper: DateStamper, _ day: CivilDate, _ format: StampFormat?) -> String {
            do throws(StampError) { return try stamper.stampText(.date(day), format: format) } catch { return "error: \(error.id)" }
        }
        for language in ["ja", "en"] {
            for pattern in ["y年M月d日(E)", "GGGGy年M月d日", "Gy.MM.dd", "MMMM d, y", "EEEE d LLLL y"] {
                let stamper = DateStamper(language: language, timeZone: "Asia/Tokyo", formats: ["default": pattern])
                // Twice over, so that the second round is answered from what the first kept.
                for day in days + days {
                    #expect(text(stamper, day, nil) == text(stamper, day, .pattern(pattern)), "\(language) \(pattern) \(day.isoString)")
                }
            }
        }
    }

    /// sitegen writes the Gregorian patterns itself (GregorianPattern); ICU is the reference.
    /// Random patterns of every field width it takes, quoted text (with `''`), Japanese, marks
    /// and punctuation between the fields, on random days of the years 1 to 9999 and the days
    /// where months, years and leap days turn, in both languages.
    @Test func gregorianPatternsAreWrittenAsICUWritesThem() throws {
        var generator = SeededGenerator(seed: 0xDA7E_0002)
        let fields: [(String, ClosedRange<Int>)] = [("y", 1...5), ("M", 1...5), ("L", 1...5), ("d", 1...2), ("E", 1...6)]
        let texts = ["年", "月", "日", "(", ")", "（", "）", " ", ", ", ".", "/", "-", ":", "、", "〜", "2026", "#", "[", "@", "!", "%",
            "\u{301}", "か\u{3099}", "é", "👩‍💻", "曜", "ＧＷ", "~", "*", "<", ">", "&", "\""]
        let quoted = ["'week of'", "'G'", "'it''s'", "''", "'(GW明け)'", "'yMdE'", "'年'", "' '", "'Q4'"]
        var days = ["0001-01-01", "0001-12-31", "0099-12-31", "0100-01-01", "0999-12-31", "1000-01-01", "1582-10-04",
            "1582-10-15", "1900-02-28", "2000-02-29", "2024-02-29", "2026-01-31", "9999-12-31"].map(date)
        let low = date("0001-01-01").daysSinceEpoch
        let high = date("9999-12-31").daysSinceEpoch
        for _ in 0..<60 { days.append(CivilDate(daysSinceEpoch: Int.random(in: low...high, using: &generator))) }
        for _ in 0..<60 { days.append(CivilDate(daysSinceEpoch: Int.random(in: date("1990-01-01").daysSinceEpoch...date("2040-12-31").daysSinceEpoch, using: &generator))) }
        var compared = 0
        for round in 0..<160 {
            var pattern = ""
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0, 1:
                    let (letter, widths) = fields.randomElement(using: &generator)!
                    // Two fields of one letter side by side would read as one wider field.
                    if pattern.last == Character(letter) { pattern += " " }
                    pattern += String(repeating: letter, count: Int.random(in: widths, using: &generator))
                case 2: pattern += texts.randomElement(using: &generator)!
                default: pattern += quoted.randomElement(using: &generator)!
                }
            }
            // An unclosed quote runs to the end, as in ICU.
            if round % 20 == 19 { pattern += "'open" }
            let parsed = try #require(GregorianPattern(pattern), "round \(round): \(pattern)")
            compared += try compareWithICU(parsed, pattern, on: days, round: round)
        }
        #expect(compared == 160 * 2 * days.count)
    }

    /// Expects `parsed` (read from `pattern`) to write each of `days` as ICU writes it, in
    /// Japanese and in English; how many texts it compared.
    private func compareWithICU(_ parsed: GregorianPattern, _ pattern: String, on days: [CivilDate], round: Int) throws -> Int {
        var compared = 0
        for language in ["ja", "en"] {
            let stamper = DateStamper(language: language, timeZone: "Asia/Tokyo", formats: [:])
            for day in days {
                let written = try #require(parsed.format(day, japanese: language == "ja"))
                let reference = stamper.formatWithFormatter(day, pattern: pattern)
                #expect(written == reference, "round \(round), \(language), \(pattern), \(day.isoString)")
                compared += 1
            }
        }
        return compared
    }

    /// Patterns with an era, written by GregorianPattern as ICU writes them: the Japanese
    /// calendar in Japanese (`令和8年`, `令和元年`, the narrow `R`, the year unpadded beside
    /// `年`), the Gregorian one in English (`AD`). Random patterns of every width of every field,
    /// with and without `年`, on the days eras begin and end, their first New Year's Days and
    /// random days from 1873, when Japan took up the Gregorian calendar, to 9999.
    @Test func eraPatternsAreWrittenAsICUWritesThem() throws {
        var generator = SeededGenerator(seed: 0xDA7E_0003)
        let fields: [(String, ClosedRange<Int>)] = [("G", 1...5), ("y", 1...5), ("M", 1...5), ("L", 1...5), ("d", 1...2), ("E", 1...6)]
        let texts = ["年", "月", "日", "(", ")", " ", ", ", "/", "-", "1", "1年", "元年", "'年'", "'G'", "''"]
        var days = ["1873-01-01", "1912-07-29", "1912-07-30", "1913-01-01", "1926-12-24", "1926-12-25", "1927-01-01",
            "1989-01-07", "1989-01-08", "1990-01-01", "2019-04-30", "2019-05-01", "2020-01-01", "2026-01-31", "9999-12-31"].map(date)
        let low = date("1873-01-01").daysSinceEpoch
        let high = date("9999-12-31").daysSinceEpoch
        for _ in 0..<40 { days.append(CivilDate(daysSinceEpoch: Int.random(in: low...high, using: &generator))) }
        for _ in 0..<40 { days.append(CivilDate(daysSinceEpoch: Int.random(in: date("1985-01-01").daysSinceEpoch...date("2045-12-31").daysSinceEpoch, using: &generator))) }
        var compared = 0
        for round in 0..<120 {
            var pattern = String(repeating: "G", count: Int.random(in: 1...5, using: &generator))
            for _ in 0..<Int.random(in: 1...5, using: &generator) {
                if Bool.random(using: &generator) {
                    let (letter, widths) = fields.randomElement(using: &generator)!
                    if pattern.last == Character(letter) { pattern += " " }
                    pattern += String(repeating: letter, count: Int.random(in: widths, using: &generator))
                } else {
                    pattern += texts.randomElement(using: &generator)!
                }
            }
            if round % 2 == 0 { pattern = String(pattern.shuffled(using: &generator)) }
            guard let parsed = GregorianPattern(pattern) else { continue }
            compared += try compareWithICU(parsed, pattern, on: days, round: round)
        }
        #expect(compared >= 80 * 2 * days.count)
        // Before 1873 a Japanese era is not written here (sitegen refuses it, eraOutOfRange).
        #expect(GregorianPattern("GGGGy年")!.format(date("1872-12-31"), japanese: true) == nil)
    }

    /// What GregorianPattern leaves to ICU: an era, fields wider than it writes, letters sitegen
    /// refuses, and days outside the years 1 to 9999.
    @Test func gregorianPatternLeavesTheRestToICU() {
        for pattern in ["GGGGGGy年", "G\u{301}y年", "yyyyyy", "MMMMMM", "LLLLLL", "ddd", "EEEEEEE", "h:mm", "y年Q", "'x' D"] {
            #expect(GregorianPattern(pattern) == nil, "\(pattern)")
        }
        for pattern in ["'G'y", "y'G", "yyyyy", "MMMMM", "EEEEEE", "dd", "Gy年", "GGGGy年M月d日", "''G''", "GGGGG"] {
            #expect(GregorianPattern(pattern) != nil, "\(pattern)")
        }
        let pattern = GregorianPattern("y年M月d日")!
        #expect(pattern.format(date("2026-01-31"), japanese: true) == "2026年1月31日")
        #expect(pattern.format(CivilDate(daysSinceEpoch: date("0001-01-01").daysSinceEpoch - 1), japanese: true) == nil)
        #expect(pattern.format(CivilDate(daysSinceEpoch: date("9999-12-31").daysSinceEpoch + 1), japanese: true) == nil)
        // Through the stamper, both give ICU's text.
        let stamper = DateStamper(language: "ja", timeZone: "Asia/Tokyo", formats: [:])
        let early = CivilDate(daysSinceEpoch: date("0001-01-01").daysSinceEpoch - 1)
        #expect(stamper.format(early, pattern: "y年M月d日") == stamper.formatWithFormatter(early, pattern: "y年M月d日"))
    }

    /// Patterns of the same length in bytes but not the same bytes keep their own text for
    /// the same day, in either order of first use.
    @Test func patternsOfOneLengthKeepTheirOwnText() {
        let day = date("2026-01-31")
        for pair in [("y年M月", "M月y年"), ("d/M/y", "M/d/y"), ("E d", "d E")] {
            let stamper = DateStamper(language: "ja", timeZone: "Asia/Tokyo", formats: [:])
            let first = stamper.format(day, pattern: pair.0)
            let second = stamper.format(day, pattern: pair.1)
            #expect(first != second, "\(pair)")
            #expect(stamper.format(day, pattern: pair.0) == first)
            #expect(stamper.format(day, pattern: pair.1) == second)
            #expect(first == stamper.formatWithFormatter(day, pattern: pair.0))
            #expect(second == stamper.formatWithFormatter(day, pattern: pair.1))
        }
    }
}

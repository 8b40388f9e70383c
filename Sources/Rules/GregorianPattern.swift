/// A CLDR date pattern read once into literal text and fields, written without ICU in Japanese
/// or English: the patterns nearly every site uses (`y年M月d日(E)`, `MMMM d, y`, and the
/// Japanese era's `GGGGy年M月d日`). ICU's `DateFormatter` cost about 25,000 instructions a date
/// (40,000 with an era), and a site writes a few new dates for every scenario; this writes one
/// in about a tenth of that.
///
/// It takes only what its tests prove it writes exactly as ICU does (`DateStamperTests`, on
/// random patterns and days): the fields `G` (1 to 5 letters), `y` (1 to 5), `M` and `L` (1 to
/// 5), `d` (1 or 2) and `E` (1 to 6), quoted text, and any other text, for the years 1 to 9999.
/// A Japanese pattern with an era writes the Japanese calendar (`令和8年`, `令和元年`), as the
/// page's own formatter does (Templates/assets/sitegen-rules.js), from 1873 on. A wider field,
/// an era field with a non-ASCII character right after it (a combining mark would join it) and
/// a day outside those years are left to ICU.
struct GregorianPattern: Sendable {
    private enum Piece: Sendable {
        case literal([UInt8])
        case field(letter: UInt8, width: Int)
    }

    private let pieces: [Piece]
    /// Whether the pattern has an era field: a Japanese one then writes the Japanese calendar.
    private let hasEra: Bool
    /// Whether `年` stands anywhere in the pattern: ICU then writes a Japanese era's year with
    /// the numbering `jpanyear` (元 for the first year, no padding).
    private let hasNen: Bool

    /// The pattern read as ICU reads it: text in single quotes is literal, `''` is an
    /// apostrophe (inside quotes too), a run of one ASCII letter is a field, anything else is
    /// literal. `nil` when a field is one this type leaves to ICU.
    init?(_ pattern: String) {
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        var quoted = false
        let bytes = Array(pattern.utf8)
        var index = 0
        // Over bytes: `'` and the ASCII letters are never part of a longer UTF-8 sequence, and
        // everything else is copied as it is.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "'") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "'") {
                    literal.append(byte)
                    index += 2
                    continue
                }
                quoted.toggle()
                index += 1
            } else if !quoted, Self.isASCIILetter(byte) {
                var width = 1
                while index + width < bytes.count, bytes[index + width] == byte { width += 1 }
                guard let widest = Self.widest(byte), width <= widest else { return nil }
                // ICU's reading of an era field that a mark joins is not worth guessing (sitegen
                // refuses such patterns, DateStamper.patternProblem).
                if byte == UInt8(ascii: "G"), index + width < bytes.count, bytes[index + width] >= 0x80 { return nil }
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = []
                pieces.append(.field(letter: byte, width: width))
                index += width
            } else {
                literal.append(byte)
                index += 1
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces
        hasEra = pieces.contains { if case .field(UInt8(ascii: "G"), _) = $0 { true } else { false } }
        hasNen = pattern.unicodeScalars.contains("年")
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// The widest field of `letter` written here; `nil` for a letter left to ICU (the era and
    /// the letters sitegen refuses).
    private static func widest(_ letter: UInt8) -> Int? {
        switch letter {
        case UInt8(ascii: "G"), UInt8(ascii: "y"), UInt8(ascii: "M"), UInt8(ascii: "L"): 5
        case UInt8(ascii: "d"): 2
        case UInt8(ascii: "E"): 6
        default: nil
        }
    }

    private static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ].map { Array($0.utf8) }
    /// ISO weekdays: Monday first.
    private static let englishWeekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        .map { Array($0.utf8) }
    private static let japaneseWeekdays = ["月", "火", "水", "木", "金", "土", "日"].map { Array($0.utf8) }
    private static let japaneseMonth = Array("月".utf8)
    private static let japaneseWeekdaySuffix = Array("曜日".utf8)
    private static let gannen = Array("元".utf8)

    /// The Japanese eras from Meiji: the first day of each, its name and its narrow name. Only
    /// days from 1873 on are written with them (DateStamper.firstEraDate).
    private static let eras: [(start: CivilDate, name: [UInt8], narrow: [UInt8])] = [
        (CivilDate(year: 1868, month: 9, day: 8)!, Array("明治".utf8), Array("M".utf8)),
        (CivilDate(year: 1912, month: 7, day: 30)!, Array("大正".utf8), Array("T".utf8)),
        (CivilDate(year: 1926, month: 12, day: 25)!, Array("昭和".utf8), Array("S".utf8)),
        (CivilDate(year: 1989, month: 1, day: 8)!, Array("平成".utf8), Array("H".utf8)),
        (CivilDate(year: 2019, month: 5, day: 1)!, Array("令和".utf8), Array("R".utf8)),
    ]

    /// `date` written with the pattern, or `nil` for a day outside the years 1 to 9999.
    func format(_ date: CivilDate, japanese: Bool) -> String? {
        let (gregorianYear, month, day) = date.components
        guard (1...9999).contains(gregorianYear) else { return nil }
        let weekday = date.weekday - 1
        // A Japanese pattern with an era writes the year of the era the day is in.
        let imperial = japanese && hasEra
        if imperial, date < DateStamper.firstEraDate { return nil }
        let era = imperial ? Self.eras.last { $0.start <= date }! : nil
        let year = era.map { gregorianYear - $0.start.components.year + 1 } ?? gregorianYear
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for piece in pieces {
            switch piece {
            case .literal(let bytes):
                out += bytes
            case .field(let letter, let width):
                switch letter {
                case UInt8(ascii: "G"):
                    if let era {
                        out += width == 5 ? era.narrow : era.name
                    } else {
                        // English keeps the Gregorian calendar: every year written is AD.
                        out += Array((width == 4 ? "Anno Domini" : width == 5 ? "A" : "AD").utf8)
                    }
                case UInt8(ascii: "y"):
                    if imperial && hasNen {
                        if year == 1 { out += Self.gannen } else { Self.append(year, width: 1, to: &out) }
                    } else if width == 2 {
                        // `yy` is the year's last two digits; other widths pad the whole year.
                        Self.append(year % 100, width: 2, to: &out)
                    } else {
                        Self.append(year, width: width, to: &out)
                    }
                case UInt8(ascii: "M"), UInt8(ascii: "L"):
                    if width < 3 {
                        Self.append(month, width: width, to: &out)
                    } else if japanese {
                        // Japanese names its months by number: 1月, and 1 when narrow.
                        Self.append(month, width: 1, to: &out)
                        if width < 5 { out += Self.japaneseMonth }
                    } else {
                        let name = Self.englishMonths[month - 1]
                        out += width == 4 ? name[...] : name.prefix(width == 3 ? 3 : 1)
                    }
                case UInt8(ascii: "d"):
                    Self.append(day, width: width, to: &out)
                default:  // E
                    if japanese {
                        out += Self.japaneseWeekdays[weekday]
                        if width == 4 { out += Self.japaneseWeekdaySuffix }
                    } else {
                        let name = Self.englishWeekdays[weekday]
                        // Abbreviated (1 to 3 letters), wide (4), narrow (5), short (6).
                        out += width == 4 ? name[...] : name.prefix(width == 5 ? 1 : width == 6 ? 2 : 3)
                    }
                }
            }
        }
        let text = String(decoding: out, as: UTF8.self)
        return imperial ? DateStamper.firstYearAsGannen(text) : text
    }

    /// Appends the decimal digits of `value` (not negative), zero-padded to `width`.
    private static func append(_ value: Int, width: Int, to out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0 && count < 5
        }
        for _ in count..<max(width, count) { out.append(UInt8(ascii: "0")) }
        withUnsafeBytes(of: &digits) { buffer in
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }
}

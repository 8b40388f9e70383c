/// A CLDR date pattern read once into literal text and fields, written without ICU for the
/// Gregorian calendar in Japanese or English: the patterns nearly every site uses
/// (`y年M月d日(E)`, `MMMM d, y`). ICU's `DateFormatter` cost about 25,000 instructions a date,
/// and a site writes a few new dates for every scenario; this writes one in about a tenth of that.
///
/// It takes only what its tests prove it writes exactly as ICU does (`DateStamperTests`, on
/// random patterns and days): the fields `y` (1 to 5 letters), `M` and `L` (1 to 5), `d` (1 or
/// 2) and `E` (1 to 6), quoted text, and any other text, for the years 1 to 9999. A pattern with
/// an era (`G`) or with a wider field is left to ICU, and so is a day outside those years.
struct GregorianPattern: Sendable {
    private enum Piece: Sendable {
        case literal([UInt8])
        case field(letter: UInt8, width: Int)
    }

    private let pieces: [Piece]

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
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// The widest field of `letter` written here; `nil` for a letter left to ICU (the era and
    /// the letters sitegen refuses).
    private static func widest(_ letter: UInt8) -> Int? {
        switch letter {
        case UInt8(ascii: "y"), UInt8(ascii: "M"), UInt8(ascii: "L"): 5
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

    /// `date` written with the pattern, or `nil` for a day outside the years 1 to 9999.
    func format(_ date: CivilDate, japanese: Bool) -> String? {
        let (year, month, day) = date.components
        guard (1...9999).contains(year) else { return nil }
        let weekday = date.weekday - 1
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for piece in pieces {
            switch piece {
            case .literal(let bytes):
                out += bytes
            case .field(let letter, let width):
                switch letter {
                case UInt8(ascii: "y"):
                    // `yy` is the year's last two digits; other widths pad the whole year.
                    if width == 2 { Self.append(year % 100, width: 2, to: &out) } else { Self.append(year, width: width, to: &out) }
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
        return String(decoding: out, as: UTF8.self)
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

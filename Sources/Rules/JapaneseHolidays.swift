/// Japan's national holidays, computed from the Act on National Holidays (国民の祝日に関する法律)
/// as amended, for the years ``coveredYears``: the built-in calendar `jp` (docs/language.md,
/// Holiday calendars).
///
/// What the law makes a holiday, and how each is computed here:
/// - fixed days (元日 1/1, 建国記念の日 2/11, 憲法記念日 5/3, こどもの日 5/5, 文化の日 11/3,
///   勤労感謝の日 11/23), and the days whose date changed with the law: 天皇誕生日 (4/29 to 1988,
///   12/23 from 1989 to 2018, 2/23 from 2020), 4/29 (みどりの日 1989–2006, 昭和の日 from 2007),
///   5/4 (みどりの日 from 2007), 海の日 (7/20 from 1996), 山の日 (8/11 from 2016);
/// - the "Happy Monday" days: 成人の日 and 体育の日/スポーツの日 on the second Monday of January and
///   October from 2000, 海の日 and 敬老の日 on the third Monday of July and September from 2003;
/// - the equinox days (春分の日, 秋分の日), fixed each February for the next year by the
///   government from the astronomical equinox; here by the formula that gives those dates for
///   1980–2099 (for years not yet announced it is the prediction the announcement will follow);
/// - the Olympic moves of 2020 and 2021 (海の日, スポーツの日, 山の日) and the one-off days
///   (1989-02-24, 1990-11-12, 1993-06-09, 2019-05-01, 2019-10-22);
/// - 振替休日: a holiday on a Sunday moves the rest to the next day that is no holiday (from
///   1973-04-12; until 2006 only to the Monday);
/// - 国民の休日: a day between two holidays that is not one itself becomes one (from 1985-12-27;
///   until 2006 not on a Sunday or a 振替休日).
///
/// Company closures such as the year end are not national holidays; a site's own calendar file
/// adds them (`extends: jp`).
public enum JapaneseHolidays {
    /// The years this calendar knows; business-day arithmetic outside them is an error.
    public static let coveredYears = 1980...2099

    /// The national holidays of `years` (clamped to ``coveredYears``), with their names.
    public static func holidays(in years: ClosedRange<Int> = coveredYears) -> [CivilDate: String] {
        let low = max(years.lowerBound, coveredYears.lowerBound)
        let high = min(years.upperBound, coveredYears.upperBound)
        guard low <= high else { return [:] }
        var result: [CivilDate: String] = [:]
        for year in low...high {
            result.merge(holidays(of: year)) { first, _ in first }
        }
        return result
    }

    /// The calendar `jp` as a ``HolidayCalendar``.
    public static var calendar: HolidayCalendar {
        HolidayCalendar(name: "jp", holidays: holidays(), coveredYears: coveredYears)
    }

    /// The holidays of one year: the days the law names, then the substitute and citizens'
    /// holidays that follow from them.
    static func holidays(of year: Int) -> [CivilDate: String] {
        var named: [CivilDate: String] = [:]
        func add(_ month: Int, _ day: Int, _ name: String) {
            if let date = CivilDate(year: year, month: month, day: day) { named[date] = name }
        }
        func addMonday(_ month: Int, _ week: Int, _ name: String) {
            named[nthMonday(year: year, month: month, week)] = name
        }

        add(1, 1, "元日")
        if year >= 2000 { addMonday(1, 2, "成人の日") } else { add(1, 15, "成人の日") }
        add(2, 11, "建国記念の日")
        if year >= 2020 { add(2, 23, "天皇誕生日") }
        add(3, vernalEquinoxDay(year), "春分の日")
        switch year {
        case ...1988: add(4, 29, "天皇誕生日")
        case 1989...2006: add(4, 29, "みどりの日")
        default: add(4, 29, "昭和の日")
        }
        add(5, 3, "憲法記念日")
        if year >= 2007 { add(5, 4, "みどりの日") }
        add(5, 5, "こどもの日")
        switch year {
        case 1996...2002: add(7, 20, "海の日")
        case 2020: add(7, 23, "海の日")
        case 2021: add(7, 22, "海の日")
        case 2003...: addMonday(7, 3, "海の日")
        default: break
        }
        switch year {
        case 2020: add(8, 10, "山の日")
        case 2021: add(8, 8, "山の日")
        case 2016...: add(8, 11, "山の日")
        default: break
        }
        if year >= 2003 { addMonday(9, 3, "敬老の日") } else { add(9, 15, "敬老の日") }
        add(9, autumnalEquinoxDay(year), "秋分の日")
        switch year {
        case ...1999: add(10, 10, "体育の日")
        case 2000...2019: addMonday(10, 2, "体育の日")
        case 2020: add(7, 24, "スポーツの日")
        case 2021: add(7, 23, "スポーツの日")
        default: addMonday(10, 2, "スポーツの日")
        }
        add(11, 3, "文化の日")
        add(11, 23, "勤労感謝の日")
        if (1989...2018).contains(year) { add(12, 23, "天皇誕生日") }
        // Days the law made holidays once.
        switch year {
        case 1989: add(2, 24, "昭和天皇の大喪の礼")
        case 1990: add(11, 12, "即位礼正殿の儀")
        case 1993: add(6, 9, "皇太子徳仁親王の結婚の儀")
        case 2019:
            add(5, 1, "天皇の即位の日")
            add(10, 22, "即位礼正殿の儀")
        default: break
        }

        var result = named
        // 振替休日: from 2007 the first day after a Sunday holiday that is no holiday; before,
        // the Monday (when it is no holiday itself).
        for date in named.keys.sorted() where date.weekday == 7 && date >= CivilDate(year: 1973, month: 4, day: 12)! {
            var next = date.adding(days: 1)
            if year >= 2007 {
                while named[next] != nil { next = next.adding(days: 1) }
            }
            if named[next] == nil { result[next] = "振替休日" }
        }
        // 国民の休日: a day between two national holidays (the named ones, not substitutes).
        if year >= 1986 {
            for date in named.keys.sorted() {
                let middle = date.adding(days: 1)
                guard named[middle] == nil, named[middle.adding(days: 1)] != nil, result[middle] == nil else { continue }
                if year <= 2006 && middle.weekday == 7 { continue }
                result[middle] = "国民の休日"
            }
        }
        return result
    }

    /// The `week`-th Monday of the month.
    static func nthMonday(year: Int, month: Int, _ week: Int) -> CivilDate {
        let first = CivilDate(year: year, month: month, day: 1)!
        let offset = (8 - first.weekday) % 7
        return first.adding(days: offset + 7 * (week - 1))
    }

    /// The day of March of the vernal equinox day, by the formula valid for 1980–2099.
    static func vernalEquinoxDay(_ year: Int) -> Int {
        equinox(20.8431, year)
    }

    /// The day of September of the autumnal equinox day, by the formula valid for 1980–2099.
    static func autumnalEquinoxDay(_ year: Int) -> Int {
        equinox(23.2488, year)
    }

    private static func equinox(_ base: Double, _ year: Int) -> Int {
        let elapsed = year - 1980
        return Int((base + 0.242194 * Double(elapsed)).rounded(.down)) - elapsed / 4
    }
}

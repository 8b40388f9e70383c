import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// site.yml's `time_zone` takes only IANA names that browsers know too: offsets and
/// abbreviations Foundation reads (GMT+9, JST) made the page count today in UTC.
struct SiteTimeZoneTests {
    @Test func ianaNamesAndUTCAreAccepted() {
        for zone in ["Asia/Tokyo", "America/New_York", "Pacific/Apia", "Europe/London", "UTC", "GMT", "Etc/GMT-9", "Etc/GMT+12", "Etc/GMT-14"] {
            #expect(SiteTimeZone.problem(zone) == nil, "\(zone)")
        }
    }

    @Test func offsetsAreRefusedWithTheIANANameToWrite() throws {
        for zone in ["GMT+9", "UTC+9", "GMT+09:00", "utc+0900"] {
            let problem = try #require(SiteTimeZone.problem(zone), "\(zone)")
            #expect(problem.hasPrefix("'\(zone)' is an offset, not an IANA time zone name, and browsers do not accept it"), "\(problem)")
            #expect(problem.contains("Asia/Tokyo for Japan, or Etc/GMT-9 for a fixed offset"), "\(problem)")
        }
        #expect(SiteTimeZone.problem("GMT-5")?.contains("or Etc/GMT+5 for a fixed offset") == true)
        #expect(SiteTimeZone.problem("UTC+0")?.contains("or UTC for a fixed offset") == true)
        #expect(SiteTimeZone.fixedOffsetHours("GMT+15") == nil)
        #expect(SiteTimeZone.fixedOffsetHours("GMT+5:30") == nil)
        #expect(SiteTimeZone.fixedOffsetHours("GMT-14") == -14)
        #expect(SiteTimeZone.problem("JST") == "'JST' is an abbreviation, not an IANA time zone name, which browsers may not accept; write Asia/Tokyo")
        if TimeZone(identifier: "Japan") != nil {
            #expect(SiteTimeZone.problem("Japan") == "'Japan' is an old name of a time zone, which browsers may not accept; write Asia/Tokyo")
        }
        // Every old name Foundation reads but does not list is told the zone it names now (an
        // old name that is an offset, `GMT+0`, is told as offsets are).
        var told = 0
        for (old, current) in SiteTimeZone.currentNames
        where !SiteTimeZone.names.contains(old) && TimeZone(identifier: old) != nil && SiteTimeZone.fixedOffsetHours(old) == nil {
            guard SiteTimeZone.names.contains(current) else { continue }
            #expect(SiteTimeZone.problem(old) == "'\(old)' is an old name of a time zone, which browsers may not accept; write \(current)")
            told += 1
        }
        #expect(told > 20, "\(told)")
        // A place's own name is no old name, even where the database links it to another zone.
        #expect(SiteTimeZone.currentNames["America/Kralendijk"] == nil)
        #expect(SiteTimeZone.currentNames["Europe/Vatican"] == nil)
        if TimeZone(identifier: "US/Eastern") != nil {
            #expect(SiteTimeZone.problem("US/Eastern")?.hasSuffix("write America/New_York") == true)
        }
        #expect(SiteTimeZone.problem("asia/tokyo") == "'asia/tokyo' is not a known time zone; IANA names are written Asia/Tokyo")
        #expect(SiteTimeZone.problem("東京") == "'東京' is not a known time zone (for example Asia/Tokyo)")
    }

    /// The error is at the value in site.yml, and the site keeps the default zone.
    @Test func aRefusedZoneIsAnErrorAtItsValue() throws {
        let site = try FixtureSite("basic")
        try site.write("Content/site.yml", "title: テスト\ntime_zone: GMT+9\n")
        var diagnostics: [Diagnostic] = []
        let loaded = Site.load(root: site.root, diagnostics: &diagnostics)
        let error = try #require(diagnostics.first { $0.id == "site.time-zone" })
        #expect(error.severity == .error)
        #expect(error.range?.start == SourceLocation(file: "Content/site.yml", line: 2, column: 12))
        #expect(error.message.contains("Etc/GMT-9"))
        #expect(loaded.configuration.timeZone == "Asia/Tokyo")
        try site.write("Content/site.yml", "title: テスト\ntime_zone: Etc/GMT-9\n")
        var none: [Diagnostic] = []
        #expect(Site.load(root: site.root, diagnostics: &none).configuration.timeZone == "Etc/GMT-9")
        #expect(!none.contains { $0.id == "site.time-zone" }, "\(none)")
    }
}

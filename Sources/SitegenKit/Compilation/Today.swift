import Foundation
import Rules

/// What `today` means for a build (README.md, "The rules library"): `--as-of`, else `SOURCE_DATE_EPOCH`, else the
/// clock, as a date in the site's time zone.
enum Today {
    static func resolve(asOf: String?, timeZone: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> CivilDate?
    {
        if let asOf { return CivilDate(iso: asOf) }
        var instant = Date()
        if let epoch = environment["SOURCE_DATE_EPOCH"], let seconds = Double(epoch) {
            instant = Date(timeIntervalSince1970: seconds)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "Asia/Tokyo")!
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }
}

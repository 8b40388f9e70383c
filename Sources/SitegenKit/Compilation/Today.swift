import Foundation
import Rules

/// What `today` means for a build (README.md, "The rules library"): `--as-of`, else `SOURCE_DATE_EPOCH`, else the
/// clock, as a date in the site's time zone.
enum Today {
    static func resolve(asOf: String?, timeZone: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> CivilDate?
    {
        if let asOf { return CivilDate(iso: asOf) }
        var instant = Date()
        if let epoch = environment["SOURCE_DATE_EPOCH"], let seconds = Int64(epoch), seconds >= 0 {
            instant = Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "Asia/Tokyo")!
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// The value of `SOURCE_DATE_EPOCH` when it is set but is not a number of seconds (a
    /// non-negative integer, as reproducible-builds.org defines it), else `nil`. Without this a
    /// mistyped value would make a build depend on the clock while it looks reproducible.
    static func invalidEpoch(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let epoch = environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty else { return nil }
        guard epoch.utf8.allSatisfy({ (0x30...0x39).contains($0) }), Int64(epoch) != nil else { return epoch }
        return nil
    }
}

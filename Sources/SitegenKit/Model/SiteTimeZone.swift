import Foundation

/// The time zones site.yml accepts: names that both Foundation (the build's `today`) and
/// browsers (`Intl.DateTimeFormat` in the page's `todayIn`, Templates/assets/sitegen-rules.js)
/// know. Foundation also takes offsets such as `GMT+9` and abbreviations such as `JST`, which
/// browsers refuse or do not all know; the page then counted the reader's today in UTC, a day
/// off for hours of every day. So only IANA names are accepted.
enum SiteTimeZone {
    /// Foundation's IANA zone names, `UTC`, and IANA's fixed offsets `Etc/GMT-14` to
    /// `Etc/GMT+12` (which Foundation reads but does not list); each is a zone browsers accept
    /// (EvaluatorDifferentialTests checks every one with Node).
    static let names: Set<String> = {
        var names = Set(TimeZone.knownTimeZoneIdentifiers)
        names.insert("UTC")
        for hours in -14...12 {
            let name = hours == 0 ? "Etc/GMT" : "Etc/GMT\(hours < 0 ? "-" : "+")\(abs(hours))"
            if TimeZone(identifier: name) != nil { names.insert(name) }
        }
        return names
    }()

    /// Why `zone` cannot be a site's time zone, naming the zone to write where one is clear, or
    /// `nil` when it can.
    static func problem(_ zone: String) -> String? {
        if names.contains(zone) { return nil }
        if let offset = fixedOffsetHours(zone) {
            // IANA's Etc zones count the other way round: Etc/GMT-9 is nine hours ahead of UTC.
            let etc = offset == 0 ? "UTC" : "Etc/GMT\(offset > 0 ? "-" : "+")\(abs(offset))"
            return "'\(zone)' is an offset, not an IANA time zone name, and browsers do not accept it (pages would count today in UTC); write the zone of the place, like Asia/Tokyo for Japan, or \(etc) for a fixed offset"
        }
        if let match = names.first(where: { $0.lowercased() == zone.lowercased() }) {
            return "'\(zone)' is not a known time zone; IANA names are written \(match)"
        }
        if TimeZone(identifier: zone) != nil {
            // IANA's old names for zones, which Foundation does not list.
            if let current = currentNames[zone], names.contains(current) {
                return "'\(zone)' is an old name of a time zone, which browsers may not accept; write \(current)"
            }
            if let named = TimeZone(abbreviation: zone)?.identifier, names.contains(named), named != zone {
                return "'\(zone)' is an abbreviation, not an IANA time zone name, which browsers may not accept; write \(named)"
            }
            return "'\(zone)' is not an IANA time zone name that both sitegen and browsers know; write one like Asia/Tokyo"
        }
        return "'\(zone)' is not a known time zone (for example Asia/Tokyo)"
    }

    /// The whole hours of `GMT+9`, `UTC-5`, `GMT+09:00` or `UTC+0900` (-14 to 14), else `nil`.
    static func fixedOffsetHours(_ zone: String) -> Int? {
        let text = zone.uppercased()
        guard text.hasPrefix("GMT") || text.hasPrefix("UTC") else { return nil }
        let rest = text.dropFirst(3)
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        var digits = rest.dropFirst()
        if digits.hasSuffix(":00") {
            digits = digits.dropLast(3)
        } else if digits.count == 4, digits.hasSuffix("00") {
            digits = digits.dropLast(2)
        }
        guard (1...2).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let hours = Int(digits), hours <= 14
        else { return nil }
        return sign == "-" ? -hours : hours
    }
}

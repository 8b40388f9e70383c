import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// Calendar files for deadlines: one all-day event each (RFC 5545).
enum DeadlineCalendar {
    /// The iCalendar text of one all-day event. The UID is the same for the same guide, deadline
    /// and date, so adding it again updates the event instead of making a second one.
    static func event(
        guide: String, rule: String, date: CivilDate, summary: String, url: String, host: String, stamp: CivilDate
    ) -> String {
        func compact(_ day: CivilDate) -> String { day.isoString.replacingOccurrences(of: "-", with: "") }
        let lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//sitegen//deadlines//EN",
            "CALSCALE:GREGORIAN",
            "BEGIN:VEVENT",
            "UID:\(escape(guide))-\(escape(rule))-\(compact(date))@\(escape(host))",
            "DTSTAMP:\(compact(stamp))T000000Z",
            "DTSTART;VALUE=DATE:\(compact(date))",
            "DTEND;VALUE=DATE:\(compact(date.adding(days: 1)))",
            "SUMMARY:\(escape(summary))",
            "URL:\(url)",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        return lines.map(fold).map { $0 + "\r\n" }.joined()
    }

    /// TEXT escaping: backslash, semicolon, comma and line breaks.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// Lines longer than 75 octets are folded: CRLF and a space, never inside a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        var out = ""
        var length = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if length + size > 75 {
                out += "\r\n "
                length = 1
            }
            out.unicodeScalars.append(scalar)
            length += size
        }
        return out
    }

    /// A `data:` URL of the calendar text, so that a page links to it without another file.
    static func dataURI(_ ics: String) -> String {
        "data:text/calendar;charset=utf-8," + (ics.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

extension CheckedSite {
    /// Why an include name would leave `Content/partials/`, or `nil` if it is fine.
    static func partialNameProblem(_ name: String) -> String? {
        isSafePartialName(name)
            ? nil : "include name '\(name)' must be a path inside Content/partials/ (no '..', no leading '/')"
    }

    /// Whether every `/`-separated part of `name` is a plain name: not empty, `.` or `..`, and
    /// with no `\` or NUL. Runs for every include on every page, so it reads bytes and makes
    /// no Strings.
    private static func isSafePartialName(_ name: String) -> Bool {
        var partLength = 0
        var dots = 0
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "/"):
                if partLength == 0 || dots == partLength && dots <= 2 { return false }
                partLength = 0
                dots = 0
                continue
            case UInt8(ascii: "\\"), 0:
                return false
            case UInt8(ascii: "."):
                dots += 1
            default:
                break
            }
            partLength += 1
        }
        return partLength > 0 && !(dots == partLength && dots <= 2)
    }
}

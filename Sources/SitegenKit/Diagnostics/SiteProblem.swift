import Diagnostics
import Foundation
import Rules

/// The problems of the load stage: the site's folders and files, as docs/check.md lists them
/// under "site", "guide", "asset" and "include".
enum SiteProblem {
    /// The root has no `Content/` folder.
    static func noContentFolder(root: URL) -> Diagnostic {
        Diagnostic(.error, "site.missing", "no Content/ folder in \(root.path); is --root right?", file: nil)
    }

    /// `Content/site.yml` is missing.
    static var noSiteFile: Diagnostic {
        Diagnostic(.error, "site.missing", "Content/site.yml is missing", file: SitePaths.siteFile)
    }

    /// A guide's file name is not a URL name.
    static func badGuideSlug(_ slug: String, path: String) -> Diagnostic {
        Diagnostic(
            .error, "guide.slug", "guide file name '\(slug).md' is not a valid URL name; use lower-case letters, digits and '-'",
            file: path)
    }

    /// A partial is a link that leads outside `Content/partials/`.
    static func partialOutside(path: String) -> Diagnostic {
        Diagnostic(.error, "include.outside", "'\(path)' is a symbolic link that leads outside Content/partials/", file: path)
    }

    /// Two assets would be written to the same output path.
    static func assetConflict(path: String, other: String, output: String) -> Diagnostic {
        Diagnostic(.error, "asset.conflict", "'\(path)' and '\(other)' would both be written to Output/\(output)", file: path)
    }

    /// `site.yml` names a calendar that does not exist.
    static func missingCalendar(name: String, path: String, known: [String], at range: SourceRange?) -> Diagnostic {
        var message =
            "site.yml names calendar '\(name)', but \(path) does not exist and no calendar of that name is built in (built in: \(HolidayCalendar.builtInNames.joined(separator: ", ")))"
        if let suggestion = Suggestion.closest(to: name, among: known + HolidayCalendar.builtInNames) {
            message += "; did you mean '\(suggestion)'?"
        }
        return range.map { Diagnostic(.error, "site.calendar", message, at: $0) }
            ?? Diagnostic(.error, "site.calendar", message, file: SitePaths.siteFile)
    }
}

extension SiteProblem {
    /// A symbolic link to a folder it is in.
    static func linkLoop(_ path: String) -> Diagnostic {
        Diagnostic(.warning, "site.link-loop", "'\(path)' is a symbolic link to a folder it is in (a loop); it is ignored", file: path)
    }

    /// A symbolic link met while listing a folder that leads outside the site.
    static func linkOutside(_ path: String) -> Diagnostic {
        Diagnostic(.error, "site.outside-link", "'\(path)' is a symbolic link that leads outside the site; it is ignored", file: path)
    }

    /// A file to read that leads outside the site.
    static func readOutside(_ path: String) -> Diagnostic {
        Diagnostic(.error, "site.outside-link", "'\(path)' leads outside the site", file: path)
    }

    /// A source file that cannot be read.
    static func unreadable(_ path: String, _ failure: FileContents.Failure) -> Diagnostic {
        Diagnostic(.error, "site.unreadable", "cannot read '\(path)': \(failure)", file: path)
    }

    /// A source file that is not UTF-8, at its first byte that is not (when it was found).
    static func notUTF8(_ path: String, at first: (location: SourceLocation, byte: UInt8)? = nil) -> Diagnostic {
        guard let first else { return Diagnostic(.error, "site.encoding", "'\(path)' is not valid UTF-8 text", file: path) }
        let byte = "0x" + String(first.byte, radix: 16, uppercase: true)
        return .error(
            "site.encoding",
            "'\(path)' is not valid UTF-8 text: byte \(byte) here is not UTF-8; save the file as UTF-8",
            at: first.location)
    }

    /// A source file with a NUL byte.
    static func nulByte(at location: SourceLocation) -> Diagnostic {
        .error("site.encoding", "the file contains a NUL byte", at: location)
    }

    /// An asset that cannot be read.
    static func assetUnreadable(_ path: String, _ failure: FileContents.Failure) -> Diagnostic {
        Diagnostic(.error, "asset.unreadable", "cannot read '\(path)': \(failure)", file: path)
    }

    /// YAML that does not parse, where the parser says.
    static func yamlSyntax(_ message: String, at location: SourceLocation) -> Diagnostic {
        .error("yaml.syntax", message, at: location)
    }

    /// YAML that does not parse, somewhere in its file.
    static func yamlSyntax(_ error: any Error, file: String) -> Diagnostic {
        Diagnostic(.error, "yaml.syntax", "\(error)", file: file)
    }
}

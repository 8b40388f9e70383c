import Diagnostics
import Foundation

/// The problems of writing the output folder and indexing it for search.
enum OutputProblem {
    /// The output path is a file.
    static func notAFolder(_ destination: URL) -> Diagnostic {
        Diagnostic(.error, "output.not-a-folder", "output '\(destination.path)' exists and is not a folder", file: nil)
    }

    /// The output folder holds files sitegen did not write.
    static func foreign(_ destination: URL, marker: String) -> Diagnostic {
        Diagnostic(
            .error, "output.foreign",
            "refusing to replace '\(destination.path)': it is not empty and was not written by sitegen (no \(marker) file)",
            file: nil)
    }

    /// The staging folder cannot be made.
    static func cannotCreate(_ staging: URL, _ error: any Error) -> Diagnostic {
        Diagnostic(.error, "output.write", "cannot create '\(staging.path)': \(error.localizedDescription)", file: nil)
    }

    /// The output folder cannot be replaced by the staging folder.
    static func cannotReplace(_ destination: URL, _ error: any Error) -> Diagnostic {
        Diagnostic(.error, "output.write", "cannot replace '\(destination.path)': \(error.localizedDescription)", file: nil)
    }

    /// The output folder's lock cannot be taken.
    static func lock(_ message: String) -> Diagnostic {
        Diagnostic(.error, "output.lock", message, file: nil)
    }

    /// Pagefind is not there. The fix names the site's own folder: `scripts/search-setup` lives
    /// in sitegen's repository, and installs beside whichever site it is given.
    static func pagefindMissing(_ named: String, site root: URL) -> Diagnostic {
        Diagnostic(
            .warning, "search.pagefind-missing",
            "\(named); the site was built without search (install it beside this site with `scripts/search-setup \(root.path)` from sitegen's repository, pass --pagefind PATH, or set search: false in site.yml)",
            file: nil)
    }

    /// Pagefind failed.
    static func indexFailed(_ message: String) -> Diagnostic {
        Diagnostic(.warning, "search.index-failed", "search index: \(message); the site was built without search", file: nil)
    }
}

import Diagnostics
import Foundation

/// How a build to disk indexes the site for search with Pagefind (docs/search.md).
///
/// Search is an addition to a site, never a condition for it: when Pagefind cannot be found or
/// fails, the build warns and the site is written without an index (its search box stays
/// hidden).
public struct SearchOptions: Sendable {
    /// The Pagefind binary named on the command line (`--pagefind`), if any.
    public var pagefind: String?
    /// The environment that `SITEGEN_PAGEFIND` and `PATH` are read from.
    public var environment: [String: String]

    /// Options that look for Pagefind in the usual places, or use `pagefind` when given.
    public init(pagefind: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.pagefind = pagefind
        self.environment = environment
    }
}

/// Runs Pagefind over a finished build in its staging folder, so the index is swapped in
/// together with the pages it describes.
enum SearchIndex {
    /// The folder, inside the output, that Pagefind writes its index and scripts to.
    static let folder = "pagefind"

    /// The names looked for on `PATH`, in order: the extended build first, since only it
    /// splits Japanese and Chinese text into words.
    static let commandNames = ["pagefind_extended", "pagefind"]

    /// Where a binary is looked for, in order: `--pagefind`, `SITEGEN_PAGEFIND`, the
    /// virtualenv that `scripts/search-setup` makes beside the site's sources, then `PATH`.
    static func candidates(_ options: SearchOptions, root: URL) -> [String] {
        if let explicit = options.pagefind { return [explicit] }
        if let fromEnvironment = options.environment["SITEGEN_PAGEFIND"], !fromEnvironment.isEmpty {
            return [fromEnvironment]
        }
        var paths = [root.appendingPathComponent(".venv-search/bin/pagefind_extended").path]
        let directories = (options.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for name in commandNames {
            for directory in directories where !directory.isEmpty {
                paths.append(URL(fileURLWithPath: directory).appendingPathComponent(name).path)
            }
        }
        return paths
    }

    /// The first candidate that is an executable file, or `nil`.
    static func locate(_ options: SearchOptions, root: URL) -> String? {
        candidates(options, root: root).first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: path)
        }
    }

    /// Indexes the built site in `site` (a staging folder). Returns a warning when there is no
    /// index afterwards, and `nil` when there is one.
    static func index(_ site: URL, options: SearchOptions, root: URL) -> Diagnostic? {
        guard let binary = locate(options, root: root) else {
            let named =
                options.pagefind.map { "--pagefind \($0) is not an executable file" }
                ?? options.environment["SITEGEN_PAGEFIND"].flatMap { $0.isEmpty ? nil : "SITEGEN_PAGEFIND=\($0) is not an executable file" }
                ?? "Pagefind was not found (not in .venv-search/ beside Content/, nor pagefind_extended or pagefind on PATH)"
            return OutputProblem.pagefindMissing(named, site: root)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--site", site.path, "--output-subdir", folder,
            // A glossary term's tooltip repeats its definition on every page that uses the
            // term; the glossary page is where the definition is found.
            "--exclude-selectors", ".term-tip",
            // Results link as the site's own links do, to index.html, so they work on servers
            // that do not serve a folder's index.html for the folder.
            "--keep-index-url",
            "--quiet",
        ]
        process.currentDirectoryURL = site
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return failure("cannot run \(binary): \(error.localizedDescription)", site: site)
        }
        // Read to the end before waiting, so a chatty Pagefind never blocks on a full pipe.
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let lines = text.split(separator: "\n").suffix(5).joined(separator: "\n")
            return failure("\(binary) failed (status \(process.terminationStatus))\(lines.isEmpty ? "" : ":\n\(lines)")", site: site)
        }
        guard FileManager.default.fileExists(atPath: site.appendingPathComponent("\(folder)/pagefind.js").path) else {
            return failure("\(binary) wrote no \(folder)/pagefind.js", site: site)
        }
        return nil
    }

    /// A warning for an index that could not be made; whatever Pagefind left is removed, so
    /// the site has either a whole index or none.
    private static func failure(_ message: String, site: URL) -> Diagnostic {
        try? FileManager.default.removeItem(at: site.appendingPathComponent(folder))
        return OutputProblem.indexFailed(message)
    }
}

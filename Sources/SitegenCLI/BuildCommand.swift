import ArgumentParser
import Diagnostics
import Foundation
import SitegenKit

/// `sitegen build`: writes the site into the output folder.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site into the output folder (replaced only when the build succeeds)."
    )

    @OptionGroup var site: SiteOptions

    @Option(help: ArgumentHelp("The folder to write (default: <root>/Output).", valueName: "DIR"))
    var output: String?

    @OptionGroup var date: DateOptions

    @Option(help: ArgumentHelp("How many pages to render at once (default: the number of cores).", valueName: "N"))
    var jobs: Int?

    @Option(
        help: ArgumentHelp(
            "The Pagefind binary that indexes the site for search (default: $SITEGEN_PAGEFIND, .venv-search/ beside Content/, then pagefind_extended or pagefind on PATH).",
            valueName: "PATH"))
    var pagefind: String?

    @Flag(name: .customLong("no-search"), help: "Build without a search index, whatever site.yml says.")
    var noSearch = false

    @Flag(help: "Also build the draft guides (draft: true), each page with a draft banner.")
    var drafts = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        try validateOutputPlace(destination, root: site.rootURL)
    }

    /// The output folder, from `--output` or the default.
    private var destination: URL {
        output.map {
            URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        } ?? site.rootURL.appendingPathComponent("Output")
    }

    func run() throws {
        let start = ContinuousClock.now
        let root = site.rootURL
        var options = BuildOptions(root: root, asOf: date.asOf)
        if let jobs { options.jobs = jobs }
        options.replacedOutputRemoval = .inBackground
        options.keepsSpareOutput = true
        #if !DEBUG
            // The process ends right after. Not in debug builds: the sanitizers' leak checker
            // cannot follow every reference Swift keeps (some are tagged pointers), so it would
            // report the kept site as leaked and fail the command.
            options.keepsSiteUntilExit = true
        #endif
        options.includesDrafts = drafts
        if !noSearch { options.search = SearchOptions(pagefind: pagefind) }
        let result = Builder.build(options, toFolder: destination)
        Console.error(DiagnosticRenderer(sources: result.sources).render(result.diagnostics), ifNotEmpty: true)
        let seconds =
            Double((ContinuousClock.now - start).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - start).components.seconds)
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
        guard result.succeeded else {
            Console.error("build failed: \(errors) error\(errors == 1 ? "" : "s"); \(destination.path) was left as it was")
            throw ExitCode(1)
        }
        let warningText = warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""
        print(
            "built \(result.guideCount) guide\(result.guideCount == 1 ? "" : "s"), \(result.scenarioCount) scenario\(result.scenarioCount == 1 ? "" : "s"), \(result.pageCount) files in \(String(format: "%.2f", seconds)) s into \(relativePath(destination))\(result.searchIndexed ? " with a search index" : "")\(warningText)"
        )
    }

    private func relativePath(_ url: URL) -> String {
        let current = FileManager.default.currentDirectoryPath
        return url.path.hasPrefix(current + "/") ? String(url.path.dropFirst(current.count + 1)) + "/" : url.path + "/"
    }
}

extension Console {
    static func error(_ text: String, ifNotEmpty: Bool) {
        if !text.isEmpty { error(text) }
    }
}

/// Refuses an output folder among the site's sources. Inside `Content/` or `Templates/`, each
/// build would read the previous output back as content (assets copied into themselves, growing
/// every time); the root, or a folder holding it, would be replaced with the sources in it. Links
/// are resolved first, so a link into the sources is refused too.
func validateOutputPlace(_ destination: URL, root: URL) throws {
    let output = realPath(destination)
    let realRoot = realPath(root)
    func isWithin(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
    if isWithin(realRoot, output) {
        throw ValidationError(
            "--output '\(destination.path)' holds the site's sources (\(root.path)); a build replaces all of its output folder. Choose a folder inside the root beside Content/, such as Output/, or outside it"
        )
    }
    for sources in ["Content", "Templates"] where isWithin(output, realPath(root.appendingPathComponent(sources))) {
        throw ValidationError(
            "--output '\(destination.path)' is inside the site's sources (\(sources)/); each build would read the last one back as content. Choose a folder beside \(sources)/, such as Output/"
        )
    }
}

/// `url`'s path with every symbolic link resolved, for the part of it that exists; the rest,
/// not made yet, is appended as it is.
func realPath(_ url: URL) -> String {
    var existing = url.standardizedFileURL
    var missing: [String] = []
    while existing.path != "/" {
        if let resolved = realpath(existing.path, nil) {
            defer { free(resolved) }
            return ([String(cString: resolved)] + missing.reversed()).joined(separator: "/").replacingOccurrences(of: "//", with: "/")
        }
        missing.append(existing.lastPathComponent)
        existing.deleteLastPathComponent()
    }
    return "/" + missing.reversed().joined(separator: "/")
}

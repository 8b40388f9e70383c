import Foundation

/// `sitegen init` and `sitegen new guide`: files written into a site, all or none. Every file is
/// checked before the first is written, and none that exists is ever replaced.
public enum SiteScaffold {
    /// Writes a new site into `root` (created when missing): `Content/` with an example of each
    /// kind of file, the JSON Schemas its YAML files name in `schemas/`, a `.gitignore` for what
    /// builds make (unless the folder has one: it is kept as it is), and, with `copyTemplates`,
    /// the default templates in `Templates/` to change. Returns the paths written, relative to
    /// `root`.
    public static func initSite(at root: URL, copyTemplates: Bool = false) throws(ScaffoldError) -> [String] {
        var files = StarterSite.files.map { (path: $0.path, data: Data($0.text.utf8)) }
        // A folder that is already a repository may ignore files of its own: its .gitignore is
        // neither replaced nor a reason to refuse.
        if !exists(root.appendingPathComponent(".gitignore")) {
            files.append((".gitignore", Data(StarterSite.gitignore.utf8)))
        }
        files += BuiltInFiles.schemas.map { ("schemas/\($0.path)", $0.data) }
        if copyTemplates {
            files += BuiltInFiles.templates.map { ("\(SitePaths.templates)/\($0.path)", $0.data) }
        }
        try write(files, into: root)
        return files.map(\.path)
    }

    /// Writes guide `name` into the site at `root`: `Content/guides/<name>.md`, a draft with
    /// front matter and a first paragraph, and `Content/scenarios/<name>.yml` with one case.
    /// Returns the paths written, relative to `root`.
    public static func newGuide(_ name: String, root: URL) throws(ScaffoldError) -> [String] {
        guard isValidGuideName(name) else { throw .invalidGuideName(name) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(SitePaths.content).path, isDirectory: &isFolder),
            isFolder.boolValue
        else { throw .noSite(root.path) }
        let scenariosPath = "\(SitePaths.scenarios)/\(name).yml"
        // The modeline names the schemas where this site keeps them: a site made by `init`
        // has them in schemas/, this repository in docs/schemas/.
        let schemaFolder = ["schemas", "docs/schemas"].first {
            FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/scenarios.schema.json").path)
        }
        let files = GuideSkeleton.files(name: name, scenariosPath: scenariosPath, schemaFolder: schemaFolder)
        try write(files.map { ($0.path, Data($0.text.utf8)) }, into: root)
        return files.map(\.path)
    }

    /// Whether `name` can name a guide: it is the guide's URL name (lower-case letters a-z,
    /// digits and `-`, not starting with `-`), the same rule the loader holds guide files to.
    public static func isValidGuideName(_ name: String) -> Bool { Site.isValidName(name) }

    /// Writes every file, or none: refuses when any exists, and removes what it wrote when a
    /// write fails.
    static func write(_ files: [(path: String, data: Data)], into root: URL) throws(ScaffoldError) {
        let manager = FileManager.default
        let existing = files.map(\.path).filter { exists(root.appendingPathComponent($0)) }
        guard existing.isEmpty else { throw .wouldOverwrite(existing) }
        var written: [URL] = []
        var createdFolders: [URL] = []
        for (path, data) in files {
            let url = root.appendingPathComponent(path)
            do {
                createdFolders += try createFolders(for: url.deletingLastPathComponent())
                // `withoutOverwriting`: a file that appeared since the check is not replaced either.
                try data.write(to: url, options: .withoutOverwriting)
                written.append(url)
            } catch {
                for url in written { try? manager.removeItem(at: url) }
                for folder in createdFolders.reversed() { try? manager.removeItem(at: folder) }
                throw .cannotWrite(path: path, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
            }
        }
    }

    /// Whether something is at `url`. A dangling link counts too: writing through it would
    /// create a file elsewhere.
    private static func exists(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
    }

    /// Creates `folder` and the folders above it that are missing; returns those it created,
    /// outermost first, so a failed scaffold can remove them again.
    private static func createFolders(for folder: URL) throws -> [URL] {
        var missing: [URL] = []
        var current = folder.standardizedFileURL
        while !FileManager.default.fileExists(atPath: current.path), current.path != "/" {
            missing.append(current)
            current.deleteLastPathComponent()
        }
        for url in missing.reversed() { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false) }
        return missing.reversed()
    }
}

import Foundation
import Testing

@testable import SitegenKit

/// A copy of a fixture site in a fresh temporary folder, removed when the test is done with it.
final class FixtureSite {
    let root: URL

    /// Copies `Fixtures/<name>` into a new temporary folder.
    init(_ name: String) throws {
        let source = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for entry in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(entry), to: root.appendingPathComponent(entry))
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var output: URL { root.appendingPathComponent("Output") }

    /// The files of a clean build of the site into memory, as of 2026-02-20 on one job: what an
    /// incremental rebuild must equal byte for byte.
    func cleanBuild() -> [String: Data] {
        let output = MemoryOutput()
        #expect(Builder.build(BuildOptions(root: root, jobs: 1, asOf: "2026-02-20"), into: output).succeeded)
        return output.files
    }

    /// Writes `text` to `path` under the root, creating folders.
    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Every file under `folder`, by relative path, with its bytes.
    static func files(in folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return result
        }
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().path + "/"
        for case let url as URL in enumerator {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            result[String(path.dropFirst(base.count))] = try Data(contentsOf: url)
        }
        return result
    }
}

/// Compares files with reviewed golden copies under `Tests/SitegenKitTests/Golden/<name>/`.
/// Run with `SITEGEN_RECORD=1` to write the golden files anew (then review the diff by eye).
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func assertMatches(_ files: [String: Data], name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let goldenRoot = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SITEGEN_RECORD"] == "1" {
            try? FileManager.default.removeItem(at: goldenRoot)
            for (path, data) in files {
                let url = goldenRoot.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            return
        }
        let golden = try FixtureSite.files(in: goldenRoot)
        #expect(Set(files.keys) == Set(golden.keys), "files differ from Golden/\(name)", sourceLocation: sourceLocation)
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            guard let expected = golden[path] else { continue }
            #expect(
                String(decoding: data, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
                "Golden/\(name)/\(path)", sourceLocation: sourceLocation)
        }
    }
}

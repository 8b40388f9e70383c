// libFuzzer target: the site loaders (site.yml, rules, scenarios, calendar, glossary, a guide's
// front matter and body, a partial) and the whole-site check on top of them. The input is split
// into files at lines reading `---8<---`, in this order:
//   Content/site.yml, Content/rules/r.yml, Content/scenarios/s.yml, Content/calendars/jp.yml,
//   Content/glossary.yml, Content/guides/g.md, Content/partials/p.md
// A file whose part is missing is not written (site.yml then names the calendar, so it loads).
// The files go into a private temporary site folder, as `Site.load` reads folders. See
// docs/fuzzing.md.
import Diagnostics
import Foundation
import FuzzSupport
import Rules
import SitegenKit

let separator = "\n---8<---\n"
let paths = [
    "Content/site.yml", "Content/rules/r.yml", "Content/scenarios/s.yml", "Content/calendars/jp.yml",
    "Content/glossary.yml", "Content/guides/g.md", "Content/partials/p.md",
]
let defaultSiteFile = "title: t\ncalendar: jp\n"

/// The private site folder, one per process.
let root: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "sitegen-fuzz-loaders-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: url)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}()

/// Writes the parts as a site, then loads and checks it.
func fuzzLoaders(_ text: String) {
    let fileManager = FileManager.default
    let content = root.appendingPathComponent("Content")
    try? fileManager.removeItem(at: content)
    for folder in ["rules", "scenarios", "calendars", "guides", "partials"] {
        try! fileManager.createDirectory(
            at: content.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    var parts = text.components(separatedBy: separator)
    if parts.count == 1 { parts.insert(defaultSiteFile, at: 0) }
    for (path, part) in zip(paths, parts) {
        try! Data(part.utf8).write(to: root.appendingPathComponent(path))
    }
    var diagnostics: [Diagnostic] = []
    let site = Site.load(root: root, diagnostics: &diagnostics)
    _ = CheckedSite.check(site, diagnostics: &diagnostics)
    _ = DiagnosticRenderer(sources: site.sources).render(diagnostics)
    _ = diagnostics.map(DiagnosticRecord.init)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzLoaders(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

#if !SITEGEN_FUZZING
/// Without libFuzzer: runs every file given (or every file in a folder given), as a replayer of
/// corpora and crashes.
@main
enum Replay {
    static func main() {
        replayInputs(fuzz)
    }
}
#endif

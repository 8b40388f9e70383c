import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

/// Templates that include or inherit from each other without end are errors with the tag's file
/// and line, from `build` and from `check`, instead of a stack overflow while rendering.
@Suite struct TemplateRecursionTests {
    /// The `template.recursion` errors of `build` and of `check` on `site`.
    func recursionErrors(_ site: FixtureSite) -> (build: [Diagnostic], check: [Diagnostic]) {
        let build = Builder.build(BuildOptions(root: site.root, asOf: "2026-01-15"), into: MemoryOutput())
        #expect(!build.succeeded)
        let check = SiteCheck.run(BuildOptions(root: site.root, asOf: "2026-01-15"))
        func recursion(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
            diagnostics.filter { $0.id == "template.recursion" && $0.severity == .error }
        }
        return (recursion(build.diagnostics), recursion(check.diagnostics))
    }

    @Test func partialIncludingItselfIsAnError() throws {
        let site = try FixtureSite("basic")
        try site.write("Templates/partials/nav.mustache", "<nav>\n  {{> partials/nav}}\n</nav>\n")
        let (build, check) = recursionErrors(site)
        for diagnostics in [build, check] {
            let error = try #require(diagnostics.first, "\(diagnostics)")
            #expect(error.range?.start == SourceLocation(file: "Templates/partials/nav.mustache", line: 2, column: 3))
            #expect(error.message.contains("includes itself"))
        }
    }

    @Test func inheritanceCycleIsAnError() throws {
        let site = try FixtureSite("basic")
        // layout → partials/frame → layout, through parents.
        try site.write("Templates/layout.mustache", "<!DOCTYPE html>\n{{<partials/frame}}{{/partials/frame}}\n")
        try site.write("Templates/partials/frame.mustache", "<body>\n{{<layout}}{{$main}}{{/main}}{{/layout}}\n</body>\n")
        let (build, check) = recursionErrors(site)
        for diagnostics in [build, check] {
            let error = try #require(diagnostics.first, "\(diagnostics)")
            #expect(["Templates/layout.mustache", "Templates/partials/frame.mustache"].contains(error.range?.start.file ?? ""))
            #expect(error.range?.start.line == 2)
        }
    }

    @Test func templateInheritingItselfIsAnError() throws {
        let site = try FixtureSite("basic")
        try site.write("Templates/layout.mustache", "<!DOCTYPE html>\n\n{{<layout}}{{$main}}{{/main}}{{/layout}}\n")
        let (build, check) = recursionErrors(site)
        for diagnostics in [build, check] {
            let error = try #require(diagnostics.first, "\(diagnostics)")
            #expect(error.range?.start == SourceLocation(file: "Templates/layout.mustache", line: 3, column: 1))
        }
    }
}

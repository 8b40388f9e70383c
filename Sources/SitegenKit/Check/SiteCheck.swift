import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules

/// `sitegen check`: everything a build checks, with nothing written, plus warnings about dead
/// or pointless content, unused definitions, identical pages and links that lead nowhere.
///
/// It is a client of the build's own compilation: the pages are built into memory once, and
/// the warnings are drawn from what that compilation worked out (each scenario's branch
/// decisions, the bodies its pages were rendered with, the partials each guide includes)
/// rather than from evaluating or rendering anything again.
public enum SiteCheck {
    /// Checks the site at `options.root`.
    public static func run(_ options: BuildOptions) -> CheckResult {
        var compilationOptions = options.compilation
        compilationOptions.keepsBodies = true
        // Drafts are checked as fully as published guides, their pages too.
        compilationOptions.includesDrafts = true
        let compilation = SiteCompilation.compile(compilationOptions)
        let output = MemoryOutput()
        let build = Builder.build(compilation, jobs: options.jobs, into: output)
        var diagnostics = build.diagnostics
        guard build.succeeded else {
            return CheckResult(diagnostics: diagnostics, sources: build.sources, coverage: [])
        }
        let files = output.files.mapValues { String(decoding: $0, as: UTF8.self) }
        let coverage = BranchCoverageCheck.run(compilation, diagnostics: &diagnostics)
        let uncovered = CaseCoverageCheck.run(compilation, jobs: options.jobs, diagnostics: &diagnostics)
        UnusedDefinitionsCheck.run(compilation.checked, pages: files, diagnostics: &diagnostics)
        DeadLinksCheck.run(in: files, checked: compilation.checked, jobs: options.jobs, diagnostics: &diagnostics)
        TemplateVariablesCheck.run(compilation.checked.site, diagnostics: &diagnostics)
        var result = CheckResult(diagnostics: Array(Set(diagnostics)).sortedForDisplay(), sources: build.sources, coverage: coverage)
        result.uncovered = uncovered
        return result
    }
}

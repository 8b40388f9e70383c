// libFuzzer target: the directive parser (`{{ }}`, `{% %}`, `{# #}`, raw blocks, own-line tags)
// and the expander, with a context that type-checks and evaluates every condition and stamp
// against a small rules library, stamps through DateStamper (so `| date: "…"` patterns are
// fuzzed too) and offers partials, one of which is the input itself (include cycles). The input
// is one guide body. See docs/fuzzing.md.
import Diagnostics
import Directives
import Foundation
import FuzzSupport
import Rules

let fixture = Fixture()

/// Answers the expander as a page render would, from the fixture's scenario.
struct FuzzContext: DirectiveContext {
    var partials: [String: DirectiveDocument]
    var stamper: DateStamper
    var diagnostics: [Diagnostic] = []

    mutating func value(of source: ExpressionSource) -> Value? {
        guard let expression = ExpressionParser.parse(source.text, at: source.location, diagnostics: &diagnostics),
            fixture.library.typeCheck(expression, diagnostics: &diagnostics) != nil
        else { return nil }
        do throws(EvaluationError) {
            return try fixture.environment.evaluate(expression)
        } catch {
            diagnostics.append(error.diagnostic)
            return nil
        }
    }

    mutating func condition(_ expression: ExpressionSource) -> Bool? {
        guard case .bool(let holds) = value(of: expression) else { return nil }
        return holds
    }

    mutating func stamp(_ stamp: Stamp) -> String {
        guard let value = value(of: stamp.expression) else { return "" }
        return (try? stamper.stampText(value, format: stamp.format)) ?? ""
    }

    mutating func step(_ label: String, range: SourceRange) -> String { "1" }

    mutating func ref(_ label: String, range: SourceRange) -> String { "1" }

    mutating func partial(_ name: String, range: SourceRange) -> DirectiveDocument? { partials[name] }
}

/// Parses and expands one input.
func fuzzDirectives(_ text: String) {
    let guide = SourceFile(path: "Content/guides/g.md", text: text)
    var diagnostics: [Diagnostic] = []
    let document = DirectiveDocument.parse(guide, diagnostics: &diagnostics)
    var nodes = 0
    document.forEachNode { _ in nodes += 1 }
    // The input is also a partial, so an include of "self" is a cycle, and "note" includes it.
    var partialDiagnostics: [Diagnostic] = []
    let partials: [String: DirectiveDocument] = [
        "self": DirectiveDocument.parse(
            SourceFile(path: "Content/partials/self.md", text: text), diagnostics: &partialDiagnostics),
        "note": DirectiveDocument.parse(
            SourceFile(path: "Content/partials/note.md", text: "注意: {{ complete_by | date: era }}\n{% include \"self\" %}\n"),
            diagnostics: &partialDiagnostics),
    ]
    var context = FuzzContext(
        partials: partials,
        stamper: DateStamper(language: "ja", timeZone: "Asia/Tokyo", formats: ["era": "GGGGy年M月d日"]))
    _ = DirectiveExpander(maxIncludeDepth: 8).expand(document, context: &context, diagnostics: &diagnostics)
    var sources = SourceFiles()
    sources.add(guide)
    _ = DiagnosticRenderer(sources: sources).render(diagnostics + context.diagnostics)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzDirectives(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
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

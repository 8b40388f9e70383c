// libFuzzer target: the expression language (lexer, parser, type checker, evaluator, stamping)
// and the caret renderer on the diagnostics it reports. The input is one expression, as it would
// stand in `{{ … }}` or as a rule. See docs/fuzzing.md.
import Diagnostics
import Foundation
import FuzzSupport
import Rules

let fixture = Fixture()

/// Runs one input through the whole expression path.
func fuzzExpression(_ text: String) {
    let path = "fuzz.md"
    let source = SourceFile(path: path, text: text)
    var diagnostics: [Diagnostic] = []
    let start = SourceLocation(file: path, line: 1, column: 1)
    if let expression = ExpressionParser.parse(source.text, at: start, diagnostics: &diagnostics) {
        _ = fixture.library.names(in: expression)
        if fixture.library.typeCheck(expression, diagnostics: &diagnostics) != nil {
            if let value = try? fixture.environment.evaluate(expression) {
                _ = value.description
                // A fresh stamper: its formatter cache would otherwise grow with every input.
                let stamper = DateStamper(language: "ja", timeZone: "Asia/Tokyo", formats: ["era": "GGGGy年M月d日"])
                _ = try? stamper.stampText(value, format: nil)
                _ = try? stamper.stampText(value, format: .named("era"))
            }
        }
    }
    var sources = SourceFiles()
    sources.add(source)
    _ = DiagnosticRenderer(sources: sources).render(diagnostics)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzExpression(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
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

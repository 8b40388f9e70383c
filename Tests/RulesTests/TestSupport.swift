import Diagnostics
import Testing

@testable import Rules

/// A rules library like the sample's certificate rules (docs/language.md, A rules file).
let specRulesText = """
    facts:
      target_service:
        type: choice
        question: 既存契約の「対象サービス」はどれですか?
        choices:
          other: その他(お客様管理のサーバなど)
          content-acceleration: IIJ GIOコンテンツアクセラレーションサービス
          web-high-grade: IIJ Webハイグレードサービス
          document-exchange: IIJドキュメントエクスチェンジサービス
      cloud_certificate:
        type: bool
        question: デジサート社の「クラウド証明書」品目ですか?
      expiry:
        type: date
        question: 既存契約の有効期限はいつですか?
      action_date:
        type: date
        question: 手続きを行う日はいつですか?
        default: today
    rules:
      cutover: 2026-02-01
      complete_by: expiry - 1 month
      online_cancel_from: expiry - 30 days
      online_cancel_until: expiry - 26 days
      cancellation_required: action_date < cutover
      byo_item_required: target_service not in ["web-high-grade", "document-exchange"]

    """

/// Loads rule files given as (path, text) pairs.
func loadLibrary(
    _ files: [(String, String)], calendar: HolidayCalendar? = nil
) -> (RulesLibrary, [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    let library = RulesLibrary.load(
        ruleFiles: files.map { SourceFile(path: $0.0, text: $0.1) }, calendar: calendar,
        diagnostics: &diagnostics)
    return (library, diagnostics)
}

/// The library of `specRulesText`, which must load without diagnostics.
func specLibrary(calendar: HolidayCalendar? = nil) -> RulesLibrary {
    let (library, diagnostics) = loadLibrary([("Content/rules/main.yml", specRulesText)], calendar: calendar)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    return library
}

/// A location in file `file`.
func loc(_ file: String, _ line: Int, _ column: Int) -> Diagnostics.SourceLocation {
    Diagnostics.SourceLocation(file: file, line: line, column: column)
}

/// Parses `text` at `start` (line 1, column 1 of file `t` by default).
func parse(_ text: String, at start: Diagnostics.SourceLocation = loc("t", 1, 1)) -> (Rules.Expression?, [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    let expression = ExpressionParser.parse(text, at: start, diagnostics: &diagnostics)
    return (expression, diagnostics)
}

extension Rules.Expression {
    /// A fully parenthesised prefix form, written independently of the parser, so that tests
    /// can state the tree they expect.
    var sexp: String {
        switch kind {
        case .bool(let value): return "\(value)"
        case .int(let value): return "\(value)"
        case .string(let value): return "\"\(value)\""
        case .date(let value): return value.isoString
        case .duration(let value): return "{\(value.amount) \(value.unit.rawValue)}"
        case .name(let name): return name
        case .list(let elements): return "[" + elements.map(\.sexp).joined(separator: " ") + "]"
        case .not(let operand): return "(not \(operand.sexp))"
        case .binary(let op, let lhs, let rhs): return "(\(op.rawValue) \(lhs.sexp) \(rhs.sexp))"
        case .call(let function, let arguments):
            return "(\(function.rawValue) " + arguments.map(\.sexp).joined(separator: " ") + ")"
        case .conditional(let condition, let whenTrue, let whenFalse):
            return "(if \(condition.sexp) \(whenTrue.sexp) \(whenFalse.sexp))"
        case .attribute(let operand, let attribute):
            return "(.\(attribute.rawValue) \(operand.sexp))"
        }
    }
}

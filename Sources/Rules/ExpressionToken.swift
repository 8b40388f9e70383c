import Diagnostics

/// One token of an expression, with its place.
struct ExpressionToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case int(Int)
        case string(String)
        case date(CivilDate)
        case name(String)
        /// An operator or punctuation: `== != < <= > >= + - ( ) [ ] , .`.
        case symbol(String)
        case end
    }

    var kind: Kind
    /// The token's text as written, for messages.
    var text: String
    var range: SourceRange

    /// How a message names the token: `')'`, `'foo'`, `end of expression`.
    var quoted: String {
        if case .end = kind { return "end of expression" }
        return "'\(text)'"
    }

    func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(let s) = kind { return s == symbol }
        return false
    }

    func isWord(_ word: String) -> Bool {
        if case .name(let n) = kind { return n == word }
        return false
    }
}

import Diagnostics

/// Splits expression text into tokens, tracking line and column in characters.
struct ExpressionLexer {
    private let characters: [Character]
    private var index = 0
    private var location: SourceLocation

    init(_ text: String, at start: SourceLocation) {
        characters = Array(text)
        location = start
    }

    /// Every token, ending with `.end`; `nil` after reporting the first lexical error, since
    /// later tokens of a broken expression would only add noise.
    mutating func tokenize(diagnostics: inout [Diagnostic]) -> [ExpressionToken]? {
        var tokens: [ExpressionToken] = []
        while true {
            skipWhitespace()
            let start = location
            guard let character = peek() else {
                tokens.append(ExpressionToken(kind: .end, text: "", range: SourceRange(start)))
                return tokens
            }
            if character == "\"" {
                guard let token = lexString(diagnostics: &diagnostics) else { return nil }
                tokens.append(token)
            } else if character.isASCII && character.isNumber {
                guard let token = lexNumberOrDate(diagnostics: &diagnostics) else { return nil }
                tokens.append(token)
            } else if character.isASCII && (character.isLetter || character == "_") {
                var word = ""
                while let next = peek(), next.isASCII, next.isLetter || next.isNumber || next == "_" {
                    word.append(next)
                    advance()
                }
                tokens.append(ExpressionToken(kind: .name(word), text: word, range: range(from: start)))
            } else if let symbol = lexSymbol() {
                tokens.append(ExpressionToken(kind: .symbol(symbol), text: symbol, range: range(from: start)))
            } else {
                var message = "unexpected character '\(character)'"
                switch character {
                case "=": message += "; did you mean '=='?"
                case "!": message += "; use 'not' to negate"
                case "'": message += "; strings are written in double quotes"
                case "&": message += "; use 'and'"
                case "|": message += "; use 'or'"
                default:
                    // Text in Japanese (or any script but ASCII) can only be a string, and YAML
                    // takes off the quotes a writer puts around a whole value.
                    if !character.isASCII {
                        let text = String(String(characters.drop { $0.isWhitespace }).reversed().drop { $0.isWhitespace }.reversed())
                        if tokens.isEmpty, !text.contains("\"") {
                            message += "; a string is written in double quotes, kept inside the YAML value's own quotes: '\"\(text)\"'"
                        } else {
                            let word = String(characters[index...].prefix { !$0.isWhitespace && !",()".contains($0) })
                            message += "; a string is written in double quotes: \"\(word)\""
                        }
                    }
                }
                diagnostics.append(RulesProblem.syntax(message, at: SourceRange(start)))
                return nil
            }
        }
    }

    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    private mutating func advance() {
        if characters[index] == "\n" {
            location = SourceLocation(file: location.file, line: location.line + 1, column: 1)
        } else {
            location = location.advanced(byColumns: 1)
        }
        index += 1
    }

    private mutating func skipWhitespace() {
        while let character = peek(), character.isWhitespace { advance() }
    }

    private func range(from start: SourceLocation) -> SourceRange {
        SourceRange(start: start, end: location)
    }

    private mutating func lexSymbol() -> String? {
        guard let first = peek() else { return nil }
        if let second = peek(1), ["==", "!=", "<=", ">="].contains(String([first, second])) {
            advance()
            advance()
            return String([first, second])
        }
        if "<>+-()[],.".contains(first) {
            advance()
            return String(first)
        }
        return nil
    }

    private mutating func lexString(diagnostics: inout [Diagnostic]) -> ExpressionToken? {
        let start = location
        var text = "\""
        var value = ""
        advance()
        while true {
            guard let character = peek(), character != "\n" else {
                diagnostics.append(RulesProblem.syntax("unterminated string: expected a closing '\"'", at: SourceRange(start)))
                return nil
            }
            if character == "\"" {
                advance()
                text.append("\"")
                return ExpressionToken(kind: .string(value), text: text, range: range(from: start))
            }
            if character == "\\" {
                let escapeStart = location
                advance()
                guard let escaped = peek(), escaped == "\"" || escaped == "\\" else {
                    let shown = peek().map { "\\\($0)" } ?? "\\"
                    diagnostics.append(
                        RulesProblem.syntax(
                            "unknown escape '\(shown)' in a string (only \\\" and \\\\ are allowed)",
                            at: SourceRange(start: escapeStart, length: peek() == nil ? 1 : 2)))
                    return nil
                }
                text.append("\\")
                text.append(escaped)
                value.append(escaped)
                advance()
                continue
            }
            text.append(character)
            value.append(character)
            advance()
        }
    }

    private mutating func lexNumberOrDate(diagnostics: inout [Diagnostic]) -> ExpressionToken? {
        let start = location
        func isDigit(_ c: Character?) -> Bool { c.map { $0.isASCII && $0.isNumber } ?? false }
        var digits = ""
        while isDigit(peek()) {
            digits.append(peek()!)
            advance()
        }
        // A date is exactly NNNN-NN-NN; `2026-1` stays a subtraction.
        if digits.count == 4, peek() == "-", isDigit(peek(1)), isDigit(peek(2)), peek(3) == "-",
            isDigit(peek(4)), isDigit(peek(5)), !isDigit(peek(6))
        {
            var text = digits
            for _ in 0..<6 {
                text.append(peek()!)
                advance()
            }
            let tokenRange = range(from: start)
            guard let date = CivilDate(iso: text) else {
                diagnostics.append(RulesProblem.invalidDate(text, at: tokenRange))
                return nil
            }
            return ExpressionToken(kind: .date(date), text: text, range: tokenRange)
        }
        let tokenRange = range(from: start)
        guard let value = Int(digits) else {
            diagnostics.append(RulesProblem.syntax("the number \(digits) is too large", at: tokenRange))
            return nil
        }
        return ExpressionToken(kind: .int(value), text: digits, range: tokenRange)
    }
}

import Diagnostics

/// Parses the expression language of SPEC §4.2.
///
/// Grammar, loosest first:
/// ```
/// or         := and ("or" and)*
/// and        := not ("and" not)*
/// not        := "not" not | comparison
/// comparison := additive (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in") additive)?
/// additive   := primary (("+" | "-") primary)*
/// primary    := literal | name | function "(" args ")" | "(" or ")" | "[" list "]"
/// ```
public enum ExpressionParser {
    /// The deepest expression tree accepted; far beyond any real rule.
    public static let maximumDepth = 100

    /// Words that cannot name a fact or rule.
    public static let reservedWords: Set<String> = ["and", "or", "not", "in", "true", "false"]

    /// Parses `text`, whose first character is at `start`. Reports the first syntax error
    /// (pointing at the offending token and saying what was expected) and returns `nil`.
    public static func parse(
        _ text: String, at start: SourceLocation, diagnostics: inout [Diagnostic]
    ) -> Expression? {
        var lexer = ExpressionLexer(text, at: start)
        guard let tokens = lexer.tokenize(diagnostics: &diagnostics) else { return nil }
        // The parser, the type checker and the evaluator recurse over the tree, and pages render
        // on threads with small stacks: bound the nesting before recursing at all.
        var nesting = 0
        var nots = 0
        for token in tokens {
            if token.isSymbol("(") || token.isSymbol("[") { nesting += 1 }
            if token.isSymbol(")") || token.isSymbol("]") { nesting -= 1 }
            nots = token.isWord("not") ? nots + 1 : 0
            if nesting > maximumDepth || nots > maximumDepth {
                diagnostics.append(.error(
                    "rules.too-deep", "expression is nested more than \(maximumDepth) levels deep", at: token.range))
                return nil
            }
        }
        var parser = Parser(tokens: tokens)
        do throws(SyntaxError) {
            let expression = try parser.parseOr()
            let next = parser.current
            guard case .end = next.kind else {
                if next.kind == .name("not") || next.isWord("in") || next.isSymbol("==") || next.isSymbol("!=")
                    || ["<", "<=", ">", ">="].contains(where: next.isSymbol)
                {
                    throw SyntaxError(
                        message: "comparisons cannot be chained; combine them with 'and'", range: next.range)
                }
                if case .end = tokens[0].kind {
                    throw SyntaxError(message: "expected an expression, found end of expression", range: next.range)
                }
                throw SyntaxError(
                    message: "expected an operator or end of expression, found \(next.quoted)", range: next.range)
            }
            if expression.depth > maximumDepth {
                throw SyntaxError(
                    message: "expression is too deeply nested (more than \(maximumDepth) operations in a chain); split it into rules",
                    range: expression.range)
            }
            return expression
        } catch {
            diagnostics.append(.error("rules.syntax", error.message, at: error.range))
            return nil
        }
    }

    fileprivate struct SyntaxError: Error {
        var message: String
        var range: SourceRange
    }

    fileprivate struct Parser {
        let tokens: [ExpressionToken]
        var position = 0

        var current: ExpressionToken { tokens[position] }
        var following: ExpressionToken { tokens[min(position + 1, tokens.count - 1)] }

        mutating func advance() -> ExpressionToken {
            let token = tokens[position]
            if position < tokens.count - 1 { position += 1 }
            return token
        }

        func span(_ from: Expression, _ to: Expression) -> SourceRange {
            SourceRange(start: from.range.start, end: to.range.end)
        }

        mutating func parseOr() throws(SyntaxError) -> Expression {
            var lhs = try parseAnd()
            while current.isWord("or") {
                _ = advance()
                let rhs = try parseAnd()
                lhs = Expression(.binary(.or, lhs, rhs), range: span(lhs, rhs))
            }
            return lhs
        }

        mutating func parseAnd() throws(SyntaxError) -> Expression {
            var lhs = try parseNot()
            while current.isWord("and") {
                _ = advance()
                let rhs = try parseNot()
                lhs = Expression(.binary(.and, lhs, rhs), range: span(lhs, rhs))
            }
            return lhs
        }

        mutating func parseNot() throws(SyntaxError) -> Expression {
            if current.isWord("not") {
                let keyword = advance()
                let operand = try parseNot()
                return Expression(.not(operand), range: SourceRange(start: keyword.range.start, end: operand.range.end))
            }
            return try parseComparison()
        }

        mutating func comparisonOperator() -> Expression.BinaryOperator? {
            if case .symbol(let symbol) = current.kind {
                switch symbol {
                case "==": return .equal
                case "!=": return .notEqual
                case "<": return .less
                case "<=": return .lessOrEqual
                case ">": return .greater
                case ">=": return .greaterOrEqual
                default: return nil
                }
            }
            if current.isWord("in") { return .in }
            if current.isWord("not") && following.isWord("in") { return .notIn }
            return nil
        }

        mutating func parseComparison() throws(SyntaxError) -> Expression {
            let lhs = try parseAdditive()
            guard let op = comparisonOperator() else { return lhs }
            _ = advance()
            if op == .notIn { _ = advance() }
            let rhs = try parseAdditive()
            // Comparisons do not associate: `a < b < c` means nothing sensible.
            if comparisonOperator() != nil {
                throw SyntaxError(
                    message: "comparisons cannot be chained; combine them with 'and'", range: current.range)
            }
            return Expression(.binary(op, lhs, rhs), range: span(lhs, rhs))
        }

        mutating func parseAdditive() throws(SyntaxError) -> Expression {
            var lhs = try parsePrimary()
            while current.isSymbol("+") || current.isSymbol("-") {
                let op: Expression.BinaryOperator = advance().isSymbol("+") ? .plus : .minus
                let rhs = try parsePrimary()
                lhs = Expression(.binary(op, lhs, rhs), range: span(lhs, rhs))
            }
            return lhs
        }

        mutating func parsePrimary() throws(SyntaxError) -> Expression {
            let token = current
            switch token.kind {
            case .int(let amount):
                _ = advance()
                if let unit = try parseUnit() {
                    let range = SourceRange(start: token.range.start, end: tokens[position - 1].range.end)
                    return Expression(.duration(CalendarDuration(amount, unit)), range: range)
                }
                return Expression(.int(amount), range: token.range)
            case .string(let value):
                _ = advance()
                return Expression(.string(value), range: token.range)
            case .date(let date):
                _ = advance()
                return Expression(.date(date), range: token.range)
            case .name(let name):
                if name == "true" || name == "false" {
                    _ = advance()
                    return Expression(.bool(name == "true"), range: token.range)
                }
                if ExpressionParser.reservedWords.contains(name) {
                    throw SyntaxError(message: "expected an expression, found '\(name)'", range: token.range)
                }
                _ = advance()
                if current.isSymbol("(") { return try parseCall(name: token) }
                return Expression(.name(name), range: token.range)
            case .symbol("("):
                _ = advance()
                let inner = try parseOr()
                guard current.isSymbol(")") else {
                    throw SyntaxError(message: "expected ')', found \(current.quoted)", range: current.range)
                }
                let close = advance()
                // The parentheses belong to the node so that messages underline them too.
                return Expression(inner.kind, range: SourceRange(start: token.range.start, end: close.range.end))
            case .symbol("["):
                return try parseList()
            default:
                throw SyntaxError(message: "expected an expression, found \(token.quoted)", range: token.range)
            }
        }

        /// The unit after an integer, if one follows.
        mutating func parseUnit() throws(SyntaxError) -> CalendarDuration.Unit? {
            guard case .name(let word) = current.kind else { return nil }
            let unit: CalendarDuration.Unit
            switch word {
            case "day", "days": unit = .day
            case "week", "weeks": unit = .week
            case "month", "months": unit = .month
            case "year", "years": unit = .year
            case "business":
                _ = advance()
                guard current.isWord("day") || current.isWord("days") else {
                    throw SyntaxError(
                        message: "expected 'day' or 'days' after 'business', found \(current.quoted)",
                        range: current.range)
                }
                _ = advance()
                return .businessDay
            default: return nil
            }
            _ = advance()
            return unit
        }

        mutating func parseCall(name token: ExpressionToken) throws(SyntaxError) -> Expression {
            guard case .name(let name) = token.kind, let function = Expression.Function(rawValue: name) else {
                let known = Expression.Function.allCases.map(\.rawValue).joined(separator: ", ")
                throw SyntaxError(
                    message: "unknown function '\(token.text)' (functions: \(known))", range: token.range)
            }
            _ = advance()  // (
            var arguments: [Expression] = []
            if !current.isSymbol(")") {
                while true {
                    arguments.append(try parseOr())
                    if current.isSymbol(",") {
                        _ = advance()
                        continue
                    }
                    guard current.isSymbol(")") else {
                        throw SyntaxError(
                            message: "expected ',' or ')' in the arguments of \(name), found \(current.quoted)",
                            range: current.range)
                    }
                    break
                }
            }
            let close = advance()
            let range = SourceRange(start: token.range.start, end: close.range.end)
            guard arguments.count == function.arity else {
                let wanted = function.arity == 1 ? "1 argument" : "\(function.arity) arguments"
                throw SyntaxError(
                    message: "\(name) takes \(wanted), but \(arguments.count) were given", range: range)
            }
            return Expression(.call(function, arguments), range: range)
        }

        mutating func parseList() throws(SyntaxError) -> Expression {
            let open = advance()
            var elements: [Expression] = []
            if !current.isSymbol("]") {
                while true {
                    elements.append(try parseOr())
                    if current.isSymbol(",") {
                        _ = advance()
                        if current.isSymbol("]") { break }  // a trailing comma is harmless
                        continue
                    }
                    guard current.isSymbol("]") else {
                        throw SyntaxError(
                            message: "expected ',' or ']' in a list, found \(current.quoted)", range: current.range)
                    }
                    break
                }
            }
            let close = advance()
            return Expression(.list(elements), range: SourceRange(start: open.range.start, end: close.range.end))
        }
    }
}

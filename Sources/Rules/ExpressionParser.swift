import Diagnostics

/// Parses the expression language of docs/language.md.
///
/// Grammar, loosest first:
/// ```
/// expression := "if" expression "then" expression "else" expression | or
/// or         := and ("or" and)*
/// and        := not ("and" not)*
/// not        := "not" not | comparison
/// comparison := additive (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in") additive)?
/// additive   := postfix (("+" | "-") postfix)*
/// postfix    := primary ("." ("name" | "label"))*
/// primary    := literal | name | function "(" args ")" | "(" expression ")" | "[" list "]"
/// ```
/// An `if` is not an operand: `1 + if c then 2 else 3` is an error asking for parentheses, so
/// that how far the `else` branch reaches is never a question.
public enum ExpressionParser {
    /// The deepest expression tree accepted; far beyond any real rule.
    public static let maximumDepth = 100

    /// Words that cannot name a fact or rule.
    public static let reservedWords: Set<String> = ["and", "or", "not", "in", "true", "false", "if", "then", "else"]

    /// Parses `text`, whose first character is at `start`. Reports the first syntax error
    /// (pointing at the offending token and saying what was expected) and returns `nil`.
    /// A deprecated function name is a warning (`rules.deprecated`) and parses as the function
    /// it stands for.
    public static func parse(
        _ text: String, at start: SourceLocation, diagnostics: inout [Diagnostic]
    ) -> Expression? {
        var lexer = ExpressionLexer(text, at: start)
        guard let tokens = lexer.tokenize(diagnostics: &diagnostics) else { return nil }
        // The parser, the type checker and the evaluator recurse over the tree, and pages render
        // on threads with small stacks: bound the nesting before recursing at all. Every `if`
        // counts as a level, as a chain of `else if` nests one inside the other.
        var nesting = 0
        var nots = 0
        var ifs = 0
        for token in tokens {
            if token.isSymbol("(") || token.isSymbol("[") { nesting += 1 }
            if token.isSymbol(")") || token.isSymbol("]") { nesting -= 1 }
            if token.isWord("if") { ifs += 1 }
            nots = token.isWord("not") ? nots + 1 : 0
            if nesting + ifs > maximumDepth || nots > maximumDepth {
                diagnostics.append(RulesProblem.tooDeep(limit: maximumDepth, at: token.range))
                return nil
            }
        }
        var parser = Parser(tokens: tokens)
        do throws(SyntaxError) {
            let expression = try parser.parseExpression()
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
            diagnostics += parser.warnings
            return expression
        } catch {
            diagnostics.append(RulesProblem.syntax(error.message, at: error.range))
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

        /// Deprecation warnings, reported only when the whole expression parses.
        var warnings: [Diagnostic] = []

        func span(_ from: Expression, _ to: Expression) -> SourceRange {
            SourceRange(start: from.range.start, end: to.range.end)
        }

        /// A new node, refused as soon as the tree would grow deeper than `maximumDepth`. A chain
        /// such as `1 + 1 + …` nests without brackets, and checking only the finished tree would
        /// first build (and then free, recursively) a tree as deep as the chain is long.
        func node(_ kind: Expression.Kind, _ range: SourceRange) throws(SyntaxError) -> Expression {
            let made = Expression(kind, range: range)
            // Children are at most `maximumDepth` deep, so this costs at most the subtree.
            if made.depth > ExpressionParser.maximumDepth {
                throw SyntaxError(
                    message:
                        "expression is too deeply nested (more than \(ExpressionParser.maximumDepth) operations in a chain); split it into rules",
                    range: range)
            }
            return made
        }

        mutating func parseExpression() throws(SyntaxError) -> Expression {
            guard current.isWord("if") else { return try parseOr() }
            let keyword = advance()
            let condition = try parseExpression()
            guard current.isWord("then") else {
                throw SyntaxError(
                    message: "expected 'then' after the condition of 'if', found \(current.quoted)", range: current.range)
            }
            _ = advance()
            let whenTrue = try parseExpression()
            guard current.isWord("else") else {
                throw SyntaxError(
                    message: "expected 'else' after 'if … then …' (an 'if' needs both branches), found \(current.quoted)",
                    range: current.range)
            }
            _ = advance()
            let whenFalse = try parseExpression()
            return try node(
                .conditional(condition, then: whenTrue, else: whenFalse),
                SourceRange(start: keyword.range.start, end: whenFalse.range.end))
        }

        mutating func parseOr() throws(SyntaxError) -> Expression {
            var lhs = try parseAnd()
            while current.isWord("or") {
                _ = advance()
                let rhs = try parseAnd()
                lhs = try node(.binary(.or, lhs, rhs), span(lhs, rhs))
            }
            return lhs
        }

        mutating func parseAnd() throws(SyntaxError) -> Expression {
            var lhs = try parseNot()
            while current.isWord("and") {
                _ = advance()
                let rhs = try parseNot()
                lhs = try node(.binary(.and, lhs, rhs), span(lhs, rhs))
            }
            return lhs
        }

        mutating func parseNot() throws(SyntaxError) -> Expression {
            if current.isWord("not") {
                let keyword = advance()
                let operand = try parseNot()
                return try node(.not(operand), SourceRange(start: keyword.range.start, end: operand.range.end))
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
            return try node(.binary(op, lhs, rhs), span(lhs, rhs))
        }

        mutating func parseAdditive() throws(SyntaxError) -> Expression {
            var lhs = try parsePostfix()
            while current.isSymbol("+") || current.isSymbol("-") {
                let op: Expression.BinaryOperator = advance().isSymbol("+") ? .plus : .minus
                let rhs = try parsePostfix()
                lhs = try node(.binary(op, lhs, rhs), span(lhs, rhs))
            }
            return lhs
        }

        mutating func parsePostfix() throws(SyntaxError) -> Expression {
            var operand = try parsePrimary()
            while current.isSymbol(".") {
                _ = advance()
                let word = current
                guard case .name(let text) = word.kind, let attribute = Expression.ChoiceAttribute(rawValue: text) else {
                    let known = Expression.ChoiceAttribute.allCases.map { "'.\($0.rawValue)'" }.joined(separator: " or ")
                    throw SyntaxError(
                        message: "expected \(known) after '.', found \(word.quoted)", range: word.range)
                }
                _ = advance()
                operand = try node(.attribute(operand, attribute), SourceRange(start: operand.range.start, end: word.range.end))
            }
            return operand
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
                if name == "if" {
                    throw SyntaxError(
                        message: "an 'if … then … else …' inside an operation must be in parentheses: (if … then … else …)",
                        range: token.range)
                }
                if ExpressionParser.reservedWords.contains(name) {
                    throw SyntaxError(message: "expected an expression, found '\(name)'", range: token.range)
                }
                _ = advance()
                if current.isSymbol("(") { return try parseCall(name: token) }
                return Expression(.name(name), range: token.range)
            case .symbol("("):
                _ = advance()
                let inner = try parseExpression()
                guard current.isSymbol(")") else {
                    throw SyntaxError(message: "expected ')', found \(current.quoted)", range: current.range)
                }
                let close = advance()
                // The parentheses belong to the node so that messages underline them too.
                return try node(inner.kind, SourceRange(start: token.range.start, end: close.range.end))
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
            guard case .name(let name) = token.kind,
                let function = Expression.Function(rawValue: name) ?? Expression.Function.deprecatedNames[name]
            else {
                let known = Expression.Function.allCases.map(\.rawValue).joined(separator: ", ")
                throw SyntaxError(
                    message: "unknown function '\(token.text)' (functions: \(known))", range: token.range)
            }
            if function.rawValue != name {
                warnings.append(RulesProblem.deprecated(name, replacement: function.rawValue, at: token.range))
            }
            _ = advance()  // (
            var arguments: [Expression] = []
            if !current.isSymbol(")") {
                while true {
                    arguments.append(try parseExpression())
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
                    message: "\(name) takes \(wanted), but \(arguments.count) \(arguments.count == 1 ? "was" : "were") given", range: range)
            }
            return try node(.call(function, arguments), range)
        }

        mutating func parseList() throws(SyntaxError) -> Expression {
            let open = advance()
            var elements: [Expression] = []
            if !current.isSymbol("]") {
                while true {
                    elements.append(try parseExpression())
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
            return try node(.list(elements), SourceRange(start: open.range.start, end: close.range.end))
        }
    }
}

import Diagnostics
import Rules

/// Finds directives in text and feeds them to a ``DirectiveTreeBuilder``, in one forward pass
/// over the UTF-8 bytes.
///
/// Expression text is scanned only far enough to find the closing delimiter: double-quoted
/// strings are skipped (so `"%}"` inside one does not end a tag) and the last top-level `|`
/// is remembered for the `date` filter. A string ends at its closing quote or at the end of its
/// line, and a `{{`, `{%` or `{#` outside a string ends an unterminated directive, so one typo
/// costs one error and the rest of the file is still parsed.
struct DirectiveScanner {
    private enum Search {
        case closed(at: Int, lastPipe: Int?)
        case interrupted(at: Int)
        case unterminated
    }

    /// Tag names, and which of them take their line with them when they stand alone on it.
    private enum TagName: String {
        case `if`, elif, `else`, endif, include, step, ref, raw, endraw

        var removesOwnLine: Bool {
            switch self {
            case .step, .ref: false
            default: true
            }
        }
    }

    private let bytes: [UInt8]
    private var tracker: LocationTracker
    private var builder: DirectiveTreeBuilder
    private var index = 0
    // Where the text not yet handed to the builder begins.
    private var textStart = 0
    // Once a `#}` search fails there is no `#}` further on, so later `{#` are text at once.
    private var commentsUnterminated = false
    private var sawDirective = false
    // Text that begins inside a line (a YAML title after `title: `) has no line start at offset 0.
    private let beginsAtLineStart: Bool

    private init(text: String, start: SourceLocation, places: [SourceLocation]?, nestingLimit: Int) {
        bytes = Array(text.utf8)
        beginsAtLineStart = start.column == 1
        tracker = LocationTracker(bytes: bytes, start: start, places: places)
        builder = DirectiveTreeBuilder(nestingLimit: nestingLimit)
    }

    /// Parses `text`, which begins at `start`, into nodes; also says whether it held any
    /// directive at all (comments and raw blocks included).
    static func parse(
        _ text: String, at start: SourceLocation, places: [SourceLocation]? = nil, nestingLimit: Int, diagnostics: inout [Diagnostic]
    ) -> (nodes: [DirectiveNode], containsDirectives: Bool) {
        var scanner = DirectiveScanner(text: text, start: start, places: places, nestingLimit: nestingLimit)
        let nodes = scanner.run(diagnostics: &diagnostics)
        return (nodes, scanner.sawDirective)
    }

    private mutating func run(diagnostics: inout [Diagnostic]) -> [DirectiveNode] {
        let count = bytes.count
        while index + 1 < count {
            guard bytes[index] == .openBrace else {
                index += 1
                continue
            }
            switch bytes[index + 1] {
            case .openBrace: scanStamp(diagnostics: &diagnostics)
            case .percent: scanTag(diagnostics: &diagnostics)
            case .hash: scanComment(diagnostics: &diagnostics)
            default: index += 1
            }
        }
        flushText(upTo: count)
        let end = tracker.location(at: count)
        return builder.finish(at: end, diagnostics: &diagnostics)
    }

    // MARK: - Stamps

    private mutating func scanStamp(diagnostics: inout [Diagnostic]) {
        let open = index
        let openLocation = tracker.location(at: open)
        sawDirective = true
        guard
            case .closed(let close, let pipe) = search(
                from: open + 2, closer: .closeBrace, diagnostics: &diagnostics, opener: "{{", openLocation: openLocation)
        else {
            return
        }
        flushText(upTo: open)
        let end = close + 2
        let expression = trimmed(open + 2, pipe ?? close)
        let expressionLocation = expression.isEmpty ? nil : tracker.location(at: expression.lowerBound)
        var format: StampFormat?
        var formatProblem: (DirectiveProblem, SourceRange)?
        if let pipe {
            let filter = trimmed(pipe + 1, close)
            let filterStart = tracker.location(at: filter.isEmpty ? pipe : filter.lowerBound)
            let filterEnd = tracker.location(at: filter.isEmpty ? pipe + 1 : filter.upperBound)
            switch parseFilter(filter) {
            case .success(let parsed): format = parsed
            case .failure(let problem): formatProblem = (problem, SourceRange(start: filterStart, end: filterEnd))
            }
        }
        let range = SourceRange(start: openLocation, end: tracker.location(at: end))
        if let expressionLocation {
            let source = ExpressionSource(text: string(expression), location: expressionLocation, range: range)
            builder.append(.stamp(Stamp(expression: source, format: format, range: range)))
        } else {
            diagnostics.append(DirectiveProblem.missingExpression.diagnostic(at: range))
        }
        if let (problem, problemRange) = formatProblem {
            diagnostics.append(problem.diagnostic(at: problemRange))
        }
        textStart = end
        index = end
    }

    private enum FilterResult {
        case success(StampFormat)
        case failure(DirectiveProblem)
    }

    /// `date: NAME` or `date: "pattern"`, already trimmed.
    private func parseFilter(_ filter: Range<Int>) -> FilterResult {
        var position = filter.lowerBound
        while position < filter.upperBound, bytes[position].isIdentifierByte { position += 1 }
        let name = string(filter.lowerBound..<position)
        guard !name.isEmpty else { return .failure(.missingFilter) }
        guard name == "date" else { return .failure(.unknownFilter(name)) }
        position = skipWhitespace(from: position, to: filter.upperBound)
        guard position < filter.upperBound, bytes[position] == .colon else { return .failure(.invalidDateFormat) }
        position = skipWhitespace(from: position + 1, to: filter.upperBound)
        guard position < filter.upperBound else { return .failure(.invalidDateFormat) }
        if bytes[position] == .quote {
            guard let (pattern, after) = stringLiteral(at: position, limit: filter.upperBound),
                after == filter.upperBound, !pattern.isEmpty
            else { return .failure(.invalidDateFormat) }
            return .success(.pattern(pattern))
        }
        // Format names are keys of `date_formats` and may be any word, Japanese included.
        let nameStart = position
        while position < filter.upperBound, !bytes[position].isWhitespace, bytes[position] != .quote { position += 1 }
        guard position == filter.upperBound else { return .failure(.invalidDateFormat) }
        return .success(.named(string(nameStart..<position)))
    }

    // MARK: - Tags

    private mutating func scanTag(diagnostics: inout [Diagnostic]) {
        let open = index
        let openLocation = tracker.location(at: open)
        sawDirective = true
        guard
            case .closed(let close, _) = search(
                from: open + 2, closer: .percent, diagnostics: &diagnostics, opener: "{%", openLocation: openLocation)
        else {
            return
        }
        let end = close + 2
        let nameStart = skipWhitespace(from: open + 2, to: close)
        var nameEnd = nameStart
        while nameEnd < close, bytes[nameEnd].isIdentifierByte { nameEnd += 1 }
        let name = string(nameStart..<nameEnd)
        let argument = trimmed(nameEnd, close)
        let tag = TagName(rawValue: name)

        let ownLine = tag?.removesOwnLine == true ? ownLineExtent(open, end) : nil
        flushText(upTo: ownLine?.lineStart ?? open)
        let indentation = ownLine.map { string($0.lineStart..<open) }
        let nameLocation = tracker.location(at: nameStart)
        let argumentStart = argument.isEmpty ? nil : tracker.location(at: argument.lowerBound)
        let argumentEnd = argument.isEmpty ? nil : tracker.location(at: argument.upperBound)
        let range = SourceRange(start: openLocation, end: tracker.location(at: end))
        textStart = ownLine?.resume ?? end
        index = textStart

        guard let tag else {
            if name.isEmpty {
                diagnostics.append(DirectiveProblem.missingTagName.diagnostic(at: range))
            } else {
                let nameRange = SourceRange(start: nameLocation, length: name.count)
                diagnostics.append(DirectiveProblem.unknownTag(name).diagnostic(at: nameRange))
            }
            return
        }
        let expression = argumentStart.map { ExpressionSource(text: string(argument), location: $0, range: range) }
        func rejectArgument() {
            if let argumentStart, let argumentEnd {
                diagnostics.append(
                    DirectiveProblem.unexpectedArgument(tag: name).diagnostic(at: SourceRange(start: argumentStart, end: argumentEnd)))
            }
        }
        func quoted(_ what: String) -> String? {
            if argument.lowerBound < argument.upperBound, bytes[argument.lowerBound] == .quote,
                let (value, after) = stringLiteral(at: argument.lowerBound, limit: argument.upperBound),
                after == argument.upperBound, !value.isEmpty
            {
                return value
            }
            diagnostics.append(DirectiveProblem.needsString(tag: name, what: what).diagnostic(at: range))
            return nil
        }

        switch tag {
        case .if, .elif:
            if expression == nil {
                diagnostics.append(DirectiveProblem.missingCondition(tag: name).diagnostic(at: range))
            }
            builder.handle(tag == .if ? .if(expression) : .elif(expression), range: range, diagnostics: &diagnostics)
        case .else:
            rejectArgument()
            builder.handle(.else, range: range, diagnostics: &diagnostics)
        case .endif:
            rejectArgument()
            builder.handle(.endif, range: range, diagnostics: &diagnostics)
        case .include:
            if let value = quoted("name") {
                builder.append(.include(name: value, indentation: indentation, range: range))
            }
        case .step:
            if let value = quoted("label") { builder.append(.step(label: value, range: range)) }
        case .ref:
            if let value = quoted("label") { builder.append(.ref(label: value, range: range)) }
        case .raw:
            rejectArgument()
            scanRaw(range: range, diagnostics: &diagnostics)
        case .endraw:
            rejectArgument()
            diagnostics.append(DirectiveProblem.stray(tag: "endraw", opener: "raw").diagnostic(at: range))
        }
    }

    /// Everything up to `{% endraw %}` is text; `index` is just after the `raw` tag.
    private mutating func scanRaw(range: SourceRange, diagnostics: inout [Diagnostic]) {
        let count = bytes.count
        var position = index
        while position + 1 < count {
            if bytes[position] == .openBrace, bytes[position + 1] == .percent {
                var cursor = skipWhitespace(from: position + 2, to: count)
                if matches("endraw", at: cursor) {
                    cursor = skipWhitespace(from: cursor + 6, to: count)
                    if cursor + 1 < count, bytes[cursor] == .percent, bytes[cursor + 1] == .closeBrace {
                        let end = cursor + 2
                        let ownLine = ownLineExtent(position, end)
                        flushText(upTo: ownLine?.lineStart ?? position)
                        textStart = ownLine?.resume ?? end
                        index = textStart
                        return
                    }
                }
            }
            position += 1
        }
        diagnostics.append(DirectiveProblem.unclosedRaw.diagnostic(at: range))
        flushText(upTo: count)
        textStart = count
        index = count
    }

    // MARK: - Comments

    private mutating func scanComment(diagnostics: inout [Diagnostic]) {
        let open = index
        sawDirective = true
        guard !commentsUnterminated else {
            index += 2
            return
        }
        let count = bytes.count
        var position = open + 2
        while position + 1 < count, !(bytes[position] == .hash && bytes[position + 1] == .closeBrace) {
            position += 1
        }
        guard position + 1 < count else {
            let location = tracker.location(at: open)
            diagnostics.append(DirectiveProblem.unterminated(opener: "{#").diagnostic(at: SourceRange(start: location, length: 2)))
            commentsUnterminated = true
            index = open + 2
            return
        }
        let end = position + 2
        let ownLine = ownLineExtent(open, end)
        flushText(upTo: ownLine?.lineStart ?? open)
        textStart = ownLine?.resume ?? end
        index = textStart
    }

    // MARK: - Helpers

    /// Looks for `closer` followed by `}` from `start`, skipping strings. On failure reports the
    /// unterminated opener and moves `index` to where scanning goes on.
    private mutating func search(
        from start: Int, closer: UInt8, diagnostics: inout [Diagnostic], opener: String,
        openLocation: SourceLocation
    ) -> Search {
        let result = findCloser(from: start, closer: closer)
        switch result {
        case .closed:
            break
        case .interrupted(let next):
            diagnostics.append(DirectiveProblem.unterminated(opener: opener).diagnostic(at: SourceRange(start: openLocation, length: 2)))
            // The failed opener stays as text; scanning resumes at the directive that cut it off.
            index = next
        case .unterminated:
            diagnostics.append(DirectiveProblem.unterminated(opener: opener).diagnostic(at: SourceRange(start: openLocation, length: 2)))
            index = bytes.count
        }
        return result
    }

    private func findCloser(from start: Int, closer: UInt8) -> Search {
        let count = bytes.count
        var position = start
        var inString = false
        var depth = 0
        var lastPipe: Int?
        while position < count {
            let byte = bytes[position]
            if inString {
                if byte == .backslash, position + 1 < count, bytes[position + 1] != .newline {
                    position += 2
                    continue
                }
                if byte == .quote || byte == .newline { inString = false }
                position += 1
                continue
            }
            let next = position + 1 < count ? bytes[position + 1] : 0
            if byte == closer, next == .closeBrace {
                return .closed(at: position, lastPipe: lastPipe)
            }
            switch byte {
            case .quote:
                inString = true
            case .openBrace where next == .openBrace || next == .percent || next == .hash:
                return .interrupted(at: position)
            case .openParenthesis, .openBracket:
                depth += 1
            case .closeParenthesis, .closeBracket:
                depth = max(depth - 1, 0)
            case .pipe where depth == 0:
                lastPipe = position
            default:
                break
            }
            position += 1
        }
        return .unterminated
    }

    /// When the directive at `open..<end` stands alone on its line (only spaces and tabs around
    /// it), the start of that line and where text resumes after its newline.
    private func ownLineExtent(_ open: Int, _ end: Int) -> (lineStart: Int, resume: Int)? {
        var left = open
        while left > textStart, bytes[left - 1] == .space || bytes[left - 1] == .tab { left -= 1 }
        // Stopping at `textStart` without a newline means another directive ends on this line.
        guard left == 0 ? beginsAtLineStart : bytes[left - 1] == .newline else { return nil }
        var right = end
        while right < bytes.count, bytes[right] == .space || bytes[right] == .tab { right += 1 }
        guard right == bytes.count || bytes[right] == .newline else { return nil }
        return (left, min(right + 1, bytes.count))
    }

    /// A double-quoted string starting at `start`: its value (with `\"` and `\\` unescaped) and
    /// the offset after the closing quote; `nil` when it does not close before `limit` or a newline.
    private func stringLiteral(at start: Int, limit: Int) -> (String, Int)? {
        var value: [UInt8] = []
        var position = start + 1
        while position < limit {
            let byte = bytes[position]
            if byte == .quote { return (String(decoding: value, as: UTF8.self), position + 1) }
            if byte == .newline { return nil }
            if byte == .backslash, position + 1 < limit {
                value.append(bytes[position + 1])
                position += 2
                continue
            }
            value.append(byte)
            position += 1
        }
        return nil
    }

    private mutating func flushText(upTo end: Int) {
        if end > textStart { builder.appendText(string(textStart..<end)) }
    }

    private func trimmed(_ start: Int, _ end: Int) -> Range<Int> {
        var lower = start
        var upper = end
        while lower < upper, bytes[lower].isWhitespace { lower += 1 }
        while upper > lower, bytes[upper - 1].isWhitespace { upper -= 1 }
        return lower..<upper
    }

    private func skipWhitespace(from start: Int, to end: Int) -> Int {
        var position = start
        while position < end, bytes[position].isWhitespace { position += 1 }
        return position
    }

    private func matches(_ word: StaticString, at start: Int) -> Bool {
        let length = word.utf8CodeUnitCount
        guard start + length <= bytes.count else { return false }
        return word.withUTF8Buffer { buffer in
            buffer.indices.allSatisfy { bytes[start + $0] == buffer[$0] }
        }
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}

extension UInt8 {
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
    fileprivate static let percent = UInt8(ascii: "%")
    fileprivate static let hash = UInt8(ascii: "#")
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let pipe = UInt8(ascii: "|")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let openParenthesis = UInt8(ascii: "(")
    fileprivate static let closeParenthesis = UInt8(ascii: ")")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let closeBracket = UInt8(ascii: "]")
    fileprivate static let newline = UInt8(ascii: "\n")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let tab = UInt8(ascii: "\t")

    fileprivate var isWhitespace: Bool {
        self == .space || self == .tab || self == .newline || self == UInt8(ascii: "\r")
    }

    fileprivate var isIdentifierByte: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
            || (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")) || self == UInt8(ascii: "_")
    }
}

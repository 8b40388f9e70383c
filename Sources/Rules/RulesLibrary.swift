import Diagnostics
import Yams

/// The facts and rules of `Content/rules/*.yml`, checked and typed (docs/language.md). All files form
/// one namespace.
public struct RulesLibrary: Sendable {
    /// The facts by name.
    public internal(set) var facts: [String: FactDeclaration]
    /// The fact names in the order of the files.
    public internal(set) var factNames: [String]
    /// The rules by name.
    public internal(set) var rules: [String: RuleDeclaration]
    /// The rule names in the order of the files.
    public internal(set) var ruleNames: [String]
    /// The site's holiday calendar; `nil` means weekends only (docs/language.md, Holiday calendars).
    public internal(set) var calendar: HolidayCalendar?
    /// The rules marked as deadlines under `deadlines:`, by rule name.
    public internal(set) var deadlines: [String: Deadline] = [:]
    /// The deadline names in the order of the files.
    public internal(set) var deadlineNames: [String] = []

    /// A date rule that readers must act by, listed at the top of every page that states it.
    public struct Deadline: Sendable, Hashable {
        /// The rule's name.
        public var rule: String
        /// What the date is, in readers' words (`解約申込の期限`).
        public var label: String
        /// Where the deadline is declared.
        public var range: SourceRange

        /// Creates a deadline.
        public init(rule: String, label: String, range: SourceRange) {
            self.rule = rule
            self.label = label
            self.range = range
        }
    }

    /// Names that a rules file defines or may define but that did not load: a fact or rule whose
    /// declaration has errors, and every name written in a file that is not valid YAML. Their
    /// errors are reported where they are; a use of one of these names is not reported again
    /// as unknown, and suggestions never point at them.
    public internal(set) var brokenNames: Set<String> = []

    /// Rules and facts whose value or default depends on itself, directly or through others
    /// (each cycle is reported once, when the library loads). They have no type and no value.
    public internal(set) var cyclicNames: Set<String> = []
    /// Every rule and every fact with a default, each after everything it depends on (apart
    /// from cycles): computing values in this order never has to follow a chain of rules.
    public internal(set) var evaluationOrder: [String] = []

    /// For each rule and fact default, the conditional facts its evaluation may read without
    /// making sure they apply (``unguardedConditionalFacts(in:)``); empty when no fact is
    /// conditional.
    var conditionalNeeds: [String: Set<String>] = [:]

    /// Whether `rules` carry their inferred types (set once loading has inferred them).
    var typesInferred = false
    /// Facts whose `applies_when:` has errors (reported): nothing else is said about them, so
    /// the cause is the only error.
    var brokenConditions: Set<String> = []
    /// Facts whose default could not be read (reported where it is written): a scenario that
    /// leaves one out is not also told it must give it.
    var factsWithBrokenDefaults: Set<String> = []

    /// The calendar business-day arithmetic uses.
    var effectiveCalendar: HolidayCalendar { calendar ?? .weekendsOnly }

    /// The words a fact or rule may not be called.
    static let builtinNames: Set<String> = ["today"]

    /// Loads and checks every rule file, reporting every problem: YAML errors, unknown keys and
    /// types, duplicate names, syntax and type errors, unknown names and cycles.
    public static func load(
        ruleFiles: [SourceFile], calendar: HolidayCalendar?, diagnostics: inout [Diagnostic]
    ) -> RulesLibrary {
        var loader = Loader()
        for file in ruleFiles {
            loader.read(file, diagnostics: &diagnostics)
        }
        var library = RulesLibrary(
            facts: loader.facts, factNames: loader.factNames, rules: loader.rules,
            ruleNames: loader.ruleNames, calendar: calendar, typesInferred: false)
        library.factsWithBrokenDefaults = loader.factsWithBrokenDefaults
        library.brokenNames = loader.namesInUnreadFiles.union(
            loader.definitions.keys.filter { loader.facts[$0] == nil && loader.rules[$0] == nil })
        library.reportCycles(diagnostics: &diagnostics)
        library.inferTypes(diagnostics: &diagnostics)
        library.computeConditionalNeeds()
        library.checkDeadlines(loader.deadlines, diagnostics: &diagnostics)
        return library
    }

    /// Keeps the declared deadlines that name a date rule; reports the others.
    private mutating func checkDeadlines(_ declared: [Deadline], diagnostics: inout [Diagnostic]) {
        for deadline in declared where !brokenNames.contains(deadline.rule) {
            guard let rule = rules[deadline.rule] else {
                let isFact = facts[deadline.rule] != nil
                diagnostics.append(
                    RulesProblem.deadlineNamesNoRule(
                        deadline.rule, isFact: isFact,
                        suggestion: isFact ? nil : Suggestion.closest(to: deadline.rule, among: ruleNames), at: deadline.range))
                continue
            }
            if let type = rule.type, type != .date {
                diagnostics.append(RulesProblem.deadlineNotDate(deadline.rule, type: type, at: deadline.range))
                continue
            }
            if deadlines[deadline.rule] != nil {
                diagnostics.append(RulesProblem.deadlineTwice(deadline.rule, at: deadline.range))
                continue
            }
            deadlines[deadline.rule] = deadline
            deadlineNames.append(deadline.rule)
        }
    }

    /// Infers every rule's type in dependency order, then checks fact defaults against their
    /// declared types.
    private mutating func inferTypes(diagnostics: inout [Diagnostic]) {
        var checker = TypeChecker(library: self)
        // Dependencies first, so that checking one rule never recurses through a chain of
        // others; each rule's errors are kept apart and reported in the order of the files.
        var errorsByRule: [String: [Diagnostic]] = [:]
        for name in evaluationOrder where rules[name] != nil {
            var own: [Diagnostic] = []
            rules[name]?.type = checker.typeOfRule(name, diagnostics: &own)
            errorsByRule[name] = own
        }
        for name in ruleNames {
            if let own = errorsByRule[name] {
                diagnostics += own
            } else {
                rules[name]?.type = checker.typeOfRule(name, diagnostics: &diagnostics)
            }
        }
        typesInferred = true
        for name in factNames {
            guard let fact = facts[name], let condition = fact.appliesWhen else { continue }
            guard let type = checker.check(condition, diagnostics: &diagnostics) else {
                brokenConditions.insert(name)
                continue
            }
            if type != .bool { brokenConditions.insert(name) }
            if type != .bool {
                diagnostics.append(RulesProblem.appliesWhenType(name, type: type, at: condition.range))
            } else if reachableNames(from: condition.referencedNames).contains(name) {
                brokenConditions.insert(name)
                diagnostics.append(RulesProblem.appliesWhenCycle(name, at: condition.range))
            }
        }
        for name in factNames {
            guard let fact = facts[name], let expression = fact.defaultExpression else { continue }
            guard let type = checker.check(expression, diagnostics: &diagnostics) else { continue }
            if checker.fits(expression, of: type, into: fact.type, diagnostics: &diagnostics) == false {
                diagnostics.append(RulesProblem.defaultType(name, type: type, factType: fact.type, at: expression.range))
            }
        }
    }

    /// Reads rule files into declarations, remembering where each name was first defined.
    private struct Loader {
        var facts: [String: FactDeclaration] = [:]
        var factNames: [String] = []
        var rules: [String: RuleDeclaration] = [:]
        var ruleNames: [String] = []
        var definitions: [String: SourceRange] = [:]
        var deadlines: [Deadline] = []
        var namesInUnreadFiles: Set<String> = []
        /// Facts whose default is written but could not be read (reported there).
        var factsWithBrokenDefaults: Set<String> = []

        mutating func read(_ file: SourceFile, diagnostics: inout [Diagnostic]) {
            guard let root = YAMLSupport.compose(file, area: .rules, diagnostics: &diagnostics)
            else {
                namesInUnreadFiles.formUnion(Self.keysWritten(in: file.text))
                return
            }
            guard root.mapping != nil else {
                diagnostics.append(RulesProblem.fileNotMapping(at: YAMLSupport.location(of: root, in: file)))
                return
            }
            for (key, value) in YAMLSupport.pairs(root) {
                switch key.string {
                case "facts":
                    for (nameNode, body) in entries(value, section: "facts", file: file, diagnostics: &diagnostics) {
                        readFact(nameNode, body, file: file, diagnostics: &diagnostics)
                    }
                case "rules":
                    for (nameNode, body) in entries(value, section: "rules", file: file, diagnostics: &diagnostics) {
                        readRule(nameNode, body, file: file, diagnostics: &diagnostics)
                    }
                case "deadlines":
                    for (nameNode, label) in entries(value, section: "deadlines", file: file, diagnostics: &diagnostics) {
                        let range = YAMLSupport.range(of: nameNode, in: file)
                        guard let text = label.string, !YAMLSupport.isNull(label), label.scalar != nil, !text.isEmpty else {
                            diagnostics.append(
                                RulesProblem.deadlineWithoutLabel(nameNode.string ?? "", at: YAMLSupport.location(of: label, in: file)))
                            continue
                        }
                        deadlines.append(Deadline(rule: nameNode.string ?? "", label: text, range: range))
                    }
                default:
                    diagnostics.append(RulesProblem.unknownFileKey(key.string ?? "", at: YAMLSupport.range(of: key, in: file)))
                }
            }
        }

        private func entries(
            _ node: Node, section: String, file: SourceFile, diagnostics: inout [Diagnostic]
        ) -> [(key: Node, value: Node)] {
            if YAMLSupport.isNull(node) { return [] }
            guard node.mapping != nil else {
                diagnostics.append(
                    RulesProblem.sectionNotMapping(
                        section, kind: YAMLSupport.kind(of: node), at: YAMLSupport.location(of: node, in: file)))
                return []
            }
            return YAMLSupport.pairs(node)
        }

        /// Checks a new name: well formed, not reserved, not defined before.
        private mutating func claim(
            _ node: Node, file: SourceFile, diagnostics: inout [Diagnostic]
        ) -> (String, SourceRange)? {
            let name = node.string ?? ""
            let range = YAMLSupport.range(of: node, in: file)
            guard Self.isIdentifier(name) else {
                diagnostics.append(RulesProblem.invalidName(name, at: range))
                return nil
            }
            guard !ExpressionParser.reservedWords.contains(name), !RulesLibrary.builtinNames.contains(name) else {
                diagnostics.append(RulesProblem.reservedName(name, at: range))
                return nil
            }
            if let first = definitions[name] {
                diagnostics.append(RulesProblem.duplicateName(name, at: range, firstDefinedAt: first))
                return nil
            }
            definitions[name] = range
            return (name, range)
        }

        /// Every name written as a key (`name:` at the start of a line, or after `{` or `,` in a
        /// flow mapping such as `rules: {a: 1, b: 2}`) in a file that YAML cannot read: the facts
        /// and rules it would have defined are among them.
        static func keysWritten(in text: String) -> Set<String> {
            var keys: Set<String> = []
            for line in text.split(whereSeparator: \.isNewline) {
                for piece in line.split(whereSeparator: { $0 == "{" || $0 == "," }) {
                    if let key = keyWritten(at: piece) { keys.insert(key) }
                }
            }
            return keys
        }

        /// The key `text` starts with (after indentation, `-` and a quote), if any.
        private static func keyWritten(at text: Substring) -> String? {
            var rest = text.drop { $0 == " " || $0 == "\t" || $0 == "-" }
            if let quote = rest.first, quote == "\"" || quote == "'" { rest = rest.dropFirst() }
            let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            let after = rest.dropFirst(name.count).drop { $0 == "\"" || $0 == "'" || $0 == " " }
            return !name.isEmpty && after.first == ":" ? String(name) : nil
        }

        static func isIdentifier(_ text: String) -> Bool {
            guard let first = text.unicodeScalars.first, first.isASCIILetterOrUnderscore else { return false }
            return text.unicodeScalars.allSatisfy { $0.isASCIILetterOrUnderscore || ("0"..."9").contains($0) }
        }

        private mutating func readRule(_ key: Node, _ value: Node, file: SourceFile, diagnostics: inout [Diagnostic]) {
            guard let (name, range) = claim(key, file: file, diagnostics: &diagnostics) else { return }
            guard let expression = Self.expression(value, what: "rule '\(name)'", file: file, diagnostics: &diagnostics)
            else { return }
            rules[name] = RuleDeclaration(name: name, expression: expression, type: nil, range: range)
            ruleNames.append(name)
        }

        /// Parses a scalar as expression text, whatever YAML would make of it.
        static func expression(
            _ node: Node, what: String, file: SourceFile, diagnostics: inout [Diagnostic]
        ) -> Expression? {
            guard let scalar = node.scalar, !YAMLSupport.isNull(node) else {
                let found = YAMLSupport.isNull(node) ? "nothing" : YAMLSupport.kind(of: node)
                diagnostics.append(RulesProblem.missingExpression(what, found: found, at: YAMLSupport.location(of: node, in: file)))
                return nil
            }
            return ExpressionParser.parse(
                scalar.string, at: YAMLSupport.location(of: node, in: file), diagnostics: &diagnostics)
        }

        /// A choice written as a mapping, `key: {label: …, name: …}`: the label readers see and
        /// the short name prose uses. A missing label is an error, and the key stands in for it.
        private static func choice(
            _ key: String, _ body: Node, fact: String, file: SourceFile, diagnostics: inout [Diagnostic]
        ) -> FactDeclaration.Choice {
            var label: String?
            var name: String?
            for (field, value) in YAMLSupport.pairs(body) {
                let text = value.scalar != nil && !YAMLSupport.isNull(value) ? value.string : nil
                switch field.string {
                case "label", "name":
                    guard let text, !text.isEmpty else {
                        diagnostics.append(
                            RulesProblem.choiceFieldNotText(
                                field.string ?? "", choice: key, fact: fact, at: YAMLSupport.location(of: value, in: file)))
                        continue
                    }
                    if field.string == "label" { label = text } else { name = text }
                default:
                    diagnostics.append(
                        RulesProblem.unknownChoiceKey(
                            field.string ?? "", choice: key, fact: fact, at: YAMLSupport.range(of: field, in: file)))
                }
            }
            if label == nil, !YAMLSupport.pairs(body).contains(where: { $0.key.string == "label" }) {
                diagnostics.append(RulesProblem.choiceWithoutLabel(key, fact: fact, at: YAMLSupport.range(of: body, in: file)))
            }
            return FactDeclaration.Choice(key: key, label: label ?? key, name: name)
        }

        private mutating func readFact(_ key: Node, _ body: Node, file: SourceFile, diagnostics: inout [Diagnostic]) {
            guard let (name, range) = claim(key, file: file, diagnostics: &diagnostics) else { return }
            guard body.mapping != nil else {
                diagnostics.append(RulesProblem.factNotMapping(name, at: YAMLSupport.location(of: body, in: file)))
                return
            }
            var typeName: (String, SourceRange)?
            var question: String?
            var choicesNode: Node?
            var defaultNode: Node?
            var explainNode: Node?
            var appliesNode: Node?
            for (field, value) in YAMLSupport.pairs(body) {
                switch field.string {
                case "type":
                    typeName = (value.string ?? "", YAMLSupport.range(of: value, in: file))
                case "question":
                    if let found = YAMLSupport.notText(value) {
                        diagnostics.append(
                            RulesProblem.notText("the question of fact '\(name)'", found: found, at: YAMLSupport.location(of: value, in: file)))
                    }
                    question = value.string
                case "choices":
                    choicesNode = value
                case "default":
                    defaultNode = value
                case "explain":
                    explainNode = value
                case "applies_when":
                    appliesNode = value
                default:
                    diagnostics.append(
                        RulesProblem.unknownFactKey(field.string ?? "", fact: name, at: YAMLSupport.range(of: field, in: file)))
                }
            }
            guard let (typeText, typeRange) = typeName else {
                diagnostics.append(RulesProblem.missingType(name, at: range))
                return
            }
            let type: ValueType
            switch typeText {
            case "bool": type = .bool
            case "int": type = .int
            case "string": type = .string
            case "date": type = .date
            case "choice": type = .choice(fact: name)
            default:
                diagnostics.append(RulesProblem.unknownType(typeText, fact: name, at: typeRange))
                return
            }
            var choices: [FactDeclaration.Choice] = []
            if case .choice = type {
                guard let choicesNode, choicesNode.mapping != nil, !YAMLSupport.pairs(choicesNode).isEmpty else {
                    if let choicesNode, let list = choicesNode.sequence {
                        // Written as a list of keys: say how to write each with its label.
                        let keys = list.compactMap(\.string)
                        diagnostics.append(
                            RulesProblem.choicesAsList(name, keys: keys, at: YAMLSupport.range(of: choicesNode, in: file)))
                    } else {
                        diagnostics.append(RulesProblem.missingChoices(name, at: range))
                    }
                    return
                }
                for (choiceKey, body) in YAMLSupport.pairs(choicesNode) {
                    let key = choiceKey.string ?? ""
                    if body.mapping != nil {
                        choices.append(Self.choice(key, body, fact: name, file: file, diagnostics: &diagnostics))
                    } else {
                        if let found = YAMLSupport.notText(body) {
                            diagnostics.append(
                                RulesProblem.notText(
                                    "the label of choice '\(key)' of fact '\(name)'", found: found, at: YAMLSupport.location(of: body, in: file)))
                        }
                        choices.append(FactDeclaration.Choice(key: key, label: body.string ?? ""))
                    }
                }
            } else if let choicesNode {
                diagnostics.append(RulesProblem.unexpectedChoices(name, type: type, at: YAMLSupport.location(of: choicesNode, in: file)))
            }
            var defaultExpression: Expression?
            if let defaultNode {
                if !choices.isEmpty, let text = defaultNode.scalar?.string, choices.contains(where: { $0.key == text }) {
                    // YAML has already taken the quotes off `default: "pro"`, and a key such as
                    // `web-high-grade` would read as a subtraction, so a default that is exactly
                    // a key means that key.
                    defaultExpression = Expression(.string(text), range: YAMLSupport.range(of: defaultNode, in: file))
                } else {
                    let before = diagnostics.count
                    defaultExpression = Self.expression(
                        defaultNode, what: "the default of fact '\(name)'", file: file, diagnostics: &diagnostics)
                    if defaultExpression == nil {
                        factsWithBrokenDefaults.insert(name)
                        // Plain text as a string fact's default: YAML took off any quotes, and
                        // the text was read as a rule.
                        if case .string = type, diagnostics.count > before, let text = defaultNode.scalar?.string,
                            !text.contains("\"")
                        {
                            diagnostics[before].notes.append(
                                .init("a string is written in double quotes, kept inside the YAML value's own quotes: default: '\"\(text)\"'"))
                        }
                    }
                }
            }
            var explanations: [String: String] = [:]
            if let explainNode {
                let answers: [String]? =
                    switch type {
                    case .choice: choices.map(\.key)
                    case .bool: ["true", "false"]
                    default: nil
                    }
                if let answers, explainNode.mapping != nil {
                    for (answer, text) in YAMLSupport.pairs(explainNode) {
                        let key = answer.string ?? ""
                        if let found = YAMLSupport.notText(text) {
                            diagnostics.append(
                                RulesProblem.notText(
                                    "the explanation of answer '\(key)' of fact '\(name)'", found: found,
                                    at: YAMLSupport.location(of: text, in: file)))
                        } else if answers.contains(key) {
                            explanations[key] = text.string ?? ""
                        } else {
                            diagnostics.append(
                                RulesProblem.unknownAnswer(key, fact: name, answers: answers, at: YAMLSupport.range(of: answer, in: file)))
                        }
                    }
                } else {
                    diagnostics.append(
                        RulesProblem.explain(
                            fact: name, answersExplainable: answers != nil, at: YAMLSupport.location(of: explainNode, in: file)))
                }
            }
            var declaration = FactDeclaration(
                name: name, type: type, question: question, choices: choices,
                defaultExpression: defaultExpression, range: range)
            declaration.explanations = explanations
            if let appliesNode {
                declaration.appliesWhen = Self.expression(
                    appliesNode, what: "applies_when of fact '\(name)'", file: file, diagnostics: &diagnostics)
            }
            facts[name] = declaration
            factNames.append(name)
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetterOrUnderscore: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || self == "_"
    }
}

import CYaml
import Diagnostics
import Yams

extension ScenarioFile {
    /// Reads a scenario file written in the shape nearly every one has, straight from libyaml's
    /// events: a mapping of `guide:`/`guides:` and `scenarios:`, each scenario a mapping of an
    /// `id`, a `title` and `facts` whose values are scalars written as they are (plain, or
    /// quoted without escapes, on one line).
    ///
    /// Yams builds a node for every scalar with its tag and its mark, and loading a 10,000-page
    /// site's scenario files through those nodes took a tenth of the build's CPU. This reader
    /// keeps only what a scenario needs. It returns `nil` for anything else: a syntax error,
    /// an anchor, an alias or a tag, a key written twice, a value whose source is not its text,
    /// a mistake `load` would report. `load` then reads the file through Yams' nodes, which
    /// stay the reference: for every file this reader accepts, both give the same scenarios
    /// with the same places (`ScenarioEventReaderTests`).
    static func readPlain(_ file: SourceFile) -> ScenarioFile? {
        var text = file.text
        return text.withUTF8 { bytes -> ScenarioFile? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            return withUnsafeMutablePointer(to: &parser) { pointer in
                var reader = PlainScenarioReader(events: PlainEvents(parser: pointer), file: file)
                return reader.read()
            }
        }
    }
}

/// One libyaml event, as far as `ScenarioFile.readPlain` needs it.
private enum PlainEvent {
    case scalar(PlainScalar)
    case mappingStart
    case mappingEnd
    case sequenceStart
    case sequenceEnd
    case documentStart
    case documentEnd
    case streamStart
    case streamEnd
}

/// A scalar's text, style and mark (libyaml's line and column, counted from 1 as Yams' `Mark`).
private struct PlainScalar {
    var text: String
    var style: Node.Scalar.Style
    var line: Int
    var column: Int

    /// Whether it is YAML's null, as `YAMLSupport.isNull` reads a node.
    var isNull: Bool { YAMLSupport.isNull(text, style: style) }
}

/// libyaml's events in order; `nil` for a syntax error and for what the plain reader leaves to
/// Yams (an alias, an anchor, a tag).
private struct PlainEvents {
    let parser: UnsafeMutablePointer<yaml_parser_t>

    func next() -> PlainEvent? {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { return nil }
        defer { yaml_event_delete(&event) }
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            guard scalar.anchor == nil, scalar.tag == nil, let style = Node.Scalar.Style(rawValue: scalar.style.rawValue)
            else { return nil }
            // libyaml hands over checked UTF-8, converted from the input's encoding if need be.
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            return .scalar(
                PlainScalar(text: text, style: style, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1))
        case YAML_MAPPING_START_EVENT:
            guard event.data.mapping_start.anchor == nil, event.data.mapping_start.tag == nil else { return nil }
            return .mappingStart
        case YAML_SEQUENCE_START_EVENT:
            guard event.data.sequence_start.anchor == nil, event.data.sequence_start.tag == nil else { return nil }
            return .sequenceStart
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        default: return nil
        }
    }
}

/// The walk of `ScenarioFile.readPlain`. Every method returns `nil` where `ScenarioFile.load`
/// would read something else than a clean scenario, so that `load` reads the file its own way.
private struct PlainScenarioReader {
    var events: PlainEvents
    let file: SourceFile

    mutating func read() -> ScenarioFile? {
        guard case .streamStart? = events.next(), case .documentStart? = events.next(),
            case .mappingStart? = events.next()
        else { return nil }
        var guides: [String] = []
        var pending: [PendingScenario] = []
        // A few keys in every mapping here: a list is searched faster than a set is hashed.
        var keys: [String] = []
        while true {
            guard let step = nextKey(seen: &keys) else { return nil }
            guard case .key(let key) = step else { break }
            switch key {
            case "guide", "guides":
                switch events.next() {
                case .scalar(let single)? where !single.isNull:
                    guides.append(single.text)
                case .sequenceStart?:
                    while true {
                        guard let item = events.next() else { return nil }
                        if case .sequenceEnd = item { break }
                        // `load` keeps a null item's text and drops a list or a mapping: both are
                        // left to it.
                        guard case .scalar(let name) = item, !name.isNull else { return nil }
                        guides.append(name.text)
                    }
                default:
                    return nil
                }
            case "scenarios":
                guard case .sequenceStart? = events.next() else { return nil }
                while true {
                    guard let item = events.next() else { return nil }
                    if case .sequenceEnd = item { break }
                    guard case .mappingStart = item, let scenario = readScenario() else { return nil }
                    pending.append(scenario)
                }
            default:
                return nil
            }
        }
        guard !guides.isEmpty, case .documentEnd? = events.next(), case .streamEnd? = events.next() else { return nil }
        return PendingScenario.file(pending, guides: guides, path: file.path)
    }

    /// The next key of a mapping, or its end.
    private enum KeyStep {
        case key(String)
        case end
    }

    /// The next key of the mapping being read, added to `keys`; `nil` for a key that is not a
    /// scalar or was written before in the same mapping (Yams reports it).
    private mutating func nextKey(seen keys: inout [String]) -> KeyStep? {
        guard let event = events.next() else { return nil }
        if case .mappingEnd = event { return .end }
        guard case .scalar(let key) = event, !keys.contains(key.text) else { return nil }
        keys.append(key.text)
        return .key(key.text)
    }

    /// A scenario's mapping, after its start.
    private mutating func readScenario() -> PendingScenario? {
        var id: (text: String, range: SourceRange)?
        var title: (text: String, location: SourceLocation)?
        var facts: [ScenarioDeclaration.GivenFact] = []
        var keys: [String] = []
        while true {
            guard let step = nextKey(seen: &keys) else { return nil }
            guard case .key(let key) = step else { break }
            switch key {
            case "id":
                guard case .scalar(let value)? = events.next(), let range = range(of: value) else { return nil }
                id = (value.text, range)
            case "title":
                guard case .scalar(let value)? = events.next(), let range = range(of: value) else { return nil }
                title = (value.text, range.start)
            case "facts":
                switch events.next() {
                case .scalar(let value)? where value.isNull:
                    continue
                case .mappingStart?:
                    guard let given = readFacts() else { return nil }
                    facts += given
                default:
                    return nil
                }
            default:
                return nil
            }
        }
        return PendingScenario(id: id, title: title, facts: facts)
    }

    /// A `facts:` mapping, after its start: scalar values only (a list or a mapping is a
    /// mistake `RulesLibrary.resolve` reports from `load`'s reading).
    private mutating func readFacts() -> [ScenarioDeclaration.GivenFact]? {
        var facts: [ScenarioDeclaration.GivenFact] = []
        var names: [String] = []
        while true {
            guard let event = events.next() else { return nil }
            if case .mappingEnd = event { return facts }
            guard case .scalar(let name) = event, !names.contains(name.text), let nameRange = range(of: name),
                case .scalar(let given)? = events.next(), let valueRange = range(of: given)
            else { return nil }
            names.append(name.text)
            facts.append(
                ScenarioDeclaration.GivenFact(
                    name: name.text, nameRange: nameRange, text: given.isNull ? nil : given.text,
                    kindDescription: given.isNull ? "no value" : "a scalar", valueRange: valueRange))
        }
    }

    /// The scalar's range when its source is its text as it is (`YAMLSupport.rangeAsItIs`);
    /// `nil` leaves the file to `load`, which finds the places of escapes and folded lines.
    private func range(of scalar: PlainScalar) -> SourceRange? {
        YAMLSupport.rangeAsItIs(scalar.text, style: scalar.style, line: scalar.line, column: scalar.column, in: file)
    }
}

/// A scenario as the fast readers (`readLines`, `readPlain`) read it, before its file's guides
/// are known (`guide:` may follow `scenarios:`).
struct PendingScenario {
    var id: String
    var idRange: SourceRange
    var title: String?
    var titleLocation: SourceLocation?
    var facts: [ScenarioDeclaration.GivenFact]

    /// A scenario with the id `id`, or `nil` when the id is one `load` reports (empty, too
    /// long, or with a character other than a lowercase ASCII letter, a digit or `-`).
    init?(
        id: (text: String, range: SourceRange)?, title: (text: String, location: SourceLocation)?,
        facts: [ScenarioDeclaration.GivenFact]
    ) {
        guard let (text, range) = id, !text.isEmpty, text.utf8.count <= ScenarioDeclaration.maximumIDLength,
            text.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D })
        else { return nil }
        self.id = text
        idRange = range
        self.title = title?.text
        titleLocation = title?.location
        self.facts = facts
    }

    /// The file of `pending`'s scenarios, for `guides`.
    static func file(_ pending: [PendingScenario], guides: [String], path: String) -> ScenarioFile {
        let scenarios = pending.map {
            ScenarioDeclaration(
                id: $0.id, idRange: $0.idRange, guides: guides, title: $0.title, titleLocation: $0.titleLocation,
                facts: $0.facts, file: path)
        }
        return ScenarioFile(path: path, guides: guides, scenarios: scenarios)
    }
}

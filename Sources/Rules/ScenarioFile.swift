import Diagnostics
import Yams

/// A file of `Content/scenarios/`: the guides it is for and its scenarios (README.md, Scenarios).
public struct ScenarioFile: Sendable, Hashable {
    /// The file's path.
    public var path: String
    /// The guides (`guide:` or `guides:`).
    public var guides: [String]
    /// The scenarios, in file order.
    public var scenarios: [ScenarioDeclaration]

    /// Creates a scenario file.
    public init(path: String, guides: [String], scenarios: [ScenarioDeclaration]) {
        self.path = path
        self.guides = guides
        self.scenarios = scenarios
    }

    /// Reads a scenario file, reporting every structural problem. Facts are kept as text;
    /// `RulesLibrary.resolve` types them.
    public static func load(_ file: SourceFile, diagnostics: inout [Diagnostic]) -> ScenarioFile? {
        // Most files are read line by line, most of the rest from libyaml's events; the rest,
        // and every mistake, through Yams' nodes below.
        if let plain = readLines(file) ?? readPlain(file) { return plain }
        return loadComposed(file, diagnostics: &diagnostics)
    }

    /// `load` through Yams' nodes: the reading every file can take, and the reference
    /// `readPlain` is tested against.
    static func loadComposed(_ file: SourceFile, diagnostics: inout [Diagnostic]) -> ScenarioFile? {
        guard let root = YAMLSupport.compose(file, area: .scenarios, diagnostics: &diagnostics)
        else { return nil }
        guard root.mapping != nil else {
            diagnostics.append(ScenarioProblem.fileNotMapping(at: YAMLSupport.location(of: root, in: file)))
            return nil
        }
        var guides: [String]?
        var scenarioNodes: [Node] = []
        for (key, value) in YAMLSupport.pairs(root) {
            switch key.string {
            case "guide", "guides":
                if let single = value.scalar, !YAMLSupport.isNull(value) {
                    guides = (guides ?? []) + [single.string]
                } else if let list = value.sequence {
                    guides = (guides ?? []) + list.compactMap(\.string)
                } else {
                    diagnostics.append(ScenarioProblem.guideNotNamed(key.string ?? "", at: YAMLSupport.location(of: value, in: file)))
                }
            case "scenarios":
                if let list = value.sequence {
                    scenarioNodes = Array(list)
                } else if !YAMLSupport.isNull(value) {
                    diagnostics.append(
                        ScenarioProblem.scenariosNotList(kind: YAMLSupport.kind(of: value), at: YAMLSupport.location(of: value, in: file)))
                }
            default:
                diagnostics.append(ScenarioProblem.unknownFileKey(key.string ?? "", at: YAMLSupport.range(of: key, in: file)))
            }
        }
        guard let guides, !guides.isEmpty else {
            diagnostics.append(ScenarioProblem.missingGuide(file: file.path))
            return nil
        }
        let scenarios = scenarioNodes.compactMap {
            readScenario($0, guides: guides, file: file, diagnostics: &diagnostics)
        }
        return ScenarioFile(path: file.path, guides: guides, scenarios: scenarios)
    }

    private static func readScenario(
        _ node: Node, guides: [String], file: SourceFile, diagnostics: inout [Diagnostic]
    ) -> ScenarioDeclaration? {
        let itemLocation = YAMLSupport.location(of: node, in: file)
        guard node.mapping != nil else {
            diagnostics.append(ScenarioProblem.scenarioNotMapping(at: itemLocation))
            return nil
        }
        var id: (String, SourceRange)?
        var title: (String, SourceLocation)?
        var titlePlaces: [SourceLocation]?
        var facts: [ScenarioDeclaration.GivenFact] = []
        for (key, value) in YAMLSupport.pairs(node) {
            switch key.string {
            case "id":
                id = (value.string ?? "", YAMLSupport.range(of: value, in: file))
            case "title":
                if let found = YAMLSupport.notText(value) {
                    diagnostics.append(ScenarioProblem.titleNotText(found: found, at: YAMLSupport.location(of: value, in: file)))
                    continue
                }
                title = (value.string ?? "", YAMLSupport.location(of: value, in: file))
                titlePlaces = YAMLSupport.places(of: value, in: file)
            case "facts":
                if YAMLSupport.isNull(value) { continue }
                guard value.mapping != nil else {
                    diagnostics.append(ScenarioProblem.factsNotMapping(at: YAMLSupport.location(of: value, in: file)))
                    continue
                }
                for (name, given) in YAMLSupport.pairs(value) {
                    let isScalar = given.scalar != nil && !YAMLSupport.isNull(given)
                    facts.append(
                        ScenarioDeclaration.GivenFact(
                            name: name.string ?? "", nameRange: YAMLSupport.range(of: name, in: file),
                            text: isScalar ? given.scalar?.string : nil,
                            kindDescription: YAMLSupport.isNull(given) ? "no value" : YAMLSupport.kind(of: given),
                            valueRange: YAMLSupport.range(of: given, in: file)))
                }
            default:
                diagnostics.append(ScenarioProblem.unknownKey(key.string ?? "", at: YAMLSupport.range(of: key, in: file)))
            }
        }
        guard let (idText, idRange) = id else {
            diagnostics.append(ScenarioProblem.missingID(at: itemLocation))
            return nil
        }
        let valid =
            !idText.isEmpty
            && idText.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard valid else {
            diagnostics.append(ScenarioProblem.invalidID(idText, at: idRange))
            return nil
        }
        // An id names a folder of the output: file systems refuse names over 255 bytes, so a
        // longer id would fail only when its page is written, far from its line.
        guard idText.utf8.count <= ScenarioDeclaration.maximumIDLength else {
            diagnostics.append(ScenarioProblem.idTooLong(idText, at: SourceRange(start: idRange.start, length: 1)))
            return nil
        }
        var declaration = ScenarioDeclaration(
            id: idText, idRange: idRange, guides: guides, title: title?.0, titleLocation: title?.1,
            facts: facts, file: file.path)
        declaration.titlePlaces = titlePlaces
        return declaration
    }

    /// Reports each scenario id used twice for the same guide, within a file or across files.
    public static func checkDuplicateIDs(_ files: [ScenarioFile], diagnostics: inout [Diagnostic]) {
        struct Key: Hashable {
            var guide: String
            var id: String
        }
        var first: [Key: SourceRange] = [:]
        first.reserveCapacity(files.reduce(0) { $0 + $1.scenarios.count })
        for file in files {
            // By index: a scenario copied out of the list retains each of its many fields, and
            // a large site has ten thousand, checked while nothing else can run.
            for index in file.scenarios.indices {
                let guides = file.scenarios[index].guides
                for guide in guides.count == 1 ? guides : Set(guides).sorted() {
                    let id = file.scenarios[index].id
                    let key = Key(guide: guide, id: id)
                    if let earlier = first[key] {
                        diagnostics.append(
                            ScenarioProblem.duplicateID(id, guide: guide, at: file.scenarios[index].idRange, firstUsedAt: earlier))
                    } else {
                        first[key] = file.scenarios[index].idRange
                    }
                }
            }
        }
    }
}

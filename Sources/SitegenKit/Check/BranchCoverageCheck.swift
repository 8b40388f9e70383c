import Diagnostics
import Directives
import Rules

/// How often each branch of each guide is taken by its scenarios, and scenarios whose pages are
/// the same: drawn from the decisions and bodies the build's pages were made with.
enum BranchCoverageCheck {
    /// Per branch place, over every (guide, scenario) pair: how many could reach it, how many
    /// take it, and how it reads, in the order first met.
    private struct Tally {
        var taken: [SourceRange: Int] = [:]
        var possible: [SourceRange: Int] = [:]
        var order: [SourceRange] = []
        var text: [SourceRange: String] = [:]
    }

    /// The coverage of every guide with scenarios; warns of branches no scenario or every
    /// scenario takes, and of scenarios with identical pages.
    static func run(_ compilation: SiteCompilation, diagnostics: inout [Diagnostic]) -> [BranchCoverage] {
        var coverage: [BranchCoverage] = []
        var tally = Tally()
        for guide in compilation.site.guides {
            let scenarios = compilation.scenarios(ofGuide: guide.slug)
            guard !scenarios.isEmpty, let body = compilation.checked.guideDocuments[guide.slug] else { continue }
            let documents = [body] + compilation.checked.includedPartialDocuments(of: guide.slug)
            let conditionals = documents.flatMap(conditionals(in:))
            let taken = takenBranches(conditionals, guide: guide.slug, scenarios: scenarios, compilation: compilation)
            var branches: [BranchCoverage.Branch] = []
            for conditional in conditionals {
                for (index, branch) in conditional.enumerated() {
                    let keyword = index == 0 ? "if" : "elif"
                    let text = branch.condition.map { "{% \(keyword) \($0.text.trimmingCharacters(in: .whitespaces)) %}" } ?? "{% else %}"
                    let count = taken[branch.range, default: 0]
                    branches.append(.init(location: "\(branch.range.start)", condition: text, scenarios: count))
                    if tally.possible[branch.range] == nil {
                        tally.order.append(branch.range)
                        tally.text[branch.range] = text
                    }
                    tally.possible[branch.range, default: 0] += scenarios.count
                    tally.taken[branch.range, default: 0] += count
                }
            }
            coverage.append(BranchCoverage(guide: guide.slug, scenarioCount: scenarios.count, branches: branches))
            identicalPages(of: guide, scenarios: scenarios, compilation: compilation, diagnostics: &diagnostics)
        }
        for range in tally.order {
            let count = tally.taken[range, default: 0]
            if count == 0 {
                diagnostics.append(CheckWarning.branchNeverTaken(tally.text[range] ?? "", at: range))
            } else if count == tally.possible[range, default: 0], tally.text[range] != "{% else %}" {
                diagnostics.append(CheckWarning.branchAlwaysTaken(at: range))
            }
        }
        return coverage
    }

    /// The branches of each conditional met in a document.
    private static func conditionals(in document: DirectiveDocument) -> [[Directives.Branch]] {
        var found: [[Directives.Branch]] = []
        document.forEachNode { node in
            if case .conditional(let branches, _) = node { found.append(branches) }
        }
        return found
    }

    /// How many of `scenarios` take each branch, by the branch's place.
    private static func takenBranches(
        _ conditionals: [[Directives.Branch]], guide slug: String, scenarios: [ResolvedScenario], compilation: SiteCompilation
    ) -> [SourceRange: Int] {
        var taken: [SourceRange: Int] = [:]
        for scenario in scenarios {
            var decided: [ExpressionSource: Bool] = [:]
            for decision in compilation.scenarioCase(of: scenario, guide: slug).decisions { decided[decision.condition] = decision.value }
            for branches in conditionals {
                guard let first = branches.first?.condition, decided[first] != nil else { continue }
                // The branch taken is the first whose condition held, else the `else`.
                if let index = branches.firstIndex(where: { $0.condition.flatMap { decided[$0] } == true }) {
                    taken[branches[index].range, default: 0] += 1
                } else if let last = branches.last, last.condition == nil,
                    branches.dropLast().allSatisfy({ $0.condition.flatMap { decided[$0] } == false })
                {
                    taken[last.range, default: 0] += 1
                }
            }
        }
        return taken
    }

    /// Warns of scenarios of `guide` whose pages have the same body, as the build rendered them.
    private static func identicalPages(
        of guide: Guide, scenarios: [ResolvedScenario], compilation: SiteCompilation, diagnostics: inout [Diagnostic]
    ) {
        var bodies: [String: [String]] = [:]
        for scenario in scenarios {
            let html = compilation.body(of: Page(.scenario(guide: guide.slug, scenario: scenario.id))) ?? ""
            bodies[html, default: []].append(scenario.id)
        }
        for ids in bodies.values where ids.count > 1 {
            let scenario = scenarios.first { $0.id == ids[1] }!
            diagnostics.append(CheckWarning.identicalPages(ids, guide: guide.slug, at: scenario.declaration.idRange))
        }
    }
}

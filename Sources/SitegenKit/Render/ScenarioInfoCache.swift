import Diagnostics
import Directives
import Foundation
import MarkdownRendering
import Rules
import Templating

/// Scenarios evaluated once per build and shared by the pages that show them.
final class ScenarioInfoCache: @unchecked Sendable {
    struct Fact: Sendable {
        var name: String
        var question: String
        var answer: String
    }

    /// A scenario as its pages and its guide's page show it. A class: each of a guide's pages
    /// takes the entries of the guide's list it needs, and a copy is then one reference counted,
    /// not one for each field.
    final class Info: Sendable {
        let scenario: ResolvedScenario
        let environment: Environment
        let title: String
        let facts: [Fact]
        /// Problems met evaluating the title, reported with the scenario's own page.
        let diagnostics: [Diagnostic]
        /// The entry for this scenario in the list of a sibling scenario's page (every
        /// scenario page is as deep in the site, so one URL serves them all).
        let siblingLink: TemplateValue
        /// Whether the scenario's page depends on the build's date (and so says "as of").
        let usesToday: Bool
        /// The branch decisions of the guide's text for this scenario: its case.
        let decisions: [BranchDecision]
        /// The facts whose values the scenario's page writes (through its stamps), in the order
        /// of the rules files.
        let stampedFacts: [String]
        /// The guide's body expanded for the scenario: the case's decisions were read from it,
        /// and the scenario's page renders it (so the body is expanded once, not twice).
        let expansion: ScenarioBodyRenderer.Expansion?

        init(
            scenario: ResolvedScenario, environment: Environment, title: String, facts: [Fact],
            diagnostics: [Diagnostic], siblingLink: TemplateValue, usesToday: Bool,
            decisions: [BranchDecision], stampedFacts: [String], expansion: ScenarioBodyRenderer.Expansion?
        ) {
            self.scenario = scenario
            self.environment = environment
            self.title = title
            self.facts = facts
            self.diagnostics = diagnostics
            self.siblingLink = siblingLink
            self.usesToday = usesToday
            self.decisions = decisions
            self.stampedFacts = stampedFacts
            self.expansion = expansion
        }
    }

    /// What the scenarios of one guide share while its list is made: answers that depend on
    /// less than the whole scenario, worked out once for all the scenarios that ask.
    final class Shared: Sendable {
        private let usesTodayByFacts = LockedMemo<Set<String>, Bool>()
        private let factsByStamp = LockedMemo<ExpressionSource, [Int]>()
        private let factsByStamps = LockedMemo<[ExpressionSource], [String]>()

        /// Whether a page uses today, for the facts its scenario gives.
        func usesToday(given: Set<String>, make: () -> Bool) -> Bool {
            usesTodayByFacts.value(for: given, make: make)
        }

        /// The facts the stamps `stamps` reach, by name: the same for every scenario whose case
        /// keeps the same stamps, as most of a guide's scenarios do.
        func facts(reachedBy stamps: [ExpressionSource], make: () -> [String]) -> [String] {
            factsByStamps.value(for: stamps, make: make)
        }

        /// The facts the stamp `stamp` reaches, as positions in the library's list of facts: the
        /// same for every scenario whose case keeps the stamp.
        func facts(reachedBy stamp: ExpressionSource, make: () -> [Int]) -> [Int] {
            factsByStamp.value(for: stamp, make: make)
        }
    }

    private let lists = CooperativeListCache<String, Info, Shared> { Shared() }

    func remove(_ guide: String) {
        lists.remove(guide)
    }

    /// The `count` infos of `guide`, `make(index, shared)` making the one at `index`; the threads
    /// that ask for a guide's list while it is being made share the work
    /// (``CooperativeListCache``).
    func infos(for guide: String, count: Int, make: (_ index: Int, _ shared: Shared) -> Info) -> [Info] {
        lists.list(for: guide, count: count, make: make)
    }
}

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

    struct Info: Sendable {
        var scenario: ResolvedScenario
        var environment: Environment
        var title: String
        var facts: [Fact]
        /// Problems met evaluating the title, reported with the scenario's own page.
        var diagnostics: [Diagnostic]
        /// The entry for this scenario in the list of a sibling scenario's page (every
        /// scenario page is as deep in the site, so one URL serves them all).
        var siblingLink: TemplateValue
        /// Whether the scenario's page depends on the build's date (and so says "as of").
        var usesToday: Bool
        /// The branch decisions of the guide's text for this scenario: its case.
        var decisions: [(condition: ExpressionSource, value: Bool)]
        /// The facts whose values the scenario's page writes (through its stamps), in the order
        /// of the rules files.
        var stampedFacts: [String]
    }

    // Guarded by `condition`; pages of one guide may render on several threads at once.
    private var byGuide: [String: [Info]] = [:]
    private var inProgress: Set<String> = []
    private let condition = NSCondition()

    func remove(_ guide: String) {
        condition.withLock { byGuide[guide] = nil }
    }

    func infos(for guide: String, make: () -> [Info]) -> [Info] {
        condition.lock()
        // One thread makes a guide's list, outside the lock so other guides are not held up;
        // another thread that needs the same list waits for it rather than making it again.
        while inProgress.contains(guide) { condition.wait() }
        if let cached = byGuide[guide] {
            condition.unlock()
            return cached
        }
        inProgress.insert(guide)
        condition.unlock()
        let made = make()
        condition.withLock {
            byGuide[guide] = made
            inProgress.remove(guide)
            condition.broadcast()
        }
        return made
    }
}

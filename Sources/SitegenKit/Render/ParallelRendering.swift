import Diagnostics
import Foundation
import Rules

/// Counts the pages of each guide still to be written.
final class GuidePageCounter: @unchecked Sendable {
    // Guarded by `lock`.
    private var left: [String: Int] = [:]
    private let lock = NSLock()

    init(_ pages: [Page]) {
        for page in pages {
            if let slug = page.guideSlug { left[slug, default: 0] += 1 }
        }
    }

    /// Notes `page` as written; returns its guide's slug when it was the guide's last page.
    func pageDone(_ page: Page) -> String? {
        guard let slug = page.guideSlug else { return nil }
        return lock.withLock {
            let count = left[slug, default: 1] - 1
            left[slug] = count
            return count == 0 ? slug : nil
        }
    }
}

/// Shared work queue and results of a parallel render.
final class ParallelState: @unchecked Sendable {
    // Both fields are guarded by `lock`.
    private var next = 0
    private var collected: [Diagnostic] = []
    private let lock = NSLock()

    func nextIndex(below count: Int) -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func append(_ diagnostics: [Diagnostic]) {
        lock.withLock { collected += diagnostics }
    }

    var diagnostics: [Diagnostic] { lock.withLock { collected } }
}

/// The step references whose step is missing from a scenario's page, gathered over every page
/// of a build: a ref in a branch most scenarios skip would otherwise be one error per scenario,
/// all at the same place.
final class MissingStepReferences: @unchecked Sendable {
    private struct Key: Hashable {
        var guide: String
        var label: String
        var range: SourceRange
    }

    // Guarded by `lock`.
    private var scenarios: [Key: Set<String>] = [:]
    private let lock = NSLock()

    /// Notes that the page of `scenario` of guide `guide` has no step `label`, which the ref at
    /// `range` names.
    func add(_ label: String, guide: String, scenario: String, at range: SourceRange) {
        lock.withLock { _ = scenarios[Key(guide: guide, label: label, range: range), default: []].insert(scenario) }
    }

    /// One error per ref, naming its scenarios in the order of `order(guide)`, a guide's
    /// scenario ids.
    func diagnostics(scenarioOrder order: (String) -> [String]) -> [Diagnostic] {
        let gathered = lock.withLock { scenarios }
        var orders: [String: [String]] = [:]
        return gathered.map { key, ids in
            let all = orders[key.guide] ?? order(key.guide)
            orders[key.guide] = all
            let named = all.filter(ids.contains) + ids.subtracting(all).sorted()
            return RenderProblem.stepMissing(key.label, scenarios: named, total: all.count, guide: key.guide, at: key.range)
        }
    }
}

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

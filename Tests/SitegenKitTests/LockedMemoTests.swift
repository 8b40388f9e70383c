import Foundation
import Testing

@testable import SitegenKit

/// Values made once per key and shared by the rendering threads, and let go when asked.
@Suite struct LockedMemoTests {
    /// Counts how often each key's value was made.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var made: [String: Int] = [:]
        func record(_ key: String) { lock.withLock { made[key, default: 0] += 1 } }
        func times(_ key: String) -> Int { lock.withLock { made[key, default: 0] } }
    }

    @Test func aValueIsMadeOnceUntilItIsRemovedAndOnlyItsKeyIsMadeAgain() {
        let memo = LockedMemo<String, String>()
        let counter = Counter()
        func value(_ key: String) -> String {
            memo.value(for: key) {
                counter.record(key)
                return key.uppercased()
            }
        }
        #expect(value("a") == "A" && value("a") == "A" && value("b") == "B")
        #expect(counter.times("a") == 1 && counter.times("b") == 1)
        #expect(memo.contains("a") && memo.contains("b") && !memo.contains("c"))

        memo.remove("a")
        memo.remove("c")  // never made: nothing to forget
        #expect(!memo.contains("a") && memo.contains("b"))
        #expect(value("a") == "A" && value("b") == "B")
        #expect(counter.times("a") == 2 && counter.times("b") == 1)
    }

    /// A build lets a guide's rules data go with the rest of what its pages needed, once all of
    /// them are written, so that a large site does not hold every guide's at once.
    @Test func releasingAGuideLetsItsRulesDataGo() throws {
        var options = CompilationOptions(root: SampleContentTests.root, asOf: "2026-01-15")
        options.includesDrafts = true
        let compilation = SiteCompilation.compile(options)
        let slugs = compilation.site.guides.map(\.slug)
        try #require(slugs.count >= 2)
        let renderer = PageRenderer(compilation: compilation)
        let before = slugs.map { renderer.rulesData(for: $0).script }
        #expect(slugs.allSatisfy(renderer.keepsRulesData(of:)))

        renderer.release(guide: slugs[0])
        #expect(!renderer.keepsRulesData(of: slugs[0]))
        #expect(slugs.dropFirst().allSatisfy(renderer.keepsRulesData(of:)))
        // Asked again (serve renders a guide's pages again after an edit), it is the same.
        #expect(renderer.rulesData(for: slugs[0]).script == before[0])
    }
}

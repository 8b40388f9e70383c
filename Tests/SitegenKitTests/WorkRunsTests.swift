import Testing

@testable import SitegenKit

/// How a build's pages are handed to its workers: a guide's consecutive pages together.
@Suite struct WorkRunsTests {
    /// The pages of a plan: the index, then each guide's page and its scenarios' pages, then the
    /// glossary, as the plan lists them.
    private func pages(_ scenarios: [(guide: String, count: Int)]) -> [Page] {
        var pages = [Page(.index)]
        for (guide, count) in scenarios {
            pages.append(Page(.guide(slug: guide)))
            for index in 0..<count { pages.append(Page(.scenario(guide: guide, scenario: "s\(index)"))) }
        }
        pages.append(Page(.glossary))
        return pages
    }

    @Test func eachGuideIsOneRunAndTheRunsCoverEveryPageOnceInOrder() {
        let pages = pages([("a", 3), ("b", 0), ("c", 10)])
        let runs = Builder.workRuns(of: pages)
        #expect(runs == [0..<1, 1..<5, 5..<6, 6..<17, 17..<18])
        #expect(runs.flatMap { Array($0) } == Array(pages.indices))
    }

    @Test func aLargeGuideIsCutSoThatTheWorkersShareIt() {
        let count = Builder.maxPagesPerRun * 2 + 5
        let pages = pages([("big", count), ("small", 2)])
        let runs = Builder.workRuns(of: pages)
        #expect(runs.flatMap { Array($0) } == Array(pages.indices))
        #expect(runs.allSatisfy { $0.count <= Builder.maxPagesPerRun })
        for run in runs {
            #expect(Set(run.map { pages[$0].guideSlug }).count == 1, "run \(run) mixes guides")
        }
        // The big guide's page and scenarios (count + 1 pages) fill full runs, then the rest.
        let big = runs.filter { pages[$0.lowerBound].guideSlug == "big" }
        #expect(big.map(\.count) == [Builder.maxPagesPerRun, Builder.maxPagesPerRun, count + 1 - 2 * Builder.maxPagesPerRun])
    }

    @Test func noMoreWorkersThanRunsAndAtLeastOne() {
        #expect(Builder.workerCount(jobs: 2, runs: 200) == 2)
        #expect(Builder.workerCount(jobs: 10_000, runs: 3) == 3)
        #expect(Builder.workerCount(jobs: 0, runs: 5) == 1)
        #expect(Builder.workerCount(jobs: 4, runs: 0) == 1)
    }

    @Test func noPagesMakeNoRuns() {
        #expect(Builder.workRuns(of: []).isEmpty)
    }
}

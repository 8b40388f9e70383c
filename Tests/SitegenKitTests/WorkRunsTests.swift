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

    @Test func theOneGuideOfARebuildIsSharedByTheWorkers() {
        // A rebuild under `serve` after one guide was edited: its page and 51 scenarios.
        let guide = Array(pages([("a", 51)]).dropFirst().dropLast())
        #expect(Builder.workRuns(of: guide, jobs: 1) == [0..<52])
        #expect(Builder.workRuns(of: guide, jobs: 2) == [0..<26, 26..<52])
        #expect(Builder.workRuns(of: guide, jobs: 3) == [0..<18, 18..<36, 36..<52])
        // More workers than pages: one page each.
        #expect(Builder.workRuns(of: Array(guide.prefix(3)), jobs: 8) == [0..<1, 1..<2, 2..<3])
    }

    @Test func aWholeSiteKeepsEachGuideOnOneCore() {
        // 200 guides of 50 scenarios on 2 cores: each guide is still one run, as with one job.
        let pages = pages((0..<200).map { ("g\($0)", 50) })
        #expect(Builder.workRuns(of: pages, jobs: 2) == Builder.workRuns(of: pages))
        #expect(Builder.workRuns(of: pages, jobs: 2).count == 202)
    }

    @Test func noMoreWorkersThanRunsAndAtLeastOne() {
        #expect(Builder.workerCount(jobs: 2, runs: 200) == 2)
        #expect(Builder.workerCount(jobs: 10_000, runs: 3) == 3)
        #expect(Builder.workerCount(jobs: 0, runs: 5) == 1)
        #expect(Builder.workerCount(jobs: 4, runs: 0) == 1)
    }

    @Test func noPagesMakeNoRuns() {
        #expect(Builder.workRuns(of: []).isEmpty)
        #expect(Builder.workRuns(of: [], jobs: 4).isEmpty)
    }
}

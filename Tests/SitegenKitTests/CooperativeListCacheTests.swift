import Foundation
import Testing

@testable import SitegenKit

/// Lists made once and shared by the rendering threads, which help make a list they wait for.
@Suite struct CooperativeListCacheTests {
    /// What a list's elements share: counts how often each index was made, by which thread.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var made: [Int: Int] = [:]
        private var makers: Set<Int> = []

        func record(_ index: Int, by thread: Int) {
            lock.withLock {
                made[index, default: 0] += 1
                makers.insert(thread)
            }
        }
        var timesMade: [Int: Int] { lock.withLock { made } }
        var threadsThatMade: Set<Int> { lock.withLock { makers } }
    }

    @Test func everyThreadGetsTheSameListAndEachElementIsMadeOnce() {
        let cache = CooperativeListCache<String, String, Log> { Log() }
        let logs = LockedLogs()
        let threads = 8
        let count = 200
        let lists = ResultSlots.map(count: threads * 3, jobs: threads) { ask in
            // Three keys asked by every thread at once, in a different order per thread.
            let key = ["a", "b", "c"][(ask + ask / threads) % 3]
            return (key, cache.list(for: key, count: count) { index, log in
                logs.keep(log, for: key)
                log.record(index, by: ask % threads)
                return "\(key)\(index)"
            })
        }
        for (key, list) in lists {
            #expect(list == (0..<count).map { "\(key)\($0)" })
        }
        for key in ["a", "b", "c"] {
            let log = logs.log(for: key)
            #expect(log?.timesMade.count == count)
            #expect(log?.timesMade.values.allSatisfy { $0 == 1 } == true)
        }
    }

    /// A thread that asks for a list being made makes part of it instead of waiting: the first
    /// element cannot be finished until another thread has made the second.
    @Test func aThreadThatAsksWhileAListIsMadeHelpsMakeIt() {
        let cache = CooperativeListCache<String, Int, Log> { Log() }
        let secondMade = DispatchSemaphore(value: 0)
        let firstStarted = DispatchSemaphore(value: 0)
        let waitedInVain = LockedFlag()
        let lists = ResultSlots<[Int]>(count: 2)
        let done = DispatchGroup()
        // Two threads of their own (a pool might run both asks on one thread, one after the other).
        for ask in 0..<2 {
            done.enter()
            Thread {
                if ask == 1 {
                    // The second thread asks only once the first has started the list.
                    firstStarted.wait()
                }
                let list = cache.list(for: "guide", count: 2) { index, log in
                    log.record(index, by: ask)
                    if index == 0 {
                        firstStarted.signal()
                        if secondMade.wait(timeout: .now() + 10) == .timedOut { waitedInVain.set() }
                    } else {
                        secondMade.signal()
                    }
                    return index * 10
                }
                lists.set(ask, list)
                done.leave()
            }.start()
        }
        done.wait()
        #expect(lists.values == [[0, 10], [0, 10]])
        #expect(!waitedInVain.value)
    }

    @Test func aListOfNothingIsMadeAtOnceAndARemovedListIsMadeAgain() {
        let cache = CooperativeListCache<String, Int, Log> { Log() }
        #expect(cache.list(for: "empty", count: 0) { _, _ in Issue.record("nothing to make"); return 0 } == [])
        var calls = 0
        #expect(cache.list(for: "k", count: 2) { index, _ in calls += 1; return index } == [0, 1])
        #expect(cache.list(for: "k", count: 2) { index, _ in calls += 1; return index } == [0, 1])
        #expect(calls == 2)
        cache.remove("k")
        #expect(cache.list(for: "k", count: 2) { index, _ in calls += 1; return index + 1 } == [1, 2])
        #expect(calls == 4)
    }
}

/// The log each key's list was made with.
private final class LockedLogs: @unchecked Sendable {
    private let lock = NSLock()
    private var logs: [String: CooperativeListCacheTests.Log] = [:]

    func keep(_ log: CooperativeListCacheTests.Log, for key: String) { lock.withLock { logs[key] = log } }
    func log(for key: String) -> CooperativeListCacheTests.Log? { lock.withLock { logs[key] } }
}

private final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set_ = false

    func set() { lock.withLock { set_ = true } }
    var value: Bool { lock.withLock { set_ } }
}

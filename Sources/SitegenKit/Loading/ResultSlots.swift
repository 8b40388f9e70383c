import Diagnostics
import Foundation
import Rules

/// One slot per result, filled from several threads.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }

    var values: [Value] { lock.withLock { slots.map { $0! } } }

    // The next index `map` hands out; guarded by `lock`.
    private var next = 0

    private func takeIndex() -> Int? {
        lock.withLock {
            guard next < slots.count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    /// `transform` of each index of `0..<count`, in index order, worked out on up to `jobs`
    /// threads, each taking the next index as it finishes one (so one slow element does not
    /// hold back a share of the others).
    static func map(count: Int, jobs: Int, _ transform: @escaping @Sendable (Int) -> Value) -> [Value] {
        let results = ResultSlots(count: count)
        DispatchQueue.concurrentPerform(iterations: min(max(jobs, 1), max(count, 1))) { _ in
            while let index = results.takeIndex() { results.set(index, transform(index)) }
        }
        return results.values
    }
}

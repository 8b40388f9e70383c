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
}

import Foundation

/// Values made once per key on first use and shared by every thread. A value is made outside
/// the lock, so one slow value holds up no other key; two threads that ask for the same new key
/// at once may both make it, and they make the same value.
final class LockedMemo<Key: Hashable, Value>: @unchecked Sendable {
    // Guarded by `lock`.
    private var values: [Key: Value] = [:]
    private let lock = NSLock()

    func value(for key: Key, make: () -> Value) -> Value {
        if let known = lock.withLock({ values[key] }) { return known }
        let made = make()
        lock.withLock { values[key] = made }
        return made
    }

    /// Whether a value of `key` is kept.
    func contains(_ key: Key) -> Bool {
        lock.withLock { values[key] != nil }
    }

    /// Forgets the value of `key`, if one was made: the next ask makes it again.
    func remove(_ key: Key) {
        _ = lock.withLock { values.removeValue(forKey: key) }
    }
}

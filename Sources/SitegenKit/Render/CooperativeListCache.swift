import Foundation

/// Lists made once per key and shared by every thread that asks for them, where the threads
/// that ask while a list is being made help make it.
///
/// The first thread to ask for a key starts its list; a thread that asks before the list is done
/// makes the elements nobody has taken yet, then waits only for the ones in progress. Pages are
/// rendered guide by guide, so every rendering thread reaches a new guide at about the same time:
/// if one of them made the guide's whole list, the others would sit idle at every guide.
final class CooperativeListCache<Key: Hashable & Sendable, Element, Shared: AnyObject>: @unchecked Sendable {
    /// A list while it is being made.
    private final class Making {
        let shared: Shared
        var slots: [Element?]
        var next = 0
        var finished = 0
        var made: [Element]?

        init(count: Int, shared: Shared) {
            self.shared = shared
            slots = Array(repeating: nil, count: count)
        }
    }

    // Guarded by `condition`.
    private var lists: [Key: [Element]] = [:]
    private var making: [Key: Making] = [:]
    private let condition = NSCondition()
    private let makeShared: () -> Shared

    /// A cache whose lists each get a fresh `makeShared()` while they are made: what the
    /// elements of one list share (it must be safe to use from several threads).
    init(makeShared: @escaping () -> Shared) {
        self.makeShared = makeShared
    }

    /// The list of `key`: `count` elements, `make(index, shared)` making the one at `index`.
    /// `make` is called once per index, from whichever asking thread takes it.
    func list(for key: Key, count: Int, make: (_ index: Int, _ shared: Shared) -> Element) -> [Element] {
        condition.lock()
        defer { condition.unlock() }
        if let known = lists[key] { return known }
        let job: Making
        if let started = making[key] {
            job = started
        } else {
            job = Making(count: count, shared: makeShared())
            making[key] = job
        }
        while job.next < job.slots.count {
            let index = job.next
            job.next += 1
            // Made outside the lock, so the other threads can take the next ones meanwhile.
            condition.unlock()
            let element = make(index, job.shared)
            condition.lock()
            job.slots[index] = element
            job.finished += 1
        }
        if job.made == nil, job.finished == job.slots.count {
            let made = job.slots.map { $0! }
            job.made = made
            lists[key] = made
            making[key] = nil
            condition.broadcast()
        }
        while job.made == nil { condition.wait() }
        return job.made!
    }

    /// Forgets the list of `key` (a later ask makes it again).
    func remove(_ key: Key) {
        condition.withLock { lists[key] = nil }
    }
}

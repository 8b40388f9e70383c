import Foundation

/// Fans the server's events out to the open `EventSource` connections, a bounded number of
/// them; each connection's stream ends when it disconnects or the server stops.
public final class ReloadEvents: @unchecked Sendable {
    /// What a connection is told.
    public enum Event: Sendable, Equatable {
        /// A rebuild changed the site: build `generation` is served now.
        case reload(generation: Int)
        /// Nothing happened; lets a connection notice that its client has gone.
        case heartbeat
    }

    /// One open connection's events.
    public struct Subscription: Sendable {
        /// The events, until the connection or the server closes.
        public let events: AsyncStream<Event>
        /// Ends the subscription (also done when the stream's consumer goes away).
        public let cancel: @Sendable () -> Void
    }

    /// The most connections served at once; more are refused.
    public let limit: Int

    // Guarded by `lock`.
    private var subscribers: [UUID: AsyncStream<Event>.Continuation] = [:]
    private var closed = false
    private let lock = NSLock()

    /// A hub accepting up to `limit` connections.
    public init(limit: Int = 64) { self.limit = limit }

    /// The number of open connections.
    public var count: Int { lock.withLock { subscribers.count } }

    /// A new subscription, or `nil` when `limit` connections are open or the hub is closed.
    public func subscribe() -> Subscription? {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(8))
        let accepted = lock.withLock {
            guard !closed, subscribers.count < limit else { return false }
            subscribers[id] = continuation
            return true
        }
        guard accepted else { return nil }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return Subscription(events: stream, cancel: { [weak self] in self?.remove(id)?.finish() })
    }

    /// Sends `event` to every open connection.
    public func send(_ event: Event) {
        for continuation in lock.withLock({ Array(subscribers.values) }) {
            continuation.yield(event)
        }
    }

    /// Ends every connection and refuses new ones.
    public func close() {
        let open = lock.withLock {
            closed = true
            defer { subscribers = [:] }
            return Array(subscribers.values)
        }
        for continuation in open { continuation.finish() }
    }

    @discardableResult
    private func remove(_ id: UUID) -> AsyncStream<Event>.Continuation? {
        lock.withLock { subscribers.removeValue(forKey: id) }
    }
}

import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// How long the preview server lets a connection wait on its client.
///
/// Without these bounds a client that sends half a request, or opens a connection and says
/// nothing, holds a socket for as long as it likes; a few hundred such connections exhaust the
/// process's file descriptors.
public struct ConnectionLimits: Sendable, Equatable {
    /// How long a connection may go without a complete request head: from when it opens, or
    /// from the end of its last response, until the blank line that ends the next request's
    /// headers (so it bounds both an idle keep-alive connection and one that sends its headers
    /// slowly or never finishes them), and until a request's unread body has arrived.
    /// A response being written is never cut short by it.
    public var idleTimeout: Duration
    /// How long a response may go without any of its bytes reaching the socket, because the
    /// client does not read them (its buffers are full), before the connection is closed.
    public var writeTimeout: Duration
    /// How long a connection whose last response has been sent, and that is to be closed
    /// (HTTP/1.0, `Connection: close`), may stay open for the client to close its end first.
    /// Closing at once could reset the connection before the client has read the response when
    /// it has sent more bytes.
    public var closeGrace: Duration

    /// Limits of `idleTimeout` (15 s by default: long enough for a browser to reuse a
    /// connection between page loads, short enough that half-sent requests cannot pile up),
    /// `writeTimeout` (30 s) and `closeGrace` (1 s).
    public init(idleTimeout: Duration = .seconds(15), writeTimeout: Duration = .seconds(30), closeGrace: Duration = .seconds(1)) {
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.closeGrace = closeGrace
    }
}

/// Hummingbird's HTTP/1.1 channel with a ``ConnectionGuard`` just after the HTTP decoder, where
/// the request's HTTP version and `Connection` header are still known (Hummingbird's own
/// request types have no version).
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let limits: ConnectionLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let limits = self.limits
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(ConnectionGuard(limits: limits), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// An HTTP/1.1 server whose connections are bounded by `limits`.
    static func guardedHTTP1(limits: ConnectionLimits) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            GuardedHTTP1Channel(base: HTTP1Channel(responder: responder), limits: limits)
        }
    }
}

/// Closes connections that the client leaves hanging, and makes a request that does not ask
/// to keep the connection alive end it.
///
/// It sits between NIO's HTTP/1 decoder and the conversion to Hummingbird's types, on the
/// channel's event loop, and:
/// - closes a connection that has no request being answered and no complete request head for
///   ``ConnectionLimits/idleTimeout``;
/// - closes a connection whose writes have made no progress for ``ConnectionLimits/writeTimeout``;
/// - for an HTTP/1.0 request (keep-alive is not offered to HTTP/1.0 clients) or one with
///   `Connection: close`, answers in the request's version with `Connection: close` and then
///   closes, so the response's end is the connection's end;
/// - closes the connection when the client has closed its end and nothing more is owed to it,
///   and at once during an event stream, which would otherwise go on writing to nobody.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// A request whose head has arrived and whose response has not ended, in arrival order
    /// (responses go out in the same order).
    private struct Pending {
        var version: HTTPVersion
        var closesConnection: Bool
    }

    private let limits: ConnectionLimits
    private var pending: [Pending] = []
    private var inputClosed = false
    private var closeAfterResponses = false
    private var isEventStream = false
    // Writes handed to the socket and not yet written out.
    private var outstandingWrites = 0
    private var idleTimer: Scheduled<Void>?
    private var stallTimer: Scheduled<Void>?
    private var closeTimer: Scheduled<Void>?

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armIdleTimer(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimers()
    }

    func channelActive(context: ChannelHandlerContext) {
        armIdleTimer(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimers()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        idleTimer?.cancel()
        idleTimer = nil
        // NIO's reading of `Connection` (any case, several tokens); HTTP/1.0 keep-alive is not
        // honoured, so every HTTP/1.0 request ends its connection.
        let closes = Self.isBeforeHTTP11(head.version) || !head.isKeepAlive
        if closes {
            // Hummingbird stops reading further requests after one whose `Connection` is
            // exactly `close`, so the header is made to say just that.
            head.headers.replaceOrAdd(name: "connection", value: "close")
            closeAfterResponses = true
        }
        pending.append(Pending(version: head.version, closesConnection: closes))
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            inputClosed = true
            // No browser half-closes an EventSource: a client that has closed its end of an
            // event stream is gone, and its slot is freed now rather than at a failed write.
            if pending.isEmpty || isEventStream {
                context.close(promise: nil)
                return
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let promise = tracked(promise, context)
        switch unwrapOutboundIn(data) {
        case .head(var head):
            if let request = pending.first {
                if request.closesConnection {
                    head.headers.replaceOrAdd(name: "connection", value: "close")
                }
                // An HTTP/1.0 client cannot read a chunked body; a 1.0 response ends its body by
                // closing the connection instead.
                if Self.isBeforeHTTP11(request.version) { head.version = .http1_0 }
            }
            isEventStream = head.headers["content-type"].first?.lowercased().hasPrefix("text/event-stream") == true
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            context.write(data, promise: promise)
            isEventStream = false
            if !pending.isEmpty { pending.removeFirst() }
            guard pending.isEmpty else { return }
            if closeAfterResponses || inputClosed {
                idleTimer?.cancel()
                idleTimer = nil
                // Closed once the response is out (closing earlier would drop what is still
                // queued), or once the write timeout gives up on it.
                let grace = closeAfterResponses ? limits.closeGrace : .zero
                promise.futureResult.assumeIsolated().whenComplete { _ in
                    self.scheduleClose(context, after: grace)
                }
            } else {
                armIdleTimer(context)
            }
        }
    }

    /// A promise for a write, completing `promise` too, that keeps the write timeout running
    /// while any write is outstanding and restarts it whenever one completes. A stall shows as
    /// no write completing, whether or not the channel has gone unwritable (a small response a
    /// client never reads leaves it writable).
    private func tracked(_ promise: EventLoopPromise<Void>?, _ context: ChannelHandlerContext) -> EventLoopPromise<Void> {
        let written = context.eventLoop.makePromise(of: Void.self)
        if let promise { written.futureResult.cascade(to: promise) }
        if outstandingWrites == 0 { armStallTimer(context) }
        outstandingWrites += 1
        written.futureResult.assumeIsolated().whenComplete { _ in
            self.outstandingWrites -= 1
            if self.outstandingWrites == 0 {
                self.stallTimer?.cancel()
                self.stallTimer = nil
            } else {
                self.armStallTimer(context)
            }
        }
        return written
    }

    private func armStallTimer(_ context: ChannelHandlerContext) {
        stallTimer?.cancel()
        stallTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.timeAmount(limits.writeTimeout)) {
            context.close(promise: nil)
        }
    }

    private func armIdleTimer(_ context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.timeAmount(limits.idleTimeout)) {
            context.close(promise: nil)
        }
    }

    private func scheduleClose(_ context: ChannelHandlerContext, after delay: Duration) {
        guard closeTimer == nil, context.channel.isActive else { return }
        closeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.timeAmount(delay)) {
            context.close(promise: nil)
        }
    }

    private func cancelTimers() {
        for timer in [idleTimer, stallTimer, closeTimer] { timer?.cancel() }
        idleTimer = nil
        stallTimer = nil
        closeTimer = nil
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Whether `version` is older than HTTP/1.1 (a 1.0 or 0.9 request).
    static func isBeforeHTTP11(_ version: HTTPVersion) -> Bool {
        version.major < 1 || (version.major == 1 && version.minor < 1)
    }
}

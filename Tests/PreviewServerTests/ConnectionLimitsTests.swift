import Foundation
import PreviewServer
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Connections the client leaves hanging are closed in bounded time, HTTP/1.0 requests end
/// their connection, and live-reload slots come back as soon as their clients go.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ConnectionLimitsTests {
    /// How a raw connection ended, as seen by the client.
    struct Ending: Sendable {
        /// Everything received.
        var data: Data
        /// Whether the server closed the connection (EOF or reset) before the deadline.
        var closed: Bool
        /// From the start of the wait to the close (or the deadline).
        var elapsed: Duration

        var reply: HTTPReply { RawHTTP.parse(data) }
    }

    /// Connects, sends `request`, then reads until the server closes or `deadline` passes;
    /// `drip`, when given, is sent again every 200 ms meanwhile (a client sending its headers
    /// slowly).
    static func send(_ request: String, port: Int, drip: String? = nil, deadline: Duration) async throws -> Ending {
        try await offThread {
            let fd = try RawHTTP.connect(port: port).get()
            defer { close(fd) }
            var slice = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &slice, socklen_t(MemoryLayout<timeval>.size))
            let start = ContinuousClock.now
            RawHTTP.send(fd, request)
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while ContinuousClock.now - start < deadline {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count > 0 {
                    data.append(contentsOf: buffer[0..<count])
                } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                    return Ending(data: data, closed: true, elapsed: ContinuousClock.now - start)
                } else if let drip {
                    RawHTTP.send(fd, drip)
                }
            }
            return Ending(data: data, closed: false, elapsed: ContinuousClock.now - start)
        }
    }

    @Test func aRequestWhoseHeadersNeverEndIsClosedWithinTheIdleTimeout() async throws {
        let site = try FixtureSite()
        let running = try await RunningServer.start(site) { $0.connectionLimits.idleTimeout = .seconds(1) }
        // A new header line every 200 ms: the connection is never quiet, but no request is ever
        // complete, so it must not be kept open on that account.
        let slow = try await Self.send(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", port: running.port, drip: "X-Slow: a\r\n", deadline: .seconds(8))
        #expect(slow.closed, "a connection still sending its headers after 8 s is open")
        #expect(slow.elapsed < .seconds(3), "closed after \(slow.elapsed)")
        #expect(slow.reply.status != 200, "the half-sent request is not answered")

        let silent = try await Self.send("", port: running.port, deadline: .seconds(8))
        #expect(silent.closed, "a connection that never sends anything is closed")
        #expect(silent.elapsed < .seconds(3), "closed after \(silent.elapsed)")
        #expect(silent.data.isEmpty)

        let partial = try await Self.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", port: running.port, deadline: .seconds(8))
        #expect(partial.closed, "half-sent headers, then silence")
        #expect(partial.elapsed < .seconds(3), "closed after \(partial.elapsed)")
        try await running.stop()
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterItsLastResponse() async throws {
        let site = try FixtureSite()
        let running = try await RunningServer.start(site) { $0.connectionLimits.idleTimeout = .seconds(1) }
        let port = running.port
        // Two requests on one connection, the second 600 ms after the first: the timeout counts
        // from the end of the last response, not from the connection's start.
        let ending = try await offThread { () -> (statuses: Int, closedAfter: Duration?) in
            let fd = try RawHTTP.connect(port: port).get()
            defer { close(fd) }
            let request = "GET /assets/site.css HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n"
            RawHTTP.send(fd, request)
            usleep(600_000)
            RawHTTP.send(fd, request)
            usleep(600_000)
            let start = ContinuousClock.now
            let text = String(decoding: RawHTTP.readAll(fd), as: UTF8.self)
            let elapsed = ContinuousClock.now - start
            return (text.components(separatedBy: "HTTP/1.1 200 OK").count - 1, elapsed < .seconds(4) ? elapsed : nil)
        }
        #expect(ending.statuses == 2, "both requests on the kept-alive connection are answered")
        let closedAfter = try #require(ending.closedAfter, "the idle connection stays open")
        #expect(closedAfter < .seconds(2))
        try await running.stop()
    }

    @Test func http10IsAnsweredAndTheConnectionClosed() async throws {
        let site = try FixtureSite()
        // A long idle timeout, so only the end of the response can close these connections.
        let running = try await RunningServer.start(site) { $0.connectionLimits.idleTimeout = .seconds(30) }
        let requests = [
            "GET / HTTP/1.0\r\n\r\n",
            "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
            "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n",
            "HEAD / HTTP/1.0\r\n\r\n",
        ]
        let page = try await running.get("/").body
        for request in requests {
            let ending = try await Self.send(request, port: running.port, deadline: .seconds(5))
            let reply = ending.reply
            #expect(reply.status == 200, "\(request)")
            #expect(ending.closed, "\(request): the connection stays open after the response")
            #expect(ending.elapsed < .seconds(3), "\(request): closed after \(ending.elapsed)")
            #expect(reply.headers["connection"] == "close", "\(request)")
            #expect(String(decoding: ending.data.prefix(9), as: UTF8.self) == "HTTP/1.0 ", "\(request): answered in its own version")
            #expect(reply.headers["transfer-encoding"] == nil, "an HTTP/1.0 client cannot read a chunked body")
            if request.hasPrefix("GET") {
                #expect(reply.body == page, "\(request): the whole page arrives")
            } else {
                #expect(reply.body.isEmpty)
            }
        }
        // HTTP/1.1 asking to close, in any case, is closed too.
        let closing = try await Self.send(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Close\r\n\r\n", port: running.port, deadline: .seconds(5))
        #expect(closing.reply.status == 200)
        #expect(closing.closed && closing.elapsed < .seconds(3))
        try await running.stop()
    }

    @Test func aClientThatStopsReadingIsLetGo() async throws {
        let site = try FixtureSite()
        let running = try await RunningServer.start(site) {
            $0.connectionLimits.idleTimeout = .seconds(30)
            $0.connectionLimits.writeTimeout = .seconds(1)
        }
        let port = running.port
        let count = 3000
        // Far more pipelined pages than the sockets' buffers hold, with a small receive buffer,
        // and nothing read for 4 s: the server's writes stall, and it gives up on the client.
        let ending = try await offThread { () -> (answered: Int, closed: Bool) in
            #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
            #endif
            defer { close(fd) }
            var size: Int32 = 4096
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            var time = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { return (0, false) }
            RawHTTP.send(fd, String(repeating: "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", count: count))
            usleep(4_000_000)
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let received = recv(fd, &buffer, buffer.count, 0)
                if received > 0 {
                    data.append(contentsOf: buffer[0..<received])
                    continue
                }
                let closed = received == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)
                return (String(decoding: data, as: UTF8.self).components(separatedBy: "HTTP/1.1 200").count - 1, closed)
            }
        }
        #expect(ending.closed, "the connection of a client that does not read stays open")
        #expect(ending.answered < count, "\(ending.answered) of \(count) pages were sent")
        // The server is not held up by it.
        #expect(try await running.get("/").status == 200)
        try await running.stop()
    }

    @Test func anEventStreamSlotIsFreedAsSoonAsItsClientLeaves() async throws {
        let site = try FixtureSite()
        // The default heartbeat (15 s): a slot must come back without waiting for one.
        let running = try await RunningServer.start(site) { $0.maximumEventConnections = 2 }
        #expect(running.server.configuration.heartbeatInterval >= .seconds(10))
        var open = [try EventStreamClient(port: running.port, since: 1), try EventStreamClient(port: running.port, since: 1)]
        for client in open { #expect(try await client.waitFor(": sitegen serve\n")) }
        let refused = try await running.get("/_sitegen/events")
        #expect(refused.status == 503)
        #expect(refused.headers["retry-after"] == "5")
        #expect(refused.text.contains("2 pages are already listening"))

        // Clients come and go: each one's slot is free again within 1.5 s of its leaving.
        for round in 0..<6 {
            let leaving = open.removeFirst()
            if round.isMultiple(of: 2) { leaving.disconnect() } else { leaving.closeSocket() }
            let start = ContinuousClock.now
            let freed = await eventually(within: .milliseconds(1500)) { running.server.events.count == 1 }
            #expect(freed, "round \(round): slot still taken after \(ContinuousClock.now - start)")
            let next = try EventStreamClient(port: running.port, since: 1)
            #expect(try await next.waitFor(": sitegen serve\n"), "round \(round): the freed slot is served")
            open.append(next)
        }
        #expect(running.server.events.count == 2)
        try await running.stop()
    }

    @Test func aPageRefusedAnEventStreamAsksAgainLater() {
        let script = ReloadInjector(generation: 3).script
        #expect(script.contains("events.readyState === EventSource.CLOSED"))
        #expect(script.contains("setTimeout(listen, 5000)"))
        #expect(ReloadInjector.retrySeconds == 5)
    }
}

import Foundation
import PreviewServer
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The server answers only its own host names, so a page elsewhere cannot read the preview by
/// DNS rebinding (its own name resolving to 127.0.0.1).
@Suite(.serialized, .timeLimit(.minutes(1))) struct HostCheckTests {
    /// The status of a raw `GET /` naming `hosts` in `Host` headers (none for an empty list).
    func status(port: Int, hosts: [String], version: String = "1.1") async throws -> Int {
        try await offThread {
            let fd = try RawHTTP.connect(port: port).get()
            defer { close(fd) }
            let headers = hosts.map { "Host: \($0)\r\n" }.joined()
            RawHTTP.send(fd, "GET / HTTP/\(version)\r\n\(headers)Connection: close\r\n\r\n")
            return RawHTTP.parse(RawHTTP.readAll(fd)).status
        }
    }

    @Test func otherHostsAreForbidden() async throws {
        let site = try FixtureSite()
        let running = try await RunningServer.start(site)
        let port = running.port
        for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST.", "app.localhost:\(port)", "127.1.2.3", "[::1]:\(port)"] {
            #expect(try await status(port: port, hosts: [host]) == 200, "\(host)")
        }
        for host in ["evil.example", "evil.example:\(port)", "127.0.0.1.evil.example", "localhost.evil.example", "[::1].evil", "10.0.0.1", ""] {
            #expect(try await status(port: port, hosts: [host]) == 403, "\(host)")
        }
        // A second Host header cannot slip another name past the first.
        #expect(try await status(port: port, hosts: ["127.0.0.1", "evil.example"]) == 403)
        let reply = try await offThread {
            let fd = try RawHTTP.connect(port: port).get()
            defer { close(fd) }
            RawHTTP.send(fd, "GET / HTTP/1.1\r\nHost: <b>evil.example</b>\r\nConnection: close\r\n\r\n")
            return RawHTTP.parse(RawHTTP.readAll(fd))
        }
        #expect(reply.status == 403)
        #expect(reply.text.contains("--allowed-host"))
        #expect(!reply.text.contains("evil.example"), "the refused name is not echoed")
        try await running.stop()
    }

    @Test func namesAddedByAnOptionAreAnswered() async throws {
        let site = try FixtureSite()
        let running = try await RunningServer.start(site) { $0.allowedHosts = ["preview.test"] }
        #expect(try await status(port: running.port, hosts: ["preview.test:\(running.port)"]) == 200)
        #expect(try await status(port: running.port, hosts: ["other.test"]) == 403)
        try await running.stop()
    }

    @Test func theBoundHostIsAnswered() {
        let check = HostCheck(boundHost: "192.168.1.20")
        #expect(check.allows("192.168.1.20:8080"))
        #expect(!check.allows("192.168.1.21:8080"))
        #expect(HostCheck(boundHost: "::1").allows("[::1]:80"))
        #expect(HostCheck(boundHost: "fe80::1").allows("[FE80::1]"))
        #expect(!HostCheck(boundHost: "127.0.0.1").allows("127.0.0.1:80x"))
        #expect(!HostCheck(boundHost: "127.0.0.1").allows("127.0.0.256"))
    }
}

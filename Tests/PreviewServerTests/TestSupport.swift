import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A copy of a fixture site in a fresh temporary folder, removed when the test is done with it.
final class FixtureSite: Sendable {
    let root: URL

    /// Copies `Fixtures/<name>` into a new temporary folder.
    init(_ name: String = "basic") throws {
        let source = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-serve-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for entry in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(entry), to: root.appendingPathComponent(entry))
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var output: URL { root.appendingPathComponent("Output") }

    /// Writes `text` to `path` under the root, creating folders.
    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }
}

/// Runs blocking work (sockets, processes) on a thread of its own, so it never holds one of
/// Swift's few cooperative threads that the in-process server needs.
func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes; whether it held.
func eventually(
    within timeout: Duration = .seconds(3), _ condition: @Sendable () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// An HTTP reply as read off the socket.
struct HTTPReply: Sendable {
    var status: Int
    /// Header names in lower case.
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A minimal HTTP/1.1 client over a plain socket: it sends the request target exactly as
/// given (URLSession would normalise `..` away), over loopback only, with timeouts.
enum RawHTTP {
    /// A connected TCP socket to `host`:`port`, or the `errno` of the failure.
    static func connect(host: String = "127.0.0.1", port: Int, timeout: Duration = .seconds(5)) -> Result<Int32, POSIXError> {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return .failure(POSIXError(.EIO)) }
        var time = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = POSIXErrorCode(rawValue: errno) ?? .EIO
            close(fd)
            return .failure(POSIXError(code))
        }
        return .success(fd)
    }

    static func send(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }

    /// Everything the server sends until it closes the connection (or the timeout).
    static func readAll(_ fd: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    /// Sends one request with `Connection: close` and reads the reply.
    static func request(_ method: String = "GET", _ target: String, port: Int) async throws -> HTTPReply {
        try await offThread {
            let fd = try connect(port: port).get()
            defer { close(fd) }
            send(fd, "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
            return parse(readAll(fd))
        }
    }

    static func parse(_ data: Data) -> HTTPReply {
        let separator = Data("\r\n\r\n".utf8)
        guard let end = data.range(of: separator) else {
            return HTTPReply(status: 0, headers: [:], body: data)
        }
        let head = String(decoding: data[data.startIndex..<end.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        return HTTPReply(status: status, headers: headers, body: Data(data[end.upperBound...]))
    }
}

/// A live-reload connection: `GET /_sitegen/events`, read as it streams.
final class EventStreamClient: @unchecked Sendable {
    // -1 once closed by `closeSocket`.
    private var fd: Int32
    // Only touched from one test at a time.
    private var received = Data()

    init(port: Int, since: Int?) throws {
        fd = try RawHTTP.connect(port: port, timeout: .seconds(1)).get()
        let query = since.map { "?since=\($0)" } ?? ""
        RawHTTP.send(fd, "GET /_sitegen/events\(query) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Everything read so far.
    var text: String { String(decoding: received, as: UTF8.self) }

    /// Reads until what was received contains `needle`, the server closes, or `timeout`
    /// passes; whether it was seen.
    func waitFor(_ needle: String, timeout: Duration = .seconds(3)) async throws -> Bool {
        try await offThread { [self] in
            let deadline = ContinuousClock.now + timeout
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !text.contains(needle) && ContinuousClock.now < deadline {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count == 0 { return false }  // closed
                if count > 0 { received.append(contentsOf: buffer[0..<count]) }
            }
            return text.contains(needle)
        }
    }

    /// Reads until the server closes the connection; whether it did within `timeout`.
    func waitForClose(timeout: Duration = .seconds(5)) async throws -> Bool {
        try await offThread { [self] in
            let deadline = ContinuousClock.now + timeout
            var buffer = [UInt8](repeating: 0, count: 4096)
            while ContinuousClock.now < deadline {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count == 0 { return true }
                if count > 0 { received.append(contentsOf: buffer[0..<count]) }
                if count < 0 && errno != EAGAIN && errno != EWOULDBLOCK { return true }
            }
            return false
        }
    }

    /// Closes the client's end.
    func disconnect() { shutdown(fd, Int32(SHUT_RDWR)) }

    /// Closes the socket itself, as a browser closing a tab does.
    func closeSocket() {
        close(fd)
        fd = -1
    }
}

/// This machine's IPv4 addresses other than loopback.
func nonLoopbackIPv4Addresses() -> [String] {
    var result: [String] = []
    var list: UnsafeMutablePointer<ifaddrs>?
    guard getifaddrs(&list) == 0, let first = list else { return [] }
    defer { freeifaddrs(list) }
    var current: UnsafeMutablePointer<ifaddrs>? = first
    while let entry = current {
        defer { current = entry.pointee.ifa_next }
        guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
        let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if !text.hasPrefix("127.") { result.append(text) }
    }
    return result
}

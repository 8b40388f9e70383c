import Foundation
import PreviewServer
import Testing

/// A ``PreviewServer`` running in this process on a free loopback port.
final class RunningServer: Sendable {
    let server: PreviewServer
    let address: PreviewServer.Address
    private let task: Task<Void, any Error>

    var port: Int { address.port }

    private init(server: PreviewServer, address: PreviewServer.Address, task: Task<Void, any Error>) {
        self.server = server
        self.address = address
        self.task = task
    }

    /// Starts serving `site` on 127.0.0.1, port 0, and waits until it listens.
    static func start(_ site: FixtureSite, configure: (inout PreviewServer.Configuration) -> Void = { _ in }) async throws -> RunningServer {
        var configuration = PreviewServer.Configuration(root: site.root, port: 0, asOf: "2026-01-20", debounce: .milliseconds(50))
        configure(&configuration)
        let server = PreviewServer(configuration: configuration)
        let (ready, readyContinuation) = AsyncStream.makeStream(of: PreviewServer.Address.self)
        let task = Task {
            defer { readyContinuation.finish() }
            try await server.run(onReady: { readyContinuation.yield($0) })
        }
        let timeout = Task {
            try await Task.sleep(for: .seconds(30))
            readyContinuation.finish()
        }
        defer { timeout.cancel() }
        var iterator = ready.makeAsyncIterator()
        guard let address = await iterator.next() else {
            task.cancel()
            _ = try await task.value
            throw CancellationError()
        }
        return RunningServer(server: server, address: address, task: task)
    }

    func get(_ target: String) async throws -> HTTPReply {
        try await RawHTTP.request("GET", target, port: port)
    }

    func head(_ target: String) async throws -> HTTPReply {
        try await RawHTTP.request("HEAD", target, port: port)
    }

    /// Stops the server and waits (at most 10 s) until `run` has returned.
    func stop() async throws {
        await server.stop()
        let watchdog = Task { [task] in
            try await Task.sleep(for: .seconds(10))
            task.cancel()
        }
        defer { watchdog.cancel() }
        try await task.value
    }
}

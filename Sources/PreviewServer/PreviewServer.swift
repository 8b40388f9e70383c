import Diagnostics
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SitegenKit

/// `sitegen serve`: builds the site into memory, serves it over HTTP, rebuilds when `Content/`
/// or `Templates/` change, and reloads open pages (README.md, "Commands").
///
/// Nothing is written to disk: pages come from the current ``SiteSnapshot`` in ``store``.
public final class PreviewServer: @unchecked Sendable {
    /// What to serve and where.
    public struct Configuration: Sendable {
        /// The site root (holds `Content/` and `Templates/`).
        public var root: URL
        /// The address to listen on; loopback unless asked otherwise.
        public var host: String
        /// The port to listen on; 0 picks a free one.
        public var port: Int
        /// The date `today` means, as `YYYY-MM-DD`.
        public var asOf: String?
        /// How long changes must settle before a rebuild. An editor's save (a write, or a new
        /// file renamed over the old one) is over in a few milliseconds; 30 ms keeps it one
        /// rebuild without making the preview wait.
        public var debounce: Duration
        /// How changes are noticed.
        public var watchMode: FileWatcher.Mode
        /// The most live-reload connections open at once; a page asking past it gets 503 with
        /// `Retry-After` and asks again later. 64 is far more than the tabs a writer keeps open
        /// and keeps the sockets they hold well within the usual limit of 1,024 open files.
        /// A slot is freed as soon as its client closes the connection.
        public var maximumEventConnections: Int
        /// How often an idle live-reload connection is written to. A client that closes its
        /// connection is noticed at once; this finds one that vanished without closing it (a
        /// network that went away), and keeps proxies from dropping a quiet stream.
        public var heartbeatInterval: Duration
        /// How long connections may wait on their clients: idle and half-sent requests, stalled
        /// responses (see ``ConnectionLimits``).
        public var connectionLimits: ConnectionLimits
        /// Host names answered besides localhost, loopback addresses and `host` (see ``HostCheck``).
        public var allowedHosts: [String]

        /// Serving the site at `root` on `host`:`port`.
        public init(
            root: URL, host: String = "127.0.0.1", port: Int = 8080, asOf: String? = nil,
            debounce: Duration = .milliseconds(30), watchMode: FileWatcher.Mode = .native,
            maximumEventConnections: Int = 64, heartbeatInterval: Duration = .seconds(15), allowedHosts: [String] = [],
            connectionLimits: ConnectionLimits = ConnectionLimits()
        ) {
            self.root = root
            self.host = host
            self.port = port
            self.asOf = asOf
            self.debounce = debounce
            self.watchMode = watchMode
            self.maximumEventConnections = maximumEventConnections
            self.heartbeatInterval = heartbeatInterval
            self.allowedHosts = allowedHosts
            self.connectionLimits = connectionLimits
        }

        /// The folders whose changes cause a rebuild.
        public var watchedFolders: [URL] {
            [root.appendingPathComponent("Content"), root.appendingPathComponent("Templates")]
        }
    }

    /// Where the server listens.
    public struct Address: Sendable, Hashable {
        /// The IP address bound.
        public var host: String
        /// The port bound.
        public var port: Int

        /// The URL of the site's index.
        public var url: String {
            host.contains(":") ? "http://[\(host)]:\(port)/" : "http://\(host):\(port)/"
        }
    }

    /// What one build did.
    public struct BuildReport: Sendable {
        /// The build's result.
        public var result: BuildResult
        /// The snapshot served after it.
        public var snapshot: SiteSnapshot
        /// Whether it changed what is served (and so reloaded the pages).
        public var changed: Bool
        /// The pages it rendered again (all of them the first time; then only those whose
        /// sources changed).
        public var renderedPages: [String]
        /// How long it took.
        public var duration: Duration
    }

    /// The configuration served.
    public let configuration: Configuration
    /// The snapshot requests are served from.
    public let store = SiteStore()
    /// The open live-reload connections.
    public let events: ReloadEvents

    // Guarded by `lock`.
    private var group: ServiceGroup?
    private var stopRequested = false
    private let lock = NSLock()
    // Builds run one at a time, in order, off Swift's cooperative threads.
    private let buildQueue = DispatchQueue(label: "sitegen.serve.build")
    // Re-renders only the pages a change touches; used only on `buildQueue`.
    private let builder: IncrementalBuilder

    /// A server for `configuration`. Nothing happens until ``run(handlingSignals:onReady:onRebuild:)``.
    public init(configuration: Configuration) {
        self.configuration = configuration
        self.events = ReloadEvents(limit: configuration.maximumEventConnections)
        // A preview shows the drafts too (each with its banner), so writers see them as they write.
        var options = BuildOptions(root: configuration.root, asOf: configuration.asOf)
        options.includesDrafts = true
        self.builder = IncrementalBuilder(options: options)
    }

    /// Builds the site into memory, makes it current if it changed what is served, and tells
    /// open pages to reload. Builds run one at a time.
    @discardableResult
    public func rebuild() async -> BuildReport {
        let store = self.store
        let events = self.events
        let builder = self.builder
        return await withCheckedContinuation { continuation in
            buildQueue.async {
                let start = ContinuousClock.now
                let outcome = builder.rebuild()
                let files = builder.files
                let result = BuildResult(
                    diagnostics: outcome.diagnostics, sources: outcome.sources, guideCount: 0, scenarioCount: 0,
                    pageCount: files.count)
                // The builder knows which pages it wrote; comparing every file again would cost
                // more than the rebuild on a large site.
                let published = store.publish(result, files: files, filesChanged: outcome.succeeded ? outcome.changed : nil)
                if let published { events.send(.reload(generation: published.generation)) }
                continuation.resume(returning: BuildReport(
                    result: result, snapshot: published ?? store.current, changed: published != nil,
                    renderedPages: outcome.renderedPages, duration: ContinuousClock.now - start))
            }
        }
    }

    /// Watches the site, builds it, and serves it until ``stop()`` is called or, when
    /// `handlingSignals`, until SIGINT or SIGTERM; then closes every connection and returns.
    ///
    /// - Parameters:
    ///   - onReady: called once the server listens, with the address it bound.
    ///   - onRebuild: called after every build, the first one included.
    public func run(
        handlingSignals: Bool = false,
        onReady: @escaping @Sendable (Address) async -> Void = { _ in },
        onRebuild: @escaping @Sendable (BuildReport) -> Void = { _ in }
    ) async throws {
        // Watch before the first build, so a change made while it runs is not missed.
        let (changes, changed) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let watcher = FileWatcher(
            folders: configuration.watchedFolders, debounce: configuration.debounce, mode: configuration.watchMode
        ) { changed.yield() }
        try watcher.start()
        defer {
            watcher.stop()
            changed.finish()
            events.close()
        }
        onRebuild(await rebuild())

        var logger = Logger(label: "sitegen.serve")
        logger.logLevel = .warning
        let app = Application(
            responder: SiteResponder(
                store: store, events: events,
                hostCheck: HostCheck(boundHost: configuration.host, extra: configuration.allowedHosts)),
            server: .guardedHTTP1(limits: configuration.connectionLimits),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in
                let address = channel.localAddress
                await onReady(Address(host: address?.ipAddress ?? "?", port: address?.port ?? 0))
            },
            logger: logger
        )
        let site = SiteService(
            server: self, changes: changes, heartbeatInterval: configuration.heartbeatInterval, onRebuild: onRebuild)
        // Services stop in reverse order: the site service first, which ends the live-reload
        // streams, so the HTTP server's graceful shutdown is not held up by open pages.
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                .init(service: app),
                .init(service: site, successTerminationBehavior: .gracefullyShutdownGroup),
            ],
            gracefulShutdownSignals: handlingSignals ? [.sigterm, .sigint] : [],
            logger: logger
        )
        // A connection that will not finish does not keep the process alive after Ctrl-C.
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(5)
        let group = ServiceGroup(configuration: groupConfiguration)
        let stopEarly = lock.withLock {
            self.group = group
            return stopRequested
        }
        if stopEarly { await group.triggerGracefulShutdown() }
        try await group.run()
    }

    /// Stops a running server gracefully: live-reload streams end, requests in flight finish.
    public func stop() async {
        let group = lock.withLock {
            stopRequested = true
            return self.group
        }
        await group?.triggerGracefulShutdown()
    }
}

/// Rebuilds on every settled change, and keeps the live-reload connections alive, until the
/// server shuts down.
struct SiteService: Service {
    let server: PreviewServer
    let changes: AsyncStream<Void>
    let heartbeatInterval: Duration
    let onRebuild: @Sendable (PreviewServer.BuildReport) -> Void

    func run() async throws {
        let events = server.events
        let interval = heartbeatInterval
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while (try? await Task.sleep(for: interval)) != nil {
                    events.send(.heartbeat)
                }
            }
            for await _ in changes.cancelOnGracefulShutdown() {
                onRebuild(await server.rebuild())
            }
            group.cancelAll()
        }
        events.close()
    }
}

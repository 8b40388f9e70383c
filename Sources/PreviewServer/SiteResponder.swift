import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle

/// Hummingbird's basic request context plus the request's connection, so an event stream can
/// end as soon as its connection closes.
struct PreviewRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Answers requests from the current snapshot: pages and assets with their types, the
/// live-reload event stream, and error pages. Nothing here touches the disk.
struct SiteResponder: HTTPResponder {
    typealias Context = PreviewRequestContext

    let store: SiteStore
    let events: ReloadEvents
    var hostCheck = HostCheck(boundHost: "127.0.0.1")
    var resolver = PathResolver()

    func respond(to request: Request, context: Context) async throws -> Response {
        // The first `Host` header is the request's authority; any further one stays among the
        // fields, and must pass too, so a second header cannot slip a name past.
        let hosts = [request.head.authority].compactMap { $0 }
            + request.headers.filter { $0.name.canonicalName == "host" }.map(\.value)
        guard hosts.allSatisfy({ hostCheck.allows($0) }) else {
            // The name is not echoed: it is whatever the requesting page chose.
            return page(
                .forbidden, title: "Host not allowed",
                message: "sitegen serve answers requests for localhost, loopback addresses and the address it listens on only; start it with --allowed-host NAME to answer another name.")
        }
        guard request.method == .get || request.method == .head else {
            var response = page(.methodNotAllowed, title: "Method not allowed", message: "sitegen serve answers GET and HEAD only.")
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        let target = request.uri.string
        let path = request.uri.path
        if path == ReloadInjector.eventsPath {
            return request.method == .get
                ? eventStream(since: Self.since(in: request.uri.query), connection: context.channel) : eventHead()
        }
        let response = self.response(forPath: path, target: target)
        return request.method == .head ? response.createHeadResponse() : response
    }

    /// The response for a GET of `path` (the request target's path, still percent-encoded).
    func response(forPath path: String, target: String) -> Response {
        // The whole target counts, so a long query cannot slip past the limit.
        let resolution = target.utf8.count > resolver.maximumLength ? .rejected(.tooLong) : resolver.resolve(path)
        switch resolution {
        case .rejected(.tooLong):
            return page(.uriTooLong, title: "Address too long", message: "The address is longer than \(resolver.maximumLength) bytes.")
        case .rejected(.invalid):
            return page(.badRequest, title: "Bad request", message: "The address is not a plain path inside the site.")
        case .file(let sitePath):
            let snapshot = store.current
            if let data = snapshot.files[sitePath] {
                return file(data, contentType: ContentTypes.contentType(forPath: sitePath), snapshot: snapshot)
            }
            // A folder asked for without its slash: redirect, so the page's relative links work.
            if !path.hasSuffix("/"), snapshot.files[sitePath + "/" + resolver.indexName] != nil {
                var headers = Self.commonHeaders
                headers[.location] = path + "/"
                return Response(status: .movedPermanently, headers: headers)
            }
            if !snapshot.hasSucceeded, let overlay = snapshot.overlay, sitePath == resolver.indexName {
                return html(overlay.page, status: .serviceUnavailable, snapshot: snapshot, withOverlay: false)
            }
            return page(
                .notFound, title: "Not found",
                message: "There is no page at \(PathResolver.percentDecoded(Substring(path)) ?? path) in this site.",
                snapshot: snapshot)
        }
    }

    /// A site file; HTML pages get the reload script and, while the content has errors, the
    /// error overlay.
    func file(_ data: Data, contentType: String, snapshot: SiteSnapshot) -> Response {
        var headers = Self.commonHeaders
        headers[.contentType] = contentType
        guard ContentTypes.isHTML(contentType) else {
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        let page = ReloadInjector(generation: snapshot.generation).inject(into: data, extra: snapshot.overlay?.html ?? "")
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: page)))
    }

    /// A small HTML page of sitegen's own (errors, not found).
    func page(_ status: HTTPResponse.Status, title: String, message: String, snapshot: SiteSnapshot? = nil) -> Response {
        let text = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>\(ErrorOverlay.escape(title))</title></head>
            <body>
            <h1>\(status.code) \(ErrorOverlay.escape(title))</h1>
            <p>\(ErrorOverlay.escape(message))</p>
            <p><a href="/">The site's index</a></p>
            </body>
            </html>

            """
        return html(text, status: status, snapshot: snapshot ?? store.current, withOverlay: true)
    }

    private func html(_ text: String, status: HTTPResponse.Status, snapshot: SiteSnapshot, withOverlay: Bool) -> Response {
        var headers = Self.commonHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        let overlay = withOverlay ? snapshot.overlay?.html ?? "" : ""
        let page = ReloadInjector(generation: snapshot.generation).inject(into: Data(text.utf8), extra: overlay)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: page)))
    }

    /// The server-sent event stream that tells a page to reload: one `reload` event after each
    /// build that changed the site, and at once when the page is older than the current build.
    ///
    /// Its slot among ``ReloadEvents/limit`` is freed as soon as `connection` closes (the
    /// client went away, or the server stops), not at the next heartbeat's failed write. Past
    /// the limit the answer is 503 with `Retry-After`; the page's script then tries again after
    /// a while (an `EventSource` gives up for good on an error status).
    func eventStream(since: Int?, connection: (any Channel)? = nil) -> Response {
        guard let subscription = events.subscribe() else {
            var response = page(
                .serviceUnavailable, title: "Too many live-reload connections",
                message: "\(events.limit) pages are already listening for changes; this one tries again in \(Self.eventRetrySeconds) seconds.")
            response.headers[.retryAfter] = String(Self.eventRetrySeconds)
            return response
        }
        connection?.closeFuture.whenComplete { _ in subscription.cancel() }
        // Read after subscribing: a build that finishes in between is announced twice at most.
        let current = store.current.generation
        return Response(status: .ok, headers: Self.eventHeaders, body: ResponseBody { writer in
            defer { subscription.cancel() }
            try await writer.write(ByteBuffer(string: "retry: 1000\n: sitegen serve\n\n"))
            if let since, since != current {
                try await writer.write(ByteBuffer(string: Self.reloadEvent(current)))
            }
            for await event in subscription.events.cancelOnGracefulShutdown() {
                switch event {
                case .reload(let generation): try await writer.write(ByteBuffer(string: Self.reloadEvent(generation)))
                case .heartbeat: try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                }
            }
            try await writer.finish(nil)
        })
    }

    private func eventHead() -> Response {
        Response(status: .ok, headers: Self.eventHeaders)
    }

    /// How long a page refused an event stream waits before asking again.
    static let eventRetrySeconds = ReloadInjector.retrySeconds

    static func reloadEvent(_ generation: Int) -> String { "event: reload\ndata: \(generation)\n\n" }

    /// The `since` query parameter: the generation a page was served from.
    static func since(in query: String?) -> Int? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") where pair.hasPrefix("since=") {
            return Int(pair.dropFirst("since=".count))
        }
        return nil
    }

    static let commonHeaders: HTTPFields = [
        .cacheControl: "no-store",
        .xContentTypeOptions: "nosniff",
    ]

    static let eventHeaders: HTTPFields = [
        .contentType: "text/event-stream; charset=utf-8",
        .cacheControl: "no-store",
    ]
}

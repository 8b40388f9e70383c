import Diagnostics
import Foundation
import PreviewServer
import SitegenKit
import Testing

/// The server in this process, spoken to over loopback with a raw HTTP client.
@Suite(.serialized, .timeLimit(.minutes(1))) struct PreviewServerTests {
    /// What `Builder` writes for the site, the reference for every served byte.
    func built(_ site: FixtureSite) -> [String: Data] {
        let output = MemoryOutput()
        let result = Builder.build(BuildOptions(root: site.root, asOf: "2026-01-20"), into: output)
        #expect(result.succeeded, "\(DiagnosticRenderer(sources: result.sources).render(result.diagnostics))")
        return output.files
    }

    /// The URL path a site file is served at: folders for `index.html`.
    func urlPath(_ sitePath: String) -> String {
        if sitePath == "index.html" { return "/" }
        if sitePath.hasSuffix("/index.html") { return "/" + sitePath.dropLast("index.html".count) }
        return "/" + sitePath
    }

    @Test func servesEveryFileAsBuiltWithTheScriptInPagesOnly() async throws {
        let site = try FixtureSite()
        let expected = built(site)
        #expect(expected.keys.contains("assets/site.css"))
        let running = try await RunningServer.start(site)
        for (path, data) in expected.sorted(by: { $0.key < $1.key }) {
            let reply = try await running.get(urlPath(path))
            #expect(reply.status == 200, "\(path)")
            #expect(reply.headers["cache-control"] == "no-store", "\(path)")
            #expect(reply.headers["content-length"] == String(reply.body.count), "\(path)")
            if path.hasSuffix(".html") {
                #expect(reply.headers["content-type"] == "text/html; charset=utf-8")
                #expect(reply.body == ReloadInjector(generation: 1).inject(into: data), "\(path)")
                #expect(reply.text.contains("new EventSource(\"/_sitegen/events?since=1\")"))
            } else {
                #expect(reply.body == data, "\(path) is served as built, without a script")
            }
        }
        #expect(try await running.get("/assets/site.css").headers["content-type"] == "text/css; charset=utf-8")
        #expect(try await running.get("/sitemap.xml").headers["content-type"] == "application/xml; charset=utf-8")
        try await running.stop()
        #expect(!FileManager.default.fileExists(atPath: site.output.path), "serve never writes Output/")
    }

    @Test func headHasTheHeadersOfGetAndNoBody() async throws {
        let site = try FixtureSite()
        let running = try await RunningServer.start(site)
        for target in ["/", "/guides/first/", "/assets/site.css", "/missing"] {
            let get = try await running.get(target)
            let head = try await running.head(target)
            #expect(head.status == get.status, "\(target)")
            #expect(head.body.isEmpty, "\(target)")
            #expect(head.headers["content-type"] == get.headers["content-type"], "\(target)")
            #expect(head.headers["content-length"] == get.headers["content-length"], "\(target)")
            #expect(head.headers["cache-control"] == "no-store")
        }
        #expect(try await RawHTTP.request("POST", "/", port: running.port).status == 405)
        try await running.stop()
    }

    @Test func unknownPathsGetA404PageAndFoldersWithoutTheirSlashARedirect() async throws {
        let site = try FixtureSite()
        let running = try await RunningServer.start(site)
        let missing = try await running.get("/guides/nothing-here/")
        #expect(missing.status == 404)
        #expect(missing.headers["content-type"] == "text/html; charset=utf-8")
        #expect(missing.text.contains("404 Not found"))
        #expect(missing.text.contains("/_sitegen/events"), "a 404 page reloads too, so a page that appears is shown")
        let escaped = try await running.get("/%3Cscript%3Ealert(1)%3C/script%3E")
        #expect(escaped.status == 404)
        #expect(!escaped.text.contains("<script>alert"))
        let redirect = try await running.get("/guides/first")
        #expect(redirect.status == 301)
        #expect(redirect.headers["location"] == "/guides/first/")
        try await running.stop()
    }

    @Test func requestsCanNeverLeaveTheSite() async throws {
        let site = try FixtureSite()
        try site.write("secret.txt", "TOP-SECRET")
        let running = try await RunningServer.start(site)
        let attempts = [
            "/../Content/site.yml", "/guides/../../Content/site.yml", "/%2e%2e/Content/site.yml",
            "/%2E%2E/%2E%2E/secret.txt", "/..%2fContent%2fsite.yml", "/guides/..%2f..%2fsecret.txt",
            "/..%5cContent%5csite.yml", "/..\\Content\\site.yml", "/%00", "/index.html%00.css",
            "//etc/passwd", "/assets//site.css", "/%2e/index.html", "/./index.html", "/%zz",
            "/../../../../../../etc/passwd", "/Content/site.yml", "/secret.txt", "/../secret.txt",
        ]
        for target in attempts {
            let reply = try await running.get(target)
            #expect([400, 404].contains(reply.status), "\(target) → \(reply.status)")
            #expect(!reply.text.contains("base_url"), "\(target) must not show site.yml")
            #expect(!reply.text.contains("TOP-SECRET"), "\(target) must not show a file outside the site")
            #expect(!reply.text.contains("root:"), "\(target) must not show /etc/passwd")
        }
        let long = try await running.get("/" + String(repeating: "a", count: 3000))
        #expect(long.status == 414)
        try await running.stop()
    }

    @Test func aChangeOnDiskIsServedAndOpenPagesAreToldToReload() async throws {
        let site = try FixtureSite()
        let running = try await RunningServer.start(site)
        let events = try EventStreamClient(port: running.port, since: 1)
        #expect(try await events.waitFor(": sitegen serve\n"))
        #expect(!events.text.contains("event: reload"), "a page of the current build is not reloaded")

        let guide = try site.read("Content/guides/first.md")
        try site.write("Content/guides/first.md", guide + "\n新しい段落です。\n")
        #expect(try await events.waitFor("event: reload\ndata: 2\n\n"))
        #expect(await eventually { (try? await running.get("/guides/first/").text.contains("新しい段落です。")) == true })

        // A page served from an older build is told to reload as soon as it connects.
        let late = try EventStreamClient(port: running.port, since: 1)
        #expect(try await late.waitFor("event: reload\ndata: 2\n\n"))
        try await running.stop()
        #expect(!FileManager.default.fileExists(atPath: site.output.path), "serve never writes Output/")
    }

    @Test func aBrokenFileShowsTheOverlayUntilItIsFixed() async throws {
        let site = try FixtureSite()
        let running = try await RunningServer.start(site)
        let events = try EventStreamClient(port: running.port, since: 1)
        #expect(try await events.waitFor(": sitegen serve\n"))
        let good = try site.read("Content/site.yml")
        try site.write("Content/site.yml", "title: テストサイト\nlanguage: [ja\n")

        #expect(try await events.waitFor("event: reload\ndata: 2\n\n"))
        let broken = try await running.get("/guides/first/")
        #expect(broken.status == 200, "the last good page stays, under the overlay")
        #expect(broken.text.contains("id=\"sitegen-error-overlay\""))
        #expect(broken.text.contains("Content/site.yml:3:1: error: invalid YAML"))
        #expect(broken.text.contains("Content/site.yml:2:11: note: while parsing a flow sequence here"))
        #expect(broken.text.contains("    2 | language: [ja\n      |           ^"))
        #expect(broken.text.contains("最初の手順"), "the last good build is still under it")
        let css = try await running.get("/assets/site.css")
        #expect(!css.text.contains("sitegen-error-overlay"), "only HTML pages get the overlay")

        try site.write("Content/site.yml", good)
        #expect(try await events.waitFor("event: reload\ndata: 3\n\n"))
        let fixed = try await running.get("/guides/first/")
        #expect(!fixed.text.contains("sitegen-error-overlay"))
        #expect(fixed.text.contains("since=3"))
        try await running.stop()
    }

    /// Templates that include each other without end are an error, not a hang or a crash: the
    /// page shows it in the overlay, the server keeps answering, and fixing it clears it.
    @Test func aPartialThatIncludesItselfShowsTheOverlayAndTheServerLives() async throws {
        let site = try FixtureSite()
        let running = try await RunningServer.start(site)
        let events = try EventStreamClient(port: running.port, since: 1)
        #expect(try await events.waitFor(": sitegen serve\n"))
        let guide = try site.read("Templates/guide.mustache")
        try site.write("Templates/partials/self.mustache", "<p>{{> partials/self}}</p>\n")
        try site.write("Templates/guide.mustache", "{{> partials/self}}\n" + guide)

        #expect(try await events.waitFor("event: reload\ndata: 2\n\n"))
        let broken = try await running.get("/guides/first/")
        #expect(broken.status == 200, "the last good page stays, under the overlay")
        #expect(broken.text.contains("id=\"sitegen-error-overlay\""))
        #expect(broken.text.contains("Templates/partials/self.mustache:1:4: error: template error: template 'partials/self' includes itself"))
        #expect(try await running.get("/assets/site.css").status == 200, "the server still answers")

        // A partial that includes itself is an error even where no page uses it: it goes too.
        try site.write("Templates/guide.mustache", guide)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Templates/partials/self.mustache"))
        #expect(await eventually { (try? await running.get("/guides/first/").text.contains("sitegen-error-overlay")) == false })
        let fixed = try await running.get("/guides/first/")
        #expect(fixed.status == 200)
        #expect(!fixed.text.contains("sitegen-error-overlay"))
        try await running.stop()
    }

    @Test func beforeTheFirstGoodBuildTheIndexIsTheOverlay() async throws {
        let site = try FixtureSite()
        try site.write("Content/guides/bad.md", "---\ntitle: 壊れた\n---\n{% if <script>alert(1)</script> %}\n")
        let running = try await RunningServer.start(site)
        let index = try await running.get("/")
        #expect(index.status == 503)
        #expect(index.text.contains("id=\"sitegen-error-overlay\""))
        #expect(index.text.contains("Content/guides/bad.md:4:"))
        #expect(index.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!index.text.contains("<script>alert(1)"), "the quoted line is escaped")
        #expect(index.text.contains("/_sitegen/events?since=1"), "it reloads when the content is fixed")

        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/guides/bad.md"))
        #expect(await eventually { (try? await running.get("/").status) == 200 })
        #expect(try await !running.get("/").text.contains("sitegen-error-overlay"))
        try await running.stop()
    }

    @Test func listensOnLoopbackOnlyByDefault() async throws {
        let site = try FixtureSite()
        let running = try await RunningServer.start(site)
        #expect(running.address.host == "127.0.0.1")
        #expect(running.address.url == "http://127.0.0.1:\(running.port)/")
        for address in nonLoopbackIPv4Addresses() {
            let port = running.port
            let result = try await offThread { RawHTTP.connect(host: address, port: port, timeout: .seconds(2)) }
            switch result {
            case .success(let fd):
                close(fd)
                Issue.record("the server accepted a connection on \(address)")
            case .failure(let error):
                #expect(error.code == .ECONNREFUSED, "\(address): \(error)")
            }
        }
        try await running.stop()
    }

    @Test func liveReloadConnectionsAreBoundedAndFreedOnDisconnect() async throws {
        let site = try FixtureSite()
        let running = try await RunningServer.start(site) {
            $0.maximumEventConnections = 2
            $0.heartbeatInterval = .milliseconds(100)
        }
        let first = try EventStreamClient(port: running.port, since: 1)
        let second = try EventStreamClient(port: running.port, since: 1)
        #expect(try await first.waitFor(": sitegen serve\n"))
        #expect(try await second.waitFor(": sitegen serve\n"))
        let refused = try await running.get("/_sitegen/events")
        #expect(refused.status == 503)

        first.disconnect()
        #expect(await eventually { running.server.events.count == 1 }, "a closed connection is let go")
        let third = try EventStreamClient(port: running.port, since: 1)
        #expect(try await third.waitFor(": sitegen serve\n"))
        #expect(try await third.waitFor(": heartbeat\n"))
        try await running.stop()
    }

    @Test func stoppingEndsOpenLiveReloadConnections() async throws {
        let site = try FixtureSite()
        let running = try await RunningServer.start(site)
        let events = try EventStreamClient(port: running.port, since: 1)
        #expect(try await events.waitFor(": sitegen serve\n"))
        let start = ContinuousClock.now
        try await running.stop()
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(try await events.waitForClose())
        #expect(RawHTTP.connect(port: running.port, timeout: .seconds(1)).isFailure, "the port is closed")
    }
}

extension Result {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}

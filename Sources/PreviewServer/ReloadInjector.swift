import Foundation

/// Adds the live-reload script (and, while the content has errors, the error overlay) to a
/// served HTML page, just before its `</body>`.
///
/// The script opens an `EventSource` on ``ReloadInjector/eventsPath`` and reloads the page on a
/// `reload` event. It sends the build generation the page was served from, so a rebuild that
/// finishes between the page load and the connection still reloads it. Refused a stream (too
/// many open pages), it asks again after ``ReloadInjector/retrySeconds``.
public struct ReloadInjector: Sendable {
    /// Where the server sends its server-sent events.
    public static let eventsPath = "/_sitegen/events"

    /// The generation of the build the page comes from.
    public var generation: Int

    /// An injector for pages of build `generation`.
    public init(generation: Int) { self.generation = generation }

    /// How long a page waits before opening its event stream again after the server refused
    /// it (503 when too many pages listen): an `EventSource` retries by itself only when a
    /// connection drops, never after an error status.
    public static let retrySeconds = 5

    /// The `<script>` element added to every served page.
    public var script: String {
        """
        <script>/* sitegen serve: live reload */(() => { const listen = () => { \
        const events = new EventSource("\(Self.eventsPath)?since=\(generation)"); \
        events.addEventListener("reload", () => { events.close(); location.reload(); }); \
        events.onerror = () => { if (events.readyState === EventSource.CLOSED) setTimeout(listen, \(Self.retrySeconds * 1000)); }; }; \
        listen(); })();</script>

        """
    }

    /// `page` with `extra` and the script inserted before the last `</body>` (matched without
    /// regard to case), or appended when there is none.
    public func inject(into page: Data, extra: String = "") -> Data {
        let insertion = Data((extra + script).utf8)
        guard let position = Self.lastBodyEnd(in: page) else { return page + insertion }
        var result = Data(capacity: page.count + insertion.count)
        result.append(page[page.startIndex..<position])
        result.append(insertion)
        result.append(page[position...])
        return result
    }

    /// The offset of the last `</body` in `page`, in any case.
    static func lastBodyEnd(in page: Data) -> Data.Index? {
        let needle = Array("</body".utf8)
        let bytes = [UInt8](page)
        guard bytes.count >= needle.count else { return nil }
        var index = bytes.count - needle.count
        while index >= 0 {
            var matches = true
            for offset in 0..<needle.count {
                var byte = bytes[index + offset]
                if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
                if byte != needle[offset] {
                    matches = false
                    break
                }
            }
            if matches { return page.startIndex + index }
            index -= 1
        }
        return nil
    }
}

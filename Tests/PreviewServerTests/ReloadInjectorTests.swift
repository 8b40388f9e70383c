import Foundation
import PreviewServer
import Testing

@Suite struct ReloadInjectorTests {
    let injector = ReloadInjector(generation: 7)

    func inject(_ page: String, extra: String = "") -> String {
        String(decoding: injector.inject(into: Data(page.utf8), extra: extra), as: UTF8.self)
    }

    @Test func goesJustBeforeTheClosingBody() {
        let page = "<html><body><p>本文</p></body></html>\n"
        #expect(inject(page) == "<html><body><p>本文</p>\(injector.script)</body></html>\n")
        #expect(injector.script.contains("new EventSource(\"/_sitegen/events?since=7\")"))
        #expect(injector.script.contains("addEventListener(\"reload\""))
    }

    @Test func usesTheLastClosingBodyInAnyCase() {
        let page = "<BODY><pre>&lt;/body&gt; </body> in text</pre></BODY>"
        let result = inject(page)
        #expect(result.hasSuffix("\(injector.script)</BODY>"))
        #expect(result.hasPrefix("<BODY><pre>&lt;/body&gt; </body> in text</pre>"))
    }

    @Test func isAppendedWhenThereIsNoBodyEnd() {
        #expect(inject("<p>fragment</p>") == "<p>fragment</p>" + injector.script)
        #expect(inject("") == injector.script)
    }

    @Test func putsTheOverlayBeforeTheScript() {
        #expect(inject("<body></body>", extra: "<div>overlay</div>") == "<body><div>overlay</div>\(injector.script)</body>")
    }

    @Test func leavesOtherBytesAlone() {
        let bytes: [UInt8] = [0xE6, 0x97, 0xA5, 0xFF, 0x00] + Array("</body>".utf8)
        let result = injector.inject(into: Data(bytes))
        #expect(Array(result.prefix(5)) == Array(bytes.prefix(5)))
        #expect(result.suffix(7) == Data("</body>".utf8))
    }
}

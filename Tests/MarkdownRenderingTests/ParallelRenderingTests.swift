import Testing

@testable import MarkdownRendering

/// cmark-gfm's extensions share one global table that every parse edits; without sitegen's
/// parse lock, pages parsed at the same time randomly lose strikethrough and autolinks.
@Suite struct ParallelRenderingTests {
    /// Pages that lean on the extensions whose special characters live in the shared table.
    static func page(_ number: Int) -> String {
        """
        # ページ \(number)

        ~~取り消し \(number)~~ と www.example.com/\(number) と https://example.jp/p\(number) と user\(number)@example.com。

        | 列 | 値 |
        | --- | --- |
        | \(number) | ~~\(number * 7)~~ |

        - [x] 完了 \(number)
        - [ ] 未完了 ~~\(number)~~ www.example.org

        """
    }

    @Test func concurrentRenderingEqualsSerial() async {
        let pages = (0..<400).map(Self.page)
        let serial = pages.map { MarkdownDocument.html(from: $0) }
        // Every page must really use the extensions, or the comparison proves nothing.
        #expect(serial.allSatisfy { $0.contains("<del>") && $0.contains("<a href=\"http://www.example.com/") && $0.contains("<table>") })
        for _ in 0..<3 {
            let parallel = await withTaskGroup(of: (Int, String).self) { group in
                for (index, page) in pages.enumerated() {
                    group.addTask {
                        let document = MarkdownDocument(parsing: page)
                        document.removeEastAsianSoftBreaks()
                        return (index, document.renderHTML())
                    }
                }
                var results = [String](repeating: "", count: pages.count)
                for await (index, html) in group { results[index] = html }
                return results
            }
            #expect(parallel == serial)
        }
    }
}

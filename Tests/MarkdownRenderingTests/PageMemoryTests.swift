import CmarkNodeAccess
import Foundation
import SeededRandom
import Testing

@testable import MarkdownRendering

/// The memory a page's Markdown is parsed and rendered in (page_memory.c): every block keeps
/// what was written into it until it is freed, wherever it is freed, and a thread's memory is
/// used again from its start once nothing in it is live.
@Suite struct PageMemoryTests {
    /// Blocks of random sizes, small and beyond a chunk's share, allocated, grown and freed in a
    /// random order, each filled with a byte of its own: no block is ever written by another's
    /// use, and growing one keeps what it held.
    @Test func blocksKeepTheirBytesThroughAllocationsGrowthAndFrees() {
        let (intact, offsetAtEnd) = Self.onThreadOfItsOwn { () -> (Bool, Int) in
            Self.randomUse()
        }
        #expect(intact)
        #expect(offsetAtEnd == 0)
    }

    /// What ``blocksKeepTheirBytesThroughAllocationsGrowthAndFrees()`` checks, on the calling
    /// thread: whether every block held its bytes, and the chunk's offset once all are freed.
    private static func randomUse() -> (Bool, Int) {
        var intact = true
        var random = SeededGenerator(seed: 0x9A6E_0001)
        var live: [(block: UnsafeMutableRawPointer, size: Int, fill: UInt8)] = []
        var fill: UInt8 = 0
        func check(_ entry: (block: UnsafeMutableRawPointer, size: Int, fill: UInt8)) -> Bool {
            let bytes = UnsafeRawBufferPointer(start: entry.block, count: entry.size)
            return bytes.allSatisfy { $0 == entry.fill }
        }
        for _ in 0..<6_000 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4:
                let size = Int.random(in: 0..<10, using: &random) == 0 ? Int.random(in: 0...100_000, using: &random) : Int.random(in: 0...300, using: &random)
                let block = sitegen_page_allocate(size)!
                fill &+= 1
                block.initializeMemory(as: UInt8.self, repeating: fill, count: size)
                live.append((block, size, fill))
            case 4..<7 where !live.isEmpty:
                let index = Int.random(in: live.indices, using: &random)
                var entry = live[index]
                // Growing the newest block is what a buffer being written does.
                if Bool.random(using: &random) { entry = live[live.count - 1] }
                let chosen = live.firstIndex { $0.block == entry.block }!
                intact = intact && check(entry)
                let newSize = entry.size + Int.random(in: 0...(Bool.random(using: &random) ? 200 : 70_000), using: &random)
                let grown = sitegen_page_reallocate(entry.block, newSize)!
                intact = intact && UnsafeRawBufferPointer(start: grown, count: entry.size).allSatisfy { $0 == entry.fill }
                (grown + entry.size).initializeMemory(as: UInt8.self, repeating: entry.fill, count: newSize - entry.size)
                live[chosen] = (grown, newSize, entry.fill)
            default:
                guard !live.isEmpty else { continue }
                let entry = live.remove(at: Int.random(in: live.indices, using: &random))
                intact = intact && check(entry)
                sitegen_page_deallocate(entry.block)
            }
        }
        for entry in live {
            intact = intact && check(entry)
            sitegen_page_deallocate(entry.block)
        }
        return (intact, sitegen_page_chunk_offset())
    }

    /// Once every block in the thread's chunk is freed, the next block is the first one again:
    /// the memory a page used is still in the cache for the next.
    @Test func aThreadsMemoryIsUsedAgainFromItsStartWhenNothingInItIsLive() {
        let offsets = Self.onThreadOfItsOwn { () -> [Int] in
            let first = sitegen_page_allocate(100)!
            let second = sitegen_page_allocate(100)!
            let withBoth = sitegen_page_chunk_offset()
            sitegen_page_deallocate(first)
            let withSecond = sitegen_page_chunk_offset()
            sitegen_page_deallocate(second)
            let withNone = sitegen_page_chunk_offset()
            let again = sitegen_page_allocate(100)!
            sitegen_page_deallocate(again)
            return [withBoth, withSecond, withNone, again == first ? 1 : 0]
        }
        // Two blocks of 100 bytes (112 with alignment) and a header of 16 each.
        #expect(offsets == [256, 256, 0, 1])
    }

    /// Blocks of a thread's current chunk freed on another thread count as freed there too:
    /// once the owner frees the rest, its chunk starts over.
    @Test func freesOnOtherThreadsCountTowardAChunkStartingOver() {
        let offsets = Self.onThreadOfItsOwn { () -> [Int] in
            let blocks = Self.made(count: 100)
            let elsewhere = blocks[..<60].map { UInt(bitPattern: $0) }
            Self.onThreadOfItsOwn {
                for address in elsewhere { sitegen_page_deallocate(UnsafeMutableRawPointer(bitPattern: address)!) }
            }
            let withForty = sitegen_page_chunk_offset()
            for block in blocks[60...] { sitegen_page_deallocate(block) }
            return [withForty, sitegen_page_chunk_offset()]
        }
        #expect(offsets == [100 * 32, 0])
    }

    /// Blocks made on one thread and freed on others, many at once: each chunk is freed by
    /// whoever frees its last block (the sanitizer runs check the counting).
    @Test func blocksMayBeFreedOnOtherThreads() async {
        // Made on a thread that has ended by the time they are freed: its chunks are given up
        // as it ends, and live on until their last block is freed.
        let blocks = Self.onThreadOfItsOwn { (0..<4).map { _ in Self.made(count: 5_000) }.map { $0.map { UInt(bitPattern: $0) } } }
        await withTaskGroup(of: Bool.self) { group in
            for addresses in blocks {
                group.addTask {
                    var intact = true
                    for (index, address) in addresses.enumerated() {
                        let block = UnsafeMutableRawPointer(bitPattern: address)!
                        intact = intact && block.load(as: Int.self) == index
                        sitegen_page_deallocate(block)
                    }
                    return intact
                }
            }
            for await intact in group { #expect(intact) }
        }
    }

    /// A parsed document's tree and its rendering live in the document's arena (outside
    /// AddressSanitizer, which checks cmark-gfm's own blocks): the thread's chunk is not
    /// touched, and the thread's memory is free again once the document is.
    @Test func aDocumentLivesInItsArena() {
        let markdown = "# 見出し\n\n1. 手順 **強調** [リンク](https://example.jp)\n2. 次\n\n| a | b |\n| - | - |\n| 1 | 2 |\n"
        let rounds = Self.onThreadOfItsOwn { () -> [(html: String, whileLive: Int, after: Int, unscoped: Int)] in
            let unscopedBefore = sitegen_page_unscoped_allocations()
            return (0..<50).map { _ in
                var html = ""
                var whileLive = 0
                do {
                    let document = MarkdownDocument(parsing: markdown)
                    whileLive = sitegen_page_chunk_offset()
                    html = document.renderHTML()
                }
                return (html, whileLive, sitegen_page_chunk_offset(), sitegen_page_unscoped_allocations() - unscopedBefore)
            }
        }
        for round in rounds {
            #expect(round.html == MarkdownDocument.html(from: markdown))
            #expect(round.html.contains("<td>2</td>"))
            #expect(round.whileLive == 0)
            #expect(round.after == 0)
            // Under AddressSanitizer cmark-gfm's blocks are malloc's, and none is the page
            // memory's.
            #expect(round.unscoped == 0)
        }
    }

    /// Every method of a document that may ask cmark-gfm for memory runs in the document's
    /// arena: a node, a literal or an iterator taken outside it would never be freed, since a
    /// tree in an arena is freed with the arena, not walked. All of them are used here, on
    /// text that makes each of them make nodes.
    @Test func everyUseOfADocumentStaysInItsArena() {
        let unscoped = Self.onThreadOfItsOwn { () -> Int in
            let before = sitegen_page_unscoped_allocations()
            let stamp = InlineToken.make(0)
            let markdown = "# 見出し \(stamp)\n\n1. 手順 \(stamp) と用語\n   次の行\n2. `code \(stamp)`\n\n| a | b |\n| - | - |\n| \(stamp) | 2 |\n\n[リンク \(stamp)](https://example.jp/\(stamp))\n"
            let document = MarkdownDocument(parsing: markdown)
            let places = document.places(of: [SourcePoint(line: 3, column: 4)])
            _ = document.tokenOccurrences()
            document.replaceTokens { occurrence in
                occurrence.context == .prose ? .html("<b>値</b>", text: "値", inCode: false) : .text("値")
            }
            for place in places { document.insertMarkup("<span>1</span>", atStartOf: place, wrapping: (open: "<em>", close: "</em>")) }
            document.markFirstOccurrences(of: [TermPattern(spellings: ["用語"])]) { _, text in "<a>\(text)</a>" }
            document.removeEastAsianSoftBreaks()
            document.addHeadingIDs(anchorLabel: "リンク")
            _ = document.literalsReadBothWays()
            let html = String(decoding: document.renderHTMLBytes(), as: UTF8.self)
            precondition(html.contains("<b>値</b>") && html.contains("<a>用語</a>") && html.contains("heading-anchor"))
            return sitegen_page_unscoped_allocations() - before
        }
        #expect(unscoped == 0)
    }

    /// Blocks of an arena keep their bytes through growth and frees, which wait for the
    /// arena's; blocks of two arenas used in turns stay apart, so freeing one arena (whose
    /// chunks the next arena on the thread takes again) leaves the other's blocks intact.
    @Test func arenasKeepTheirBlocksApartUntilFreed() throws {
        let results = Self.onThreadOfItsOwn { () -> [Bool]? in
            guard let first = sitegen_page_arena_new(), let second = sitegen_page_arena_new() else { return nil }
            var random = SeededGenerator(seed: 0x9A6E_0002)
            var blocks: [[(block: UnsafeMutableRawPointer, size: Int)]] = [[], []]
            let before = sitegen_page_unscoped_allocations()
            for step in 0..<4_000 {
                let which = Int.random(in: 0...1, using: &random)
                let previous = sitegen_page_arena_enter(which == 0 ? first : second)
                defer { sitegen_page_arena_enter(previous) }
                let fill = UInt8(0x10 + which)
                if step % 5 == 4, let last = blocks[which].popLast() {
                    // Growing: in place when it is the chunk's last block, moved otherwise.
                    let size = last.size + Int.random(in: 1...(step % 50 == 4 ? 100_000 : 400), using: &random)
                    let grown = sitegen_page_reallocate(last.block, size)!
                    (grown + last.size).initializeMemory(as: UInt8.self, repeating: fill, count: size - last.size)
                    blocks[which].append((grown, size))
                } else if step % 7 == 6, let last = blocks[which].popLast() {
                    // A free changes nothing: the block's bytes are the arena's until it goes.
                    sitegen_page_deallocate(last.block)
                    blocks[which].insert(last, at: 0)
                } else {
                    let size = step % 97 == 0 ? 70_000 : Int.random(in: 0...300, using: &random)
                    let block = sitegen_page_allocate(size)!
                    block.initializeMemory(as: UInt8.self, repeating: fill, count: size)
                    blocks[which].append((block, size))
                }
            }
            func intact(_ which: Int) -> Bool {
                blocks[which].allSatisfy { UnsafeRawBufferPointer(start: $0.block, count: $0.size).allSatisfy { $0 == UInt8(0x10 + which) } }
            }
            let bothIntact = intact(0) && intact(1)
            let unscoped = sitegen_page_unscoped_allocations() - before
            sitegen_page_arena_free(second)
            // The next arena on the thread takes the freed arena's chunks and fills them.
            let third = sitegen_page_arena_new()!
            let previous = sitegen_page_arena_enter(third)
            for _ in 0..<2_000 { sitegen_page_allocate(256)!.initializeMemory(as: UInt8.self, repeating: 0xEE, count: 256) }
            sitegen_page_arena_enter(previous)
            let firstIntact = intact(0)
            sitegen_page_arena_free(third)
            sitegen_page_arena_free(first)
            return [bothIntact, unscoped == 0, firstIntact, sitegen_page_chunk_offset() == 0]
        }
        // Under AddressSanitizer there are no arenas: every block is malloc's, checked alone.
        guard let results else {
            #expect(sitegen_page_memory_in_use() == 0)
            return
        }
        #expect(results == [true, true, true, true])
    }

    /// `body`'s result, run on a thread made for it: a thread's page memory is its own, and
    /// a test's task may share its thread with other tests' documents.
    private static func onThreadOfItsOwn<Result>(_ body: @escaping @Sendable () -> Result) -> Result {
        let box = ResultBox<Result>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = body()
            done.signal()
        }
        thread.start()
        done.wait()
        return box.result!
    }

    /// `count` blocks of 16 bytes, each holding its index.
    private static func made(count: Int) -> [UnsafeMutableRawPointer] {
        (0..<count).map { index in
            let block = sitegen_page_allocate(16)!
            block.storeBytes(of: index, as: Int.self)
            return block
        }
    }
}

/// Where a thread leaves its result for the thread that waits for it.
private final class ResultBox<Result>: @unchecked Sendable {
    var result: Result?
}

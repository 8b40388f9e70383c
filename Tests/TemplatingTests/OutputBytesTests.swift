import SeededRandom
import Testing

@testable import Templating

/// The renderer's output storage holds exactly what was appended, in order, whatever the
/// storage it began with and however often it had to grow.
@Suite struct OutputBytesTests {
    @Test func appendsKeepEveryByteInOrder() {
        var random = SeededGenerator(seed: 0x0B_7E5_0001)
        for round in 0..<2000 {
            var expected: [UInt8] = []
            var written = OutputBytes(capacity: Int.random(in: 0...200, using: &random))
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                let piece = (0..<Int.random(in: 0...150, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                if Bool.random(using: &random) {
                    written.append(piece)
                } else {
                    piece.withUnsafeBufferPointer { written.append($0) }
                }
                expected += piece
                #expect(written.count == expected.count)
            }
            #expect(written.array == expected, "round \(round)")
            if !expected.isEmpty {
                let index = Int.random(in: 0..<expected.count, using: &random)
                #expect(written[index] == expected[index])
            }
        }
    }

    @Test func anEmptyBufferAppendsNothing() {
        var written = OutputBytes(capacity: 0)
        written.append(UnsafeBufferPointer<UInt8>(start: nil, count: 0))
        written.append([])
        #expect(written.count == 0)
        #expect(written.array == [])
    }

    /// Lent storage is written in place until a piece does not fit; then everything moves to
    /// storage of its own, and the lent storage is never written past its end.
    @Test func lentStorageIsWrittenInPlaceUntilItIsOutgrown() {
        var random = SeededGenerator(seed: 0x0B_7E5_0002)
        var moved = 0
        for round in 0..<2000 {
            let size = Int.random(in: 1...300, using: &random)
            // A guard byte after the lent storage shows any write past its end.
            let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size + 1)
            defer { storage.deallocate() }
            storage.initialize(repeating: 0xA5)
            var expected: [UInt8] = []
            do {
                var written = OutputBytes(lent: UnsafeMutableBufferPointer(rebasing: storage[..<size]))
                for _ in 0..<Int.random(in: 0...12, using: &random) {
                    let piece = (0..<Int.random(in: 0...60, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                    written.append(piece)
                    expected += piece
                    #expect(written.ownsStorage == (expected.count > size), "round \(round)")
                }
                #expect(written.array == expected, "round \(round)")
                if !written.ownsStorage {
                    #expect(Array(storage[..<expected.count]) == expected, "round \(round)")
                } else {
                    moved += 1
                }
            }
            #expect(storage[size] == 0xA5, "round \(round)")
        }
        // Both ways were taken many times.
        #expect(moved > 200 && moved < 1800)
    }
}

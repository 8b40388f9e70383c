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
}

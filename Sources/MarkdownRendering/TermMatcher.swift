import Foundation

/// A term to mark in prose: its spellings (the term and its aliases).
public struct TermPattern: Sendable, Hashable {
    /// Every spelling that counts as the term.
    public var spellings: [String]
    /// Longer words (product names) that hold a spelling but are not the term: text inside
    /// them is never linked, so `IIJサーバ証明書管理サービス` keeps `サーバ証明書` unlinked.
    public var notInside: [String]

    /// Creates a pattern.
    public init(spellings: [String], notInside: [String] = []) {
        self.spellings = spellings.filter { !$0.isEmpty }
        self.notInside = notInside.filter { !$0.isEmpty }
    }
}

/// Finds terms in text in one pass over its UTF-8 bytes: each place is checked only against the
/// spellings that start with the same bytes (three for longer spellings: a Japanese character is
/// three bytes, and nearly all kana share their first two), so the cost grows with the text, not
/// with text × terms. Spellings live in one byte pool, grouped by bucket, so a check reads no
/// reference-counted storage. Build one for a whole site: pages share it.
public struct TermMatcher: Sendable {
    private struct Spelling: Sendable {
        /// The term's index, or -1 for a phrase that is never linked into.
        var term: Int
        /// The spelling's index among its term's spellings (``spellings(ofTerm:)``).
        var variant: Int32
        /// Where the spelling's bytes are in `pool`, and how many.
        var start: Int
        var count: Int
        var needsWordBoundary: Bool
    }

    /// The number of terms.
    public let termCount: Int
    /// Each term's spellings, empty ones left out, in the order given.
    private let texts: [[String]]
    private let pool: [UInt8]
    /// Every spelling, grouped by bucket and longest first within one: the spellings of three
    /// bytes or more by a hash of their first three bytes, then those of two bytes by those
    /// bytes, then those of one byte by it.
    private let spellings: [Spelling]
    /// Where each bucket's spellings start in `spellings`; bucket `b` is
    /// `bucketStarts[b]..<bucketStarts[b + 1]`.
    private let bucketStarts: [Int]
    /// For each byte, in the low bits, which lengths of spelling start with it: 1 for one byte,
    /// 2 for two, 4 for three or more. Most bytes of most texts start none, and a Japanese
    /// character's first byte starts only spellings of three bytes or more: its two shorter
    /// buckets are not read. In the high four bits, how many bytes the UTF-8 character the byte
    /// starts has (1 for ASCII): a spelling is whole characters, so the search moves from one
    /// character to the next, never looking at the two bytes that continue a Japanese one.
    private let starts: [UInt8]
    /// One bit per bucket, set when the bucket holds a spelling. Nearly every Japanese
    /// character starts with a byte some spelling starts with, and most of their buckets are
    /// empty: the bits (16 KiB) answer that from the core's nearest cache, where reading the
    /// bucket's bounds in ``bucketStarts`` (1 MiB) missed it for almost every character.
    private let occupied: [UInt64]

    private static let longBuckets = 1 << 16
    private static let twoByteBase = longBuckets
    private static let oneByteBase = twoByteBase + (1 << 16)
    private static let bucketCount = oneByteBase + 256

    private static func longBucket(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int {
        // The kana and kanji that follow a shared first byte differ mostly in the last two.
        (Int(first) &* 0x9E37 ^ Int(second) &<< 8 ^ Int(third)) & (longBuckets - 1)
    }

    /// A matcher for `terms`; a match reports the term's index in `terms`.
    public init(_ terms: [TermPattern]) {
        termCount = terms.count
        texts = terms.map(\.spellings)
        // Phrases never linked into are spellings of no term: found like any spelling (the
        // longest at a place wins), they only move the search past themselves.
        let protected = TermPattern(spellings: Array(Set(terms.flatMap(\.notInside))).sorted())
        var pool: [UInt8] = []
        var starts = (0...255).map { byte -> UInt8 in
            switch byte {
            case 0xF0...: 4 << 4
            case 0xE0...: 3 << 4
            case 0xC0...: 2 << 4
            default: 1 << 4
            }
        }
        var entries: [(bucket: Int, order: Int, spelling: Spelling)] = []
        for (index, term) in Array(terms.enumerated()).map({ ($0.offset, $0.element) }) + [(-1, protected)] {
            for (variant, text) in term.spellings.enumerated() {
                let bytes = Array(text.utf8)
                guard let first = bytes.first else { continue }
                starts[Int(first)] |= bytes.count >= 3 ? 4 : UInt8(bytes.count)
                let bucket =
                    switch bytes.count {
                    case 1: Self.oneByteBase + Int(first)
                    case 2: Self.twoByteBase + (Int(first) << 8 | Int(bytes[1]))
                    default: Self.longBucket(first, bytes[1], bytes[2])
                    }
                let spelling = Spelling(
                    term: index, variant: Int32(variant), start: pool.count, count: bytes.count, needsWordBoundary: bytes.allSatisfy { $0 < 0x80 })
                pool += bytes
                entries.append((bucket, entries.count, spelling))
            }
        }
        // Longest first within a bucket; among spellings as long, in the order of the terms.
        entries.sort { ($0.bucket, -$0.spelling.count, $0.order) < ($1.bucket, -$1.spelling.count, $1.order) }
        var bucketStarts = [Int](repeating: 0, count: Self.bucketCount + 1)
        for entry in entries { bucketStarts[entry.bucket + 1] += 1 }
        for bucket in 0..<Self.bucketCount { bucketStarts[bucket + 1] += bucketStarts[bucket] }
        self.pool = pool
        self.spellings = entries.map(\.spelling)
        self.bucketStarts = bucketStarts
        self.starts = starts
        var occupied = [UInt64](repeating: 0, count: (Self.bucketCount + 63) / 64)
        for entry in entries { occupied[entry.bucket >> 6] |= 1 << UInt64(entry.bucket & 63) }
        self.occupied = occupied
    }

    /// The spellings of term `term` (its index in the terms given), empty ones left out: a
    /// match's spelling index points into this list.
    public func spellings(ofTerm term: Int) -> [String] { texts[term] }

    /// The first occurrence of each remaining term, in text order, without overlaps, as byte
    /// ranges with the index of the spelling found; the terms found are marked done in
    /// `remaining`. At one place the longest spelling wins.
    func firstMatches(
        in bytes: UnsafeBufferPointer<UInt8>, remaining: inout [Bool], remainingCount: inout Int
    ) -> [(term: Int, spelling: Int, range: Range<Int>)] {
        var found: [(term: Int, spelling: Int, range: Range<Int>)] = []
        var position = 0
        let count = bytes.count
        pool.withUnsafeBufferPointer { pool in
            spellings.withUnsafeBufferPointer { spellings in
                bucketStarts.withUnsafeBufferPointer { bucketStarts in
                    starts.withUnsafeBufferPointer { starts in
                        occupied.withUnsafeBufferPointer { occupied in
                            /// The first remaining spelling of `bucket` found at `position`.
                            func match(in bucket: Int) -> Spelling? {
                                guard occupied[bucket >> 6] & (1 << UInt64(bucket & 63)) != 0 else { return nil }
                                for index in bucketStarts[bucket]..<bucketStarts[bucket + 1] {
                                    let candidate = spellings[index]
                                    if (candidate.term < 0 || remaining[candidate.term])
                                        && Self.matches(candidate, pool: pool, in: bytes, at: position)
                                    {
                                        return candidate
                                    }
                                }
                                return nil
                            }
                            while position < count && remainingCount > 0 {
                                let first = bytes[position]
                                let entry = starts[Int(first)]
                                let lengths = entry & 7
                                guard lengths != 0 else {
                                    position += Int(entry >> 4)
                                    continue
                                }
                                var matched: Spelling?
                                if lengths & 4 != 0, position + 2 < count {
                                    matched = match(in: Self.longBucket(first, bytes[position + 1], bytes[position + 2]))
                                }
                                if matched == nil, lengths & 2 != 0, position + 1 < count {
                                    matched = match(in: Self.twoByteBase + (Int(first) << 8 | Int(bytes[position + 1])))
                                }
                                if matched == nil, lengths & 1 != 0 {
                                    matched = match(in: Self.oneByteBase + Int(first))
                                }
                                guard let spelling = matched else {
                                    position += Int(entry >> 4)
                                    continue
                                }
                                if spelling.term >= 0 {
                                    found.append((spelling.term, Int(spelling.variant), position..<position + spelling.count))
                                    remaining[spelling.term] = false
                                    remainingCount -= 1
                                }
                                position += spelling.count
                            }
                        }
                    }
                }
            }
        }
        return found
    }

    private static func matches(
        _ spelling: Spelling, pool: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, at position: Int
    ) -> Bool {
        let count = spelling.count
        guard position + count <= bytes.count,
            memcmp(bytes.baseAddress! + position, pool.baseAddress! + spelling.start, count) == 0
        else { return false }
        guard spelling.needsWordBoundary else { return true }
        // An ASCII term stands alone: no ASCII letter, digit or '_' touches it. Japanese
        // characters next to it are boundaries (`でCSRを` holds `CSR`).
        func isWordByte(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
        }
        if position > 0 && isWordByte(bytes[position - 1]) { return false }
        if position + count < bytes.count && isWordByte(bytes[position + count]) { return false }
        return true
    }
}

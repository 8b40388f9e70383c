/// The bytes a render writes, in storage of its own. A page is written in about 400 appends,
/// most of a few bytes (a piece of template text, an escaped value, the text between two
/// escaped characters): appended to a `[UInt8]`, each went through the array's general
/// append, about 70 instructions before its bytes were copied, 2 % of a build. Here an append
/// is a capacity check and a copy.
///
/// The storage may be lent by the caller (the uninitialised storage of the array the page is
/// returned in), so that a page that fits is never copied again: copying every page into an
/// array of its own after rendering it was 1.6 % of a build. A page that outgrows lent storage
/// moves to storage of its own.
struct OutputBytes: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes are written.
    private(set) var count = 0
    /// Whether the storage was allocated here (and is freed here), not lent.
    private(set) var ownsStorage: Bool

    /// Empty storage for at least `capacity` bytes.
    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        ownsStorage = true
    }

    /// Empty storage in `lent`, which must outlive this value and have room for a byte at
    /// least; bytes that do not fit in it move to storage of its own.
    init(lent: UnsafeMutableBufferPointer<UInt8>) {
        precondition(lent.count > 0, "OutputBytes: lent storage must hold a byte at least")
        base = lent.baseAddress!
        capacity = lent.count
        ownsStorage = false
    }

    deinit { if ownsStorage { base.deallocate() } }

    /// Appends `bytes`.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let needed = count + bytes.count
        if needed > capacity { grow(to: needed) }
        (base + count).initialize(from: source, count: bytes.count)
        count = needed
    }

    /// Appends the bytes of `array`.
    mutating func append(_ array: [UInt8]) {
        array.withUnsafeBufferPointer { append($0) }
    }

    /// The byte at `index`, which must be below ``count``.
    subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "OutputBytes: index out of range")
        return base[index]
    }

    /// The bytes written, as an array.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Moves the storage to one at least twice as large that holds `needed` bytes.
    @inline(never)
    private mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.moveInitialize(from: base, count: count)
        if ownsStorage { base.deallocate() }
        base = moved
        capacity = larger
        ownsStorage = true
    }
}

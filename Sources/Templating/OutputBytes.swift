/// The bytes a render writes, in storage of its own. A page is written in about 400 appends,
/// most of a few bytes (a piece of template text, an escaped value, the text between two
/// escaped characters): appended to a `[UInt8]`, each went through the array's general
/// append, about 70 instructions before its bytes were copied, 2 % of a build. Here an append
/// is a capacity check and a copy.
struct OutputBytes: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes are written.
    private(set) var count = 0

    /// Empty storage for at least `capacity` bytes.
    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

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
        base.deallocate()
        base = moved
        capacity = larger
    }
}

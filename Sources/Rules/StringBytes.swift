extension String {
    /// Calls `body` with the String's UTF-8 bytes where they are. A native String lends its own
    /// storage (a small one is copied to the stack); `var copy = self; copy.withUTF8` counted a
    /// reference on the storage, then gave it back, for every call, and the hottest callers
    /// (names looked up, texts searched for tokens, values written as JSON) make tens of calls
    /// a page. A String that is not contiguous UTF-8 is made so in a copy, as `withUTF8` does.
    @inlinable @inline(__always)
    package func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}

import Foundation

/// Reads whole files with system calls.
///
/// Site files are read this way rather than with `FileManager.contents(atPath:)` for two
/// reasons. Opening a FIFO with that call waits for a writer, so a FIFO named like a guide
/// would hang a build; here it is refused without blocking. And Swift 6.3's Foundation leaks
/// its 4 KB read buffer for every empty file it reads, which `sitegen serve` would repeat on
/// every rebuild.
enum FileContents {
    /// Why a file could not be read.
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// Opening or reading failed with this `errno`.
        case system(Int32)
        /// The path names a folder, a FIFO, a socket or a device.
        case notRegularFile
        /// The file holds more than `limit` bytes.
        case tooLarge(limit: Int)

        var description: String {
            switch self {
            case .system(let code): String(cString: strerror(code))
            case .notRegularFile: "it is not a regular file"
            case .tooLarge(let limit): "it is larger than \(limit >> 20) MiB, the most sitegen reads of one file"
            }
        }
    }

    /// The most read of a guide, partial, rule file or template: six times the largest guide
    /// sitegen is tested with (10 MB), yet far from what would strain memory.
    static let sourceLimit = 64 << 20
    /// The most read of an asset, which may be a picture or a video.
    static let assetLimit = 1 << 30

    /// The bytes of the regular file at `path`, if it holds at most `limit` bytes.
    ///
    /// Without the limit, a sparse file of a terabyte, which takes no room on disk, would be
    /// read into memory until the process died.
    static func load(atPath path: String, limit: Int) -> Result<Data, Failure> {
        // O_NONBLOCK: without it, opening a FIFO waits until something opens it for writing.
        // It changes nothing for a regular file, which is all that is read past `fstat`.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(.system(errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.system(errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .failure(.notRegularFile) }
        guard info.st_size <= limit else { return .failure(.tooLarge(limit: limit)) }
        // One byte more than the size `fstat` gave, so the end of an unchanged file is seen by
        // the read that fills it; a file that grows meanwhile is still read to its end (or to
        // the limit).
        var capacity = Int(info.st_size) + 1
        var data = Data(count: capacity)
        var length = 0
        while true {
            if length == capacity {
                capacity = min(capacity * 2, limit + 1)
                data.count = capacity
            }
            let count = data.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + length, capacity - length)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.system(errno))
            }
            if count == 0 { break }
            length += count
            if length > limit { return .failure(.tooLarge(limit: limit)) }
        }
        data.count = length
        return .success(data)
    }
}

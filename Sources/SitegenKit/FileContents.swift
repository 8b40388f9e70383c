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

        var description: String {
            switch self {
            case .system(let code): String(cString: strerror(code))
            case .notRegularFile: "it is not a regular file"
            }
        }
    }

    /// The bytes of the regular file at `path`.
    static func load(atPath path: String) -> Result<Data, Failure> {
        // O_NONBLOCK: without it, opening a FIFO waits until something opens it for writing.
        // It changes nothing for a regular file, which is all that is read past `fstat`.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(.system(errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.system(errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .failure(.notRegularFile) }
        // One byte more than the size `fstat` gave, so the end of an unchanged file is seen by
        // the read that fills it; a file that grows meanwhile is still read to its end.
        var capacity = Int(clamping: info.st_size) + 1
        var data = Data(count: capacity)
        var length = 0
        while true {
            if length == capacity {
                capacity *= 2
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
        }
        data.count = length
        return .success(data)
    }
}

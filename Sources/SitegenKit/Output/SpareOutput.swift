import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The output a build replaced, kept beside the output folder (`.Output.sitegen-spare`) so the
/// next build can write over its files instead of making new ones (README.md, "Commands").
///
/// Rebuilding a site mostly rewrites the same files. Writing them into a fresh folder makes a
/// new file and directory entry for each, and deleting the replaced output frees as many again:
/// on a 10k-page site that is 10,410 files made and 10,410 deleted per build, and file systems
/// make both dear (ext4 without a journal skips every recently freed inode when it allocates
/// one, which made a repeated build take half again as long as a fresh one). Writing over the
/// spare's files keeps their inodes and directory entries; only what the new build did not
/// write is removed, before the staged build is swapped in.
struct SpareOutput {
    /// The spare of `destination`: a hidden sibling, like the staging folders.
    static func url(of destination: URL) -> URL {
        destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).sitegen-spare")
    }

    /// The files the spare held when the build took it over, as paths relative to it.
    private(set) var files: [String] = []
    /// Its folders, relative, each listed after the folders that hold it.
    private(set) var folders: [String] = []

    /// Lists the spare at `root` and removes from it everything that is neither a regular file
    /// nor a folder (a link written into it would otherwise let a build write outside it).
    init(listing root: String) {
        walk(root, relative: "")
    }

    private mutating func walk(_ folder: String, relative: String) {
        guard let stream = opendir(folder) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let path = folder + "/" + name
            let child = relative.isEmpty ? name : relative + "/" + name
            var kind = Int32(entry.pointee.d_type)
            // Some file systems do not say what an entry is in the listing; lstat does.
            if kind == Int32(DT_UNKNOWN) {
                var status = stat()
                guard lstat(path, &status) == 0 else { continue }
                let format = status.st_mode & S_IFMT
                kind = format == S_IFDIR ? Int32(DT_DIR) : format == S_IFREG ? Int32(DT_REG) : Int32(DT_LNK)
            }
            if kind == Int32(DT_DIR) {
                folders.append(child)
                walk(path, relative: child)
            } else if kind == Int32(DT_REG) {
                files.append(child)
            } else {
                unlink(path)
            }
        }
    }

    /// Removes from the spare at `root` the files the build did not write (`written`, relative
    /// paths as ``key(_:)`` makes them), then the folders left empty, deepest first.
    func removeUnwritten(from root: String, written: Set<String>) {
        for file in files where !written.contains(file) {
            unlink(root + "/" + file)
        }
        // Only a folder that holds none of the files written can be empty now, so only those
        // are tried: a rmdir that fails is a system call for each of a site's page folders.
        var holding: Set<String> = []
        holding.reserveCapacity(folders.count)
        for file in written {
            var end = file.utf8.lastIndex(of: UInt8(ascii: "/"))
            while let slash = end {
                let folder = String(file[..<slash])
                // Already there: so are the folders that hold it.
                guard holding.insert(folder).inserted else { break }
                end = folder.utf8.lastIndex(of: UInt8(ascii: "/"))
            }
        }
        // A folder still holding files fails to go, which is what is wanted.
        for folder in folders.reversed() where !holding.contains(folder) {
            rmdir(root + "/" + folder)
        }
    }

    /// `path` as the spare's listing writes it: components joined by single slashes, with no
    /// `.` components, so that a file written as `a//b` or `./a/b` is known to be `a/b`.
    static func key(_ path: String) -> String {
        if isPlain(path) { return path }
        return path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    /// Whether `path` is already as ``key(_:)`` writes it: no empty and no `.` component. Read
    /// over its bytes, since every page of a build over a spare asks: Foundation's substring
    /// search took about 0.3 % of such a build.
    private static func isPlain(_ path: String) -> Bool {
        var componentStart = true
        var componentIsDot = false
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                // An empty component (a leading or doubled slash) or a `.` one ends here.
                if componentStart || componentIsDot { return false }
                componentStart = true
            } else {
                componentIsDot = componentStart && byte == UInt8(ascii: ".")
                componentStart = false
            }
        }
        // The last component: empty (a trailing slash, or no path) or `.`.
        return !componentStart && !componentIsDot
    }
}

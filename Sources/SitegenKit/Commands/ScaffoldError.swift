import Foundation

/// Why `sitegen init` or `sitegen new guide` wrote nothing.
public enum ScaffoldError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Files that already exist, by path relative to the site root: nothing is overwritten.
    case wouldOverwrite([String])
    /// A guide name that cannot be a URL name.
    case invalidGuideName(String)
    /// A root without `Content/`, where a guide has no site to go into.
    case noSite(String)
    /// A file could not be written (the files written before it were removed again).
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .wouldOverwrite(let paths):
            let list = paths.map { "  \($0)" }.joined(separator: "\n")
            return paths.count == 1
                ? "\(paths[0]) already exists; nothing was written (move it away, or choose another name or folder)"
                : "\(paths.count) files already exist; nothing was written (move them away, or choose another name or folder):\n\(list)"
        case .invalidGuideName(let name):
            let lowered = name.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
            let hint = Site.isValidName(lowered) ? ", such as '\(lowered)'" : ""
            return "'\(name)' cannot be a guide name: it is the guide's URL name, made of lower-case letters a-z, digits and '-', "
                + "not starting with '-'\(hint)"
        case .noSite(let root):
            return "\(root) has no Content/ folder, so it is not a site; "
                + "run 'sitegen init' there first, or give the site's folder with --root"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason); nothing was left written"
        }
    }
}

import Diagnostics
import Directives
import Foundation
import Rules

/// What a ``CacheTable`` offers its cache whatever its key and value types.
protocol CacheTableProtocol: AnyObject {
    var dependsOnRules: Bool { get }
    func removeAll()
    func keep(where reads: ([String]) -> Bool)
}

/// One kind of cached unit: values of one type under keys of one type, each with the files it
/// was computed from. Read and written only under its ``SiteCache``'s lock.
final class CacheTable<Key: Hashable, Value>: CacheTableProtocol {
    struct Entry {
        /// The files the value was computed from, and their versions then.
        var paths: [String]
        var versions: [Int?]
        var value: Value
        var diagnostics: [Diagnostic]
    }

    /// Whether the values also depend on the rules, and go whenever the rules change.
    let dependsOnRules: Bool
    /// Read and written by ``SiteCache`` only, under its lock.
    var entries: [Key: Entry] = [:]

    init(dependsOnRules: Bool = false) {
        self.dependsOnRules = dependsOnRules
    }

    func removeAll() { entries = [:] }

    func keep(where reads: ([String]) -> Bool) {
        entries = entries.filter { reads($0.value.paths) }
    }
}

import Foundation

/// A value the templates can show: what a page model hands to `TemplateLibrary.render`.
///
/// Values are typed, so a variable's lookup is a comparison of interned keys and a switch over
/// this enum, not a chain of dynamic casts of `Any`. How each case behaves in a template:
///
/// | case | `{{name}}` | `{{#name}}` | `{{^name}}` |
/// |---|---|---|---|
/// | `null` | nothing | skipped | drawn |
/// | `bool` | `true` / `false` | drawn once if true (the context is not changed) | drawn if false |
/// | `int`, `double` | the number | drawn once with the number as `{{.}}` (even 0) | skipped |
/// | `string`, `utf8` | the text | skipped when empty, else drawn once with it as `{{.}}` | drawn when empty |
/// | `list` | nothing | drawn once per item, with the item as context | drawn when empty |
/// | `object`, `fields` | nothing | drawn once with it as context | skipped |
///
/// That is what swift-mustache does with the contexts sitegen builds (texts wrapped so that an
/// empty one is false), so pages come out the same.
public enum TemplateValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    /// Text as UTF-8 bytes, which must be valid UTF-8: the same as `string` in every way, for
    /// text made as bytes (a page's body HTML) that would otherwise be checked and copied into a
    /// String only to be written out as bytes again.
    case utf8([UInt8])
    case list([TemplateValue])
    case object(TemplateObject)
    /// A Swift type that answers lookups itself (for example with a `switch` over its keys), so
    /// a page model can be rendered without building an object for it.
    case fields(any TemplateFields)

    /// The value of `key` when this value is a context (an object or fields); `nil` otherwise
    /// or when it has no such key.
    @inlinable
    public func child(_ key: TemplateKey) -> TemplateValue? {
        switch self {
        case .object(let object): return object[key]
        case .fields(let fields): return fields.templateValue(for: key)
        default: return nil
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(nilLiteral: ()) { self = .null }
}

/// A Swift type whose properties templates read directly: `templateValue(for:)` is called for
/// every lookup of a name in it, and answers `nil` for names it does not have (the lookup then
/// goes on to the enclosing contexts, as Mustache does).
///
/// Compare `key` with keys made once (`static let title: TemplateKey = "title"`): two keys are
/// equal when their names are, and comparing them compares two integers.
public protocol TemplateFields: AnyObject, Sendable {
    func templateValue(for key: TemplateKey) -> TemplateValue?
}

/// A name that templates look up, interned: every `TemplateKey` made from the same text in one
/// process has the same number, so comparing two keys is comparing two integers.
///
/// Making a key takes a lock and a hash of its name; make the keys a page model uses once
/// (static constants), not per page.
public struct TemplateKey: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    @usableFromInline let id: Int32

    public init(_ name: String) { id = KeyTable.shared.intern(name) }
    public init(stringLiteral name: String) { self.init(name) }

    /// The name the key was made from.
    public var name: String { KeyTable.shared.name(of: id) }
    public var description: String { name }

    @inlinable public static func == (lhs: TemplateKey, rhs: TemplateKey) -> Bool { lhs.id == rhs.id }
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// The process's interned names. Keys are only ever added, so a key's number never changes.
final class KeyTable: @unchecked Sendable {
    static let shared = KeyTable()
    // Guarded by `lock`.
    private var ids: [String: Int32] = [:]
    private var names: [String] = []
    private let lock = NSLock()

    func intern(_ name: String) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        names.append(name)
        ids[name] = id
        return id
    }

    func name(of id: Int32) -> String {
        lock.lock()
        defer { lock.unlock() }
        return names[Int(id)]
    }
}

/// A context of named values, in the order they were set.
///
/// Lookups compare the key with each field's in turn: for the handful of fields a page's
/// context has, that is faster than hashing, and it keeps one allocation per object.
///
/// Write one as a dictionary literal (`[.title: "…", .url: "…"]`): the literal's own array of
/// pairs becomes the object's storage, where copying it into storage of its own cost an
/// allocation, a copy of each value and the literal's destruction, some 700 instructions for
/// each of the hundreds of thousands of objects a large site's pages make.
public struct TemplateObject: Sendable, ExpressibleByDictionaryLiteral {
    @usableFromInline var fields: [(TemplateKey, TemplateValue)]

    /// An object with no fields.
    public init() { fields = [] }

    /// An object of `elements`, in order; a key given twice keeps its first place and its last
    /// value.
    public init(dictionaryLiteral elements: (TemplateKey, TemplateValue)...) {
        fields = elements
        // A key given twice keeps its first place and its last value, as setting it would.
        // Literals hardly ever repeat a key, and comparing the few numbers costs next to nothing.
        for later in fields.indices.dropFirst() where fields[..<later].contains(where: { $0.0.id == fields[later].0.id }) {
            self = TemplateObject(elements)
            return
        }
    }

    /// An object of `pairs`, in order, set one by one (a key given twice keeps its first place
    /// and its last value). A dictionary literal makes the same object with less work.
    public init(_ pairs: KeyValuePairs<TemplateKey, TemplateValue>) {
        fields = []
        fields.reserveCapacity(pairs.count)
        for index in pairs.indices { self[pairs[index].key] = pairs[index].value }
    }

    /// An object of the pairs of `pairs`, set one by one in their order.
    public init<S: Sequence>(_ pairs: S) where S.Element == (TemplateKey, TemplateValue) {
        fields = []
        for (key, value) in pairs { self[key] = value }
    }

    /// Reserves room for `count` fields, so that setting them allocates once.
    public mutating func reserveCapacity(_ count: Int) { fields.reserveCapacity(count) }

    /// The value of `key`; setting `nil` removes it.
    @inlinable
    public subscript(key: TemplateKey) -> TemplateValue? {
        get {
            // By index: `for field in fields` copied every field it passed, counting a
            // reference on its value, for every name of every page.
            for index in fields.indices where fields[index].0.id == key.id { return fields[index].1 }
            return nil
        }
        set {
            if let index = fields.firstIndex(where: { $0.0.id == key.id }) {
                if let newValue { fields[index].1 = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append((key, newValue))
            }
        }
    }

    /// The names set, in order.
    public var keys: [TemplateKey] { fields.map(\.0) }
}

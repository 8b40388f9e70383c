/// An immutable value behind one reference. A value type that is copied into every page's work
/// (a stamp, an expression's source) keeps its fields in one of these, so a copy counts one
/// reference instead of one for each string among its fields; changing a field makes a new one.
final class SharedValue<Value: Sendable>: Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }

    /// A new shared value: this one with `change` made to it.
    func changing(_ change: (inout Value) -> Void) -> SharedValue {
        var value = value
        change(&value)
        return SharedValue(value)
    }
}

/// An immutable value behind one reference. A value type that is copied into every page's work
/// (a stamp, an expression's source, a fact's declaration) keeps its fields in one of these, so
/// a copy counts one reference instead of one for each string among its fields; changing a
/// field makes a new one.
package final class SharedValue<Value: Sendable>: Sendable {
    package let value: Value

    package init(_ value: Value) { self.value = value }

    /// A new shared value: this one with `change` made to it.
    package func changing(_ change: (inout Value) -> Void) -> SharedValue {
        var value = value
        change(&value)
        return SharedValue(value)
    }
}

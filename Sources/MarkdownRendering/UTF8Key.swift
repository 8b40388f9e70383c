/// A string as a hash key by its UTF-8 bytes. A `String` key is hashed through Unicode
/// normalisation when it is not ASCII (most headings and ids of a Japanese site), several times
/// the cost of hashing its bytes; and two strings that are canonically equivalent but spelled
/// with different characters are equal as `String`s, where an HTML id or a date pattern made from
/// each is its own.
struct UTF8Key: Hashable, Sendable {
    var text: String

    init(_ text: String) {
        self.text = text
    }

    static func == (a: UTF8Key, b: UTF8Key) -> Bool {
        a.text.utf8.elementsEqual(b.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

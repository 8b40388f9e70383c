/// The slot of each name of a rules library, found by a hash of the name's bytes in a table of
/// its own. Every name an expression reads is looked up here, tens of times for every page:
/// a `Dictionary<String, Int>` hashes each name with its seeded SipHash, about 360
/// instructions a lookup, where this hash and one comparison take about a third of that. The
/// names come from the site's own rules files, so a hash an attacker could steer is no concern.
///
/// Only ASCII names are compared by their bytes: Strings are equal when they are canonically
/// equivalent ("é" and "e\u{301}", even "K" and the Kelvin sign), which bytes cannot tell. A
/// name that is not ASCII, or a table that holds one, is looked up in the dictionary.
///
/// A class: every evaluation's resolver takes the table, and one reference counts less than the
/// three of its arrays and dictionary.
final class NameSlots: Sendable {
    /// Slot plus one at each place, 0 where the place is empty; a power of two long.
    private let table: [Int32]
    private let names: [String]
    /// The slots as given, for names that are not ASCII.
    private let dictionary: [String: Int]
    /// Whether every name of the table is ASCII (the table is used only then).
    private let allASCII: Bool

    /// The slots of `slots`' names.
    init(_ slots: [String: Int]) {
        var names = [String](repeating: "", count: (slots.values.max() ?? -1) + 1)
        for (name, slot) in slots { names[slot] = name }
        var size = 8
        // At most half full: a missing name ends its probe at an empty place soon.
        while size < 2 * slots.count { size *= 2 }
        var table = [Int32](repeating: 0, count: size)
        for (name, slot) in slots {
            // Names that are not ASCII are found in the dictionary; their places here go unused.
            var place = (Self.hash(name) ?? 0) & (size - 1)
            while table[place] != 0 { place = (place + 1) & (size - 1) }
            table[place] = Int32(slot + 1)
        }
        self.table = table
        self.names = names
        dictionary = slots
        allASCII = slots.keys.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
    }

    /// The slot of `name`, or `nil` when the library has no such name.
    subscript(name: String) -> Int? {
        // A name that is not ASCII may still equal an ASCII one (the Kelvin sign is "K").
        guard allASCII, let hash = Self.hash(name) else { return dictionary[name] }
        let mask = table.count - 1
        var place = hash & mask
        while true {
            let entry = table[place]
            if entry == 0 { return nil }
            let slot = Int(entry) - 1
            if names[slot] == name { return slot }
            place = (place + 1) & mask
        }
    }

    /// FNV-1a over the name's UTF-8 bytes, read in place (a short name sits in the String
    /// itself, and is copied to the stack for this); `nil` for a name that is not ASCII.
    private static func hash(_ name: String) -> Int? {
        name.withUTF8Bytes { bytes -> Int? in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                if byte >= 0x80 { return nil }
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            // The low bits pick the place: fold the high ones in, which FNV mixes best.
            return Int(truncatingIfNeeded: hash ^ (hash >> 29))
        }
    }
}

import SeededRandom
import Testing

@testable import Rules

/// The name table finds every name's slot as the dictionary it is made from does, and finds
/// no slot for names it does not hold: short and long names, Japanese, names that differ in
/// one byte, the empty name, and tables from one name to hundreds.
@Suite struct NameSlotsTests {
    @Test func slotsAreTheDictionarysSlots() {
        var random = SeededGenerator(seed: 0x5107_0001)
        let asciiPieces = ["a", "b", "_", "x1", "expiry", "action_date", "long_name_of_a_rule_"]
        let otherPieces = ["期限", "プラン", "é", "e\u{301}", "😀", "K", "\u{212A}"]
        var pieces = asciiPieces
        func name() -> String {
            (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }
        for round in 0..<400 {
            // Most tables of ASCII names only (the table's own path), the others with any names.
            pieces = round % 4 == 3 ? asciiPieces + otherPieces : asciiPieces
            var slots: [String: Int] = [:]
            let count = [1, 2, 7, 8, 9, 40, 300].randomElement(using: &random)!
            for _ in 0..<count where slots.count < count {
                let candidate = name()
                if slots[candidate] == nil { slots[candidate] = slots.count }
            }
            let table = NameSlots(slots)
            for (known, slot) in slots { #expect(table[known] == slot, "round \(round): \(known.debugDescription)") }
            for _ in 0..<50 {
                let asked = name()
                #expect(table[asked] == slots[asked], "round \(round): \(asked.debugDescription)")
            }
            // A name and the same name one byte longer or shorter, or with one letter changed,
            // are different names.
            for known in slots.keys {
                let changed = known.isEmpty ? "z" : "z" + known.dropFirst()
                for asked in [known + "_", String(known.dropLast()), changed] {
                    #expect(table[asked] == slots[asked], "round \(round): \(asked.debugDescription)")
                }
            }
        }
        #expect(NameSlots([:])["x"] == nil)
        // Canonically equivalent names are the same name, as for the dictionary.
        #expect(NameSlots(["K": 0, "b": 1])["\u{212A}"] == 0)
        #expect(NameSlots(["caf\u{E9}": 0, "b": 1])["cafe\u{301}"] == 0)
    }
}

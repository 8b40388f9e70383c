/// "Did you mean" suggestions for misspelt names.
public enum Suggestion {
    /// The candidate nearest to `name` by edit distance, if it is close enough to be a likely
    /// typo (at most a third of the name's length, and at least one edit).
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(1, name.count / 3)
        var best: (String, Int)?
        for candidate in candidates.sorted() {
            let distance = editDistance(Array(name), Array(candidate))
            if distance <= limit, distance < (best?.1 ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
    /// neighbours (`otehr` → `other` is one edit).
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}

extension FactDeclaration {
    /// For text that is not one of this choice fact's keys: `(… write its key: other)` when the
    /// text is a choice's label, as writers copy it from the page, or a did-you-mean for a
    /// misspelt key; `nil` when neither fits.
    func keyHint(forLabel text: String) -> String? {
        if let choice = choices.first(where: { $0.label == text }) {
            return "('\(text)' is the label of a choice; write its key: \(choice.key))"
        }
        if let key = Suggestion.closest(to: text, among: choices.map(\.key)) {
            return "(choices: \(choiceKeyList); did you mean '\(key)'?)"
        }
        return nil
    }
}

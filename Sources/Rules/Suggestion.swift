/// "Did you mean" suggestions for misspelt names.
public enum Suggestion {
    /// Names longer than this get no suggestion: nobody mistypes a name that long by a few
    /// letters, and comparing a name of a million characters (hostile or generated content)
    /// must not cost a million times the candidates.
    static let longestNameConsidered = 256

    /// The candidate nearest to `name` by edit distance, if it is close enough to be a likely
    /// typo (at most a third of the name's length, and at least one edit).
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        var work = 0
        return closest(to: name, among: candidates, work: &work)
    }

    /// ``closest(to:among:)``, adding to `work` the cells of the distance tables it fills, so
    /// tests can see how the work is bounded.
    static func closest(to name: String, among candidates: some Sequence<String>, work: inout Int) -> String? {
        // Counting characters stops early: a million-character name costs no more than a
        // short one.
        guard name.prefix(longestNameConsidered + 1).count <= longestNameConsidered else { return nil }
        let characters = Array(name)
        let limit = max(1, characters.count / 3)
        var best: (String, Int)?
        for candidate in candidates.sorted() {
            // A candidate whose length differs by more than the limit needs more edits than
            // the limit, whatever its letters: it is not compared at all.
            guard abs(candidate.count - characters.count) <= limit else { continue }
            // Only a strictly nearer candidate can win, so the band narrows as better ones are found.
            let bound = min(limit, (best?.1 ?? Int.max) - 1)
            guard bound >= 0 else { break }
            if let distance = editDistance(characters, Array(candidate), limit: bound, work: &work) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
    /// neighbours (`otehr` → `other` is one edit), or `nil` when it is more than `limit`.
    /// Only the cells within `limit` of the diagonal are filled (a path that leaves that band
    /// already costs more than `limit`), so the work is at most (`a.count` + 1) × (2 × `limit` + 1)
    /// cells.
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int, work: inout Int) -> Int? {
        guard abs(a.count - b.count) <= limit else { return nil }
        let outside = limit + 1
        // Three rows are enough: the swap of neighbours looks two rows back.
        var previous2 = [Int](repeating: outside, count: b.count + 1)
        var previous = (0...b.count).map { $0 <= limit ? $0 : outside }
        var current = [Int](repeating: outside, count: b.count + 1)
        if a.isEmpty { return previous[b.count] <= limit ? previous[b.count] : nil }
        for i in 1...a.count {
            let low = max(1, i - limit)
            let high = min(b.count, i + limit)
            for j in current.indices { current[j] = outside }
            current[0] = i <= limit ? i : outside
            var rowBest = current[0]
            if low <= high {
                for j in low...high {
                    work += 1
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        value = min(value, previous2[j - 2] + 1)
                    }
                    current[j] = min(value, outside)
                    rowBest = min(rowBest, current[j])
                }
            }
            // Every path passes through this row: once all of it is past the limit, so is the end.
            if rowBest > limit { return nil }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
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

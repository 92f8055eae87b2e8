/// "Did you mean …?" for unknown keys and flags.
enum Suggestion {
    /// The candidate that differs from `word` only in case or `_`/`-`, else the nearest within two edits.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let normalise = { (text: String) in String(text.lowercased().map { $0 == "_" ? "-" : $0 }) }
        if let match = candidates.first(where: { normalise($0) == normalise(word) }) {
            return match
        }
        let scored = candidates.map { (candidate: $0, distance: editDistance(Array(word), Array($0))) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= 2 else {
            return nil
        }
        return best.candidate
    }

    /// `"; did you mean 'listen'?"`, or empty.
    static func clause(for word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Levenshtein distance over characters.
    private static func editDistance(_ left: [Character], _ right: [Character]) -> Int {
        var previous = Array(0...right.count)
        for (leftIndex, leftCharacter) in left.enumerated() {
            var current = [leftIndex + 1]
            for (rightIndex, rightCharacter) in right.enumerated() {
                let substitution = previous[rightIndex] + (leftCharacter == rightCharacter ? 0 : 1)
                current.append(min(substitution, previous[rightIndex + 1] + 1, current[rightIndex] + 1))
            }
            previous = current
        }
        return previous[right.count]
    }
}

import Testing

@testable import CheckpointConfig

struct SuggestionTests {
    @Test(arguments: [
        ("Listen", "listen"),
        ("max_line_byte", "max_line_bytes"),
        ("retension_days", "retention_days"),
        ("state-dir", "state_dir"),
        ("LOG_LEVEL", "log_level"),
    ])
    func closest_whenNearAKey_suggestsIt(word: String, expected: String) {
        #expect(Suggestion.closest(to: word, in: Setting.allCases.map(\.rawValue)) == expected)
    }

    @Test(arguments: ["colour", "port", "x", ""])
    func closest_whenFarFromEveryKey_suggestsNothing(word: String) {
        #expect(Suggestion.closest(to: word, in: Setting.allCases.map(\.rawValue)) == nil)
    }
}

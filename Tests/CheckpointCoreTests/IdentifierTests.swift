import CheckpointCore
import Testing

@Suite struct CoreIdentifierTests {
    @Test(arguments: ["a", "gate3-a", "North_Gate.2", "0", String(repeating: "x", count: 32)])
    func isValid_whenLettersDigitsAndPunctuation_isTrue(text: String) {
        #expect(Identifier.isValid(text))
        #expect(Identifier.isValid(text[...]))
    }

    @Test(arguments: [
        "", "-gate", "_gate", ".gate", "gate 3", "gate/3", "gaté", "ｇａｔｅ", String(repeating: "x", count: 33),
    ])
    func isValid_whenEmptyLongBadStartOrOtherBytes_isFalse(text: String) {
        #expect(!Identifier.isValid(text))
    }
}

@Suite struct MonotonicTests {
    @Test func nanoseconds_neverGoBackwards() {
        let first = Monotonic.nanoseconds()
        let second = Monotonic.nanoseconds()
        #expect(second >= first)
        #expect(Monotonic.seconds() >= Double(first) / 1_000_000_000)
    }
}

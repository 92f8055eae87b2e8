import Testing

@testable import CheckpointConfig

struct ValueSyntaxTests {
    @Test(arguments: [
        ("1", 1...365, 1),
        ("365", 1...365, 365),
        ("14", 1...365, 14),
        ("007", 1...365, 7),
        ("64", 64...1_048_576, 64),
        ("1048576", 64...1_048_576, 1_048_576),
    ])
    func integer_whenInRange_returnsValue(text: String, range: ClosedRange<Int>, expected: Int) throws {
        #expect(try ValueSyntax.integer(text, in: range) == expected)
    }

    @Test(arguments: [
        "0", "366", "-1", "+5", "1.5", "", " 5", "5 ", "1_000", "99999999999999999999", "abc", "5d", "0x10",
    ])
    func integer_whenMalformedOrOutOfRange_namesRangeAndInput(text: String) {
        #expect(throws: ConfigError.badValue("expected a whole number 1–365, got '\(text)'")) {
            try ValueSyntax.integer(text, in: 1...365)
        }
    }

    @Test(arguments: [
        ("30", 300...450, 300),
        ("30.0", 300...450, 300),
        ("37.3", 300...450, 373),
        ("037.3", 300...450, 373),
        ("45", 300...450, 450),
        ("45.0", 300...450, 450),
        ("0.1", 1...50, 1),
        ("0.5", 1...50, 5),
        ("5", 1...50, 50),
    ])
    func tenths_whenOneDecimalInRange_returnsTenths(text: String, range: ClosedRange<Int>, expected: Int) throws {
        #expect(try ValueSyntax.tenths(text, in: range, expected: "a temperature like 37.3") == expected)
    }

    @Test(arguments: [
        "38.25", "29.9", "45.1", "37.", ".5", "-37.3", "+37.3", "37,3", "", "abc", "37.3.1", "1e2", "37.3 ",
    ])
    func tenths_whenNotOneDecimalInRange_namesRangeAndInput(text: String) {
        #expect(throws: ConfigError.badValue("expected a temperature like 37.3 (30.0–45.0), got '\(text)'")) {
            try ValueSyntax.tenths(text, in: 300...450, expected: "a temperature like 37.3")
        }
    }

    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)),
        ("10s", .seconds(10)),
        ("5m", .seconds(300)),
        ("1h", .seconds(3600)),
        ("14d", .seconds(14 * 86400)),
        ("0s", .zero),
        ("3650d", .seconds(3650 * 86400)),
        ("0010s", .seconds(10)),
    ])
    func duration_whenNumberAndUnit_returnsDuration(text: String, expected: Duration) throws {
        #expect(try ValueSyntax.duration(text, allowsZero: true, example: "300s") == expected)
    }

    @Test(arguments: ["10", "0", "86400"])
    func duration_whenNoUnit_asksForAUnit(text: String) {
        #expect(throws: ConfigError.badValue("a duration needs a unit (ms, s, m, h, d), e.g. 300s")) {
            try ValueSyntax.duration(text, allowsZero: true, example: "300s")
        }
    }

    @Test(arguments: ["10 s", "10S", "1h30m", "-5s", "s", "", "1.5h", "10sec", "10min", "ms10"])
    func duration_whenMalformed_showsExample(text: String) {
        let expected = "expected a duration like 300s (a whole number and ms, s, m, h or d), got '\(text)'"
        #expect(throws: ConfigError.badValue(expected)) {
            try ValueSyntax.duration(text, allowsZero: true, example: "300s")
        }
    }

    @Test(arguments: ["3651d", "87601h", "9999999999999d", "315360000001ms"])
    func duration_whenLongerThanTenYears_isRejected(text: String) {
        #expect(throws: ConfigError.badValue("a duration can be at most 3650d, got '\(text)'")) {
            try ValueSyntax.duration(text, allowsZero: true, example: "300s")
        }
    }

    @Test(arguments: ["0s", "0ms", "0d"])
    func duration_whenZeroAndZeroNotAllowed_isRejected(text: String) {
        #expect(throws: ConfigError.badValue("the duration must be longer than 0, e.g. 10s")) {
            try ValueSyntax.duration(text, allowsZero: false, example: "10s")
        }
    }

    @Test(arguments: [
        (Duration.seconds(300), "5m"),
        (.milliseconds(500), "500ms"),
        (.milliseconds(1500), "1500ms"),
        (.seconds(90), "90s"),
        (.zero, "0s"),
        (.seconds(14 * 86400), "14d"),
        (.seconds(36 * 3600), "36h"),
    ])
    func durationText_usesTheLongestExactUnit(duration: Duration, expected: String) {
        #expect(ValueSyntax.durationText(duration) == expected)
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("two words", "two words"),
        (#""a b""#, "a b"),
        (#""say \"hi\"""#, #"say "hi""#),
        (#""back\\slash""#, #"back\slash"#),
        (#""""#, ""),
        (#"a "b""#, #"a "b""#),
        (#"C:\path"#, #"C:\path"#),
        ("#not-a-comment", "#not-a-comment"),
        (##""# inside quotes""##, "# inside quotes"),
    ])
    func unquote_whenWellFormed_returnsContents(text: String, expected: String) throws {
        #expect(try ValueSyntax.unquote(text[...]) == expected)
    }

    @Test(arguments: [
        (#""abc"#, "the value starts with a quote but has no closing quote"),
        (##""a\""##, "the value starts with a quote but has no closing quote"),
        (#""a\"#, #"inside quotes only \" and \\ are escapes; write \\ for a backslash"#),
        (#""a\nb""#, #"inside quotes only \" and \\ are escapes; write \\ for a backslash"#),
        (#""a" # note"#, "unexpected text after the closing quote: ' # note'; a comment must be on a line of its own"),
        (#""a"b"#, "unexpected text after the closing quote: 'b'; a comment must be on a line of its own"),
    ])
    func unquote_whenMalformed_explains(text: String, message: String) {
        #expect(throws: ConfigError.syntax(message)) {
            try ValueSyntax.unquote(text[...])
        }
    }

    @Test(arguments: ["plain", "", "two words", "\ttab", #"say "hi""#, #""leading quote"#, #"back\slash and space "#])
    func quotedIfNeeded_thenUnquote_roundTrips(text: String) throws {
        #expect(try ValueSyntax.unquote(ValueSyntax.quotedIfNeeded(text)[...]) == text)
    }

    @Test func quotedIfNeeded_whenPlainWord_leavesItBare() {
        #expect(ValueSyntax.quotedIfNeeded("/var/lib/checkpointd") == "/var/lib/checkpointd")
        #expect(ValueSyntax.quotedIfNeeded("a b") == #""a b""#)
    }
}

import CheckpointCore
import Testing

@Suite struct TimeSpanTests {
    @Test(arguments: [
        ("500ms", 500, "500ms"), ("10s", 10_000, "10s"), ("300s", 300_000, "300s"), ("5m", 300_000, "5m"),
        ("1h", 3_600_000, "1h"), ("14d", 1_209_600_000, "14d"), ("0s", 0, "0s"), ("0010s", 10_000, "10s"),
        ("3650d", 315_360_000_000, "3650d"), ("87600h", 315_360_000_000, "87600h"),
        ("315360000000ms", 315_360_000_000, "315360000000ms"),
    ])
    func parsing_whenDigitsAndUnit_keepsTheUnitAsWritten(text: String, milliseconds: Int64, written: String) throws {
        let span = try TimeSpan(parsing: text)
        #expect(span.milliseconds == milliseconds)
        #expect(span.description == written)
    }

    @Test(arguments: ["10", "0", "86400", "0000"])
    func parsing_whenNoUnit_isMissingUnit(text: String) {
        #expect(throws: TimeSpan.SyntaxError.missingUnit) { try TimeSpan(parsing: text) }
    }

    @Test(arguments: [
        "", "s", "ms", "10 s", " 10s", "10s ", "10S", "1h30m", "-5s", "+5m", "1.5h", "10sec", "10min", "ms10",
        "１０s", "10\u{00B5}s",
    ])
    func parsing_whenNotDigitsAndAUnit_isMalformed(text: String) {
        #expect(throws: TimeSpan.SyntaxError.malformed) { try TimeSpan(parsing: text) }
    }

    @Test(arguments: ["3651d", "87601h", "9999999999999d", "315360000001ms", "99999999999999999999999s"])
    func parsing_whenLongerThanTenYearsOrOverflowing_isTooLong(text: String) {
        #expect(throws: TimeSpan.SyntaxError.tooLong) { try TimeSpan(parsing: text) }
    }

    @Test(arguments: [
        (Int64(300_000), "5m"), (500, "500ms"), (1500, "1500ms"), (90_000, "90s"), (0, "0s"),
        (1_209_600_000, "14d"), (129_600_000, "36h"),
    ])
    func initMilliseconds_usesTheLongestExactUnit(milliseconds: Int64, expected: String) {
        #expect(TimeSpan(milliseconds: milliseconds).description == expected)
        #expect(TimeSpan(milliseconds: milliseconds).milliseconds == milliseconds)
    }

    @Test func units_areTheSpecLengths() {
        #expect(Timestamp.millisecondsPerSecond == 1000)
        #expect(Timestamp.millisecondsPerMinute == 60 * 1000)
        #expect(Timestamp.millisecondsPerHour == 60 * 60 * 1000)
        #expect(Timestamp.millisecondsPerDay == 24 * 60 * 60 * 1000)
        #expect(TimeUnit.longestFirst.map(\.milliseconds) == [86_400_000, 3_600_000, 60_000, 1000, 1])
        #expect(TimeSpan.maximumMilliseconds == 3650 * 86_400_000)
    }

    @Test func defaults_writtenAsTheConfigurationShowsThem() {
        #expect(Defaults.feverThreshold.description == "37.3")
        #expect(Defaults.idleTimeout.description == "300s")
        #expect(Defaults.quarantineGrace.description == "1h")
        #expect(RulePolicy().feverThreshold == Defaults.feverThreshold)
        #expect(RulePolicy().quarantineGraceMilliseconds == 3_600_000)
        #expect(RulePolicy().recheckWindowMilliseconds == 900_000)
    }
}

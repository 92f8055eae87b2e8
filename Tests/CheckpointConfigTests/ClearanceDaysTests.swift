import CheckpointConfig
import Testing

/// Issue 15 point 3: `clearance_days`, how long a fever keeps a person off work. At most `retention_days` and
/// `alert_retention_days`: the gates and fevers of older days are purged, so a check could not see them.
struct ClearanceDaysTests {
    @Test func load_whenClearanceDaysIsGiven_usesIt() throws {
        let fixture = try LoadFixture()
        #expect(try fixture.load(file: "clearance_days = 21\n").rules.clearanceDays == 21)
        #expect(try fixture.load(file: "", commandLine: ["--clearance-days", "7"]).rules.clearanceDays == 7)
    }

    @Test(arguments: ["0", "3651", "two", "15d"])
    func load_whenClearanceDaysIsOutOfRange_namesLineAndRange(value: String) throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig("clearance_days = \(value)\n")
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: path) }
        #expect(error?.code == .badValue)
        #expect(error?.description == "\(path):1: clearance_days: expected a whole number 1–3650, got '\(value)'")
    }

    @Test func load_whenClearanceDaysIsLongerThanRetention_refusesAndSaysWhatToSet() throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig("retention_days = 10\nclearance_days = 15\n")
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: path) }
        #expect(error?.code == .badValue)
        #expect(
            error?.description == """
                \(path):2: clearance_days: clearance_days 15 is longer than retention_days 10: the fevers and gates \
                of older days are purged, so a clearance check cannot see them; set clearance_days to at most 10, \
                or raise retention_days
                """)
    }

    @Test func load_whenClearanceDaysFlagIsLongerThanAlertRetention_namesTheFlagAndAlertRetention() throws {
        let fixture = try LoadFixture()
        let error = #expect(throws: ConfigError.self) {
            try fixture.load(
                file: "retention_days = 60\n", commandLine: ["--alert-retention-days", "20", "--clearance-days", "30"])
        }
        #expect(error?.description.hasPrefix(
            "command line: --clearance-days: clearance_days 30 is longer than alert_retention_days 20:") == true,
            "\(String(describing: error))")
    }

    /// Left at its default, it is cut to the shorter retention: a configuration that only shortens retention
    /// still starts.
    @Test(arguments: [(["--retention-days", "9"], 9), (["--alert-retention-days", "1"], 1), ([], 15)])
    func load_whenClearanceDaysIsNotGiven_isFifteenOrTheShorterRetention(flags: [String], expected: Int) throws {
        let fixture = try LoadFixture()
        #expect(try fixture.load(file: "", commandLine: flags).rules.clearanceDays == expected)
    }

    @Test func render_writesTheEffectiveClearanceDays() throws {
        let fixture = try LoadFixture()
        let config = try fixture.load(file: "retention_days = 9\n")
        #expect(config.render().contains("\nclearance_days = 9\n"))
    }
}

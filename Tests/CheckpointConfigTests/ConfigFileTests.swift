import CheckpointConfig
import CheckpointTestSupport
import Testing

/// The config file syntax of SPEC §10: lines, comments, quotes, keys given twice, unknown keys, and errors that
/// name the file, the line and the key.
struct ConfigFileTests {
    @Test func parse_whenFileSetsEveryKey_appliesEachToItsField() throws {
        let fixture = try LoadFixture()
        let zones = try fixture.directory.makeDirectory("zoneinfo")
        try fixture.directory.makeDirectory("zoneinfo/Asia")
        try fixture.directory.write("TZif2 and the rest of the file", to: "zoneinfo/Asia/Shanghai")
        let path = try fixture.writeConfig(
            """
            listen = tcp:0.0.0.0:7200
            listen = unix:/srv/cp/station.sock
            control = /srv/cp/control.sock
            state_dir = /srv/cp/state
            runtime_dir = /srv/cp/run
            database = /srv/cp/db/records.db
            display_timezone = Asia/Shanghai
            fever_threshold = 37.5
            quarantine_days = 21
            quarantine_grace = 30m
            clearance_days = 21
            durability = normal
            retention_days = 60
            alert_retention_days = 365
            max_line_bytes = 2048
            max_connections = 100
            idle_timeout = 60s
            hello_timeout = 5s
            max_inflight = 16
            max_unauthenticated_per_address = 4
            lookup_per_minute = 30
            max_batch_records = 500
            reader_connections = 2
            recheck_window = 20m
            escalate_after = 5m
            silent_after = 1h
            drift_window = 300
            drift_threshold = 0.8
            out_after = 1d
            control_group = checkpoint-ops
            admin_group = checkpoint-admin
            control_max_connections = 32
            control_idle_timeout = 2m
            log_target = stderr
            log_level = debug
            """
        )
        let config = try fixture.load(configPath: path, zoneinfoDirectory: zones)
        let expected = DaemonConfiguration(
            configFile: path,
            stateDirectory: "/srv/cp/state",
            runtimeDirectory: "/srv/cp/run",
            displayTimezone: "Asia/Shanghai",
            store: StoreConfiguration(
                databasePath: "/srv/cp/db/records.db",
                durability: .normal,
                retentionDays: 60,
                alertRetentionDays: 365,
                maxBatchRecords: 500,
                readerConnections: 2,
                backupDirectory: "/srv/cp/state/backups"
            ),
            stations: StationListenerConfiguration(
                listen: [.tcp(host: "0.0.0.0", port: 7200), .unix(path: "/srv/cp/station.sock")],
                maxLineBytes: 2048,
                maxConnections: 100,
                idleTimeout: .seconds(60),
                helloTimeout: .seconds(5),
                maxInflight: 16,
                maxUnauthenticatedPerAddress: 4,
                lookupPerMinute: 30
            ),
            control: ControlConfiguration(
                path: "/srv/cp/control.sock",
                group: "checkpoint-ops",
                adminGroup: "checkpoint-admin",
                maxConnections: 32,
                idleTimeout: .seconds(120)
            ),
            rules: RuleConfiguration(
                feverThresholdTenths: 375,
                quarantineDays: 21,
                quarantineGrace: .seconds(1800),
                recheckWindow: .seconds(1200),
                clearanceDays: 21
            ),
            monitoring: MonitoringConfiguration(
                escalateAfter: .seconds(300),
                silentAfter: .seconds(3600),
                driftWindow: 300,
                driftThresholdTenths: 8,
                outAfter: .seconds(86400)
            ),
            logging: LoggingConfiguration(target: .stderr, level: "debug")
        )
        #expect(config == expected)
    }

    @Test func parse_whenCommentsBlankLinesAndWhitespace_ignoresThem() throws {
        let fixture = try LoadFixture()
        let config = try fixture.load(
            file: "# checkpointd\n\n   # indented comment\n\t\nretention_days=45\n  \tquarantine_days \t=\t 7  \n\n"
        )
        #expect(config.store.retentionDays == 45)
        #expect(config.rules.quarantineDays == 7)
    }

    @Test func parse_whenHashIsMidLine_keepsItInTheValue() throws {
        let fixture = try LoadFixture()
        let config = try fixture.load(file: "database = /srv/data#1.db\n")
        #expect(config.store.databasePath == "/srv/data#1.db")
    }

    @Test func parse_whenTrailingHashCommentFollowsAValue_reportsTheWholeValue() throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig("log_level = info # chatty\n")
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: path) }
        #expect(
            error?.description
                == "\(path):1: log_level: expected one of trace, debug, info, notice, warning, error, critical, "
                + "got 'info # chatty'"
        )
    }

    @Test(arguments: [
        (#"database = "/srv/with space/x.db""#, "/srv/with space/x.db"),
        (#"database = "/srv/q\"uote/x.db""#, #"/srv/q"uote/x.db"#),
        (#"database = "/srv/back\\slash.db""#, #"/srv/back\slash.db"#),
        (#"database = /srv/bare "quotes".db"#, #"/srv/bare "quotes".db"#),
        (#"database = "/srv/# not a comment.db""#, "/srv/# not a comment.db"),
    ])
    func parse_whenValueIsQuoted_unquotesAndUnescapes(line: String, expected: String) throws {
        let fixture = try LoadFixture()
        #expect(try fixture.load(file: line + "\n").store.databasePath == expected)
    }

    @Test func parse_whenNumbersAreQuoted_acceptsThem() throws {
        let fixture = try LoadFixture()
        let config = try fixture.load(file: "retention_days = \"45\"\nidle_timeout = \"2m\"\n")
        #expect(config.store.retentionDays == 45)
        #expect(config.stations.idleTimeout == .seconds(120))
    }

    @Test func parse_whenCRLFLineEndsAndByteOrderMark_readsTheValues() throws {
        let fixture = try LoadFixture()
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("retention_days = 12\r\nlog_level = warning\r\n".utf8)
        let path = try fixture.directory.write(bytes: bytes, to: "crlf.conf")
        let config = try fixture.load(configPath: path)
        #expect(config.store.retentionDays == 12)
        #expect(config.logging.level == "warning")
    }

    @Test func parse_whenFileIsEmpty_usesDefaultsAndNamesTheFile() throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig("")
        let config = try fixture.load(configPath: path)
        #expect(config.configFile == path)
        #expect(config.store.retentionDays == 30)
    }

    @Test(arguments: ["display_timezone = \"\"", "display_timezone =", "display_timezone = UTC"])
    func parse_whenTimezoneIsEmptyOrUTC_needsNoZoneFile(line: String) throws {
        let fixture = try LoadFixture()
        let config = try fixture.load(configPath: fixture.writeConfig(line), zoneinfoDirectory: "/nonexistent")
        #expect(config.displayTimezone == (line.hasSuffix("UTC") ? "UTC" : nil))
    }

    @Test(arguments: ["control_group = \"\"", "admin_group ="])
    func parse_whenGroupIsEmpty_meansNotSet(line: String) throws {
        let fixture = try LoadFixture()
        let config = try fixture.load(file: line)
        #expect(config.control.group == nil)
        #expect(config.control.adminGroup == nil)
    }

    @Test func parse_whenListenRepeats_keepsEveryAddressInOrderInsteadOfTheDefaults() throws {
        let fixture = try LoadFixture()
        let config = try fixture.load(
            file: "listen = tcp:0.0.0.0:7117\nlisten = tcp:[::]:7117\nlisten = unix:/run/cp/station.sock\n"
        )
        #expect(
            config.stations.listen == [
                .tcp(host: "0.0.0.0", port: 7117), .tcp(host: "::", port: 7117), .unix(path: "/run/cp/station.sock"),
            ]
        )
    }

    @Test func parse_whenListenAddressRepeatsExactly_namesTheEarlierLine() throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig("listen = tcp:0.0.0.0:7117\n\nlisten = tcp:0.0.0.0:7117\n")
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: path) }
        #expect(error?.code == .badValue)
        #expect(error?.description == "\(path):3: listen: tcp:0.0.0.0:7117 is already listed on line 1; list it once")
    }

    @Test func parse_whenNonListKeyGivenTwice_namesBothLines() throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig("retention_days = 30\n# again\nretention_days = 40\n")
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: path) }
        #expect(error?.code == .duplicateKey)
        #expect(error?.line == 3)
        #expect(error?.key == "retention_days")
        #expect(
            error?.description
                == "\(path):3: retention_days: already set on line 1; only listen may be given more than once"
        )
    }

    @Test(arguments: [
        ("retension_days = 3", "retension_days", "unknown key; did you mean 'retention_days'?"),
        ("Listen = tcp:0.0.0.0:1", "Listen", "unknown key; did you mean 'listen'?"),
        ("max-line-bytes = 100", "max-line-bytes", "unknown key; did you mean 'max_line_bytes'?"),
        ("colour = blue", "colour", "unknown key"),
    ])
    func parse_whenKeyIsUnknown_namesLineAndKeyAndSuggests(line: String, key: String, message: String) throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig("# first\n" + line + "\n")
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: path) }
        #expect(error?.code == .unknownKey)
        #expect(error?.description == "\(path):2: \(key): \(message); checkpointd --help lists every key")
    }

    @Test func parse_whenTemperatureHasTwoDecimals_namesFileLineAndKey() throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig(String(repeating: "# comment\n", count: 11) + "fever_threshold = 38.25\n")
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: path) }
        #expect(error?.code == .badValue)
        #expect(error?.source == path)
        #expect(error?.line == 12)
        #expect(error?.key == "fever_threshold")
        #expect(
            error?.description
                == "\(path):12: fever_threshold: expected a temperature like 37.3 (30.0–45.0), got '38.25'"
        )
    }

    @Test func parse_whenDurationHasNoUnit_namesLineAndKey() throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig("retention_days = 30\nidle_timeout = 300\n")
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: path) }
        #expect(error?.description == "\(path):2: idle_timeout: a duration needs a unit (ms, s, m, h, d), e.g. 300s")
    }

    @Test(arguments: [
        ("retention_days =", "retention_days: expected a whole number 1–3650, got ''"),
        ("retention_days = 0", "retention_days: expected a whole number 1–3650, got '0'"),
        ("max_line_bytes = 63", "max_line_bytes: expected a whole number 64–1048576, got '63'"),
        ("drift_threshold = 5.1", "drift_threshold: expected a temperature difference like 0.5 (0.1–5.0), got '5.1'"),
        ("durability = fast", "durability: expected full or normal, got 'fast'"),
        ("log_target = syslog", "log_target: expected one of auto, journal, stderr, got 'syslog'"),
        ("hello_timeout = 0s", "hello_timeout: the duration must be longer than 0, e.g. 10s"),
        (
            "control_group = -wheel",
            "control_group: expected a group name like checkpointd (letters, digits, _ . -), got '-wheel'"
        ),
        ("database =", "database: a path cannot be empty"),
        ("state_dir = ~/state", "state_dir: '~' is not expanded here; write the full path, e.g. /home/NAME/..."),
    ])
    func parse_whenValueIsBad_namesKeyAndExplains(line: String, expected: String) throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig(line + "\n")
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: path) }
        #expect(error?.code == .badValue)
        #expect(error?.description == "\(path):1: \(expected)")
    }

    @Test func parse_whenQuarantineGraceIsZero_acceptsIt() throws {
        let fixture = try LoadFixture()
        #expect(try fixture.load(file: "quarantine_grace = 0s").rules.quarantineGrace == .zero)
    }

    @Test(
        arguments: [
            (
                "listen tcp:0.0.0.0:7117", nil,
                "expected 'key = value', got 'listen tcp:0.0.0.0:7117'; start a comment with # at the start of the line"
            ),
            ("= 5", nil, "expected 'key = value' with a one-word key, got '= 5'"),
            ("max line bytes = 5", nil, "expected 'key = value' with a one-word key, got 'max line bytes = 5'"),
            (
                "[checkpointd]", nil,
                "expected 'key = value', got '[checkpointd]'; start a comment with # at the start of the line"
            ),
            (#"database = "/srv/x.db"#, "database", "the value starts with a quote but has no closing quote"),
            (
                #"database = "/srv/x.db" # db"#, "database",
                "unexpected text after the closing quote: ' # db'; a comment must be on a line of its own"
            ),
        ] as [(String, String?, String)]
    )
    func parse_whenLineIsMalformed_reportsSyntaxAtThatLine(line: String, key: String?, message: String) throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig("retention_days = 30\n" + line + "\n")
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: path) }
        #expect(error?.code == .syntax)
        #expect(error?.line == 2)
        #expect(error?.key == key)
        #expect(error?.description == "\(path):2: " + (key.map { $0 + ": " } ?? "") + message)
    }

    @Test func parse_whenLineIsNotUTF8_reportsItsLine() throws {
        let fixture = try LoadFixture()
        let bytes = Array("retention_days = 30\n# ok\nstate_dir = /srv/".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        let path = try fixture.directory.write(bytes: bytes, to: "latin1.conf")
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: path) }
        #expect(error?.code == .syntax)
        #expect(error?.description == "\(path):3: the line is not valid UTF-8")
    }
}

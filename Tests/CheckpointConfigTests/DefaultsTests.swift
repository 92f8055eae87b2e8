import CheckpointConfig
import Testing

/// The built-in values of the settings table (SPEC §3, §5, §9, §10) and the table itself.
struct DefaultsTests {
    @Test func load_whenNothingIsConfigured_usesTheDocumentedDefaults() throws {
        let fixture = try LoadFixture()
        let state = fixture.defaultState
        let config = try fixture.load()
        let expected = DaemonConfiguration(
            configFile: nil,
            stateDirectory: state,
            runtimeDirectory: state + "/run",
            displayTimezone: nil,
            store: StoreConfiguration(
                databasePath: state + "/checkpointd.db",
                durability: .full,
                retentionDays: 30,
                alertRetentionDays: 180,
                maxBatchRecords: 32768,
                readerConnections: 4,
                backupDirectory: state + "/backups"
            ),
            stations: StationListenerConfiguration(
                listen: [.tcp(host: "127.0.0.1", port: 7117), .unix(path: state + "/run/station.sock")],
                maxLineBytes: 1024,
                maxConnections: 4096,
                idleTimeout: .seconds(300),
                helloTimeout: .seconds(10),
                maxInflight: 1024,
                maxUnauthenticatedPerAddress: 16,
                lookupPerMinute: 60
            ),
            control: ControlConfiguration(
                path: state + "/run/control.sock", group: nil, adminGroup: nil, maxConnections: 256,
                idleTimeout: .seconds(600)),
            rules: RuleConfiguration(
                feverThresholdTenths: 373,
                quarantineDays: 14,
                quarantineGrace: .seconds(3600),
                recheckWindow: .seconds(900),
                clearanceDays: 15
            ),
            monitoring: MonitoringConfiguration(
                escalateAfter: .seconds(600),
                silentAfter: .seconds(1800),
                driftWindow: 200,
                driftThresholdTenths: 5,
                outAfter: .seconds(12 * 3600)
            ),
            logging: LoggingConfiguration(target: .auto, level: "info")
        )
        #expect(config == expected)
    }

    @Test func keys_listEverySettingOnceInDocumentationOrder() {
        #expect(
            ConfigLoader.keys.map(\.name) == [
                "listen", "control", "tls_cert", "tls_key", "tls_client_ca", "plaintext_tcp", "state_dir",
                "runtime_dir", "database", "display_timezone", "fever_threshold",
                "quarantine_days", "quarantine_grace", "clearance_days", "outing_quota", "outing_max", "durability", "retention_days",
                "alert_retention_days",
                "max_line_bytes", "max_connections", "idle_timeout", "hello_timeout", "max_inflight",
                "max_unauthenticated_per_address", "lookup_per_minute",
                "max_batch_records", "reader_connections", "recheck_window", "escalate_after", "silent_after",
                "drift_window", "drift_threshold", "out_after", "followup_times", "control_group", "admin_group",
                "control_max_connections", "control_idle_timeout", "log_target", "log_level", "backup_dir",
                "alert_command", "alert_command_timeout", "district", "city_url", "city_password_file", "http_listen",
                "http_auth", "http_users_file",
            ]
        )
    }

    @Test func keys_flagsAreTheKeysWithDashes() {
        for key in ConfigLoader.keys {
            #expect(key.flag == "--" + key.name.split(separator: "_").joined(separator: "-"))
        }
    }

    @Test(arguments: ConfigLoader.keys.map(\.name))
    func keys_everyRowHasHintDefaultAndHelp(name: String) throws {
        let key = try #require(ConfigLoader.keys.first { $0.name == name })
        #expect(!key.valueHint.isEmpty)
        #expect(!key.defaultText.isEmpty)
        #expect(key.help.count > 10)
        #expect(key.help.count <= 100, "help should fit one --help line")
    }

    @Test(arguments: [
        ("fever_threshold", "37.3", "30.0-45.0"),
        ("idle_timeout", "300s", "DURATION"),
        ("quarantine_grace", "1h", "DURATION"),
        ("max_line_bytes", "1024", "64-1048576"),
        ("durability", "full", "full|normal"),
        ("log_level", "info", "trace|debug|info|notice|warning|error|critical"),
        ("drift_threshold", "0.5", "0.1-5.0"),
        ("listen", "tcp:127.0.0.1:7117 and unix:<runtime_dir>/station.sock", "tcp:HOST:PORT|tls:HOST:PORT|unix:PATH"),
        ("plaintext_tcp", "loopback-only", "loopback-only|allow"),
        ("followup_times", "12:00,20:00", "HH:MM,..."),
    ])
    func keys_showDefaultsAndHintsAsDocumented(name: String, defaultText: String, hint: String) throws {
        let key = try #require(ConfigLoader.keys.first { $0.name == name })
        #expect(key.defaultText == defaultText)
        #expect(key.valueHint == hint)
    }

    /// Each default written in the table is a value the parser accepts, and loading it explicitly changes nothing.
    @Test func keys_everyLiteralDefaultParsesToTheBuiltInValue() throws {
        let fixture = try LoadFixture()
        let literal = ConfigLoader.keys.filter { !$0.defaultText.contains("<") && !$0.defaultText.contains("$") }
        // Issue 13 added eight: tls_cert, tls_key, tls_client_ca (empty), plaintext_tcp,
        // max_unauthenticated_per_address, lookup_per_minute, control_max_connections and control_idle_timeout;
        // issue 15 clearance_days; issue 16 followup_times, alert_command (empty) and alert_command_timeout;
        // issue 18 http_listen, http_auth and http_users_file (empty); issue 19 outing_quota and outing_max (off).
        #expect(literal.count == 44)
        let file = literal.map { key in
            key.defaultText.hasPrefix("empty") ? "\(key.name) =" : "\(key.name) = \(key.defaultText)"
        }
        let fromFile = try fixture.load(file: file.joined(separator: "\n"))
        var builtIn = try fixture.load()
        builtIn.configFile = fromFile.configFile
        #expect(fromFile == builtIn)
    }
}

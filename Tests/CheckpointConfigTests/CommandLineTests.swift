import CheckpointConfig
import Testing

/// Flags: `--key VALUE` and `--key=VALUE` for every key, winning over the file; `--listen` and `--control`
/// replacing the file's and the defaults.
struct CommandLineTests {
    @Test(arguments: [["--fever-threshold", "37.5"], ["--fever-threshold=37.5"]])
    func load_whenFlagGivenEitherWay_appliesIt(commandLine: [String]) throws {
        let fixture = try LoadFixture()
        #expect(try fixture.load(commandLine: commandLine).rules.feverThresholdTenths == 375)
    }

    /// Every key's flag, with values written the way `render()` writes them, so each must come back verbatim.
    @Test func load_whenEveryKeyIsGivenAsAFlag_eachReachesTheConfiguration() throws {
        let fixture = try LoadFixture()
        let values: [String: String] = [
            "listen": "tcp:127.0.0.1:0", "control": "/srv/c.sock", "state_dir": "/srv/s", "runtime_dir": "/srv/r",
            "database": "/srv/d.db", "display_timezone": "UTC", "fever_threshold": "38.0", "quarantine_days": "7",
            "quarantine_grace": "2h", "durability": "normal", "retention_days": "7", "alert_retention_days": "8",
            "max_line_bytes": "100", "max_connections": "10", "idle_timeout": "1m", "hello_timeout": "2s",
            "max_inflight": "3", "max_batch_records": "4", "reader_connections": "5", "recheck_window": "6m",
            "escalate_after": "7m", "silent_after": "8m", "drift_window": "50", "drift_threshold": "1.5",
            "out_after": "9h", "control_group": "ops", "admin_group": "admins", "log_target": "journal",
            "log_level": "trace", "tls_cert": "/srv/t.pem", "tls_key": "/srv/t.key", "tls_client_ca": "/srv/ca.pem",
            "plaintext_tcp": "allow", "backup_dir": "/srv/b", "max_unauthenticated_per_address": "11",
            "lookup_per_minute": "12", "control_max_connections": "13", "control_idle_timeout": "14s",
            "clearance_days": "6", "outing_quota": "1/2d", "outing_max": "4h", "followup_times": "08:00,20:30", "alert_command": "/bin/sh",
            "alert_command_timeout": "15s", "district": "xuhui-3",
            "city_url": "postgresql://district_x@city.example:5433/city?sslmode=verify-full&sslrootcert=/srv/ca.pem",
            "city_password_file": "/srv/city.pass",
            // With basic, a listener on every address is accepted (issue 18).
            "http_listen": "tcp:0.0.0.0:7200", "http_auth": "basic", "http_users_file": "/srv/http-users",
        ]
        #expect(Set(values.keys) == Set(ConfigLoader.keys.map(\.name)))
        let commandLine = ConfigLoader.keys.flatMap { key in [key.flag, values[key.name] ?? ""] }
        let rendered = try fixture.load(commandLine: commandLine).render()
        for key in ConfigLoader.keys {
            let line = "\(key.name) = \(values[key.name] ?? "")"
            #expect(rendered.contains("\n" + line + "\n"), "\(line) missing from\n\(rendered)")
        }
    }

    @Test func load_whenFlagAndFileSetTheSameKey_flagWinsAndTheRestOfTheFileStays() throws {
        let fixture = try LoadFixture()
        let config = try fixture.load(
            file: "retention_days = 10\nquarantine_days = 21\n",
            commandLine: ["--retention-days", "20"]
        )
        #expect(config.store.retentionDays == 20)
        #expect(config.rules.quarantineDays == 21)
    }

    @Test func load_whenListenFlagsGiven_replaceTheFilesListenersAndTheDefaults() throws {
        let fixture = try LoadFixture()
        let config = try fixture.load(
            file: "listen = tcp:0.0.0.0:7117\nlisten = unix:/run/cp/station.sock\n",
            commandLine: ["--listen", "tcp:127.0.0.1:0", "--listen=unix:/tmp/s.sock"]
        )
        #expect(config.stations.listen == [.tcp(host: "127.0.0.1", port: 0), .unix(path: "/tmp/s.sock")])
    }

    @Test func load_whenOnlyFlagsGiveListen_replaceTheDefaults() throws {
        let fixture = try LoadFixture()
        let config = try fixture.load(commandLine: ["--listen", "tcp:127.0.0.1:0"])
        #expect(config.stations.listen == [.tcp(host: "127.0.0.1", port: 0)])
    }

    @Test func load_whenControlFlagGiven_replacesTheFilesControl() throws {
        let fixture = try LoadFixture()
        let config = try fixture.load(
            file: "control = /run/cp/control.sock\n",
            commandLine: ["--control", "/tmp/c.sock"]
        )
        #expect(config.control.path == "/tmp/c.sock")
    }

    @Test func load_whenFlagValueContainsEquals_splitsAtTheFirstOnly() throws {
        let fixture = try LoadFixture()
        #expect(try fixture.load(commandLine: ["--database=/srv/a=b.db"]).store.databasePath == "/srv/a=b.db")
    }

    @Test(arguments: [["--control-group="], ["--control-group", ""]])
    func load_whenFlagValueIsEmpty_meansNotSet(commandLine: [String]) throws {
        let fixture = try LoadFixture()
        let config = try fixture.load(file: "control_group = ops\n", commandLine: commandLine)
        #expect(config.control.group == nil)
    }

    @Test func load_whenDurationFlagHasNoUnit_namesCommandLineAndFlag() throws {
        let fixture = try LoadFixture()
        let error = #expect(throws: ConfigError.self) { try fixture.load(commandLine: ["--idle-timeout", "300"]) }
        #expect(error?.code == .badValue)
        #expect(error?.source == "command line")
        #expect(error?.line == nil)
        #expect(error?.key == "--idle-timeout")
        #expect(
            error?.description == "command line: --idle-timeout: a duration needs a unit (ms, s, m, h, d), e.g. 300s"
        )
    }

    @Test(arguments: [
        (
            ["--retension-days", "3"],
            "--retension-days: unknown option; did you mean '--retention-days'?; see --help for the list"
        ),
        (
            ["--max_line_bytes=100"],
            "--max_line_bytes: unknown option; did you mean '--max-line-bytes'?; see --help for the list"
        ),
        (["--config", "/etc/x.conf"], "--config: unknown option; see --help for the list"),
    ])
    func load_whenFlagIsUnknown_namesItAndSuggests(commandLine: [String], expected: String) throws {
        let fixture = try LoadFixture()
        let error = #expect(throws: ConfigError.self) { try fixture.load(commandLine: commandLine) }
        #expect(error?.code == .unknownKey)
        #expect(error?.description == "command line: " + expected)
    }

    @Test(arguments: [
        (["--database"], "command line: --database: needs a value, e.g. --database PATH"),
        (
            ["--listen", "--database", "/x"],
            "command line: --listen: needs a value, e.g. --listen tcp:HOST:PORT|tls:HOST:PORT|unix:PATH"
        ),
        (["stray"], "command line: unexpected argument 'stray'; settings are given as --key VALUE or --key=VALUE"),
        (["--"], "command line: unexpected argument '--'; settings are given as --key VALUE or --key=VALUE"),
        (["-v"], "command line: unexpected argument '-v'; settings are given as --key VALUE or --key=VALUE"),
    ])
    func load_whenArgumentsAreMalformed_reportsSyntax(commandLine: [String], expected: String) throws {
        let fixture = try LoadFixture()
        let error = #expect(throws: ConfigError.self) { try fixture.load(commandLine: commandLine) }
        #expect(error?.code == .syntax)
        #expect(error?.description == expected)
    }

    @Test func load_whenNonListFlagGivenTwice_reportsDuplicate() throws {
        let fixture = try LoadFixture()
        let error = #expect(throws: ConfigError.self) {
            try fixture.load(commandLine: ["--retention-days", "7", "--retention-days=8"])
        }
        #expect(error?.code == .duplicateKey)
        #expect(
            error?.description
                == "command line: --retention-days: already set earlier on the command line; only listen may be given "
                + "more than once"
        )
    }

    @Test func load_whenFlagValueIsBad_fileIsNotBlamed() throws {
        let fixture = try LoadFixture()
        let error = #expect(throws: ConfigError.self) {
            try fixture.load(file: "durability = full\n", commandLine: ["--durability", "off"])
        }
        #expect(error?.description == "command line: --durability: expected full or normal, got 'off'")
    }
}

import CheckpointCore

/// Every configuration key, in the order of SPEC §10, the docs and `--help`. The single table that parsing,
/// defaults, `ConfigLoader.keys` and `render()` all read. The numbers' defaults are Core's `Defaults`; the
/// grammars are Core's too (see `ValueSyntax`).
enum Setting: String, CaseIterable, Sendable {
    case listen
    case control
    case tlsCert = "tls_cert"
    case tlsKey = "tls_key"
    case tlsClientCA = "tls_client_ca"
    case plaintextTCP = "plaintext_tcp"
    case stateDir = "state_dir"
    case runtimeDir = "runtime_dir"
    case database
    case displayTimezone = "display_timezone"
    case feverThreshold = "fever_threshold"
    case quarantineDays = "quarantine_days"
    case quarantineGrace = "quarantine_grace"
    case clearanceDays = "clearance_days"
    case outingQuota = "outing_quota"
    case outingMax = "outing_max"
    case durability
    case retentionDays = "retention_days"
    case alertRetentionDays = "alert_retention_days"
    case maxLineBytes = "max_line_bytes"
    case maxConnections = "max_connections"
    case idleTimeout = "idle_timeout"
    case helloTimeout = "hello_timeout"
    case maxInflight = "max_inflight"
    case maxUnauthenticatedPerAddress = "max_unauthenticated_per_address"
    case lookupPerMinute = "lookup_per_minute"
    case maxBatchRecords = "max_batch_records"
    case readerConnections = "reader_connections"
    case recheckWindow = "recheck_window"
    case escalateAfter = "escalate_after"
    case silentAfter = "silent_after"
    case driftWindow = "drift_window"
    case driftThreshold = "drift_threshold"
    case outAfter = "out_after"
    case followupTimes = "followup_times"
    case controlGroup = "control_group"
    case adminGroup = "admin_group"
    case controlMaxConnections = "control_max_connections"
    case controlIdleTimeout = "control_idle_timeout"
    case logTarget = "log_target"
    case logLevel = "log_level"
    case backupDir = "backup_dir"
    case alertCommand = "alert_command"
    case alertCommandTimeout = "alert_command_timeout"
    case district
    case cityURL = "city_url"
    case cityPasswordFile = "city_password_file"
    case httpListen = "http_listen"
    case httpAuth = "http_auth"
    case httpUsersFile = "http_users_file"

    /// A path that may be given empty, meaning "not set" (`--tls-cert=` undoes a file's `tls_cert`).
    var mayBeEmpty: Bool {
        self == .tlsCert || self == .tlsKey || self == .tlsClientCA || self == .alertCommand || self == .cityPasswordFile
            || self == .httpUsersFile
    }

    /// `--key-with-dashes`.
    var flag: String {
        "--" + String(rawValue.map { $0 == "_" ? "-" : $0 })
    }

    /// What the value is and which values are accepted.
    var kind: SettingKind {
        switch self {
        case .listen: .listen
        case .control, .stateDir, .runtimeDir, .database, .backupDir: .path
        case .tlsCert, .tlsKey, .tlsClientCA: .path
        case .plaintextTCP: .choice(StationTLSConfiguration.PlaintextTCP.allCases.map(\.rawValue))
        case .displayTimezone: .zone
        case .feverThreshold: .tenths(Temperature.acceptedTenths, expected: "a temperature like 37.3")
        case .driftThreshold: .tenths(1...50, expected: "a temperature difference like 0.5")
        case .quarantineDays: .integer(1...365)
        case .clearanceDays: .integer(1...3650)
        case .outingQuota: .outingQuota
        case .outingMax: .durationOrOff
        case .retentionDays, .alertRetentionDays: .integer(1...3650)
        case .maxLineBytes: .integer(64...1_048_576)
        case .maxConnections: .integer(1...1_000_000)
        case .maxInflight: .integer(1...65536)
        case .maxUnauthenticatedPerAddress: .integer(1...1_000_000)
        case .lookupPerMinute: .integer(1...100_000)
        case .controlMaxConnections: .integer(1...65536)
        case .controlIdleTimeout: .duration(allowsZero: false)
        case .maxBatchRecords: .integer(1...100_000)
        case .readerConnections: .integer(1...64)
        case .driftWindow: .integer(10...100_000)
        case .quarantineGrace: .duration(allowsZero: true)
        case .idleTimeout, .helloTimeout, .recheckWindow, .escalateAfter, .silentAfter, .outAfter:
            .duration(allowsZero: false)
        case .followupTimes: .timesOfDay
        case .durability: .choice(Durability.allCases.map(\.rawValue))
        case .logTarget: .choice(LogTarget.allCases.map(\.rawValue))
        case .logLevel: .choice(LoggingConfiguration.levels)
        case .controlGroup, .adminGroup: .group
        case .alertCommand: .command
        case .alertCommandTimeout: .duration(allowsZero: false)
        case .district: .district
        case .cityURL: .databaseURL
        case .cityPasswordFile: .path
        case .httpListen: .httpListen
        case .httpAuth: .choice(HTTPConfiguration.Authentication.allCases.map(\.rawValue))
        case .httpUsersFile: .path
        }
    }

    /// The built-in value in file syntax, as the docs show it (written from Core's `Defaults`); nil for the paths
    /// and listeners, which are derived from other settings and the environment.
    var builtInText: String? {
        switch self {
        case .listen, .control, .stateDir, .runtimeDir, .database, .backupDir: nil
        case .tlsCert, .tlsKey, .tlsClientCA, .alertCommand: ""
        case .district, .cityURL, .cityPasswordFile: ""
        case .httpListen: "tcp:127.0.0.1:\(Defaults.httpPort)"
        case .httpAuth: HTTPConfiguration.Authentication.none.rawValue
        case .httpUsersFile: ""
        case .plaintextTCP: StationTLSConfiguration.PlaintextTCP.loopbackOnly.rawValue
        case .displayTimezone, .controlGroup, .adminGroup: ""
        case .feverThreshold: Defaults.feverThreshold.description
        case .quarantineDays: String(Defaults.quarantineDays)
        case .quarantineGrace: Defaults.quarantineGrace.description
        case .clearanceDays: String(Defaults.clearanceDays)
        case .outingQuota, .outingMax: "off"
        case .durability: Durability.full.rawValue
        case .retentionDays: String(Defaults.retentionDays)
        case .alertRetentionDays: String(Defaults.alertRetentionDays)
        case .maxLineBytes: String(Defaults.maxLineBytes)
        case .maxConnections: String(Defaults.maxConnections)
        case .idleTimeout: Defaults.idleTimeout.description
        case .helloTimeout: Defaults.helloTimeout.description
        case .maxInflight: String(Defaults.maxInflight)
        case .maxUnauthenticatedPerAddress: String(Defaults.maxUnauthenticatedPerAddress)
        case .lookupPerMinute: String(Defaults.lookupPerMinute)
        case .controlMaxConnections: String(Defaults.controlMaxConnections)
        case .controlIdleTimeout: Defaults.controlIdleTimeout.description
        case .maxBatchRecords: String(Defaults.maxBatchRecords)
        case .readerConnections: String(Defaults.readerConnections)
        case .recheckWindow: Defaults.recheckWindow.description
        case .escalateAfter: Defaults.escalateAfter.description
        case .silentAfter: Defaults.silentAfter.description
        case .driftWindow: String(Defaults.driftWindow)
        case .driftThreshold: DecimalTenths.text(Defaults.driftThresholdTenths)
        case .outAfter: Defaults.outAfter.description
        case .followupTimes: FollowupTimes.standard.description
        case .logTarget: LogTarget.auto.rawValue
        case .logLevel: "info"
        case .alertCommandTimeout: Defaults.alertCommandTimeout.description
        }
    }

    /// `builtInText`, parsed.
    var defaultValue: SettingValue? {
        builtInText.map { text in
            do throws(ConfigError) {
                return try SettingParser().parseUnplaced(text, for: self, baseDirectory: "/")
            } catch {
                preconditionFailure("the built-in default of \(rawValue) does not parse: \(error)")
            }
        }
    }

    /// The default as people read it: the value in file syntax, or the rule that derives it.
    var defaultText: String {
        switch self {
        case .listen: "tcp:127.0.0.1:\(Defaults.stationPort) and unix:<runtime_dir>/station.sock"
        case .control: "<runtime_dir>/control.sock"
        case .tlsCert, .tlsKey: "empty: no TLS listener can be served"
        case .tlsClientCA: "empty: TLS clients need no certificate"
        case .stateDir: "$STATE_DIRECTORY, else $XDG_STATE_HOME/checkpointd, else $HOME/.local/state/checkpointd"
        case .runtimeDir: "$RUNTIME_DIRECTORY, else $XDG_RUNTIME_DIR/checkpointd, else <state_dir>/run"
        case .database: "<state_dir>/checkpointd.db"
        case .backupDir: "<state_dir>/backups"
        case .displayTimezone: "empty: the system's zone"
        case .controlGroup: "empty: the daemon's own group"
        case .adminGroup: "empty: anyone who can open the control socket"
        case .alertCommand: "empty: no command is run"
        case .district: "empty: required with city_url"
        case .cityURL: "empty: no city; the district works alone"
        case .cityPasswordFile: "empty: no password (peer or certificate authentication)"
        case .httpUsersFile: "empty: no users (http_auth = basic needs them)"
        default: builtInText ?? ""
        }
    }

    /// One line for `--help` and the docs.
    var help: String {
        switch self {
        case .listen: "Station listener; repeat for several. Any --listen replaces the file's and the defaults."
        case .control: "Control socket for checkpointctl (mode 0660)."
        case .tlsCert: "Server certificate (PEM) for tls: listeners; re-read on reload."
        case .tlsKey: "Private key (PEM) of tls_cert; re-read on reload."
        case .tlsClientCA: "CA (PEM) of station certificates; set, TLS stations need one naming their id."
        case .plaintextTCP: "loopback-only: HELLO over plain TCP only from 127.0.0.1/::1; allow: from anywhere."
        case .stateDir: "Directory for the database and other persistent state."
        case .runtimeDir: "Directory for sockets."
        case .database: "SQLite database file."
        case .displayTimezone:
            "Zone for times shown to people and for the day of a violation case, e.g. Asia/Shanghai or UTC."
        case .feverThreshold: "A reading at or above this (°C) is a fever."
        case .quarantineDays: "Length of a quarantine order opened by origin=outside, in days."
        case .quarantineGrace: "A record this soon after an order started is not a violation."
        case .clearanceDays: "Days a fever keeps a person off work (LOOKUP clear=, clearance); <= retention."
        case .outingQuota: "Exits per household of home residents in N local days (1/2d), over it a notice; or off."
        case .outingMax: "A home resident back after longer out than this gets a notice (4h); or off."
        case .durability: "full: fsync every group commit; normal: faster, may lose commits on power loss."
        case .retentionDays: "Records are purged after this many days."
        case .alertRetentionDays: "Alerts and quarantine orders are purged after this many days."
        case .maxLineBytes: "Longest station line in bytes; longer lines get E_TOOLONG."
        case .maxConnections: "Most station connections at once; more get E_BUSY."
        case .idleTimeout: "A station session with no line for this long is closed."
        case .helloTimeout: "A TCP connection without HELLO for this long is closed."
        case .maxInflight: "Unanswered records per connection before reading pauses."
        case .maxUnauthenticatedPerAddress: "Connections without a successful HELLO per address; more get E_BUSY."
        case .lookupPerMinute: "LOOKUPs one station may send per minute; more get E_BUSY."
        case .controlMaxConnections: "Most control connections at once; more get E_BUSY and are closed."
        case .controlIdleTimeout: "A control connection with no request in flight for this long is closed."
        case .maxBatchRecords: "Most records per group commit."
        case .readerConnections: "Read-only database connections for queries."
        case .recheckWindow: "A fever alert waits this long for a re-check reading."
        case .escalateAfter: "An unacknowledged violation or confirmed fever is escalated after this."
        case .silentAfter: "A 24 h checkpoint with no record for this long raises SILENT."
        case .driftWindow: "Readings per station that the drift median covers (compared from min(50, this))."
        case .driftThreshold: "A station's median this far (°C) from its grid's raises DRIFT."
        case .outAfter: "presence lists people whose last EXIT is older than this."
        case .followupTimes: "Deadlines (display zone) by which each person under an order needs a reading."
        case .controlGroup: "Group that owns the control socket."
        case .adminGroup: "Group of admins: registry, tokens, release, backup, reload, reveal."
        case .logTarget: "auto (journal under journald, else stderr), journal or stderr."
        case .logLevel: "trace, debug, info, notice, warning, error or critical."
        case .backupDir: "Folder backup writes into (created 0700); backup takes a file name in it."
        case .alertCommand: "Program run for each new, escalated and closed alert, its facts in ALERT_* variables."
        case .alertCommandTimeout: "One run of alert_command is killed after this (then retried)."
        case .district: "This district's name in the city database (letters, digits, _ . -)."
        case .cityURL: "City PostgreSQL: postgresql://ROLE@HOST:PORT/DB?sslmode=verify-full&sslrootcert=PATH."
        case .cityPasswordFile: "File whose first line is the city role's password."
        case .httpListen: "Dashboard and /metrics: tcp:HOST:PORT, tls:HOST:PORT, unix:PATH or off."
        case .httpAuth: "none (loopback and Unix sockets only) or basic (users of http_users_file)."
        case .httpUsersFile: "Users of http_auth = basic, NAME:HASH a line (checkpointctl http passwd makes one)."
        }
    }

    /// The placeholder shown after the flag in `--help`.
    var valueHint: String {
        switch kind {
        case .listen: "tcp:HOST:PORT|tls:HOST:PORT|unix:PATH"
        case .path, .command: "PATH"
        case .zone: "ZONE"
        case .tenths(let range, _): ValueSyntax.rangeText(range, tenths: true, separator: "-")
        case .integer(let range): ValueSyntax.rangeText(range, tenths: false, separator: "-")
        case .duration: "DURATION"
        case .choice(let names): names.joined(separator: "|")
        case .group: "GROUP"
        case .timesOfDay: "HH:MM,..."
        case .outingQuota: "N/Dd|off"
        case .durationOrOff: "DURATION|off"
        case .district: "NAME"
        case .databaseURL: "URL"
        case .httpListen: "tcp:HOST:PORT|tls:HOST:PORT|unix:PATH|off"
        }
    }

    /// Finds a setting by its flag (`--max-line-bytes`).
    init?(flag: String) {
        guard let match = Setting.allCases.first(where: { $0.flag == flag }) else {
            return nil
        }
        self = match
    }
}

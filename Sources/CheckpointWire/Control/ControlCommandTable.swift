import CheckpointCore

/// Who may run a control command (issue 13, least privilege). Everyone who can open the control socket is an
/// operator; when `admin_group` is set, only its members are admins (when it is empty, every caller is).
public enum ControlRole: String, Sendable, Hashable {
    /// Reads, `ack`, `quarantine.add`: anyone who can open the control socket (group `checkpointd`).
    case `operator`
    /// The registry, tokens, `quarantine.release`, `backup`, `reload`, and `reveal=true` on any list.
    case admin
}

/// One control command's contract (SPEC §4): its name, the arguments it takes, the role that may run it, and the
/// keys of its result object.
public struct ControlCommandSpec: Sendable {
    public let name: String
    /// In the order the server checks them.
    public let arguments: [ControlArgument]
    /// Who may run it; `reveal=true` asks for ``ControlRole/admin`` whatever the command's role.
    public let role: ControlRole
    /// Changes something (logged with the caller's uid).
    public let changesState: Bool
    /// The keys the result object may have (for `export` the final line's, for `watch` the first line's).
    public let resultKeys: [String]

    public init(
        _ name: String, arguments: [ControlArgument] = [], role: ControlRole = .operator, changesState: Bool? = nil,
        result: [String]
    ) {
        self.name = name
        self.arguments = arguments
        self.role = role
        self.changesState = changesState ?? (role == .admin)
        self.resultKeys = result
    }

    /// The argument names, as `E_ARGUMENT` lists them.
    public var argumentNames: Set<String> { Set(arguments.map(\.name.text)) }

    public func takes(_ name: ControlArgumentName) -> Bool {
        arguments.contains { $0.name == name }
    }

    public func argument(_ name: ControlArgumentName) -> ControlArgument? {
        arguments.first { $0.name == name }
    }
}

/// Every control command (SPEC §4). The server dispatches on it and `checkpointctl` builds its requests from it;
/// adding a command starts here.
public enum ControlCommandTable {
    public static let all: [ControlCommandSpec] = [
        .version, .health, .reload, .checkpoints, .checkpointAdd, .checkpointSet, .checkpointRemove, .stations,
        .stationAdd, .stationRevoke, .stationRotate, .stats, .alerts, .ack, .trace, .clearance, .records,
        .quarantineList, .quarantineAdd, .quarantineRelease, .presence, .audit, .backup, .export, .watch, .check,
        .personErase, .auditVerify, .personLink, .personUnlink, .personShow, .reportDaily, .personImport,
        .personList, .sites, .siteAdd, .siteTag, .siteRecheck, .siteShow, .siteWorkersImport, .siteHealthForm,
    ]

    private static let byName: [String: ControlCommandSpec] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0) })

    public static func named(_ name: String) -> ControlCommandSpec? { byName[name] }

    /// The command names, sorted (as `E_UNKNOWN_CMD` lists them).
    public static var names: [String] { all.map(\.name).sorted() }
}

extension ControlCommandSpec {
    static let checkpointKeys = [
        "id", "name", "grid", "staffed", "kind", "site", "stations", "created_at", "removed_at",
    ]
    static let stationKeys = [
        "id", "checkpoint", "connected", "first_seq", "last_seq", "last_seen", "created_at", "rotated_at",
        "revoked_at", "missing", "missing_count",
    ]
    static let alertKeys = [
        "id", "type", "at", "person", "checkpoint", "station", "record_id", "state", "recheck", "escalated_at",
        "acked_at", "acked_by", "note", "detail", "count", "last_at", "grid", "detail_code",
    ]
    static let quarantineKeys = [
        "id", "person", "start", "end", "active", "status", "record_id", "reason", "reason_code", "note",
        "released_at", "released_by", "grid", "last_reading", "next_deadline", "window_opens", "read_in_window",
        "district",
    ]
    static let countKeys = ["records", "by_kind", "fevers", "violations"]
    static let limit = ControlArgument.optional(.limit, .wholeNumber(1...100_000))
    static let since = ControlArgument.optional(.since, .time)
    static let until = ControlArgument.optional(.until, .time)
    /// Issue 13: a list not chosen by person shows people masked unless `reveal=true` (admins, with a reason).
    static let reveal = ControlArgument.optional(.reveal, .flag)
    /// Issue 13: required (and audited) for a read chosen by person, a live feed of records, or `reveal=true`.
    static let accountable = ControlArgument.optional(.reason, .text)
    /// Issue 16: narrows a list to one grid's checkpoints, alerts or orders.
    static let grid = ControlArgument.optional(.grid, .identifier)

    public static let version = ControlCommandSpec(
        "version",
        result: [
            "version", "protocol", "control_protocol", "sqlite_version", "started_at", "uptime_s", "display_timezone",
            "utc_offset",
        ])
    public static let health = ControlCommandSpec(
        "health",
        result: [
            "status", "db_writable", "last_commit_age_ms", "queue_depth", "commits", "committed_records",
            "stations_connected", "connections", "unauthenticated_connections", "lookups", "lookups_refused",
            "error", "alert_command", "city", "uplink_lag_records", "uplink_lag_s",
        ])
    public static let reload = ControlCommandSpec("reload", role: .admin, result: ["reloaded", "summary"])
    public static let checkpoints = ControlCommandSpec("checkpoints", result: ["items"])
    /// `compound`, `workplace` or `visit` (issue 15): what is a violation there.
    static let checkpointKind = ControlArgument.optional(.kind, .choice(CheckpointKind.allCases.map(\.rawValue)))
    /// Issue 19: the enterprise site a workplace checkpoint belongs to (`site.add`); `-` in `checkpoint.set` detaches it.
    static let checkpointSite = ControlArgument.optional(.site, .text)
    public static let checkpointAdd = ControlCommandSpec(
        "checkpoint.add",
        arguments: [
            .required(.id, .identifier), .required(.grid, .identifier), .optional(.name, .text),
            .optional(.staffed, .staffedHours), checkpointKind, checkpointSite,
        ], role: .admin, result: checkpointKeys)
    /// Changes a checkpoint in service: at least one of `name`, `grid`, `staffed`, `kind`, `site` (issue 19: a
    /// workplace checkpoint's enterprise site, `-` for none). A new kind closes the
    /// checkpoint's station sessions, so each terminal says `HELLO` again and learns it; `reconnected` lists the
    /// stations whose sessions were closed.
    public static let checkpointSet = ControlCommandSpec(
        "checkpoint.set",
        arguments: [
            .required(.id, .identifier), .optional(.name, .text), .optional(.grid, .identifier),
            .optional(.staffed, .staffedHours), checkpointKind, checkpointSite,
        ], role: .admin, result: checkpointKeys + ["reconnected"])
    public static let checkpointRemove = ControlCommandSpec(
        "checkpoint.remove", arguments: [.required(.id, .identifier), .optional(.force, .flag)], role: .admin,
        result: checkpointKeys)
    public static let stations = ControlCommandSpec("stations", result: ["items"])
    public static let stationAdd = ControlCommandSpec(
        "station.add", arguments: [.required(.id, .identifier), .required(.checkpoint, .identifier)],
        role: .admin, result: stationKeys + ["token"])
    public static let stationRevoke = ControlCommandSpec(
        "station.revoke", arguments: [.required(.id, .identifier)], role: .admin, result: stationKeys)
    public static let stationRotate = ControlCommandSpec(
        "station.rotate", arguments: [.required(.id, .identifier)], role: .admin, result: stationKeys + ["token"])
    /// `until` (exclusive) and `by=day` (a row per local day of the display zone): issue 16.
    public static let stats = ControlCommandSpec(
        "stats",
        arguments: [
            since, until, .optional(.checkpoint, .text), .optional(.grid, .text),
            .optional(.by, .choice(["checkpoint", "grid", "hour", "day", "category"])),
        ],
        result: countKeys + [
            "open_alerts", "active_quarantines", "stations_connected", "rate_1m", "since", "until", "per_checkpoint",
            "per_grid", "per_hour", "per_day", "per_category", "uplink_lag_records", "uplink_lag_s", "visitors",
            "notices",
        ])
    /// The keys of a daily report row (issue 16 point 4), in the order of the report's columns.
    public static let dailyReportKeys = [
        "level", "grid", "checkpoint", "name", "records", "people", "temp", "entry", "exit", "fevers",
        "fevers_confirmed", "fevers_cleared", "fevers_missed", "violations", "new_orders", "active_orders",
        "silent_spells", "missing_seqs",
    ]
    /// Issue 16 point 4: the daily report (日报) of one local day of the display zone, `date` being `YYYY-MM-DD`,
    /// `today` or `yesterday`. Counts only, no person: an operator's read, not audited.
    public static let reportDaily = ControlCommandSpec(
        "report.daily", arguments: [.required(.date, .text), .optional(.grid, .identifier)],
        result: ["date", "from", "to", "grid", "items", "per_category"])
    public static let alerts = ControlCommandSpec(
        "alerts",
        arguments: [
            .optional(.state, .choice(["open", "acked", "all"])),
            .optional(.type, .choice(AlertType.allCases.map(\.rawValue))), since, limit, grid, reveal, accountable,
        ], result: ["items"])
    public static let ack = ControlCommandSpec(
        "ack", arguments: [.required(.id, .wholeNumber(1...Int64.max)), .optional(.note, .text), .optional(.by, .text)],
        changesState: true, result: alertKeys)
    public static let trace = ControlCommandSpec(
        "trace",
        arguments: [
            .required(.person, .person), .optional(.days, .wholeNumber(1...3650)), .required(.reason, .text),
        ],
        result: ["person", "since", "items", "quarantines", "identity", "check_id"])
    /// Issue 15 point 3 (扫码复工): may the person go back to work, and their last `clearance_days` days; audited as
    /// `trace` is.
    public static let clearance = ControlCommandSpec(
        "clearance", arguments: [.required(.person, .person), .required(.reason, .text)],
        result: [
            "person", "person_masked", "clearance_days", "from", "to", "clear", "why", "until", "since", "clear_from",
            "verdict", "verdict_zh", "quarantines", "fevers", "per_day",
        ])
    public static let records = ControlCommandSpec(
        "records",
        arguments: [
            .optional(.checkpoint, .text), grid, .optional(.person, .person),
            .optional(.kind, .choice(RecordKind.allCases.map(\.rawValue))), since, until, limit, reveal,
            accountable,
        ], result: ["items"])
    public static let quarantineList = ControlCommandSpec(
        "quarantine.list",
        arguments: [
            .optional(.state, .choice(["active", "all"])), .optional(.person, .person), grid, limit, reveal,
            accountable,
        ],
        result: ["items"])
    public static let quarantineAdd = ControlCommandSpec(
        "quarantine.add",
        arguments: [
            .required(.person, .person), .optional(.start, .time), .optional(.days, .wholeNumber(1...365)),
            .optional(.reason, .text), .optional(.note, .text), grid,
        ], changesState: true, result: quarantineKeys)
    public static let quarantineRelease = ControlCommandSpec(
        "quarantine.release",
        arguments: [
            .required(.person, .person), .optional(.note, .text), .optional(.reason, .text), .optional(.by, .text),
        ],
        role: .admin, result: quarantineKeys + ["also_released"])
    /// Takes `checkpoint` or `grid`: exactly one of them.
    public static let presence = ControlCommandSpec(
        "presence", arguments: [.optional(.checkpoint, .text), .optional(.grid, .text), reveal, accountable],
        result: ["inside", "out_after_s", "items"])
    public static let audit = ControlCommandSpec("audit", arguments: [since, limit], result: ["items"])
    /// `path` is a file name inside the daemon's `backup_dir` (issue 13); audited, so `reason` is required.
    public static let backup = ControlCommandSpec(
        "backup", arguments: [.required(.path, .fileName), .required(.reason, .text)], role: .admin,
        result: ["path", "bytes"])
    /// `PRAGMA integrity_check` online; `integrity` is `ok` or `damaged`.
    public static let check = ControlCommandSpec("check", result: ["integrity", "database", "problems"])
    /// Streamed: a header line, one line per record, then the result.
    public static let export = ControlCommandSpec(
        "export",
        arguments: [.optional(.format, .choice(["csv", "jsonl"])), since, until, grid, .required(.reason, .text)],
        result: ["rows"])
    /// Streamed: the result first, then event lines until the client disconnects.
    public static let watch = ControlCommandSpec(
        "watch", arguments: [.optional(.types, .list(["alert", "record"])), grid, reveal, accountable],
        result: ["watching"])
    /// Issue 13, point 9: removes one person's records, alerts, orders and `people_other` row, audited (masked).
    public static let personErase = ControlCommandSpec(
        "person.erase", arguments: [.required(.person, .person), .required(.reason, .text)], role: .admin,
        result: [
            "person", "records", "alerts", "quarantines", "links", "people_other", "audit_masked", "audit_resealed",
            "wal_truncated", "roster_lines",
        ])
    static let linkKeys = ["person", "id", "documents", "shared", "order_until"]
    /// Issue 15: links a phone (`person`) to a resident ID or `other:` id (`id`), audited; `shared` when the phone
    /// now has several, `order_until` when that left an order under the phone applying to no one.
    public static let personLink = ControlCommandSpec(
        "person.link", arguments: [.required(.person, .person), .required(.id, .person), .required(.reason, .text)],
        role: .admin, result: linkKeys)
    /// Issue 15: removes a link, audited.
    public static let personUnlink = ControlCommandSpec(
        "person.unlink", arguments: [.required(.person, .person), .required(.id, .person), .required(.reason, .text)],
        role: .admin, result: linkKeys)
    /// Issue 15: a person's identity and its links; a read chosen by person, so audited with a reason.
    public static let personShow = ControlCommandSpec(
        "person.show", arguments: [.required(.person, .person), .required(.reason, .text)],
        result: ["person", "identity", "shared_by", "check_id", "links", "roster", "sites"])
    /// Issue 13, point 12: checks the audit hash chain; `ok` false names the first edited or deleted row.
    public static let auditVerify = ControlCommandSpec(
        "audit.verify",
        result: ["ok", "rows", "first_id", "head_id", "head_hash", "anchor_id", "row_id", "problem"])

    // MARK: issue 19, residents and enterprises

    /// A batch of lines of a file `checkpointctl` read: `rows` (each an object of the file's columns and `line`).
    /// A file of any size goes over one connection as several requests: each is checked and staged on that
    /// connection; the one with `final=true` stores them all in one transaction, or none (every bad line named by
    /// number). A connection that closes before its final request stores nothing.
    static let importRows: [ControlArgument] = [
        .required(.rows, .rows), .optional(.final, .flag), .optional(.source, .text), .optional(.reason, .text),
    ]
    static let importKeys = ["staged", "imported", "removed", "linked", "grids", "final"]
    /// The roster (`RosterEntry.columns`): staged, then stored with `final=true`. `replace=true` makes the file the
    /// whole roster of each grid it names (residents of those grids missing from it are taken off).
    public static let personImport = ControlCommandSpec(
        "person.import", arguments: importRows + [.optional(.replace, .flag)], role: .admin, result: importKeys)
    static let residentKeys = [
        "person", "phone", "name", "grid", "checkpoint", "home", "household", "category", "imported_at",
    ]
    /// One grid's roster, chosen by grid, so audited with a reason (names are masked in the log, not here).
    public static let personList = ControlCommandSpec(
        "person.list",
        arguments: [
            .required(.grid, .identifier), .optional(.category, .choice(ResidentCategory.allCases.map(\.rawValue))),
            limit, .required(.reason, .text),
        ],
        result: ["grid", "items", "households"])
    static let siteKeys = [
        "id", "name", "grid", "tag", "tag_since", "tag_reason", "tagged_by", "recheck_by", "recheck_due",
        "last_recheck_at", "checkpoints", "workers", "workers_seen_today", "open_alerts", "created_at",
    ]
    public static let sites = ControlCommandSpec(
        "sites", arguments: [grid, .optional(.tag, .choice(SiteTag.allCases.map(\.rawValue)))], result: ["items"])
    /// A new site is tagged blue (approved to reopen); `site.tag` changes it.
    public static let siteAdd = ControlCommandSpec(
        "site.add",
        arguments: [
            .required(.id, .identifier), .required(.name, .text), .required(.grid, .identifier),
        ], role: .admin, result: siteKeys)
    /// `recheck_by` (`YYYY-MM-DD`, a local day) is required for yellow and refused for blue and red.
    public static let siteTag = ControlCommandSpec(
        "site.tag",
        arguments: [
            .required(.id, .identifier), .required(.tag, .choice(SiteTag.allCases.map(\.rawValue))),
            .required(.reason, .text), .optional(.recheckBy, .text), .optional(.by, .text),
        ], role: .admin, result: siteKeys)
    /// The follow-up inspection of a yellow site: it stops `RECHECK_DUE` for the current tag.
    public static let siteRecheck = ControlCommandSpec(
        "site.recheck", arguments: [.required(.id, .identifier), .required(.note, .text), .optional(.by, .text)],
        role: .admin, result: siteKeys)
    public static let siteShow = ControlCommandSpec(
        "site.show", arguments: [.required(.id, .identifier)], result: siteKeys + ["history", "rechecks"])
    /// The site's staff list (`WorkerEntry.columns`), staged like `person.import`; the final request replaces
    /// the site's list.
    public static let siteWorkersImport = ControlCommandSpec(
        "site.workers.import", arguments: [.required(.id, .identifier)] + importRows, role: .admin,
        result: importKeys)
    /// 员工健康信息表: a row per worker for one local day (`date` as `report.daily` takes it), audited.
    public static let siteHealthForm = ControlCommandSpec(
        "site.health_form",
        arguments: [.required(.id, .identifier), .required(.date, .text), .optional(.reason, .text)],
        result: ["site", "name", "date", "from", "to", "items", "passed", "workers"])
}

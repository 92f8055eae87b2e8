import ArgumentParser
import CheckpointWire

/// `checkpointctl status`: the daemon's version and health in two lines.
struct Status: ControlCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the daemon's version, uptime and health.",
        discussion: """
            Asks checkpointd for `version` and `health`. Health is `ok`, or `degraded` when the database cannot \
            be written (disk full, I/O error): the daemon keeps running and answers stations E_UNAVAILABLE until \
            the cause goes away. A degraded daemon still exits 0 here; scripts read `--json` \
            (`{"version":{...},"health":{...}}`).

            Example:
              $ checkpointctl status
              checkpointd 0.1.0 up 2h13m, protocol 1, SQLite 3.40.1
              health: ok  (db writable, last commit 120 ms ago, queue 0)

            With `alert_command` set, a third line counts its runs since the start (docs/operations.md, "Alerts \
            that reach a person"):
              alert command: 0 queued, 0 running, 41 succeeded, 1 failed, 3 retried, 1 timed out, 0 dropped
            """
    )

    @OptionGroup var global: GlobalOptions

    func exchange(over connection: ControlConnection) throws(CtlError) -> JSONObject {
        let version = try connection.call(ControlRequest(.version))
        let health = try connection.call(ControlRequest(.health))
        return ["version": .object(version), "health": .object(health)]
    }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        let version = result["version"]?.objectValue ?? JSONObject()
        let health = result["health"]?.objectValue ?? JSONObject()

        var first = "checkpointd \(version.text("version"))"
        if let uptime = version["uptime_s"]?.intValue {
            first += L(" up {1}", DurationText.seconds(uptime))
        }
        first += L(", protocol {1}, SQLite {2}", version.text("protocol"), version.text("sqlite_version"))

        let status = health.text("status")
        let paintedStatus =
            switch status {
            case "ok": style.paint(L.word(status), .green)
            case "degraded": style.paint(L.word(status), .bold, .red)
            default: style.paint(L.word(status), .yellow)
            }
        var details: [String] = []
        switch health["db_writable"] {
        case .bool(true)?: details.append(L("db writable"))
        case .bool(false)?: details.append(style.paint(L("db NOT writable"), .red))
        default: break
        }
        if let age = health["last_commit_age_ms"]?.intValue {
            details.append(L("last commit {1} ago", DurationText.milliseconds(age)))
        } else if health["last_commit_age_ms"] != nil {
            details.append(L("no commit yet"))
        }
        if health.has("queue_depth") {
            details.append(L("queue {1}", health.text("queue_depth")))
        }
        var second = L("health: {1}", paintedStatus)
        if !details.isEmpty {
            second += L("  ({1})", details.joined(separator: L(", ")))
        }
        var output = first + "\n" + second + "\n"
        if health.has("error") {
            output += L("error: {1}", health.text("error")) + "\n"
        }
        // Issue 16 point 5: the zone every time is shown in (a daemon older than that does not say).
        if version.has("utc_offset") {
            let name = version.has("display_timezone") ? version.text("display_timezone") : L("the system's")
            output += L("display zone: {1} (UTC{2})", name, version.text("utc_offset")) + "\n"
        }
        if let command = health["alert_command"]?.objectValue, command["configured"] == .bool(true) {
            output += "alert command: " + Status.alertCommandCounts(command, style: style) + "\n"
        }
        // Issue 17: the city, when the daemon ships to one.
        if let city = health["city"]?.objectValue {
            output += Status.cityLine(city, health: health, style: style) + "\n"
        }
        return output
    }

    /// `city: district A, uplink connected, 0 records behind (0 s), registry read 2026-12-06 21:40`.
    static func cityLine(_ city: JSONObject, health: JSONObject, style: TerminalStyle) -> String {
        let uplink =
            city["uplink_connected"] == .bool(true)
            ? L("uplink connected") : style.paint(L("uplink cut off"), .red)
        let registry =
            city["registry_stale"] == .bool(true)
            ? style.paint(L("registry as last read {1}", (LocalTimeText.shortened(city.text("registry_synced_at")) ?? city.text("registry_synced_at"))), .red)
            : L("registry read {1}", (LocalTimeText.shortened(city.text("registry_synced_at")) ?? city.text("registry_synced_at")))
        var line = L(
            "city: district {1}, {2}, {3} records behind ({4} s), {5}", city.text("district"), uplink,
            health.text("uplink_lag_records"), health.text("uplink_lag_s"), registry)
        if city.has("error") {
            line += "\n" + L("city error: {1}", city.text("error"))
        }
        return line
    }

    /// `0 queued, 0 running, 41 succeeded, 1 failed, 3 retried, 1 timed out, 0 dropped`; failures in red.
    static func alertCommandCounts(_ command: JSONObject, style: TerminalStyle) -> String {
        let counts = [
            ("queued", "queued"), ("running", "running"), ("succeeded", "succeeded"), ("failed", "failed"),
            ("retried", "retried"), ("timed_out", "timed out"), ("dropped", "dropped"),
        ]
        return counts.map { key, label in
            let count = command[key]?.intValue ?? 0
            let text = "\(count) \(label)"
            return count > 0 && (key == "failed" || key == "dropped") ? style.paint(text, .red) : text
        }.joined(separator: ", ")
    }
}

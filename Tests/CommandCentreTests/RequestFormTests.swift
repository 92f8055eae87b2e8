import CheckpointTestSupport
import Foundation
import Testing

/// SPEC §4 request forms and the reply envelope; SPEC §10 "Control results".
@Suite struct RequestFormTests {
    /// SPEC §4: every command of the table.
    static let commands = [
        "version", "health", "stats", "checkpoints", "checkpoint.add", "checkpoint.set", "checkpoint.remove",
        "stations", "station.add", "station.revoke", "station.rotate", "alerts", "ack", "trace", "clearance", "records",
        "quarantine.list", "quarantine.add", "quarantine.release", "export", "backup", "reload", "presence", "audit",
        "watch", "check", "person.erase", "audit.verify", "person.link", "person.unlink", "person.show",
        "report.daily", "person.import", "person.list", "sites", "site.add", "site.tag", "site.recheck", "site.show",
        "site.workers.import", "site.health_form",
    ]

    /// A daemon with a fever, a violation, passages and an operator's order to look at.
    static func populated() throws -> Centre {
        let centre = try Centre()
        try centre.send("TEMP", "person=13800138000 temp=38.2")
        try centre.send("ENTRY", "person=13900139000")
        try centre.send("EXIT", "person=13500135000 ts=\(ago(13 * WallTime.hourMilliseconds))")
        _ = try centre.control.must("quarantine.add", [
            "person": "13700137000", "reason": "close contact", "start": String(ago(3 * WallTime.hourMilliseconds)),
        ])
        try centre.send("EXIT", "person=13700137000")
        return centre
    }

    @Test func request_whenSentAsJSONOrAsTypedLine_givesTheSameResult() throws {
        let centre = try Self.populated()
        let pairs = [
            (#"{"cmd":"checkpoints"}"#, "checkpoints"),
            (#"{"cmd":"stations"}"#, "stations"),
            (#"{"cmd":"alerts","state":"all","limit":5}"#, "alerts state=all limit=5"),
            (#"{"cmd":"alerts","type":"VIOLATION"}"#, "  alerts\ttype=VIOLATION"),
            (#"{"cmd":"records","checkpoint":"gate-1","kind":"EXIT","limit":10}"#,
             "records checkpoint=gate-1 kind=EXIT limit=10"),
            (#"{"cmd":"stats","checkpoint":"gate-1","by":"hour"}"#, "stats checkpoint=gate-1 by=hour"),
            (#"{"cmd":"quarantine.list","state":"all"}"#, "quarantine.list state=all"),
            (#"{"cmd":"presence","checkpoint":"gate-1"}"#, "presence checkpoint=gate-1"),
            (#"{"cmd":"trace","person":"13900139000","reason":"case 12, ward 3"}"#,
             #"trace person=13900139000 reason="case 12, ward 3""#),
            (#"{"cmd":"audit","limit":3}"#, "audit limit=3"),
        ]
        for (json, typed) in pairs {
            let first = try centre.control.ask(json)
            let second = try centre.control.ask(typed)
            #expect(first.ok && second.ok, "\(first) / \(second)")
            var lhs = first.result
            var rhs = second.result
            for volatile in ["rate_1m", "since"] where json.contains("stats") || json.contains("trace") {
                lhs[volatile] = nil
                rhs[volatile] = nil
            }
            #expect(sameJSON(lhs, rhs), "\(json) and \(typed) differ:\n\(first)\n\(second)")
        }
        let alerts = try centre.control.must("alerts").items.compactMap { $0["id"] as? Int }
        #expect(alerts.count == 2)
        let acked = try centre.control.ask(#"{"cmd":"ack","id":\#(alerts[0]),"note":"called back","by":"ops"}"#)
        let typed = try centre.control.ask(#"ack id=\#(alerts[1]) note="called back" by=ops"#)
        #expect(acked.ok && typed.ok)
        #expect(acked["note"] as? String == "called back" && typed["note"] as? String == "called back")
        #expect(Set(acked.result.keys) == Set(typed.result.keys))
    }

    @Test func request_whenAnArgumentIsUnknown_isEArgInBothForms() throws {
        let centre = try Centre()
        let lines = [
            #"{"cmd":"alerts","colour":"red"}"#, "alerts colour=red", #"{"cmd":"version","verbose":true}"#,
            "stats since=1h extra=1", #"{"cmd":"trace","person":"13800138000","reason":"r","dayz":3}"#,
            "quarantine.add person=13800138000 reason=r until=tomorrow",
        ]
        for line in lines {
            let reply = try centre.control.ask(line)
            #expect(reply.errorCode == "E_ARG", "\(line): \(reply)")
            #expect(!reply.errorMessage.isEmpty)
        }
        #expect(try centre.control.must("audit").items.isEmpty, "the refused trace was not audited")
        #expect(try centre.control.must("quarantine.list", ["state": "all"]).items.isEmpty)
    }

    /// Read-only commands are open to everyone on the socket: a time ago too large to compute is refused, and the
    /// daemon (which an overflowing product would have stopped) goes on.
    @Test func since_whenTheDurationIsTooLargeToCompute_isEArgAndTheDaemonGoesOn() throws {
        let centre = try Centre()
        for since in ["200000000000d", "9223372036854775807s", "3651d"] {
            #expect(try centre.control.ask("stats since=\(since)").errorCode == "E_ARG", "\(since)")
        }
        #expect(try centre.control.ask("stats since=3650d").ok)
        #expect(try centre.control.must("health")["status"] as? String == "ok")
    }

    @Test func request_whenTheLineIsNotARequest_answersTheErrorEnvelopeAndStaysUsable() throws {
        let centre = try Centre()
        let lines = [
            #"{"cmd":"#, "{}", #"{"cmd":5}"#, #"{"cmd":""}"#, #"{"cmd":"health"} trailing"#,
            #"{"cmd":"health","cmd":"stats"}"#,
        ]
        for line in lines {
            let reply = try centre.control.ask(line)
            #expect(!reply.ok && (reply.errorCode?.hasPrefix("E_") ?? false), "\(line): \(reply)")
            #expect(!reply.errorMessage.isEmpty)
        }
        #expect(try centre.control.ask("trace person=13800138000 reason=r reason=s").errorCode == "E_ARG")
        #expect(try centre.control.must("health")["status"] as? String == "ok")
    }

    @Test func request_whenTheCommandIsUnknown_isEUnknownCmdListingEveryCommand() throws {
        let centre = try Centre()
        for line in [#"{"cmd":"frobnicate"}"#, "frobnicate now=1", "STATS", #"{"cmd":"alert"}"#] {
            let reply = try centre.control.ask(line)
            #expect(reply.errorCode == "E_UNKNOWN_CMD", "\(line): \(reply)")
            let listed = Set(reply.errorMessage.split(whereSeparator: { " ,;:".contains($0) }).map(String.init))
            let missing = Self.commands.filter { !listed.contains($0) }
            #expect(missing.isEmpty, "\(line): the message does not list \(missing): \(reply.errorMessage)")
        }
        #expect(try centre.control.must("health")["status"] as? String == "ok", "the connection stays usable")
    }

    @Test func reply_forEveryCommand_isAnObjectAndListsAreItems() throws {
        let centre = try Self.populated()
        let objects: [(String, [String: Any], [String])] = [
            ("version", [:], ["version", "protocol", "sqlite_version", "started_at", "uptime_s"]),
            ("health", [:], ["status", "db_writable", "last_commit_age_ms", "queue_depth"]),
            ("stats", [:], [
                "records", "by_kind", "fevers", "violations", "open_alerts", "active_quarantines",
                "stations_connected", "rate_1m", "per_checkpoint",
            ]),
            (
                "checkpoint.add", ["id": "gate-9", "grid": "g9", "staffed": "07:00-19:00"],
                ["id", "grid", "staffed", "kind"]
            ),
            ("checkpoint.set", ["id": "gate-9", "kind": "workplace"], ["id", "kind", "reconnected"]),
            ("station.add", ["id": "st-9", "checkpoint": "gate-9"], ["id", "checkpoint", "token"]),
            ("station.rotate", ["id": "st-9"], ["token"]),
            ("station.revoke", ["id": "st-9"], ["id"]),
            ("checkpoint.remove", ["id": "gate-9"], ["id"]),
            ("quarantine.add", ["person": "13600136000", "reason": "contact"], ["person", "start", "end"]),
            ("ack", ["id": 1, "by": "ops"], ["id", "type", "state"]),
            ("quarantine.release", ["person": "13600136000"], ["person", "released_at"]),
            ("backup", ["path": "copy.db", "reason": "form test"], ["path", "bytes"]),
            ("check", [:], ["integrity", "database", "problems"]),
            ("reload", [:], []),
            ("audit.verify", [:], ["ok", "rows"]),
            ("person.erase", ["person": "13100131000", "reason": "request 1"], ["person", "records", "wal_truncated"]),
            (
                "person.link", ["person": "13100131000", "id": "500227198501011230", "reason": "form test"],
                ["person", "id", "documents", "shared"]
            ),
            (
                "person.show", ["person": "13100131000", "reason": "form test"],
                ["person", "identity", "shared_by", "check_id", "links"]
            ),
            (
                "person.unlink", ["person": "13100131000", "id": "500227198501011230", "reason": "form test"],
                ["person", "id", "documents", "shared"]
            ),
            (
                "clearance", ["person": "13700137000", "reason": "employer check"],
                ["person", "clear", "why", "until", "quarantines", "fevers", "per_day"]
            ),
        ]
        for (command, arguments, keys) in objects {
            let reply = try centre.control.ask(command, arguments)
            #expect(reply.ok, "\(command): \(reply)")
            #expect(reply.object["result"] is [String: Any], "\(command): the result is an object: \(reply)")
            let missing = keys.filter { reply.result[$0] == nil }
            #expect(missing.isEmpty, "\(command) has no \(missing): \(reply)")
        }
        let lists: [(String, [String: Any], [String])] = [
            ("checkpoints", [:], ["id", "name", "grid", "staffed", "kind"]),
            ("stations", [:], ["id", "checkpoint", "connected", "last_seq", "last_seen", "missing", "missing_count"]),
            (
                "alerts", ["state": "all"],
                ["id", "type", "at", "person", "checkpoint", "record_id", "state", "count", "last_at"]
            ),
            ("records", [:], ["id", "at", "kind", "person", "checkpoint"]),
            ("quarantine.list", [:], ["person", "start", "end"]),
            ("presence", ["checkpoint": "gate-1"], ["person", "exit_at", "checkpoint"]),
            ("trace", ["person": "13700137000", "reason": "audit check"], ["at", "kind", "checkpoint", "grid"]),
            ("audit", [:], ["at", "uid", "gid", "cmd", "reason"]),
        ]
        for (command, arguments, keys) in lists {
            let reply = try centre.control.ask(command, arguments)
            #expect(reply.ok, "\(command): \(reply)")
            #expect(reply.result["items"] is [Any], "\(command): a list is {\"items\":[...]}: \(reply)")
            #expect(!reply.items.isEmpty, "\(command): \(reply)")
            for item in reply.items {
                let missing = keys.filter { item[$0] == nil }
                #expect(missing.isEmpty, "\(command) item has no \(missing): \(reply)")
            }
        }
        let failure = try centre.control.ask("ack", ["id": 424_242])
        #expect(Set(failure.object.keys) == ["ok", "error"] && failure.object["ok"] as? Bool == false)
        #expect(Set(failure.error?.keys.map { $0 } ?? []) == ["code", "message"], "\(failure)")
    }
}

import CheckpointTestSupport
import Glibc
import Testing

/// SPEC §4 `trace` and `audit`, §9 accountable lookups: a reason is required, and each lookup is audited with
/// the caller's uid and gid from the socket's peer credentials.
@Suite struct TraceAuditTests {
    static let person = "13800138000"
    static let hour = WallTime.hourMilliseconds

    @Test func trace_withoutAReason_isEArgAndNotAudited() throws {
        let centre = try Centre()
        try centre.send("TEMP", "person=\(Self.person) temp=36.6")
        let requests: [[String: Any]] = [
            ["person": Self.person], ["person": Self.person, "reason": ""], ["person": Self.person, "reason": "   "],
        ]
        for arguments in requests {
            let reply = try centre.control.ask("trace", arguments)
            #expect(reply.errorCode == "E_ARG", "\(arguments): \(reply)")
            #expect(reply.result["items"] == nil, "no records without a reason")
        }
        #expect(try centre.control.ask("trace person=\(Self.person)").errorCode == "E_ARG")
        #expect(try centre.control.must("audit").items.isEmpty, "refused requests are not audited")
    }

    @Test func trace_withAReason_listsRecordsInTimeOrderWithPlaceAndOrdersAndIsAudited() throws {
        let centre = try Centre()
        _ = try centre.station("st-1", checkpoint: "gate-1", grid: "g1")
        _ = try centre.station("st-2", checkpoint: "gate-2", grid: "g2")
        let (twoHours, fiveHours, oneHour) = (ago(2 * Self.hour), ago(5 * Self.hour), ago(Self.hour))
        let old = ago(20 * WallTime.dayMilliseconds)
        try centre.send("ENTRY", "person=\(Self.person) ts=\(twoHours)", station: "st-2")
        try centre.send("TEMP", "person=\(Self.person) temp=36.7 ts=\(fiveHours)", station: "st-1")
        try centre.send("EXIT", "person=\(Self.person) ts=\(oneHour)", station: "st-1")
        try centre.send("TEMP", "person=\(Self.person) temp=36.5 ts=\(old)", station: "st-2")
        try centre.send("TEMP", "person=13900139000 temp=36.5", station: "st-1")
        _ = try centre.control.must("quarantine.add", ["person": Self.person, "reason": "close contact", "days": 7])

        let trace = try centre.control.ask(#"trace person="+86 138-0013-8000" reason="case 7: contact tracing""#)
        #expect(trace.ok, "\(trace)")
        let items = trace.items
        #expect(items.map { $0["kind"] as? String } == ["TEMP", "ENTRY", "EXIT"], "time order, 15 days: \(trace)")
        #expect(items.map { $0["at"] as? String } == [fiveHours, twoHours, oneHour].map { WallTime.rfc3339($0) })
        #expect(items.map { $0["checkpoint"] as? String } == ["gate-1", "gate-2", "gate-1"])
        #expect(items.map { $0["checkpoint_name"] as? String } == ["Gate gate-1", "Gate gate-2", "Gate gate-1"])
        #expect(items.map { $0["grid"] as? String } == ["g1", "g2", "g1"])
        #expect(items.allSatisfy { $0["person"] as? String == Self.person }, "in full on the control socket")
        let orders = trace["quarantines"] as? [[String: Any]] ?? []
        #expect(orders.count == 1 && orders.first?["reason"] as? String == "close contact", "\(trace)")

        let audit = try centre.control.must("audit").items
        #expect(audit.count == 1)
        let row = audit.first ?? [:]
        #expect(row["cmd"] as? String == "trace" && row["person"] as? String == Self.person)
        #expect(row["reason"] as? String == "case 7: contact tracing")
        #expect(row["uid"] as? Int == Int(getuid()) && row["gid"] as? Int == Int(getgid()), "SO_PEERCRED: \(row)")
        #expect(row["at"] is String && row["since"] is String, "\(row)")

        let logged = centre.daemon.stderrText.split(separator: "\n").filter { $0.contains("accountable lookup") }
        #expect(logged.count == 1 && logged.first?.contains("case 7: contact tracing") == true, "\(logged)")
        #expect(logged.first?.contains("138****8000") == true && logged.first?.contains(Self.person) == false)

        let month = try centre.control.must("trace", ["person": Self.person, "reason": "older history", "days": 30])
        #expect(month.items.count == 4 && month.items.first?["at"] as? String == WallTime.rfc3339(old))
        let day = try centre.control.must("trace", ["person": Self.person, "reason": "today", "days": "1"])
        #expect(day.items.count == 3)
        #expect(try centre.control.ask("trace", ["person": Self.person, "reason": "r", "days": 0]).errorCode == "E_ARG")

        let reasons = try centre.control.must("audit").items.map { $0["reason"] as? String }
        #expect(reasons == ["today", "older history", "case 7: contact tracing"], "newest first")
        #expect(try centre.control.must("audit", ["limit": 1]).items.count == 1)
        let later = WallTime.rfc3339(WallTime.nowMilliseconds() + Self.hour)
        #expect(try centre.control.must("audit", ["since": later]).items.isEmpty)
    }

    @Test func trace_ofAPersonNeverSeen_isEmptyButStillAudited() throws {
        let centre = try Centre()
        let trace = try centre.control.must("trace", ["person": "other:E1234567", "reason": "passport check"])
        #expect(trace.items.isEmpty && (trace["quarantines"] as? [Any])?.isEmpty == true)
        let audit = try centre.control.must("audit").items
        #expect(audit.count == 1 && audit.first?["person"] as? String == "other:E1234567")
        #expect(try centre.control.ask("trace", ["person": "12345", "reason": "r"]).errorCode == "E_ARG")
        #expect(try centre.control.must("audit").items.count == 1, "a bad person is refused, not audited")
    }

    /// The answer to a `trace` goes out only once its audit row is on disk: with the writer unable to move the row
    /// from the audit journal into `audit` (another process holds the database's write lock), killing the daemon
    /// the moment the answer arrives loses nothing; the next start moves the row.
    @Test func trace_whenTheDaemonIsKilledBeforeTheRowIsMoved_isStillAuditedAfterARestart() throws {
        let centre = try Centre()
        try centre.send("TEMP", "person=\(Self.person) temp=36.6")
        let database = centre.daemon.databasePath
        let lock = try SQLiteLockHolder(database: database, directory: centre.daemon.directory)
        _ = try centre.control.must("trace", ["person": Self.person, "reason": "case 9: killed right after"])
        try centre.daemon.kill9()
        try lock.release()
        #expect(try SQLiteShell.scalar(database, "SELECT COUNT(*) FROM audit") == "0", "the writer moved it after all")
        #expect(try SQLiteShell.scalar(database + "-audit", "SELECT COUNT(*) FROM pending") == "1")
        try centre.daemon.restart()
        let audit = try centre.daemon.control().must("audit").items
        #expect(audit.map { $0["reason"] as? String } == ["case 9: killed right after"], "\(audit)")
    }
}

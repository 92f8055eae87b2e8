import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 15 point 3 (扫码复工): the `clearance` control command and `checkpointctl clearance`: the person's last
/// `clearance_days` days (orders, fevers, the gates passed per day) and a verdict; a reason is required and each
/// check is audited, as `trace` is.
@Suite struct ClearanceCommandTests {
    static let person = "13800138000"
    static let day = WallTime.dayMilliseconds
    static let hour = WallTime.hourMilliseconds
    static let minute = WallTime.minuteMilliseconds

    /// Midnight UTC (the tests' display zone) `days` days ago, plus `hours`.
    static func dayStart(_ days: Int64, plus hours: Int64 = 0) -> Int64 {
        let now = WallTime.nowMilliseconds()
        return now - now % day - days * day + hours * hour
    }

    static func date(_ milliseconds: Int64) -> String { String(WallTime.rfc3339(milliseconds).prefix(10)) }

    /// A worker who came from outside 20 days ago (an order that has ended), had a confirmed fever at gate-2
    /// 5 days ago, passed gate-1 and gate-2 three days ago and gate-1 two days ago; and a colleague at gate-1.
    static func worker() throws -> (centre: Centre, fever: Int64) {
        let centre = try Centre()
        _ = try centre.station("st-1", checkpoint: "gate-1", grid: "g1")
        _ = try centre.station("st-2", checkpoint: "gate-2", grid: "g2")
        try centre.send("ENTRY", "person=\(person) origin=outside ts=\(ago(20 * day))", station: "st-1")
        let fever = dayStart(5, plus: 8)
        try centre.send("TEMP", "person=\(person) temp=38.2 ts=\(fever)", station: "st-2")
        try centre.send("TEMP", "person=\(person) temp=38.0 ts=\(fever + 5 * minute)", station: "st-2")
        try centre.send("ENTRY", "person=\(person) temp=36.5 ts=\(dayStart(3, plus: 8))", station: "st-1")
        try centre.send("EXIT", "person=\(person) ts=\(dayStart(3, plus: 12))", station: "st-2")
        try centre.send("ENTRY", "person=\(person) ts=\(dayStart(3, plus: 18))", station: "st-1")
        try centre.send("EXIT", "person=\(person) ts=\(dayStart(2, plus: 9))", station: "st-1")
        try centre.send("TEMP", "person=13900139000 temp=36.4 ts=\(dayStart(2, plus: 9))", station: "st-1")
        return (centre, fever)
    }

    @Test func clearance_withAReason_answersTheVerdictOrdersFeversAndGatesPerDayAndIsAudited() throws {
        let (centre, fever) = try Self.worker()
        let reply = try centre.control.ask(#"clearance person="+86 138-0013-8000" reason="Hongxing factory, return""#)
        #expect(reply.ok, "\(reply)")
        #expect(reply["person"] as? String == Self.person && reply["person_masked"] as? String == "138****8000")
        #expect(reply["clearance_days"] as? Int == 15)
        #expect(reply["clear"] as? Bool == false && reply["why"] as? String == "fever", "\(reply)")
        #expect(reply["since"] as? String == WallTime.rfc3339(fever) && reply["until"] is NSNull, "\(reply)")
        #expect(reply["clear_from"] as? String == WallTime.rfc3339(fever + 15 * Self.day), "\(reply)")
        let from = try #require(reply["from"] as? String)
        let to = try #require(reply["to"] as? String)
        #expect(from < to && from.hasPrefix(Self.date(ago(15 * Self.day))), "\(from) to \(to)")

        let orders = reply["quarantines"] as? [[String: Any]] ?? []
        #expect(orders.count == 1 && orders.first?["status"] as? String == "ended", "\(orders)")
        #expect(orders.first?["reason"] as? String == "arrival from outside the city")

        let fevers = reply["fevers"] as? [[String: Any]] ?? []
        #expect(fevers.count == 1, "\(fevers)")
        let row = fevers.first ?? [:]
        #expect(row["at"] as? String == WallTime.rfc3339(fever) && row["temp"] as? String == "38.2", "\(row)")
        #expect(row["recheck"] as? String == "confirmed" && row["blocks"] as? Bool == true, "\(row)")
        #expect(row["checkpoint"] as? String == "gate-2" && row["checkpoint_name"] as? String == "Gate gate-2")

        // The ENTRY of 20 days ago is outside the 15 days; the fever's day and three more are in.
        let days = reply["per_day"] as? [[String: Any]] ?? []
        #expect(days.map { $0["day"] as? String } == [5, 3, 2].map { Self.date(Self.dayStart($0)) }, "\(days)")
        #expect(days.map { $0["records"] as? Int } == [2, 3, 1], "\(days)")
        let third = days.count == 3 ? days[1]["checkpoints"] as? [[String: Any]] ?? [] : []
        #expect(third.map { $0["checkpoint"] as? String } == ["gate-1", "gate-2"], "first passed first: \(third)")
        #expect(third.map { $0["records"] as? Int } == [2, 1] && third.first?["name"] as? String == "Gate gate-1")
        #expect(third.map { $0["grid"] as? String } == ["g1", "g2"])

        let audit = try centre.control.must("audit").items
        #expect(audit.count == 1, "\(audit)")
        let entry = audit.first ?? [:]
        #expect(entry["cmd"] as? String == "clearance" && entry["person"] as? String == Self.person, "\(entry)")
        #expect(entry["reason"] as? String == "Hongxing factory, return" && entry["since"] as? String == from)
        #expect(entry["uid"] as? Int == Int(getuid()), "SO_PEERCRED: \(entry)")
        let logged = centre.daemon.stderrText.split(separator: "\n").filter { $0.contains("accountable lookup") }
        #expect(logged.count == 1 && logged.first?.contains("clearance") == true, "\(logged)")
        #expect(!centre.daemon.stderrText.contains(Self.person), "the journal names the person masked only")
    }

    @Test func clearance_whenAnOrderIsInForce_isNotClearUntilItsEnd() throws {
        let centre = try Centre()
        let entry = try centre.send("ENTRY", "person=\(Self.person) origin=outside ts=\(ago(Self.hour))")
        let reply = try centre.control.must("clearance", ["person": Self.person, "reason": "employer 7"])
        let until = WallTime.rfc3339(ago(Self.hour) + 14 * Self.day)
        #expect(entry["until"] == until)
        #expect(reply["clear"] as? Bool == false && reply["why"] as? String == "quarantine", "\(reply)")
        #expect(reply["until"] as? String == until && reply["clear_from"] as? String == until, "\(reply)")
        let orders = reply["quarantines"] as? [[String: Any]] ?? []
        #expect(orders.first?["status"] as? String == "active" && orders.first?["end"] as? String == until)
    }

    @Test func clearance_whenNothingIsStored_isClearWithEmptyLists() throws {
        let centre = try Centre()
        let reply = try centre.control.must("clearance", ["person": "other:E1234567", "reason": "new hire"])
        #expect(reply["clear"] as? Bool == true && reply["why"] is NSNull && reply["clear_from"] is NSNull)
        for list in ["quarantines", "fevers", "per_day"] {
            #expect((reply[list] as? [Any])?.isEmpty == true, "\(list): \(reply)")
        }
        #expect(try centre.control.must("audit").items.count == 1, "a check of nobody is audited too")
    }

    @Test func clearance_withoutAReasonOrWithABadPerson_isEArgAndNotAudited() throws {
        let centre = try Centre()
        try centre.send("TEMP", "person=\(Self.person) temp=36.6")
        for arguments: [String: Any] in [
            ["person": Self.person], ["person": Self.person, "reason": ""], ["person": Self.person, "reason": "   "],
        ] {
            let reply = try centre.control.ask("clearance", arguments)
            #expect(reply.errorCode == "E_ARG" && reply.errorMessage.contains("reason"), "\(arguments): \(reply)")
            #expect(reply.result["clear"] == nil)
        }
        let bad = try centre.control.ask("clearance", ["person": "12345", "reason": "employer"])
        #expect(bad.errorCode == "E_ARG" && bad.errorMessage.hasPrefix("person: "), "\(bad)")
        #expect(try centre.control.ask("clearance reason=r").errorCode == "E_ARG", "person is required")
        #expect(try centre.control.ask("clearance person=\(Self.person) reason=r days=3").errorCode == "E_ARG")
        #expect(try centre.control.must("audit").items.isEmpty, "refused requests are not audited")
    }

    @Test(.enabled(if: OtherUser.unavailable == nil, "needs root, setpriv and socat to send requests as nobody"))
    func clearance_whenCallerIsAnOperator_worksAndIsAuditedWithItsUid() throws {
        let centre = try AccessTests.centre()
        try centre.send("TEMP", "person=\(Self.person) temp=36.6")
        let reply = try OtherUser.ask(
            #"clearance person=\#(Self.person) reason="employer check""#, socket: centre.daemon.controlSocketPath)
        #expect(reply.ok && reply["clear"] as? Bool == true, "\(reply)")
        let audit = try centre.control.must("audit").items
        #expect(audit.count == 1 && audit.first?["uid"] as? Int == OtherUser.uid, "\(audit)")
    }
}

/// `checkpointctl clearance`: the table and verdict in both languages, `--json`, exit 0 for both verdicts, and the
/// usual errors.
@Suite struct ClearanceCtlTests {
    /// A time as checkpointctl's tables and messages show it (issue 16): `2026-12-05 10:57`.
    static func shown(_ milliseconds: Int64) -> String {
        let text = WallTime.rfc3339(milliseconds)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }

    static func ctl(_ arguments: [String], socket: String) throws -> CompletedProcess {
        try ChildProcess.run(
            try BuiltProduct.checkpointctl(), arguments + ["--socket", socket],
            environment: ChildProcess.cleanEnvironment(adding: ["NO_COLOR": "1"]), seconds: 30)
    }

    @Test func clearance_whenNotClear_printsDaysOrdersFeversGatesAndTheVerdictInBothLanguagesAndExitsZero() throws {
        let (centre, fever) = try ClearanceCommandTests.worker()
        let run = try Self.ctl(
            ["clearance", ClearanceCommandTests.person, "--reason", "Hongxing factory"],
            socket: centre.daemon.controlSocketPath)
        #expect(run.status == .exited(0), "\(run.standardError)")
        let output = run.standardOutput
        let since = Self.shown(fever)
        let clearFrom = Self.shown(fever + 15 * ClearanceCommandTests.day)
        #expect(output.hasPrefix("clearance check / 复工查询: 13800138000\nwindow / 查询时段: "), "\(output)")
        for expected in [
            "(15 days / 天)", "quarantine orders / 隔离令: 1", "fevers / 发热: 1",
            "checkpoints passed per day / 每日经过的卡点: 3 days / 3 天",
            "NOT CLEAR — fever on \(since)\n", "不可复工：\(since) 发热\n",
            "clear from \(clearFrom) if nothing new happens / 如无新情况，\(clearFrom) 起可以复工\n",
        ] {
            #expect(output.contains(expected), "\(expected) missing from\n\(output)")
        }
        let lines = output.split(separator: "\n").map(String.init)
        let feverRow = lines.first { $0.contains(since) && $0.contains("confirmed") } ?? ""
        #expect(feverRow.contains("38.2") && feverRow.contains("yes") && feverRow.contains("gate-2"), "\(output)")
        let third = ClearanceCommandTests.date(ClearanceCommandTests.dayStart(3))
        let dayRow = lines.first { $0.hasPrefix(third) }?.split(separator: " ").map(String.init) ?? []
        #expect(dayRow == [third, "3", "gate-1", "Gate", "gate-1", "g1", "2"], "\(output)")
        #expect(lines.contains { $0.split(separator: " ") == ["gate-2", "Gate", "gate-2", "g2", "1"] }, "\(output)")
    }

    /// The order is named; "clear from" is printed only when a fever keeps the person off work after its end.
    @Test func clearance_whenAnOrderIsInForce_namesItAndSaysClearFromOnlyWhenAFeverOutlastsIt() throws {
        let centre = try Centre()
        let fever = ago(2 * ClearanceCommandTests.day)
        try centre.send("TEMP", "person=13800138000 temp=38.2 ts=\(fever)")
        try centre.send("TEMP", "person=13800138000 temp=38.0 ts=\(fever + ClearanceCommandTests.minute)")
        let start = ago(ClearanceCommandTests.hour)
        for person in ["13800138000", "13900139000"] {
            _ = try centre.control.must(
                "quarantine.add", ["person": person, "reason": "contact", "days": 7, "start": String(start)])
        }
        let until = Self.shown(start + 7 * ClearanceCommandTests.day)
        let socket = centre.daemon.controlSocketPath
        let both = try Self.ctl(["clearance", "13800138000", "--reason", "employer"], socket: socket).standardOutput
        #expect(both.contains("\nNOT CLEAR — quarantine until \(until)\n不可复工：居家隔离至 \(until)\n"), "\(both)")
        let clearFrom = Self.shown(fever + 15 * ClearanceCommandTests.day)
        #expect(both.hasSuffix("clear from \(clearFrom) if nothing new happens / 如无新情况，\(clearFrom) 起可以复工\n"))
        let order = try Self.ctl(["clearance", "13900139000", "--reason", "employer"], socket: socket)
        #expect(order.status == .exited(0))
        #expect(order.standardOutput.hasSuffix("\nNOT CLEAR — quarantine until \(until)\n不可复工：居家隔离至 \(until)\n"))
    }

    @Test func clearance_whenClear_saysCanReturnToWorkAndJSONIsOneObject() throws {
        let centre = try Centre()
        try centre.send("TEMP", "person=13900139000 temp=36.6")
        let socket = centre.daemon.controlSocketPath
        let run = try Self.ctl(["clearance", "13900139000", "--reason", "new hire"], socket: socket)
        #expect(run.status == .exited(0), "\(run.standardError)")
        #expect(run.standardOutput.contains("\nCLEAR — no quarantine order in force, no fever in 15 days\n"))
        #expect(run.standardOutput.contains("\n可以复工：无在执行的隔离令，近 15 天无发热\n"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("checkpoints passed per day / 每日经过的卡点: 1 day / 1 天"))

        let json = try Self.ctl(["clearance", "13900139000", "--reason", "new hire", "--json"], socket: socket)
        #expect(json.status == .exited(0), "\(json.standardError)")
        let lines = json.standardOutput.split(separator: "\n")
        #expect(lines.count == 1, "one object on one line: \(json.standardOutput)")
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any] ?? [:]
        #expect(object["clear"] as? Bool == true && object["person"] as? String == "13900139000", "\(object)")
        let days = object["per_day"] as? [[String: Any]] ?? []
        #expect(days.count == 1 && days.first?["records"] as? Int == 1, "\(object)")
        #expect(try centre.control.must("audit").items.count == 2, "both checks are audited")
    }

    @Test func clearance_withoutAReasonOrWithABadPerson_isAUsageErrorAndAsksNothing() throws {
        let centre = try Centre()
        let socket = centre.daemon.controlSocketPath
        let missing = try Self.ctl(["clearance", "13800138000"], socket: socket)
        #expect(missing.status == .exited(2) && missing.standardError.contains("--reason"), "\(missing.standardError)")
        let blank = try Self.ctl(["clearance", "13800138000", "--reason", "  "], socket: socket)
        #expect(blank.status == .exited(2), "\(blank.standardError)")
        #expect(blank.standardError.contains("--reason must say why: every clearance check is audited"))
        let bad = try Self.ctl(["clearance", "12345", "--reason", "employer"], socket: socket)
        #expect(bad.status == .exited(2) && bad.standardError.contains("PERSON: "), "\(bad.standardError)")
        #expect(try centre.control.must("audit").items.isEmpty, "nothing was asked of the daemon")
    }

    @Test func clearance_whenTheDaemonCannotBeReached_exitsThree() throws {
        let directory = try TemporaryDirectory()
        let socket = directory.file("nothing-here.sock")
        let run = try Self.ctl(["clearance", "13800138000", "--reason", "employer"], socket: socket)
        #expect(run.status == .exited(3), "\(run.standardError)")
        #expect(
            run.standardError.hasPrefix("checkpointctl: cannot reach checkpointd at \(socket)"), "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
    }
}

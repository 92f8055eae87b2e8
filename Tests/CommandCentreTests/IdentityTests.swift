import CheckpointTestSupport
import Foundation
import Testing

/// Issue 15, point 1: one identity per person. A phone linked to one resident ID is that person; a phone linked to
/// several (a shared phone) makes its phone-only records `check-id`, which opens nothing and merges nobody.
@Suite struct IdentityTests {
    static let phone = "13911112222"
    static let resident = "500227198501011230"
    static let second = "500227199003034565"
    static let third = "500227194005057899"
    static let reason = "registered by her son, grid 4"

    /// An order under `person` that started 3 hours ago (past the 1 h grace).
    static func order(_ centre: Centre, _ person: String) throws {
        _ = try centre.control.must(
            "quarantine.add",
            ["person": person, "reason": "close contact", "start": String(ago(3 * WallTime.hourMilliseconds))])
    }

    static func link(_ centre: Centre, _ phone: String, _ id: String) throws -> Reply {
        try centre.control.must("person.link", ["person": phone, "id": id, "reason": reason])
    }

    /// `checkpointctl ARGUMENTS` against the centre's daemon.
    static func ctl(_ centre: Centre, _ arguments: [String]) throws -> CompletedProcess {
        try ChildProcess.run(
            try BuiltProduct.checkpointctl(), arguments + ["--socket", centre.daemon.controlSocketPath],
            environment: ChildProcess.cleanEnvironment(adding: ["NO_COLOR": "1"]))
    }

    /// The issue's example, word for word, with checkpointctl doing the links.
    @Test func issueExample_idExitDuringThePhonesOrderIsAViolation_andASecondIDMakesThePhoneCheckID() throws {
        let centre = try Centre()
        try Self.order(centre, Self.phone)
        let before = try centre.send("EXIT", "person=\(Self.resident)")
        #expect(before["verdict"] == "pass", "not linked yet: \(before)")

        let linked = try Self.ctl(centre, ["person", "link", Self.phone, Self.resident, "--reason", Self.reason])
        #expect(linked.status == .exited(0), "\(linked.standardError)")
        #expect(linked.standardOutput == "linked \(Self.phone) to \(Self.resident) / 已关联\n")
        let exit = try centre.send("EXIT", "person=\(Self.resident)")
        #expect(exit["verdict"] == "violation" && exit["alert"] != nil, "\(exit)")

        let shared = try Self.ctl(centre, ["person", "link", Self.phone, Self.second, "--reason", Self.reason])
        #expect(shared.status == .exited(0), "\(shared.standardError)")
        let output = shared.standardOutput
        #expect(output.contains("\(Self.phone) is now shared by \(Self.resident), \(Self.second)"), "\(output)")
        #expect(output.contains("warning: \(Self.phone) has a quarantine order until "), "\(output)")
        #expect(output.contains("open it under the right ID (checkpointctl quarantine add ID)"), "\(output)")
        #expect(output.contains("警告：该手机号名下的隔离令"), "both languages: \(output)")

        let alertsBefore = try centre.control.must("alerts").items.count
        let entry = try centre.send("ENTRY", "person=\(Self.phone)")
        #expect(entry["verdict"] == "check-id" && entry["alert"] == nil, "\(entry)")
        let outside = try centre.send("ENTRY", "person=\(Self.phone) origin=outside")
        #expect(outside["verdict"] == "check-id" && outside["until"] == nil, "opens no order: \(outside)")
        #expect(try centre.control.must("alerts").items.count == alertsBefore, "no alert")
        let orders = try centre.control.must("quarantine.list", ["state": "all", "reveal": true, "reason": "r"])
        #expect(orders.items.count == 1, "only the operator's order: \(orders)")
        // Linking moved nothing: the records stay under their keys, the order under the phone.
        let database = centre.daemon.databasePath
        #expect(try SQLiteShell.scalar(database, "SELECT COUNT(*) FROM records WHERE person = \(Self.phone)") == "2")
        #expect(try SQLiteShell.scalar(database, "SELECT person FROM quarantines") == Self.phone)
        let warned = centre.daemon.stderrText.split(separator: "\n").filter { $0.contains("no longer applies") }
        #expect(warned.count == 1, "the daemon logs the orphaned order once: \(centre.daemon.stderrText)")
        #expect(!warned.contains { $0.contains(Self.phone) || $0.contains(Self.second) }, "masked: \(warned)")
    }

    @Test func sharedPhone_neverMergesTwoPeoplesStates() throws {
        let centre = try Centre()
        _ = try Self.link(centre, Self.phone, Self.resident)
        _ = try Self.link(centre, Self.phone, Self.second)
        try Self.order(centre, Self.resident)
        #expect(try centre.send("EXIT", "person=\(Self.second)")["verdict"] == "pass")
        #expect(try centre.send("EXIT", "person=\(Self.phone) id=\(Self.second)")["verdict"] == "pass")
        #expect(try centre.send("EXIT", "person=\(Self.phone)")["verdict"] == "check-id")
        #expect(try centre.send("EXIT", "person=\(Self.phone) id=\(Self.resident)")["verdict"] == "violation")
        #expect(try centre.send("EXIT", "person=\(Self.resident)")["verdict"] == "violation")
        let alerts = try centre.control.must("alerts", ["reveal": true, "reason": "who"]).items
        #expect(Set(alerts.compactMap { $0["person"] as? String }) == [Self.resident], "\(alerts)")
    }

    @Test func sharedPhone_fever_isNeverSilent_anAlertOnThePhoneThatNoUnidentifiedReadingSettles() throws {
        let centre = try Centre()
        _ = try Self.link(centre, Self.phone, Self.resident)
        _ = try Self.link(centre, Self.phone, Self.second)
        let fever = try centre.send("TEMP", "person=\(Self.phone) temp=38.5")
        #expect(fever["verdict"] == "fever,check-id", "\(fever)")
        let alert = try centre.alert(of: fever)
        let normal = try centre.send("TEMP", "person=\(Self.phone) temp=36.5")
        #expect(normal["verdict"] == "check-id")
        let other = try centre.send("TEMP", "person=\(Self.phone) id=\(Self.second) temp=36.4")
        #expect(other["verdict"] == "pass", "another person's reading settles nothing: \(other)")
        let alerts = try centre.control.must("alerts", ["reveal": true, "reason": "fever at the gate"]).items
        #expect(alerts.count == 1 && alerts.first?["id"] as? Int == alert, "\(alerts)")
        #expect(alerts.first?["person"] as? String == Self.phone, "the number to call")
        #expect(alerts.first?["recheck"] as? String == "pending", "\(alerts)")
        let stats = try centre.control.must("stats")
        #expect(stats["fevers"] as? Int == 1 && stats["records"] as? Int == 3, "check-id records count: \(stats)")
    }

    @Test func idOnARecord_linksOnFirstSight_storesUnderTheIDAndJudgesByItsIdentity() throws {
        let centre = try Centre()
        let first = try centre.send("ENTRY", "person=\(Self.phone) id=\(Self.resident)")
        #expect(first["verdict"] == "pass")
        let shown = try centre.control.must("person.show", ["person": Self.phone, "reason": "check-id at gate-1"])
        #expect(shown["identity"] as? [String] == [Self.phone, Self.resident], "\(shown)")
        let links = shown["links"] as? [[String: Any]] ?? []
        #expect(links.count == 1 && links.first?["made_by"] as? String == "station:st-1", "\(shown)")
        #expect(links.first?["record_id"] as? Int == Int(first["id"] ?? ""), "the record that linked them")
        let stored = try SQLiteShell.scalar(centre.daemon.databasePath, "SELECT person FROM records")
        #expect(stored == "10" + String(Self.resident.prefix(17)), "stored under the resident ID's key")

        try Self.order(centre, Self.resident)
        #expect(try centre.send("EXIT", "person=\(Self.phone)")["verdict"] == "violation", "its own phone")
        // A second ID scanned with the phone: judged by that ID, never ambiguous; the phone is now shared.
        #expect(try centre.send("EXIT", "person=\(Self.phone) id=\(Self.second)")["verdict"] == "pass")
        #expect(try centre.send("EXIT", "person=\(Self.phone)")["verdict"] == "check-id")
        #expect(try centre.send("EXIT", "person=\(Self.phone) id=\(Self.resident)")["verdict"] == "violation")
        let again = try centre.control.must("person.show", ["person": Self.phone, "reason": "check-id at gate-1"])
        #expect(again["check_id"] as? Bool == true && again["shared_by"] as? [String] == [Self.resident, Self.second])
        let audit = try centre.control.must("audit").items
        #expect(audit.filter { $0["cmd"] as? String == "person.show" }.count == 2, "person.show is audited")
    }

    @Test func trace_ofAPhone_findsTheIDsRecordsAfterALink_andRecordsOfTheIDFindsItsPhonesRecords() throws {
        let centre = try Centre()
        try centre.send("TEMP", "person=\(Self.resident) temp=36.6")
        try centre.send("ENTRY", "person=\(Self.phone)")
        let unlinked = try centre.control.must("trace", ["person": Self.phone, "reason": "contact of case 7"])
        #expect(unlinked.items.count == 1, "before the link: \(unlinked)")
        _ = try Self.link(centre, Self.phone, Self.resident)
        let trace = try centre.control.must("trace", ["person": Self.phone, "reason": "contact of case 7"])
        #expect(trace.items.compactMap { $0["person"] as? String } == [Self.resident, Self.phone], "\(trace)")
        #expect(trace["identity"] as? [String] == [Self.resident, Self.phone] && trace["check_id"] as? Bool == false)
        let records = try centre.control.must("records", ["person": Self.resident, "reason": "contact of case 7"])
        #expect(Set(records.items.compactMap { $0["person"] as? String }) == [Self.phone, Self.resident])

        let ctl = try Self.ctl(centre, ["trace", Self.phone, "--reason", "contact of case 7"])
        #expect(ctl.status == .exited(0))
        #expect(ctl.standardOutput.contains("one person through links: \(Self.resident), \(Self.phone)"))
        #expect(ctl.standardOutput.contains("PERSON"), "rows name their person: \(ctl.standardOutput)")
    }

    @Test func trace_ofASharedPhone_showsItsOwnRecordsAndThoseOfEveryoneLinkedToIt() throws {
        let centre = try Centre()
        _ = try Self.link(centre, Self.phone, Self.resident)
        _ = try Self.link(centre, Self.phone, Self.second)
        try centre.send("TEMP", "person=\(Self.phone) temp=36.6")
        try centre.send("TEMP", "person=\(Self.resident) temp=36.7")
        try centre.send("TEMP", "person=\(Self.second) temp=36.8")
        try centre.send("TEMP", "person=\(Self.third) temp=36.9")
        let trace = try centre.control.must("trace", ["person": Self.phone, "reason": "contacts of case 9"])
        #expect(trace["check_id"] as? Bool == true)
        #expect(trace.items.compactMap { $0["person"] as? String } == [Self.phone, Self.resident, Self.second])
        let one = try centre.control.must("trace", ["person": Self.second, "reason": "contacts of case 9"])
        #expect(one.items.compactMap { $0["person"] as? String } == [Self.second], "a shared phone is no one's")
    }

    @Test func lookup_followsLinks_andSaysCheckIDForASharedPhone() throws {
        let centre = try Centre()
        let session = try centre.station()
        try centre.send("TEMP", "person=\(Self.phone) temp=37.1")
        try Self.order(centre, Self.resident)
        let unlinked = try session.request("LOOKUP person=\(Self.phone)")
        #expect(unlinked == "OK person=139****2222 quarantine=none last_temp=37.1", "\(unlinked)")
        _ = try Self.link(centre, Self.phone, Self.resident)
        let linked = try #require(ReplyLine(try session.request("LOOKUP person=\(Self.phone)")))
        #expect(linked["quarantine"] == "active" && linked["last_temp"] == "37.1" && linked["check_id"] == nil)
        let byID = try #require(ReplyLine(try session.request("LOOKUP person=\(Self.resident)")))
        #expect(byID["quarantine"] == "active" && byID["last_temp"] == "37.1", "the phone's reading: \(byID)")

        _ = try Self.link(centre, Self.phone, Self.second)
        let shared = try session.request("LOOKUP person=\(Self.phone)")
        #expect(shared == "OK person=139****2222 quarantine=none last_temp=37.1 check_id=yes", "\(shared)")
        let scanned = try #require(ReplyLine(try session.request("LOOKUP person=\(Self.phone) id=\(Self.resident)")))
        #expect(scanned["person"] == "500227********1230" && scanned["quarantine"] == "active", "\(scanned)")
        #expect(scanned["check_id"] == nil && scanned["last_temp"] == "-", "the phone is not the ID's own any more")
    }

    @Test func presence_countsAPersonEnteringByPhoneAndLeavingByIDOnce() throws {
        let centre = try Centre()
        _ = try Self.link(centre, Self.phone, Self.resident)
        let long = 13 * WallTime.hourMilliseconds
        try centre.send("ENTRY", "person=\(Self.phone) ts=\(ago(long + 60_000))")
        try centre.send("EXIT", "person=\(Self.resident) ts=\(ago(long))")
        try centre.send("ENTRY", "person=13800138000")
        let presence = try centre.control.must("presence", ["checkpoint": "gate-1", "reveal": true, "reason": "r"])
        #expect(presence["inside"] as? Int == 1, "\(presence)")
        #expect(presence.items.compactMap { $0["person"] as? String } == [Self.resident], "\(presence)")

        _ = try Self.link(centre, Self.phone, Self.second)
        try centre.send("ENTRY", "person=\(Self.phone)")
        let shared = try centre.control.must("presence", ["checkpoint": "gate-1", "reveal": true, "reason": "r"])
        #expect(shared["inside"] as? Int == 1, "a shared phone's records move nobody in or out: \(shared)")
        #expect(shared.items.compactMap { $0["person"] as? String } == [Self.resident], "\(shared)")
    }
}

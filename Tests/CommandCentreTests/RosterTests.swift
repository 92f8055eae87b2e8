import CheckpointTestSupport
import Foundation
import Testing

/// Issue 19, points 1 and 2, against the real daemon: the roster (`person.import` staged on one connection and
/// stored all or nothing, `person.list`, `person.show`, `person.erase`), the `visitor` verdict at compound gates of
/// a grid with a roster, the `notice` of `home` residents over the outing quota or out too long, and the counts
/// by category.
@Suite struct RosterTests {
    // Resident IDs with valid GB 11643 check characters.
    static let zhang = ["id": "110105198001011238", "phone": "13800000001", "name": "张三", "grid": "g1",
        "checkpoint": "gate-1", "home": "3栋2单元501", "household": "", "category": "home"]
    static let li = ["id": "", "phone": "13800000002", "name": "李四", "grid": "g1", "checkpoint": "gate-1",
        "home": "3栋2单元501", "household": "", "category": "home"]
    static let wang = ["id": "11010519491231002X", "phone": "", "name": "王五", "grid": "g1", "checkpoint": "gate-1",
        "home": "5栋101", "household": "", "category": "work"]
    static let zhao = ["id": "", "phone": "13800000004", "name": "赵六", "grid": "g2", "checkpoint": "gate-9",
        "home": "1栋", "household": "", "category": "new"]

    static func rows(_ lines: [[String: String]], from first: Int = 2) -> [[String: String]] {
        lines.enumerated().map { index, fields in fields.merging(["line": String(first + index)]) { $1 } }
    }

    static func importRoster(_ centre: Centre, _ lines: [[String: String]], replace: Bool = false) throws -> Reply {
        try centre.control.must("person.import", ["rows": rows(lines), "final": true, "replace": replace])
    }

    @Test func importInSeveralRequests_storesAllWithTheFinalOne_andListShowsTheGridAudited() throws {
        let centre = try Centre()
        let first = try centre.control.must("person.import", ["rows": Self.rows([Self.zhang, Self.li]), "final": false])
        #expect(first["staged"] as? Int == 2 && first["final"] as? Bool == false, "\(first)")
        let before = try centre.control.must("person.list", ["grid": "g1", "reason": "check the roster"])
        #expect(before.items.isEmpty, "nothing is stored before the final request: \(before)")
        let last = try centre.control.must(
            "person.import", ["rows": Self.rows([Self.wang, Self.zhao], from: 4), "final": true, "source": "g1.csv"])
        #expect(last["imported"] as? Int == 4 && last["staged"] as? Int == 4, "\(last)")
        #expect(last["grids"] as? [String] == ["g1", "g2"], "\(last)")
        #expect(last["linked"] as? Int == 1, "张三's phone is linked to the ID: \(last)")

        let listed = try centre.control.must("person.list", ["grid": "g1", "reason": "grid visit plan"])
        #expect(Set(listed.items.compactMap { $0["name"] as? String }) == ["张三", "李四", "王五"], "\(listed)")
        #expect(listed["households"] as? Int == 2, "two share 3栋2单元501: \(listed)")
        let zhang = try #require(listed.items.first { $0["name"] as? String == "张三" })
        #expect(zhang["person"] as? String == Self.zhang["id"] && zhang["phone"] as? String == Self.zhang["phone"])
        #expect(zhang["home"] as? String == "3栋2单元501" && zhang["category"] as? String == "home")
        let homeOnly = try centre.control.must("person.list", ["grid": "g1", "category": "work", "reason": "r"])
        #expect(homeOnly.items.count == 1)

        let audit = try centre.control.must("audit").items.compactMap { $0["cmd"] as? String }
        #expect(audit.contains("person.import") && audit.contains("person.list"), "\(audit)")
        let refused = try centre.control.ask("person.list", ["grid": "g1"])
        #expect(refused.errorCode == "E_ARG" && refused.errorMessage.contains("reason"), "\(refused)")

        // Names never reach the log in full.
        Deadline.sleep(0.2)
        #expect(!centre.daemon.stderrText.contains("张三") && !centre.daemon.stderrText.contains("李四"))
    }

    @Test func badLines_areAllReportedByNumber_andNothingIsStored() throws {
        let centre = try Centre()
        var badPhone = Self.li
        badPhone["phone"] = "1380000"
        var badCategory = Self.wang
        badCategory["category"] = "retired"
        var twice = Self.zhang
        twice["home"] = "elsewhere"
        let reply = try centre.control.ask(
            "person.import", ["rows": Self.rows([Self.zhang, badPhone, badCategory, twice]), "final": true])
        #expect(reply.errorCode == "E_ARG", "\(reply)")
        let message = reply.errorMessage
        #expect(message.contains("3 lines are wrong; nothing was imported"), "\(message)")
        #expect(message.contains("line 3: phone:"), "\(message)")
        #expect(message.contains("line 4: category must be home, work or new"), "\(message)")
        #expect(message.contains("line 5: the same person as line 2"), "\(message)")
        #expect(!message.contains("1380000"), "the bad value is not repeated: \(message)")
        let listed = try centre.control.must("person.list", ["grid": "g1", "reason": "r"])
        #expect(listed.items.isEmpty, "all or nothing: \(listed)")
    }

    @Test func aConnectionClosedBeforeTheFinalRequest_storesNothing() throws {
        let centre = try Centre()
        let other = try centre.daemon.control()
        _ = try other.must("person.import", ["rows": Self.rows([Self.zhang, Self.li]), "final": false])
        other.close()
        let final = try centre.control.ask("person.import", ["rows": Self.rows([Self.wang], from: 4), "final": true])
        #expect(final.ok && final["imported"] as? Int == 1, "a new connection starts its own import: \(final)")
        let listed = try centre.control.must("person.list", ["grid": "g1", "reason": "r"])
        #expect(listed.items.compactMap { $0["name"] as? String } == ["王五"], "\(listed)")
    }

    @Test func replace_takesOffTheGridsResidentsMissingFromTheFile() throws {
        let centre = try Centre()
        _ = try Self.importRoster(centre, [Self.zhang, Self.li, Self.zhao])
        let replaced = try Self.importRoster(centre, [Self.li], replace: true)
        #expect(replaced["removed"] as? Int == 1, "张三 left g1; g2 is not in the file: \(replaced)")
        #expect(try centre.control.must("person.list", ["grid": "g1", "reason": "r"]).items.count == 1)
        #expect(try centre.control.must("person.list", ["grid": "g2", "reason": "r"]).items.count == 1)
    }

    @Test func compoundGateOfAGridWithARoster_saysVisitorForSomeoneNotOnIt() throws {
        let centre = try Centre()
        _ = try centre.station("st-1", checkpoint: "gate-1", grid: "g1")
        _ = try centre.station("st-9", checkpoint: "gate-9", grid: "g3")
        #expect(try centre.send("ENTRY", "person=13900000009")["verdict"] == "pass", "no roster yet")
        _ = try Self.importRoster(centre, [Self.zhang, Self.li, Self.wang, Self.zhao])

        #expect(try centre.send("ENTRY", "person=\(Self.li["phone"]!)")["verdict"] == "pass")
        #expect(try centre.send("ENTRY", "person=\(Self.zhang["phone"]!)")["verdict"] == "pass", "linked to the ID")
        #expect(try centre.send("ENTRY", "person=\(Self.zhang["id"]!)")["verdict"] == "pass")
        #expect(try centre.send("ENTRY", "person=13900000009")["verdict"] == "visitor")
        #expect(try centre.send("ENTRY", "person=\(Self.zhao["phone"]!)")["verdict"] == "visitor", "of grid g2")
        let fever = try centre.send("TEMP", "person=13900000009 temp=38.6")
        #expect(fever["verdict"] == "fever,visitor" && fever["alert"] != nil, "\(fever)")
        #expect(
            try centre.send("ENTRY", "person=13900000009", station: "st-9")["verdict"] == "pass",
            "grid g3 has no roster")

        let stats = try centre.control.must("stats", ["by": "category"])
        #expect(stats["visitors"] as? Int == 3, "\(stats)")
        let perCategory = (stats.result["per_category"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) {
            $0[$1["category"] as? String ?? ""] = $1["records"] as? Int
        }
        #expect(perCategory["visitor"] == 3 && perCategory["home"] == 3, "\(perCategory)")
        #expect(perCategory["unlisted"] == 2, "the record before the roster and the one at g3: \(perCategory)")
        #expect(perCategory.values.reduce(0, +) == stats["records"] as? Int, "the categories add up: \(stats)")

        let report = try centre.control.must("report.daily", ["date": "today"])
        let daily = (report.result["per_category"] as? [[String: Any]] ?? []).reduce(into: [String: [String: Any]]()) {
            $0[$1["category"] as? String ?? ""] = $1
        }
        #expect(daily["visitor"]?["records"] as? Int == 3 && daily["visitor"]?["people"] as? Int == 2, "\(daily)")
        #expect(daily["home"]?["records"] as? Int == 3 && daily["home"]?["people"] as? Int == 2, "张三 once: \(daily)")
        #expect(daily["visitor"]?["fevers"] as? Int == 1 && daily["work"] == nil, "\(daily)")
    }

    @Test func homeResidents_overTheHouseholdQuotaOrOutTooLong_getANoticeNotAnAlert() throws {
        let centre = try Centre(["--outing-quota", "1/2d", "--outing-max", "4h"])
        _ = try centre.station()
        _ = try Self.importRoster(centre, [Self.zhang, Self.li, Self.wang])
        let alerts = try centre.control.must("alerts").items.count

        // Out for five hours: the EXIT's own time says so; back now is a notice.
        let fiveHoursAgo = ago(5 * WallTime.hourMilliseconds)
        let out = try centre.send("EXIT", "person=\(Self.zhang["id"]!) ts=\(fiveHoursAgo)")
        #expect(out["verdict"] == "pass", "the household's first outing: \(out)")
        let back = try centre.send("ENTRY", "person=\(Self.zhang["id"]!)")
        #expect(back["verdict"] == "notice", "out longer than outing_max: \(back)")
        let second = try centre.send("EXIT", "person=\(Self.li["phone"]!)")
        #expect(second["verdict"] == "notice", "the same household within the two days: \(second)")
        #expect(try centre.send("EXIT", "person=\(Self.wang["id"]!)")["verdict"] == "pass", "work is not counted")
        #expect(try centre.send("ENTRY", "person=\(Self.li["phone"]!)")["verdict"] == "pass", "back soon")
        #expect(try centre.control.must("alerts").items.count == alerts, "a notice opens no alert")
        let stats = try centre.control.must("stats", ["by": "category"])
        #expect(stats["notices"] as? Int == 2, "\(stats)")
    }

    /// The writer keeps each home resident's latest passage once read: later passages keep it current, and a
    /// terminal's backlog older than it is judged from the records.
    @Test func outingMax_followsEveryPassage_andJudgesABacklogFromTheRecords() throws {
        let centre = try Centre(["--outing-max", "4h"])
        _ = try centre.station()
        _ = try Self.importRoster(centre, [Self.zhang])
        let person = "person=\(Self.zhang["id"]!)"
        #expect(try centre.send("EXIT", "\(person) ts=\(ago(5 * WallTime.hourMilliseconds))")["verdict"] == "pass")
        #expect(try centre.send("ENTRY", person)["verdict"] == "notice", "five hours out, read from the records")
        #expect(try centre.send("EXIT", "person=\(Self.zhang["phone"]!)")["verdict"] == "pass")
        #expect(try centre.send("ENTRY", person)["verdict"] == "pass", "out a moment, known from the exit just stored")
        // A terminal's backlog, older than the passages known: judged against the records before its own time.
        let late = try centre.send("ENTRY", "\(person) ts=\(ago(30 * 60_000))")
        #expect(late["verdict"] == "notice", "back 4.5 h after the exit of five hours ago: \(late)")
        let early = try centre.send("ENTRY", "\(person) ts=\(ago(4 * WallTime.hourMilliseconds + 1_800_000))")
        #expect(early["verdict"] == "pass", "back half an hour after that exit: \(early)")
    }

    @Test func personShow_hasTheRosterLine_andEraseRemovesIt() throws {
        let centre = try Centre()
        _ = try Self.importRoster(centre, [Self.zhang])
        let shown = try centre.control.must("person.show", ["person": Self.zhang["phone"]!, "reason": "r"])
        let roster = try #require(shown.result["roster"] as? [String: Any], "\(shown)")
        #expect(roster["name"] as? String == "张三" && roster["grid"] as? String == "g1")
        let erased = try centre.control.must("person.erase", ["person": Self.zhang["id"]!, "reason": "moved away"])
        #expect(erased["roster_lines"] as? Int == 1, "\(erased)")
        // The log names the erased resident masked, never in full.
        #expect(Deadline.poll(seconds: 5) { centre.daemon.stderrText.contains("name=张*") }, "张* in the log")
        #expect(!centre.daemon.stderrText.contains("张三"))
        let after = try centre.control.must("person.show", ["person": Self.zhang["phone"]!, "reason": "r"])
        #expect(after.result["roster"] is NSNull, "\(after)")
        #expect(try centre.control.must("person.list", ["grid": "g1", "reason": "r"]).items.isEmpty)
    }
}

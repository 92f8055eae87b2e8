import CheckpointTestSupport
import Foundation
import Testing

/// Issue 19, points 3 and 4, against the real daemon: enterprise sites, their tags (audited, with history), the
/// SITE alert at a red site (one per site and day), workplace gates belonging to a site, the staff list and the
/// staff health form.
@Suite struct SiteTests {
    static let worker = "13800138001"
    static let other = "13800138002"
    static let reason = "inspection 12-05: masks and distancing"

    static func site(_ centre: Centre, _ id: String = "F1") throws {
        _ = try centre.control.must("site.add", ["id": id, "name": "东风纺织厂", "grid": "g1"])
        _ = try centre.control.must(
            "checkpoint.add", ["id": "\(id)-gate", "grid": "g1", "kind": "workplace", "site": id])
        _ = try centre.station("\(id)-st", checkpoint: "\(id)-gate")
    }

    @Test func aNewSiteIsBlue_itsGateBelongsToIt_andTheListCountsTodaysWorkers() throws {
        let centre = try Centre()
        try Self.site(centre)
        let checkpoint = try #require(try centre.control.must("checkpoints").items.first { $0["id"] as? String == "F1-gate" })
        #expect(checkpoint["site"] as? String == "F1" && checkpoint["kind"] as? String == "workplace")
        #expect(try centre.send("ENTRY", "person=\(Self.worker)", station: "F1-st")["verdict"] == "pass")
        _ = try centre.send("TEMP", "person=\(Self.worker) temp=36.5", station: "F1-st")
        _ = try centre.send("ENTRY", "person=\(Self.other)", station: "F1-st")
        let site = try #require(try centre.control.must("sites").items.first)
        #expect(site["tag"] as? String == "blue" && site["checkpoints"] as? [String] == ["F1-gate"], "\(site)")
        #expect(site["workers_seen_today"] as? Int == 2 && site["open_alerts"] as? Int == 0, "\(site)")
        #expect(try centre.control.must("sites", ["tag": "red"]).items.isEmpty)

        let unknown = try centre.control.ask("checkpoint.add", ["id": "x", "grid": "g1", "site": "nowhere"])
        #expect(unknown.errorCode == "E_NOT_FOUND" && unknown.errorMessage.contains("site add"), "\(unknown)")
        let compound = try centre.control.ask("checkpoint.set", ["id": "F1-gate", "kind": "compound"])
        #expect(compound.errorCode == "E_ARG" && compound.errorMessage.contains("site=-"), "\(compound)")
        _ = try centre.station()
        let onCompound = try centre.control.ask("checkpoint.set", ["id": "gate-1", "site": "F1"])
        #expect(onCompound.errorCode == "E_ARG" && onCompound.errorMessage.contains("workplace"), "\(onCompound)")
        let detached = try centre.control.must("checkpoint.set", ["id": "F1-gate", "site": "-"])
        #expect(detached["site"] is NSNull, "\(detached)")
        let twice = try centre.control.ask("site.add", ["id": "F1", "name": "again", "grid": "g1"])
        #expect(twice.errorCode == "E_CONFLICT", "\(twice)")
    }

    @Test func redSite_raisesOneSiteAlertADay_countingEveryRecord() throws {
        let centre = try Centre()
        try Self.site(centre)
        _ = try centre.control.must("site.tag", ["id": "F1", "tag": "red", "reason": "third failed inspection"])
        let first = try centre.send("ENTRY", "person=\(Self.worker)", station: "F1-st")
        let second = try centre.send("ENTRY", "person=\(Self.other)", station: "F1-st")
        let alert = try centre.alert(of: first)
        #expect(try centre.alert(of: second) == alert, "one per site and day: \(second)")
        let alerts = try centre.control.must("alerts", ["type": "SITE"]).items
        #expect(alerts.count == 1, "\(alerts)")
        #expect(alerts.first?["count"] as? Int == 2 && alerts.first?["detail"] as? String == "site=F1", "\(alerts)")
        #expect(try centre.control.must("sites").items.first?["open_alerts"] as? Int == 1)

        // A terminal's backlog of yesterday counts in an alert of yesterday, once.
        let yesterday = ago(26 * WallTime.hourMilliseconds)
        let late = try centre.send("ENTRY", "person=\(Self.worker) ts=\(yesterday)", station: "F1-st")
        let lateAgain = try centre.send("EXIT", "person=\(Self.worker) ts=\(yesterday + 1000)", station: "F1-st")
        #expect(try centre.alert(of: late) != alert && centre.alert(of: lateAgain) == centre.alert(of: late))
        #expect(try centre.control.must("alerts", ["type": "SITE"]).items.count == 2)
        // A record elsewhere raises nothing.
        #expect(try centre.send("ENTRY", "person=\(Self.worker)")["alert"] == nil)

        _ = try centre.control.must("site.tag", ["id": "F1", "tag": "blue", "reason": "reopened after the fix"])
        #expect(try centre.send("ENTRY", "person=\(Self.worker)", station: "F1-st")["alert"] == nil, "blue again")
    }

    @Test func tags_areCheckedAudited_andTheHistoryNamesWhoAndWhy() throws {
        let centre = try Centre()
        try Self.site(centre)
        let noDate = try centre.control.ask("site.tag", ["id": "F1", "tag": "yellow", "reason": Self.reason])
        #expect(noDate.errorCode == "E_ARG" && noDate.errorMessage.contains("recheck_by"), "\(noDate)")
        let past = try centre.control.ask(
            "site.tag", ["id": "F1", "tag": "yellow", "reason": Self.reason, "recheck_by": "2020-01-01"])
        #expect(past.errorCode == "E_ARG" && past.errorMessage.contains("in the past"), "\(past)")
        let blueWithDate = try centre.control.ask(
            "site.tag", ["id": "F1", "tag": "blue", "reason": "ok", "recheck_by": "2099-01-01"])
        #expect(blueWithDate.errorCode == "E_ARG", "\(blueWithDate)")
        let noReason = try centre.control.ask("site.tag", ["id": "F1", "tag": "red"])
        #expect(noReason.errorCode == "E_ARG", "\(noReason)")
        let missing = try centre.control.ask("site.tag", ["id": "F9", "tag": "red", "reason": "r"])
        #expect(missing.errorCode == "E_NOT_FOUND", "\(missing)")

        let yellow = try centre.control.must(
            "site.tag", ["id": "F1", "tag": "yellow", "reason": Self.reason, "recheck_by": "2099-01-01", "by": "王科长"])
        #expect(yellow["tag"] as? String == "yellow" && yellow["recheck_by"] as? String == "2099-01-01")
        #expect(yellow["recheck_due"] as? Bool == false && yellow["tagged_by"] as? String == "王科长")
        _ = try centre.control.must("site.recheck", ["id": "F1", "note": "fixed: masks at the door", "by": "王科长"])
        let shown = try centre.control.must("site.show", ["id": "F1"])
        let history = shown.result["history"] as? [[String: Any]] ?? []
        #expect(history.map { $0["tag"] as? String } == ["yellow", "blue"], "newest first: \(history)")
        #expect(history.first?["reason"] as? String == Self.reason && history.first?["by"] as? String == "王科长")
        let rechecks = shown.result["rechecks"] as? [[String: Any]] ?? []
        #expect(rechecks.first?["note"] as? String == "fixed: masks at the door", "\(rechecks)")
        let audit = try centre.control.must("audit").items.compactMap { $0["cmd"] as? String }
        #expect(audit.filter { $0.hasPrefix("site.") } == ["site.recheck", "site.tag", "site.add"], "newest first: \(audit)")
    }

    @Test func healthForm_fillsTheStaffListFromGateData() throws {
        let centre = try Centre(["--fever-threshold", "37.3"])
        try Self.site(centre)
        let rows: [[String: String]] = [
            ["line": "2", "id": "", "phone": Self.worker, "name": "陈一", "department": "织布车间"],
            ["line": "3", "id": "", "phone": Self.other, "name": "周二", "department": "织布车间"],
            ["line": "4", "id": "110105198001011238", "phone": "", "name": "吴三", "department": "仓库"],
        ]
        let imported = try centre.control.must("site.workers.import", ["id": "F1", "rows": rows, "final": true])
        #expect(imported["imported"] as? Int == 3, "\(imported)")
        _ = try centre.control.must("quarantine.add", ["person": "110105198001011238", "reason": "returned from outside"])

        _ = try centre.send("ENTRY", "person=\(Self.worker)", station: "F1-st")
        _ = try centre.send("TEMP", "person=\(Self.worker) temp=36.5", station: "F1-st")
        _ = try centre.send("TEMP", "person=\(Self.worker) temp=36.8")
        _ = try centre.send("TEMP", "person=13700000000 temp=36.4", station: "F1-st")

        let form = try centre.control.must("site.health_form", ["id": "F1", "date": "today"])
        #expect(form["workers"] as? Int == 3 && form["passed"] as? Int == 1, "\(form)")
        let byName = Dictionary(form.items.map { ($0["name"] as? String ?? "", $0) }) { first, _ in first }
        let chen = try #require(byName["陈一"])
        #expect(chen["passed"] as? Bool == true && chen["temps"] as? [String] == ["36.5", "36.8"], "\(chen)")
        #expect(chen["clear"] as? Bool == true && chen["fever"] as? Bool == false)
        let zhou = try #require(byName["周二"])
        #expect(zhou["passed"] as? Bool == false && (zhou["temps"] as? [String])?.isEmpty == true)
        let wu = try #require(byName["吴三"])
        #expect(wu["clear"] as? Bool == false && wu["why"] as? String == "quarantine" && !(wu["until"] is NSNull))
        let stranger = try #require(byName[""], "someone at the gate not on the list: \(form.items)")
        #expect(stranger["on_staff_list"] as? Bool == false && stranger["person"] as? String == "13700000000")
        let audit = try centre.control.must("audit").items.compactMap { $0["cmd"] as? String }
        #expect(audit.contains("site.health_form") && audit.contains("site.workers.import"), "\(audit)")

        let shown = try centre.control.must("person.show", ["person": Self.worker, "reason": "r"])
        let sites = shown.result["sites"] as? [[String: Any]] ?? []
        #expect(sites.first?["site"] as? String == "F1" && sites.first?["department"] as? String == "织布车间")
        let missing = try centre.control.ask("site.health_form", ["id": "F9", "date": "today"])
        #expect(missing.errorCode == "E_NOT_FOUND", "\(missing)")
    }
}

import CheckpointTestSupport
import Foundation
import Testing

/// The §9/§10 views as the control socket shows them: upload gaps on `stations`, `presence`, `stats by=`.
@Suite struct CentreViewTests {
    static let hour = WallTime.hourMilliseconds

    static func station(_ centre: Centre, _ code: String = "st-1") throws -> [String: Any] {
        try centre.control.must("stations").items.first { $0["id"] as? String == code } ?? [:]
    }

    @Test func stations_whenSeqsWereSkipped_showMissingRangesAndCountAcrossARestart() throws {
        let centre = try Centre()
        let client = try centre.station()
        for seq in [1, 2, 3, 7, 8, 10] {
            #expect(try client.request("TEMP seq=\(seq) person=\(TestPerson.phone(seq)) temp=36.6").hasPrefix("OK "))
        }
        let row = try Self.station(centre)
        #expect(sameJSON(row["missing"], [[4, 6], [9, 9]]) && row["missing_count"] as? Int == 4, "\(row)")
        #expect(row["first_seq"] as? Int == 1 && row["last_seq"] as? Int == 10 && row["connected"] as? Bool == true)

        #expect(try client.request("TEMP seq=5 person=\(TestPerson.phone(5)) temp=36.6").hasPrefix("OK "))
        let split = try Self.station(centre)
        #expect(sameJSON(split["missing"], [[4, 4], [6, 6], [9, 9]]) && split["missing_count"] as? Int == 3)

        #expect(try centre.daemon.terminate() == .exited(0))
        try centre.daemon.restart()
        let after = try centre.daemon.control().must("stations").items.first ?? [:]
        #expect(sameJSON(after["missing"], [[4, 4], [6, 6], [9, 9]]) && after["connected"] as? Bool == false)
    }

    @Test func presence_listsPeopleWhoseLastPassageIsAnOldExitAndCountsThoseInside() throws {
        let centre = try Centre()
        let old = ago(13 * Self.hour)
        try centre.send("ENTRY", "person=13800138000 ts=\(ago(20 * Self.hour))")
        try centre.send("EXIT", "person=13800138000 ts=\(old)")
        try centre.send("TEMP", "person=13800138000 temp=36.5")
        try centre.send("ENTRY", "person=13900139000")
        try centre.send("EXIT", "person=13700137000 ts=\(ago(Self.hour))")
        try centre.send("EXIT", "person=13600136000 ts=\(old)", station: "st-2")
        _ = try centre.station("st-3", checkpoint: "gate-3", grid: "g3")
        try centre.send("ENTRY", "person=13600136000", station: "st-3")

        let gate = try centre.control.must("presence", ["checkpoint": "gate-1"])
        #expect(gate["inside"] as? Int == 1, "\(gate)")
        let out = gate.items
        #expect(out.count == 2, "\(gate)")
        // Issue 13: presence shows people masked.
        let alice = out.first { $0["person"] as? String == "138****8000" }
        #expect(alice?["exit_at"] as? String == WallTime.rfc3339(old) && alice?["checkpoint"] as? String == "gate-1")
        #expect(out.contains { $0["person"] as? String == "136****6000" }, "st-2 is at gate-1 too")

        let grid = try centre.control.must("presence", ["grid": "g1"])
        let people = { (reply: Reply) in Set(reply.items.map { "\($0["person"] ?? "") \($0["exit_at"] ?? "")" }) }
        #expect(people(grid) == people(gate) && grid["inside"] as? Int == 1, "\(grid)")
        let other = try centre.control.must("presence", ["grid": "g3"])
        #expect(other.items.isEmpty && other["inside"] as? Int == 1)
        #expect(try centre.control.ask("presence").errorCode == "E_ARG")
        #expect(try centre.control.ask("presence checkpoint=gate-1 grid=g1").errorCode == "E_ARG")
        #expect(try centre.control.ask("presence checkpoint=gate-404").errorCode == "E_NOT_FOUND")
    }

    @Test func stats_byGridAndByHour_countWhatWasStored() throws {
        let centre = try Centre()
        _ = try centre.station("st-2", checkpoint: "gate-2", grid: "g2")
        let now = WallTime.nowMilliseconds()
        let thisHour = now - now % Self.hour
        let earlier = thisHour - 2 * Self.hour + 59 * WallTime.minuteMilliseconds
        try centre.send("TEMP", "person=13800138000 temp=36.6 ts=\(earlier)")
        try centre.send("ENTRY", "person=13900139000 temp=38.2 ts=\(thisHour)")
        try centre.send("EXIT", "person=13700137000 ts=\(thisHour)", station: "st-2")

        let stats = try centre.control.must("stats", ["by": "hour"])
        #expect(stats["records"] as? Int == 3 && stats["fevers"] as? Int == 1 && stats["violations"] as? Int == 0)
        #expect(sameJSON(stats["by_kind"], ["TEMP": 1, "ENTRY": 1, "EXIT": 1]))
        #expect(stats["open_alerts"] as? Int == 1 && stats["stations_connected"] as? Int == 2)
        let hours = stats["per_hour"] as? [[String: Any]] ?? []
        let expected = [thisHour - 2 * Self.hour, thisHour].map { WallTime.rfc3339($0) }
        #expect(hours.map { $0["hour"] as? String } == expected)
        #expect(hours.map { $0["records"] as? Int } == [1, 2])

        let grids = try centre.control.must("stats", ["by": "grid"])["per_grid"] as? [[String: Any]] ?? []
        #expect(grids.map { $0["grid"] as? String } == ["g1", "g2"] && grids.map { $0["records"] as? Int } == [2, 1])
        let checkpoints = try centre.control.must("stats", ["grid": "g1"])["per_checkpoint"] as? [[String: Any]]
        #expect(checkpoints?.map { $0["checkpoint"] as? String } == ["gate-1"])

        let since = WallTime.rfc3339(thisHour - 2 * Self.hour + 30 * WallTime.minuteMilliseconds)
        #expect(try centre.control.must("stats", ["since": since])["records"] as? Int == 3, "rounded to the hour")
        let later = WallTime.rfc3339(thisHour - Self.hour)
        #expect(try centre.control.must("stats", ["since": later])["records"] as? Int == 2)
        #expect(try centre.control.ask("stats by=week").errorCode == "E_ARG")
    }

    /// SPEC §10: `rate_1m` is records per second over the last minute, whenever `stats` is asked, also the first
    /// time (not only over the span since an earlier `stats`).
    @Test func stats_rate1m_whenRecordsCameInTheLastMinute_isTheirRate() throws {
        let centre = try Centre()
        let lines = (1...60).map { passingTemp(seq: $0, person: $0) }
        #expect(try pipeline(lines, on: try centre.station()).allSatisfy { $0.hasPrefix("OK ") })
        let first = try centre.control.must("stats")["rate_1m"] as? Double ?? -1
        #expect(first >= 0.9, "60 records in the last minute: about 1 record/s, got \(first)")
        Deadline.sleep(1)
        let second = try centre.control.must("stats")["rate_1m"] as? Double ?? -1
        #expect(second >= 0.9, "still 60 records in the last minute, got \(second)")
    }
}

import CheckpointTestSupport
import CheckpointWire
import Foundation
import Testing

/// Issue 16 point 2: quarantine follow-up with a controllable clock (the `LD_PRELOAD` shim of `ClockStepTests`),
/// in Asia/Shanghai, with deadlines at 00:30 and 12:00 so the first window crosses midnight. Each person under an
/// order in force over a whole window needs a reading in it, from any checkpoint (a visit's included, never a
/// violation); a window that closes without one opens one FOLLOWUP alert in the order's grid; ended, released and
/// just-started orders ask for nothing; `quarantine list` shows the last reading and the next deadline; a restart
/// judges no window twice.
@Suite(.enabled(if: SyncFaultShim.compilerExists && SQLiteShell.isAvailable, "needs cc (to build the shim) and sqlite3"))
struct FollowupTests {
    static let minute: Int64 = 60_000
    static let hour: Int64 = 60 * minute

    /// Local midnight (+08:00) starting the day after tomorrow, in Unix milliseconds: day 1 of the scenario.
    static func dayOne() -> Int64 {
        let now = WallTime.nowMilliseconds() + 8 * hour
        return (now / (24 * hour) + 2) * 24 * hour - 8 * hour
    }

    static func set(_ shim: ClockShiftShim, to target: Int64) throws {
        try shim.shift(seconds: Int((target - WallTime.nowMilliseconds()) / 1000))
        Deadline.sleep(0.5)
    }

    static func followups(_ control: ControlClient) throws -> [JSONObject] {
        let result = try control.result("alerts", ["type": .string("FOLLOWUP"), "state": .string("all")])
        return result["items"]?.arrayValue?.compactMap(\.objectValue) ?? []
    }

    /// Waits until `count` FOLLOWUP alerts exist (the writer looks every 5 s), then 6 s more to see no others come.
    static func awaitFollowups(_ control: ControlClient, count: Int) throws -> [JSONObject] {
        let deadline = Deadline(seconds: 30)
        var alerts = try followups(control)
        while alerts.count < count, !deadline.hasPassed {
            Deadline.sleep(0.5)
            alerts = try followups(control)
        }
        Deadline.sleep(6)
        return try followups(control)
    }

    static func order(_ control: ControlClient, _ person: String, grid: String) throws -> JSONObject {
        let result = try control.result("quarantine.list", ["grid": .string(grid), "state": .string("all"), "reveal": .bool(true), "reason": .string("follow-up test")])
        let items = result["items"]?.arrayValue?.compactMap(\.objectValue) ?? []
        return try #require(items.first { $0["person"]?.stringValue == person }, "\(person) in \(items)")
    }

    @Test(.timeLimit(.minutes(20)))
    func followup_acrossMidnightInShanghai_opensOneAlertPerMissedWindowInTheOrdersGrid() throws {
        let directory = try TemporaryDirectory()
        let shim = try ClockShiftShim(in: directory)
        let day1 = Self.dayOne()
        try Self.set(shim, to: day1 + 23 * Self.hour)
        let daemon = try DaemonProcess(
            arguments: ["--display-timezone", "Asia/Shanghai", "--followup-times", "00:30,12:00"],
            directory: directory, environment: shim.environment)
        try daemon.start()
        defer { _ = try? daemon.terminate() }
        let control = try daemon.control()
        let gate = try daemon.session(station: "st-gate", token: try daemon.registerStation(checkpoint: "gate-a", grid: "ga", station: "st-gate"))
        let visitToken = try daemon.registerStation(checkpoint: "visit-a", grid: "ga", station: "st-visit")
        _ = try control.result("checkpoint.set", ["id": .string("visit-a"), "kind": .string("visit")])
        let visit = try daemon.session(station: "st-visit", token: visitToken)
        try daemon.registerStation(checkpoint: "gate-b", grid: "gb", station: "st-b")

        let (a, b, c, d, e) = (TestPerson.phone(1), TestPerson.phone(2), TestPerson.phone(3), TestPerson.phone(4), TestPerson.phone(5))
        func add(_ person: String, grid: String, start: Int64, days: Int = 14) throws {
            _ = try control.result(
                "quarantine.add",
                ["person": .string(person), "grid": .string(grid), "start": .int(start), "days": .int(Int64(days)), "reason": .string("test")])
        }
        try add(a, grid: "ga", start: day1 + 10 * Self.hour)
        try add(b, grid: "gb", start: day1 + 10 * Self.hour)
        try add(c, grid: "ga", start: day1 + 10 * Self.hour)
        _ = try control.result("quarantine.release", ["person": .string(c), "note": .string("moved to hospital")])
        // Ends at 00:20 on day 2: before the 00:30 deadline, so it owes nothing.
        try add(d, grid: "ga", start: day1 - 24 * Self.hour + 20 * Self.minute, days: 2)
        // Starts now (23:00), inside the window that opened at 12:00: first asked at noon on day 2.
        try add(e, grid: "ga", start: day1 + 23 * Self.hour)

        // A's reading at a home visit at 22:50: never a violation, and it answers the window closing at 00:30.
        let visitReply = try visit.request("TEMP seq=1 person=\(a) temp=36.5 ts=\(day1 + 22 * Self.hour + 50 * Self.minute)")
        #expect(visitReply.hasPrefix("OK seq=1 ") && visitReply.contains("verdict=pass"), "\(visitReply)")
        // A reading of C's (released) at a gate changes nothing either way.
        _ = try gate.request("TEMP seq=1 person=\(c) temp=36.6")

        // 00:36 on day 2: the 00:30 window is judged (5 minutes late, for spooled readings).
        try Self.set(shim, to: day1 + 24 * Self.hour + 36 * Self.minute)
        let first = try Self.awaitFollowups(control, count: 1)
        #expect(first.count == 1, "\(first)")
        let missed = try #require(first.first)
        #expect(missed["grid"]?.stringValue == "gb")
        #expect(missed["person"]?.stringValue == String(b.prefix(3)) + "****" + String(b.suffix(4)))
        #expect(missed["at"]?.stringValue?.hasSuffix("T00:30:00+08:00") == true, "\(missed)")
        #expect(missed["detail"]?.stringValue == "no reading 12:00-00:30", "\(missed)")
        #expect(missed["detail_code"]?.stringValue == "followup", "\(missed)")
        #expect(missed["checkpoint"] == .null && missed["state"]?.stringValue == "open")

        // The list: A's last reading and next deadline (noon), not yet read in that window.
        let listed = try Self.order(control, a, grid: "ga")
        #expect(listed["last_reading"]?.objectValue?["at"]?.stringValue?.hasSuffix("T22:50:00+08:00") == true, "\(listed)")
        #expect(listed["last_reading"]?.objectValue?["checkpoint"]?.stringValue == "visit-a")
        #expect(listed["next_deadline"]?.stringValue?.hasSuffix("T12:00:00+08:00") == true, "\(listed)")
        #expect(listed["read_in_window"] == .bool(false))
        #expect(try Self.order(control, d, grid: "ga")["next_deadline"] == .null, "an ended order asks nothing")
        #expect(try Self.order(control, c, grid: "ga")["next_deadline"] == .null, "a released order asks nothing")

        // A is measured at 00:35 (any checkpoint): the list says so.
        #expect(try gate.request("TEMP seq=2 person=\(a) temp=36.4 ts=\(day1 + 24 * Self.hour + 35 * Self.minute)").hasPrefix("OK seq=2 "))
        #expect(try Self.order(control, a, grid: "ga")["read_in_window"] == .bool(true))

        // 12:06 on day 2: the noon window: B again, and E (its first whole window); A was measured.
        try Self.set(shim, to: day1 + 36 * Self.hour + 6 * Self.minute)
        let second = try Self.awaitFollowups(control, count: 3)
        let people = Set(second.compactMap { $0["person"]?.stringValue })
        #expect(second.count == 3 && people.count == 2, "\(second)")
        let noon = second.filter { $0["at"]?.stringValue?.hasSuffix("T12:00:00+08:00") == true }
        #expect(Set(noon.compactMap { $0["grid"]?.stringValue }) == ["ga", "gb"], "\(noon)")
        #expect(noon.allSatisfy { $0["detail"]?.stringValue == "no reading 00:30-12:00" })

        // What was judged is kept: a restart (and its 5 minutes of waiting for spooled readings) judges nothing again.
        _ = try daemon.terminate()
        try daemon.start()
        try Self.set(shim, to: day1 + 36 * Self.hour + 13 * Self.minute)
        let restarted = try daemon.control()
        Deadline.sleep(7)
        #expect(try Self.followups(restarted).count == 3)
        let through = try SQLiteShell.query(daemon.databasePath, "SELECT value FROM meta WHERE key = 'followup_through'")
        #expect(through == [[String(day1 + 36 * Self.hour)]])
        // No FOLLOWUP alert is ever about C, D or A.
        let masked = [a, c, d].map { String($0.prefix(3)) + "****" + String($0.suffix(4)) }
        #expect(try Self.followups(restarted).allSatisfy { !masked.contains($0["person"]?.stringValue ?? "") })
    }
}

import CheckpointTestSupport
import Foundation
import Testing

/// Issue 15, point 4, against the real daemon: further violations of the same order on the same local day attach to
/// the open alert (`count`, `last_at`); each record is still a violation; the journal gets one entry per case.
@Suite struct OneCasePerDayTests {
    static let person = "13700137000"
    /// The display zone: UTC+8 as a POSIX `TZ` (no zone files needed), `display_timezone` left to the system's.
    static let offsetMinutes = 8 * 60
    static let offset = Int64(offsetMinutes) * WallTime.minuteMilliseconds

    /// Local midnight (UTC+8) three days ago, in Unix milliseconds: the day the morning's records fall on.
    static let day: Int64 = {
        let dayLength = WallTime.dayMilliseconds
        let localNow = WallTime.nowMilliseconds() + offset
        return (localNow / dayLength - 3) * dayLength - offset
    }()

    /// `hour:minute` on `day` (or days after it), local time.
    static func local(_ hour: Int64, _ minute: Int64 = 0, dayAfter: Int64 = 0) -> Int64 {
        day + dayAfter * WallTime.dayMilliseconds + hour * WallTime.hourMilliseconds
            + minute * WallTime.minuteMilliseconds
    }

    static func centre(_ arguments: [String] = []) throws -> Centre {
        let daemon = try DaemonProcess(
            arguments: ["--display-timezone", ""] + arguments, environment: ["TZ": "<+08>-8"])
        try daemon.start()
        let centre = try Centre(daemon: daemon)
        _ = try centre.station()
        // An order that started the evening before `day`.
        _ = try centre.control.must("quarantine.add", [
            "person": person, "reason": "close contact", "start": String(local(20, dayAfter: -1)), "days": 14,
        ])
        return centre
    }

    @discardableResult
    static func exit(_ centre: Centre, at time: Int64) throws -> ReplyLine {
        try centre.send("EXIT", "person=\(person) ts=\(time)")
    }

    /// The daemon's log lines that open a violation alert (its journal entries; stderr in tests), not escalations.
    static func journalEntries(_ centre: Centre) -> [Substring] {
        centre.daemon.stderrText.split(separator: "\n").filter {
            $0.hasPrefix("warning") && $0.contains("violation alert ")
        }
    }

    static func violations(_ centre: Centre) throws -> [[String: Any]] {
        try centre.control.must("alerts", ["type": "VIOLATION", "state": "all"]).items
    }

    @Test func threeExitsInOneMorning_areOneAlertCountingThreeAndTheNextDayOpensAnother() throws {
        let centre = try Self.centre()
        let morning = [Self.local(8, 5), Self.local(9, 40), Self.local(11, 20)]
        let replies = try morning.map { try Self.exit(centre, at: $0) }
        let alert = try centre.alert(of: replies[0])
        #expect(replies.map { $0["verdict"] } == ["violation", "violation", "violation"], "\(replies)")
        #expect(replies.map { $0["alert"] } == Array(repeating: String(alert), count: 3), "\(replies)")

        var cases = try Self.violations(centre)
        #expect(cases.count == 1, "\(cases)")
        #expect(cases.first?["id"] as? Int == alert && cases.first?["count"] as? Int == 3)
        #expect(cases.first?["at"] as? String == WallTime.rfc3339(morning[0], offsetMinutes: Self.offsetMinutes))
        let last = WallTime.rfc3339(morning[2], offsetMinutes: Self.offsetMinutes)
        #expect(cases.first?["last_at"] as? String == last)
        #expect(cases.first?["record_id"] as? Int == Int(replies[0]["id"] ?? ""))
        let records = try centre.control.must("records", ["kind": "EXIT"]).items
        #expect(records.count == 3 && records.allSatisfy { $0["verdict"] as? String == "violation" })
        #expect(try centre.control.must("stats")["violations"] as? Int == 3, "each record counts as a violation")
        #expect(Self.journalEntries(centre).count == 1, "one journal entry per case")
        #expect(Self.journalEntries(centre).first?.contains("violation alert \(alert)") == true)

        // A resend of the second EXIT (its OK was lost) is DUP with the same alert=.
        let resend = try centre.station().request("EXIT seq=2 person=\(Self.person) ts=\(morning[1])")
        #expect(resend == "DUP seq=2 id=\(replies[1]["id"] ?? "") verdict=violation alert=\(alert)")

        // 23:50 local is still the same day (15:50 UTC); 00:10 local the next day is another day, though the same
        // UTC day.
        let lateEvening = try Self.exit(centre, at: Self.local(23, 50))
        #expect(lateEvening["alert"] == String(alert))
        let nextDay = try Self.exit(centre, at: Self.local(0, 10, dayAfter: 1))
        #expect(nextDay["verdict"] == "violation")
        let second = try centre.alert(of: nextDay)
        #expect(second != alert)
        cases = try Self.violations(centre)
        #expect(cases.map { $0["id"] as? Int } == [second, alert])
        #expect(cases.map { $0["count"] as? Int } == [1, 4])
        #expect(Self.journalEntries(centre).count == 2)
        #expect(!centre.daemon.stderrText.contains(Self.person), "people are masked in logs")
    }

    /// An acknowledged case has been handled: a violation after it, the same day, opens a new case.
    @Test func aViolationAfterTheCaseWasAcknowledged_opensANewCase() throws {
        let centre = try Self.centre()
        let first = try centre.alert(of: try Self.exit(centre, at: Self.local(8)))
        try Self.exit(centre, at: Self.local(8, 30))
        _ = try centre.control.must("ack", ["id": first, "note": "called the grid office"])
        let after = try centre.alert(of: try Self.exit(centre, at: Self.local(9)))
        #expect(after != first)
        #expect(try centre.alert(of: try Self.exit(centre, at: Self.local(9, 30))) == after)
        let cases = try Self.violations(centre)
        #expect(cases.map { $0["count"] as? Int } == [2, 2])
        #expect(cases.map { $0["state"] as? String } == ["open", "acked"])
        #expect(Self.journalEntries(centre).count == 2)
    }

    /// `watch` sees the case grow (one event per attached violation) and the escalation of the case, once.
    @Test(.timeLimit(.minutes(20)))
    func anAttachedCase_isWatchedAndEscalatesOnce() throws {
        let centre = try Self.centre(["--escalate-after", "2s"])
        let client = try WatchTests.watcher(centre, #"{"cmd":"watch"}"#, expecting: ["alert"])
        let alert = try centre.alert(of: try Self.exit(centre, at: Self.local(8)))
        let opened = try WatchTests.Event(client.readLine(timeout: 10))
        #expect(opened.name == "alert" && opened.id == alert && opened.body["count"] as? Int == 1)
        try Self.exit(centre, at: Self.local(8, 20))
        let grown = try WatchTests.Event(client.readLine(timeout: 10))
        #expect(grown.name == "alert" && grown.id == alert && grown.body["count"] as? Int == 2, "\(grown)")
        #expect(grown.body["last_at"] as? String == WallTime.rfc3339(Self.local(8, 20), offsetMinutes: 480))
        let escalation = try WatchTests.Event(client.readLine(timeout: 15))
        #expect(escalation.name == "escalation" && escalation.id == alert, "\(escalation)")
        try Self.exit(centre, at: Self.local(8, 40))
        let third = try WatchTests.Event(client.readLine(timeout: 10))
        #expect(third.name == "alert" && third.body["count"] as? Int == 3 && third.body["escalated_at"] is String)
        #expect(throws: ReadTimeout.self, "escalated once") { try client.readLine(timeout: 4) }
        #expect(Self.journalEntries(centre).count == 1)
    }
}

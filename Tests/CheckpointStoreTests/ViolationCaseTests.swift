import CheckpointCore
@testable import CheckpointStore
import Testing

/// Issue 15, point 4: one case per person per day. Further violations of the same order on the same local day
/// (display zone) attach to the open VIOLATION alert; each record still says `violation`.
@Suite struct ViolationCaseTests {
    /// Beijing: the clock's start, 2020-02-07T00:15Z, is 08:15 there, and the local day ends 15 h 45 min later,
    /// while the UTC day goes on until 23:45 later.
    static let beijing = FixedOffsetZone(seconds: 8 * 3600)
    static let toLocalMidnight = 15 * Span.hour + 45 * Span.minute

    static func rig() throws -> EngineRig {
        try EngineRig { $0.zone = ViolationCaseTests.beijing }
    }

    /// Alice under an operator's order that started `since` (two hours) before the clock's time; returns its id.
    @discardableResult
    static func quarantined(
        _ rig: EngineRig, _ person: PersonID = People.alice, since: Int64 = 2 * Span.hour
    ) throws -> Int64 {
        let start = rig.clock.now().adding(milliseconds: -since)
        return try rig.run { engine throws(StoreError) in
            try engine.addQuarantine(person: person, start: start, days: 14, reason: "contact", note: nil).id
        }
    }

    static func exit(_ station: TestStation, _ seq: Int64, at offset: Int64, temp: Int? = nil) -> IncomingRecord {
        station.record(seq, .exit, People.alice, temp: temp, at: at(offset))
    }

    /// `(count, last_at, quarantine_id)` of an alert.
    static func caseRow(_ rig: EngineRig, _ id: Int64) throws -> [Int64?]? {
        try rig.harness.row("SELECT count, last_at, quarantine_id FROM alerts WHERE id = \(id)", columns: 3)
    }

    static func changed(_ rig: EngineRig) -> [AlertRow] {
        rig.events.compactMap { if case .alertChanged(let row) = $0 { row } else { nil } }
    }

    @Test func threeExitsInOneMorning_makeOneCaseCountingThree() throws {
        let rig = try Self.rig()
        let station = try rig.station()
        let order = try Self.quarantined(rig)
        let times = [Int64(0), 45 * Span.minute, 2 * Span.hour + 15 * Span.minute]
        var receipts: [RecordReceipt] = []
        for (index, offset) in times.enumerated() {
            receipts.append(try rig.store(Self.exit(station, Int64(index + 1), at: offset)))
        }
        let alert = try #require(receipts.first?.alertIDs.first)
        #expect(receipts.map(\.verdicts) == [.violation, .violation, .violation])
        #expect(receipts.map(\.alertIDs) == [[alert], [alert], [alert]], "each OK names the case")
        #expect(try rig.count(.violation) == 1)
        #expect(try Self.caseRow(rig, alert) == [3, at(times[2]).milliseconds, order])
        #expect(try rig.harness.int("SELECT COUNT(*) FROM records WHERE verdict = 2") == 3)
        #expect(try rig.harness.int("SELECT SUM(violations) FROM hourly_counts") == 3)
        #expect(
            try rig.harness.column("SELECT record_id || '>' || alert_id FROM alert_records ORDER BY record_id")
                == receipts.dropFirst().map { "\($0.id)>\(alert)" })
        // One opening (the journal's one entry per case), then the case growing on `watch`.
        #expect(rig.ids(of: .opened) == [alert])
        #expect(Self.changed(rig).map { [$0.id, $0.count] } == [[alert, 2], [alert, 3]])
        #expect(Self.changed(rig).last?.lastAt == at(times[2]))
        let row = try #require(try rig.run { engine throws(StoreError) in
            try CommandCentreQueries.alert(engine.db, id: alert)
        })
        #expect(row.count == 3 && row.lastAt == at(times[2]) && row.at == at(0) && row.recordID == receipts[0].id)
    }

    @Test func violationsInOneBatch_attachToTheCaseOpenedEarlierInIt() throws {
        let rig = try Self.rig()
        let station = try rig.station()
        try Self.quarantined(rig)
        let receipts = try rig.store((1...4).map { Self.exit(station, $0, at: $0 * Span.minute) })
        let alert = try #require(receipts.first?.alertIDs.first)
        #expect(Set(receipts.map(\.alertIDs)) == [[alert]])
        #expect(try Self.caseRow(rig, alert)?.prefix(2) == [4, at(4 * Span.minute).milliseconds])
        #expect(try rig.count(.violation) == 1)
    }

    /// The day is the display zone's: past local midnight is another day although the UTC day goes on.
    @Test func aViolationAfterLocalMidnight_opensANewCase() throws {
        let rig = try Self.rig()
        let station = try rig.station()
        try Self.quarantined(rig)
        let first = try rig.store(Self.exit(station, 1, at: 0)).alertIDs
        let late = try rig.store(Self.exit(station, 2, at: Self.toLocalMidnight - 1)).alertIDs
        let nextDay = try rig.store(Self.exit(station, 3, at: Self.toLocalMidnight)).alertIDs
        let again = try rig.store(Self.exit(station, 4, at: Self.toLocalMidnight + Span.hour)).alertIDs
        #expect(first == late, "23:59:59.999 is the same day")
        #expect(nextDay != first && again == nextDay)
        #expect(try rig.count(.violation) == 2)
        #expect(try Self.caseRow(rig, first[0])?.first == 2)
        #expect(try Self.caseRow(rig, nextDay[0])?.prefix(2) == [2, at(Self.toLocalMidnight + Span.hour).milliseconds])
        #expect(rig.ids(of: .opened) == first + nextDay)
    }

    /// A terminal's backlog arriving late attaches to the case of its own day, and `last_at` keeps the latest.
    @Test func aBacklogRecord_attachesToTheCaseOfItsDayAndKeepsTheLatestTime() throws {
        let rig = try Self.rig()
        let station = try rig.station()
        try Self.quarantined(rig, since: 20 * Span.hour)
        let yesterday = try rig.store(Self.exit(station, 1, at: -9 * Span.hour)).alertIDs
        let today = try rig.store(Self.exit(station, 2, at: Span.hour)).alertIDs
        let earlierToday = try rig.store(Self.exit(station, 3, at: 30 * Span.minute)).alertIDs
        let lateYesterday = try rig.store(Self.exit(station, 4, at: -8 * Span.hour - 30 * Span.minute)).alertIDs
        #expect(yesterday != today && earlierToday == today && lateYesterday == yesterday)
        #expect(try Self.caseRow(rig, today[0])?.prefix(2) == [2, at(Span.hour).milliseconds])
        let lastYesterday = at(-8 * Span.hour - 30 * Span.minute).milliseconds
        #expect(try Self.caseRow(rig, yesterday[0])?.prefix(2) == [2, lastYesterday])
    }

    @Test func anAcknowledgedCase_isHandled_theNextViolationOpensANewOne() throws {
        let rig = try Self.rig()
        let station = try rig.station()
        try Self.quarantined(rig)
        let first = try #require(try rig.store(Self.exit(station, 1, at: 0)).alertIDs.first)
        try rig.store(Self.exit(station, 2, at: Span.minute))
        try rig.run { engine throws(StoreError) in _ = try engine.acknowledgeAlert(id: first, note: nil, by: "ops") }
        let after = try rig.store(Self.exit(station, 3, at: 2 * Span.minute)).alertIDs
        let more = try rig.store(Self.exit(station, 4, at: 3 * Span.minute)).alertIDs
        #expect(after != [first] && more == after)
        #expect(try Self.caseRow(rig, first)?.first == 2, "the acknowledged case keeps its count")
        #expect(try Self.caseRow(rig, after[0])?.first == 2)
    }

    @Test func aViolationOfAnotherOrder_opensANewCase() throws {
        let rig = try Self.rig()
        let station = try rig.station()
        let firstOrder = try Self.quarantined(rig)
        let first = try rig.store(Self.exit(station, 1, at: 0)).alertIDs
        try rig.run { engine throws(StoreError) in
            _ = try engine.releaseQuarantine(person: People.alice, by: "ops", note: "sent to a hotel")
        }
        #expect(try rig.store(Self.exit(station, 2, at: Span.minute)).verdicts == [], "released: no order")
        let secondOrder = try Self.quarantined(rig)
        let second = try rig.store(Self.exit(station, 3, at: 2 * Span.minute)).alertIDs
        #expect(second != first)
        #expect(try Self.caseRow(rig, first[0])?[2] == firstOrder)
        #expect(try Self.caseRow(rig, second[0])?[2] == secondOrder)
    }

    @Test func anotherPersonsViolation_opensTheirOwnCase() throws {
        let rig = try Self.rig()
        let station = try rig.station()
        try Self.quarantined(rig)
        try Self.quarantined(rig, People.bob)
        let alice = try rig.store(Self.exit(station, 1, at: 0)).alertIDs
        let bob = try rig.store(station.record(2, .exit, People.bob, temp: nil, at: at(Span.minute))).alertIDs
        #expect(alice != bob && alice.count == 1 && bob.count == 1)
    }

    /// Issue 15 point 1 with point 4: a person known by a phone and a resident ID is one person. Their order (put on
    /// the phone) is theirs whichever key a record names, and so is the day's case.
    @Test func aLinkedPersonsViolationsUnderEitherKey_makeOneCase() throws {
        let rig = try Self.rig()
        let station = try rig.station()
        let phone = PersonID.phone("13911112222")
        let resident = PersonID.resident("500227198501011230")
        let order = try Self.quarantined(rig, phone)
        var linked = station.record(1, .exit, phone, temp: nil, at: at(0))
        linked.record.document = resident
        let first = try rig.store(linked)
        let byPhone = try rig.store(station.record(2, .exit, phone, temp: nil, at: at(Span.minute)))
        var byID = station.record(3, .temp, phone, temp: 366, at: at(2 * Span.minute))
        byID.record.document = resident
        let temp = try rig.store(byID)
        #expect(first.verdicts == .violation && byPhone.verdicts == .violation, "\(first) \(byPhone)")
        #expect(temp.verdicts == [], "a TEMP at a compound gate")
        let alert = try #require(first.alertIDs.first)
        #expect(byPhone.alertIDs == [alert])
        #expect(try Self.caseRow(rig, alert) == [2, at(Span.minute).milliseconds, order])
        #expect(try rig.count(.violation) == 1)
    }

    /// SPEC §10: `DUP` repeats the `alert=` of the `OK`, also for a record that attached to a case (and a fever
    /// it opened besides, in ascending order).
    @Test func aResentAttachedRecord_isDupWithTheCaseAndItsOwnFever() throws {
        let rig = try Self.rig()
        let station = try rig.station()
        try Self.quarantined(rig)
        let first = try rig.store(Self.exit(station, 1, at: 0))
        let feverish = try rig.store(Self.exit(station, 2, at: Span.minute, temp: 386))
        let alert = try #require(first.alertIDs.first)
        #expect(feverish.verdicts == [.fever, .violation])
        #expect(feverish.alertIDs.count == 2 && feverish.alertIDs.first == alert && feverish.alertIDs[1] > alert)

        let outcomes = Outcomes()
        let resend = Self.exit(station, 2, at: Span.minute, temp: 386)
        let job = RecordJob(record: resend, completion: outcomes.completion(0))
        _ = rig.engine.runBatch([job])
        job.finish(nil)
        #expect(outcomes[0]?.duplicate == feverish)
        #expect(try Self.caseRow(rig, alert)?.first == 2, "a resend counts nothing")
    }

    /// SPEC §9 escalation counts from the case's creation; the violations it gathers later do not raise it again.
    @Test func aCaseGatheringViolations_escalatesOnceFromItsOpening() throws {
        let rig = try Self.rig()
        let station = try rig.station()
        try Self.quarantined(rig)
        let alert = try #require(try rig.store(Self.exit(station, 1, at: 0)).alertIDs.first)
        rig.setClock(to: 5 * Span.minute)
        try rig.store(Self.exit(station, 2, at: 5 * Span.minute))
        rig.setClock(to: 10 * Span.minute)
        rig.sweep()
        #expect(rig.ids(of: .escalated) == [alert])
        rig.setClock(to: 12 * Span.minute)
        try rig.store(Self.exit(station, 3, at: 12 * Span.minute))
        rig.setClock(to: 30 * Span.minute)
        rig.sweep()
        #expect(rig.ids(of: .escalated) == [alert], "escalated once")
        #expect(try rig.harness.row("SELECT count, escalated_at FROM alerts", columns: 2)
            == [3, at(10 * Span.minute).milliseconds])
    }

    @Test func erasingThePerson_removesTheCaseAndItsLinks() throws {
        let rig = try Self.rig()
        let station = try rig.station()
        try Self.quarantined(rig)
        try rig.store((1...3).map { Self.exit(station, $0, at: $0 * Span.minute) })
        #expect(try rig.harness.int("SELECT COUNT(*) FROM alert_records") == 2)
        let audit = AuditEntry(
            at: rig.clock.now(), uid: 0, gid: 0, command: "person.erase", person: People.alice.masked, since: nil,
            until: nil, reason: "request 1")
        let result = try rig.run { engine throws(StoreError) in
            try engine.erase(person: People.alice, audit: audit, done: ErasureBox())
        }
        #expect(result.records == 3 && result.alerts == 1)
        #expect(try rig.harness.int("SELECT COUNT(*) FROM alert_records") == 0)
    }

    /// Alerts go after `alert_retention_days`; the links of a case go with it.
    @Test func retention_whenTheCaseExpires_removesItsLinks() throws {
        let rig = try EngineRig {
            $0.zone = ViolationCaseTests.beijing
            $0.alertRetentionDays = 2
            $0.retentionDays = 2
            // No SILENT alert when the clock jumps: the table should end empty.
            $0.monitoring.silentAfterMilliseconds = 3650 * Span.day
        }
        let station = try rig.station()
        try Self.quarantined(rig)
        try rig.store((1...3).map { Self.exit(station, $0, at: $0 * Span.minute) })
        rig.setClock(to: 3 * Span.day)
        for _ in 0..<5 { rig.sweep() }
        #expect(try rig.harness.int("SELECT COUNT(*) FROM alerts") == 0)
        #expect(try rig.harness.int("SELECT COUNT(*) FROM alert_records") == 0)
    }
}

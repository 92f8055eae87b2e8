import CheckpointCore
import CheckpointTestSupport
@testable import CheckpointStore
import Dispatch
import Foundation
import Synchronization
import Testing

/// SPEC §9 upload gaps: `stations` rows carry the missing seq ranges (at most 100) and their count.
@Suite struct UploadGapTests {
    static func gaps(_ harness: StoreHarness, station: String = "st-1") throws -> ([ClosedRange<Int64>], Int64)? {
        let row = try StoreReader(path: harness.path, connections: 1).stations().first { $0.code == station }
        return row.map { ($0.missing, $0.missingCount) }
    }

    static func send(_ seqs: [Int64], _ writer: IngestWriter, _ station: TestStation) async {
        for seq in seqs {
            let outcome = await writer.store(station.record(seq, .temp, People.numbered(Int(seq))))
            #expect(outcome.stored != nil, "seq \(seq): \(outcome)")
        }
    }

    @Test func gaps_whenSeqsSkipAndALateOneArrives_reportsRangesAndSplitsTheRange() async throws {
        try await StoreHarness.run { harness, writer, station in
            await Self.send([1, 2, 3, 7, 8, 10], writer, station)
            let before = try #require(try Self.gaps(harness))
            #expect(before.0 == [4...6, 9...9] && before.1 == 4)

            await Self.send([5], writer, station)
            let after = try #require(try Self.gaps(harness))
            #expect(after.0 == [4...4, 6...6, 9...9] && after.1 == 3)
            #expect(await writer.store(station.record(5, .temp, People.numbered(5))).duplicate != nil)
            #expect(try Self.gaps(harness)?.1 == 3)
        }
    }

    @Test func gaps_whenARecordComesBelowTheFirstSeq_addsTheRangeBetween() async throws {
        try await StoreHarness.run { harness, writer, station in
            await Self.send([10, 11, 13, 5], writer, station)
            let gaps = try #require(try Self.gaps(harness))
            #expect(gaps.0 == [6...9, 12...12] && gaps.1 == 5)
            let row = try StoreReader(path: harness.path, connections: 1).stations().first
            #expect(row?.firstSeq == 5 && row?.lastSeq == 13)
        }
    }

    @Test func gaps_whenMoreThan100Ranges_reportsTheFirst100AndCountsAll() async throws {
        try await StoreHarness.run { harness, writer, station in
            let odd = (0...151).map { Int64(2 * $0 + 1) }
            let outcomes = Outcomes()
            for (index, seq) in odd.enumerated() {
                let record = station.record(seq, .temp, People.numbered(index))
                writer.submit(record, completion: outcomes.completion(index))
            }
            #expect(await outcomes.wait(for: odd.count))
            let gaps = try #require(try Self.gaps(harness))
            #expect(gaps.0.count == 100)
            #expect(gaps.0.first == 2...2 && gaps.0.last == 200...200)
            #expect(gaps.1 == 151)
        }
    }

    @Test func gaps_whenWriterRestarts_keepsTheRangesAndALateSeqStillFillsOne() async throws {
        let harness = try StoreHarness()
        let first = try harness.openWriter()
        let station = try await harness.register(first)
        await Self.send([1, 2, 3, 7, 8, 10], first, station)
        await harness.close(first)

        let writer = try harness.openWriter()
        #expect(try Self.gaps(harness)?.0 == [4...6, 9...9])
        let late = await writer.store(station.record(9, .temp, People.numbered(9)))
        #expect(late.stored != nil, "9 is missing, not a resend: \(late)")
        #expect(await writer.store(station.record(8, .temp, People.numbered(8))).duplicate != nil)
        await Self.send([12], writer, station)
        await harness.close(writer)
        #expect(try Self.gaps(harness)?.0 == [4...6, 11...11])
        #expect(try Self.gaps(harness)?.1 == 4)
    }
}

/// SPEC §9/§10 presence: over a checkpoint or a grid, people whose last ENTRY/EXIT is an EXIT older than
/// `out_after`, and how many are inside. TEMP records do not count.
@Suite struct PresenceTests {
    @Test func presence_whenLastPassageIsAnOldExit_listsThePersonWithTheExitTime() throws {
        let rig = try EngineRig()
        let gate1 = try rig.station("st-1", checkpoint: "gate-1")
        let gate2 = try rig.station("st-2", checkpoint: "gate-2")
        let yard = try rig.station("st-3", checkpoint: "gate-3", grid: "grid-2")
        let (eve, frank) = (People.numbered(5), People.numbered(6))
        rig.setClock(to: Span.day)
        try rig.store([
            gate1.record(1, .entry, People.alice, temp: nil, at: at(0)),
            gate1.record(2, .exit, People.alice, temp: nil, at: at(Span.hour)),
            gate1.record(3, .exit, People.bob, temp: nil, at: at(0)),
            gate1.record(4, .entry, People.bob, temp: nil, at: at(2 * Span.hour)),
            gate1.record(5, .exit, People.carol, temp: nil, at: at(Span.day - Span.hour)),
            gate1.record(6, .entry, People.dave, temp: nil, at: at(0)),
            gate1.record(7, .temp, People.dave, temp: 365, at: at(3 * Span.hour)),
            gate1.record(8, .exit, eve, temp: nil, at: at(0)),
            gate1.record(9, .temp, eve, temp: 366, at: at(5 * Span.hour)),
            gate1.record(10, .exit, frank, temp: nil, at: at(0)),
            gate2.record(1, .entry, frank, temp: nil, at: at(3 * Span.hour)),
            yard.record(1, .exit, People.dave, temp: nil, at: at(4 * Span.hour)),
        ])
        let reader = try StoreReader(path: rig.harness.path, connections: 1)
        let now = rig.clock.now()

        let gate = try reader.presence(checkpoint: "gate-1", grid: nil, now: now, outAfter: 12 * Span.hour)
        #expect(gate.inside == 2, "bob and dave (dave's TEMP does not count)")
        #expect(gate.out.map(\.exitAt) == gate.out.map(\.exitAt).sorted(), "oldest exit first")
        let outAtGate = Dictionary(
            uniqueKeysWithValues: gate.out.compactMap { row in row.person.map { ($0, row.exitAt) } })
        #expect(outAtGate == [People.alice: at(Span.hour), eve: at(0), frank: at(0)], "carol left an hour ago")
        #expect(gate.out.allSatisfy { $0.checkpointCode == "gate-1" })

        let grid = try reader.presence(checkpoint: nil, grid: "grid-1", now: now, outAfter: 12 * Span.hour)
        #expect(grid.inside == 3, "frank came back in at gate-2")
        #expect(Set(grid.out.map(\.person)) == [People.alice, eve])

        let other = try reader.presence(checkpoint: nil, grid: "grid-2", now: now, outAfter: 12 * Span.hour)
        #expect(other.out.map(\.person) == [People.dave] && other.inside == 0)
        #expect(throws: StoreError.self) {
            try reader.presence(checkpoint: "gate-404", grid: nil, now: now, outAfter: 12 * Span.hour)
        }
    }
}

/// SPEC §4 `stats` from the hourly rollups: what was stored, per checkpoint, grid and hour.
@Suite struct StatsTests {
    /// Three checkpoints in two grids; records in hours 0, 1 and 2 after 2020-02-07T00:00Z, on the boundaries.
    static func fill(_ rig: EngineRig) throws {
        let gate1 = try rig.station("st-1", checkpoint: "gate-1")
        let gate2 = try rig.station("st-2", checkpoint: "gate-2")
        let yard = try rig.station("st-3", checkpoint: "gate-3", grid: "grid-2")
        let hour0 = at(-15 * Span.minute)
        let hour1 = hour0.adding(milliseconds: Span.hour)
        try rig.run { engine throws(StoreError) in
            _ = try engine.addQuarantine(
                person: People.dave, start: hour0.adding(milliseconds: -Span.day), days: 14, reason: "r", note: nil)
        }
        try rig.store([
            gate1.record(1, .temp, People.numbered(1), temp: 365, at: hour0),
            gate1.record(2, .temp, People.numbered(2), temp: 385, at: hour1.adding(milliseconds: -1)),
            gate1.record(3, .entry, People.numbered(3), temp: nil, at: hour1),
            gate1.record(4, .exit, People.dave, temp: nil, at: hour1.adding(milliseconds: 5 * Span.minute)),
            gate2.record(1, .entry, People.numbered(4), temp: 390, at: hour1.adding(milliseconds: Span.hour - 1)),
            gate2.record(2, .exit, People.numbered(5), temp: 366, at: hour1.adding(milliseconds: Span.hour)),
            yard.record(1, .temp, People.numbered(6), temp: 366, at: hour0.adding(milliseconds: 2 * Span.hour)),
            yard.record(2, .entry, People.dave, temp: 380, at: hour0.adding(milliseconds: 2 * Span.hour + 1)),
        ])
    }

    static func counts(_ temps: Int, _ entries: Int, _ exits: Int, fevers: Int, violations: Int) -> RecordCounts {
        RecordCounts(temps: temps, entries: entries, exits: exits, fevers: fevers, violations: violations)
    }

    @Test func stats_whenRecordsSpanHourBoundaries_equalWhatWasStoredPerCheckpointGridAndHour() throws {
        let rig = try EngineRig()
        try Self.fill(rig)
        let reader = try StoreReader(path: rig.harness.path, connections: 1)
        let stats = try reader.stats(since: nil, checkpoint: nil, grid: nil, byHour: true, now: rig.clock.now())
        #expect(stats.totals == Self.counts(3, 3, 2, fevers: 3, violations: 2))
        #expect(stats.perCheckpoint.map(\.code) == ["gate-1", "gate-2", "gate-3"])
        #expect(stats.perCheckpoint.map(\.counts) == [
            Self.counts(2, 1, 1, fevers: 1, violations: 1), Self.counts(0, 1, 1, fevers: 1, violations: 0),
            Self.counts(1, 1, 0, fevers: 1, violations: 1),
        ])
        #expect(stats.perGrid.map(\.grid) == ["grid-1", "grid-2"])
        #expect(stats.perGrid.map(\.counts.records) == [6, 2])
        let hour0 = at(-15 * Span.minute)
        #expect(stats.perHour.map(\.hour) == [0, 1, 2].map { hour0.adding(milliseconds: $0 * Span.hour) })
        #expect(stats.perHour.map(\.counts) == [
            Self.counts(2, 0, 0, fevers: 1, violations: 0), Self.counts(0, 2, 1, fevers: 1, violations: 1),
            Self.counts(1, 1, 1, fevers: 1, violations: 1),
        ])
        // Issue 15: dave's second violation (at gate-3) is of the same order on the same day: it attached to the case
        // his first one opened at gate-1.
        #expect(stats.openAlerts == 4, "three fevers and one violation case")
        let recordCount = try rig.harness.int("SELECT COUNT(*) FROM records")
        #expect(recordCount == Int64(stats.totals.records))

        let grid = try reader.stats(since: nil, checkpoint: nil, grid: "grid-2", byHour: false, now: rig.clock.now())
        #expect(grid.totals == Self.counts(1, 1, 0, fevers: 1, violations: 1) && grid.openAlerts == 1)
        let one = try reader.stats(since: nil, checkpoint: "gate-2", grid: nil, byHour: false, now: rig.clock.now())
        #expect(one.perCheckpoint.count == 1 && one.totals.records == 2 && one.openAlerts == 1)
    }

    @Test func stats_whenSinceIsInsideAnHour_roundsDownToTheStartOfThatHour() throws {
        let rig = try EngineRig()
        try Self.fill(rig)
        let reader = try StoreReader(path: rig.harness.path, connections: 1)
        let insideHour1 = at(45 * Span.minute + 30 * Span.minute)
        let now = rig.clock.now()
        let stats = try reader.stats(since: insideHour1, checkpoint: nil, grid: nil, byHour: false, now: now)
        #expect(stats.totals.records == 6, "01:00 is the hour of 01:30: everything from 01:00:00.000 on counts")
        #expect(stats.perCheckpoint.first?.counts == Self.counts(0, 1, 1, fevers: 0, violations: 1))
    }

    @Test func stats_whenAlertsAreAckedAndOrdersEnd_countsOnlyOpenAlertsAndActiveOrders() throws {
        let rig = try EngineRig()
        try Self.fill(rig)
        let now = rig.clock.now()
        try rig.run { engine throws(StoreError) in
            _ = try engine.acknowledgeAlert(id: 1, note: nil, by: "ops")
            _ = try engine.addQuarantine(person: People.alice, start: now, days: 1, reason: "r", note: nil)
            _ = try engine.addQuarantine(
                person: People.bob, start: now.adding(milliseconds: -3 * Span.day), days: 1, reason: "r", note: nil)
            _ = try engine.addQuarantine(person: People.carol, start: now, days: 3, reason: "r", note: nil)
            _ = try engine.releaseQuarantine(person: People.carol, by: "ops", note: nil)
        }
        let reader = try StoreReader(path: rig.harness.path, connections: 1)
        let stats = try reader.stats(since: nil, checkpoint: nil, grid: nil, byHour: false, now: now)
        #expect(stats.openAlerts == 3, "two fevers and the violation case")
        #expect(stats.activeQuarantines == 2, "dave's and alice's; bob's ended, carol's was released")
    }
}

/// SPEC §4 `quarantine.add` / `quarantine.release`: an operator's order works like an arrival's.
@Suite struct OperatorQuarantineTests {
    static func code(_ body: () async throws -> some Any) async -> StoreError.Code? {
        do {
            _ = try await body()
            return nil
        } catch {
            return (error as? StoreError)?.code
        }
    }

    @Test func quarantine_whenAnOperatorOrdersIt_passagesAfterTheGraceAreViolationsUntilItIsReleased() async throws {
        try await StoreHarness.run { harness, writer, station in
            let order = try await writer.addQuarantine(
                person: People.bob, start: ManualClock.start, days: 14, reason: "close contact", note: "by phone")
            #expect(order.recordID == nil && order.start == at(0) && order.end == at(14 * Span.day))
            #expect(order.reason == "close contact" && order.note == "by phone")

            let early = await writer.store(station.record(1, .exit, People.bob, temp: nil, at: at(30 * Span.minute)))
            #expect(early.stored?.verdicts == [], "inside the one-hour grace")
            let late = await writer.store(station.record(2, .entry, People.bob, temp: nil, at: at(2 * Span.hour)))
            #expect(late.stored?.verdicts == .violation && late.stored?.alertIDs.count == 1)
            let reading = await writer.store(station.record(3, .temp, People.bob, temp: 365, at: at(2 * Span.hour)))
            #expect(reading.stored?.verdicts == [], "a TEMP is not a passage")

            harness.clock.advance(milliseconds: 3 * Span.hour)
            let released = try await writer.releaseQuarantine(person: People.bob, by: "ops", note: "tested negative")
            #expect(released.map(\.id) == [order.id])
            #expect(released.first?.releasedAt == at(3 * Span.hour) && released.first?.releasedBy == "ops")
            #expect(released.first?.note == "tested negative")
            let after = await writer.store(station.record(4, .exit, People.bob, temp: nil, at: at(3 * Span.hour)))
            #expect(after.stored?.verdicts == [] && after.stored?.alertIDs == [])
            #expect(try await writer.status(of: People.bob).quarantineUntil == nil)
        }
    }

    @Test func quarantine_whenOneIsActive_addingIsConflictAndReleasingWithoutOneIsNotFound() async throws {
        try await StoreHarness.run { _, writer, station in
            let now = ManualClock.start
            _ = try await writer.addQuarantine(person: People.alice, start: now, days: 14, reason: "r", note: nil)
            #expect(await Self.code {
                try await writer.addQuarantine(person: People.alice, start: now, days: 3, reason: "again", note: nil)
            } == .conflict)

            let arrival = await writer.store(station.record(1, .entry, People.carol, temp: nil, origin: .outside))
            #expect(arrival.stored?.verdicts == .quarantine)
            #expect(await Self.code {
                try await writer.addQuarantine(person: People.carol, start: now, days: 14, reason: "r", note: nil)
            } == .conflict, "an arrival's order counts as active too")

            #expect(await Self.code { try await writer.releaseQuarantine(person: People.dave, by: "o", note: nil) }
                == .notFound)
            _ = try await writer.releaseQuarantine(person: People.alice, by: "ops", note: nil)
            #expect(await Self.code { try await writer.releaseQuarantine(person: People.alice, by: "o", note: nil) }
                == .notFound)
            let again = try await writer.addQuarantine(
                person: People.alice, start: now, days: 7, reason: "r", note: nil)
            #expect(again.end == at(7 * Span.day))
        }
    }

    /// "Adding while one is active is a conflict": active now, whatever start the new order is given. A backdated
    /// second order would overlap the first, and `quarantine.list` would show two orders in force.
    @Test func quarantine_whenOneIsActiveNowAndTheNewOrderIsBackdated_addingIsStillConflict() async throws {
        try await StoreHarness.run { harness, writer, _ in
            let now = ManualClock.start
            let first = now.adding(milliseconds: -Span.hour)
            _ = try await writer.addQuarantine(person: People.alice, start: first, days: 14, reason: "r", note: nil)
            let backdated = now.adding(milliseconds: -2 * Span.day)
            #expect(await Self.code {
                try await writer.addQuarantine(person: People.alice, start: backdated, days: 14, reason: "r", note: nil)
            } == .conflict)
            let reader = try StoreReader(path: harness.path, connections: 1)
            let active = try reader.quarantines(person: People.alice, activeOnly: true, now: now, limit: 10)
            #expect(active.count == 1, "two orders in force at once: \(active)")
        }
    }
}

/// SPEC §9 retention per class, with the audit table: records after `retention_days`, alerts, orders and audit
/// rows after `alert_retention_days`, hourly counts never.
@Suite struct RetentionClassTests {
    @Test func retention_whenEachClassExpires_purgesItAfterItsOwnRetentionAndKeepsHourlyCounts() throws {
        let rig = try EngineRig {
            $0.retentionDays = 1
            $0.alertRetentionDays = 3
            $0.monitoring.silentAfterMilliseconds = 3650 * Span.day
        }
        let station = try rig.station()
        let start = rig.clock.now()
        try rig.run { engine throws(StoreError) in
            _ = try engine.addQuarantine(person: People.bob, start: start, days: 1, reason: "r", note: nil)
            try engine.insertAudit(AuditEntry(
                at: start, uid: 0, gid: 0, command: "trace", person: "13800138000", since: nil, until: nil,
                reason: "r"))
        }
        try rig.store([station.record(1, temp: 385), station.record(2, .entry, People.bob, temp: nil)])
        let hourly = "SELECT COUNT(*), SUM(temps), SUM(entries), SUM(fevers) FROM hourly_counts"
        let counts = try rig.harness.row(hourly, columns: 4)
        #expect(counts == [1, 1, 1, 1])
        let tables = "SELECT (SELECT COUNT(*) FROM records), (SELECT COUNT(*) FROM alerts), "
            + "(SELECT COUNT(*) FROM quarantines), (SELECT COUNT(*) FROM audit)"

        rig.setClock(to: 3 * Span.day)
        try rig.run { engine throws(StoreError) in
            try engine.insertAudit(AuditEntry(
                at: at(3 * Span.day), uid: 0, gid: 0, command: "export", person: nil, since: start, until: nil,
                reason: "r"))
        }
        for _ in 0..<4 { rig.sweep() }
        #expect(try rig.harness.row(tables, columns: 4) == [0, 1, 1, 2], "records go after a day, the rest stays")

        rig.setClock(to: 5 * Span.day)
        for _ in 0..<4 { rig.sweep() }
        #expect(try rig.harness.row(tables, columns: 4) == [0, 0, 0, 1], "the export audited on day 3 stays")
        #expect(try rig.harness.text("SELECT cmd FROM audit") == "export")
        #expect(try rig.harness.row(hourly, columns: 4) == counts, "hourly counts are kept forever")
    }
}

/// SPEC §4 `backup`: the SQLite online backup API through a reader connection while the writer commits.
@Suite struct BackupTests {
    final class Feeder: Sendable {
        let stop = Mutex(false)
        let stored = Outcomes()
    }

    @Test(.timeLimit(.minutes(20)))
    func backup_whileTheWriterStores_copyPassesIntegrityCheckAndIsOneSnapshot() async throws {
        try await StoreHarness.run { harness, writer, station in
            let feeder = Feeder()
            let feeding = Task.detached {
                var index = 0
                while !feeder.stop.withLock({ $0 }) {
                    let kind: RecordKind = index % 3 == 0 ? .entry : .temp
                    let record = station.record(
                        Int64(index + 1), kind, People.numbered(index), temp: index % 40 == 0 ? 385 : 365)
                    writer.submit(record, completion: feeder.stored.completion(index))
                    index += 1
                    if index % 50 == 0 { try? await Task.sleep(for: .milliseconds(1)) }
                }
                return index
            }
            let reader = try StoreReader(path: harness.path, connections: 2)
            var copies: [(path: String, bytes: Int64)] = []
            for number in 1...3 {
                _ = await eventually { feeder.stored.count >= 1000 * number }
                let copy = try reader.backup(named: "copy-\(number).sqlite", into: harness.directory.path + "/backups")
                copies.append((copy.path, copy.bytes))
            }
            feeder.stop.withLock { $0 = true }
            let submitted = await feeding.value
            #expect(await feeder.stored.wait(for: submitted))

            var counts: [Int64] = []
            for copy in copies {
                let size = try FileManager.default.attributesOfItem(atPath: copy.path)[.size] as? Int
                #expect(size.map(Int64.init) == copy.bytes)
                let db = try SQLiteConnection(path: copy.path, mode: .readOnly)
                #expect(try db.text("PRAGMA integrity_check") == "ok")
                let records = try db.integer("SELECT COUNT(*) FROM records") ?? -1
                #expect(try db.integer("SELECT SUM(temps + entries + exits) FROM hourly_counts") == records)
                #expect(try db.integer("SELECT last_seq FROM stations") == records, "seqs 1...n, no gap: one snapshot")
                #expect(try db.integer("SELECT COUNT(*) FROM alerts") == db.integer(
                    "SELECT SUM(fevers) FROM hourly_counts"))
                counts.append(records)
            }
            // Each copy is one snapshot (checked above); at least one was taken while records were still coming (on a
            // loaded machine the feeder may already have stopped by the last one).
            #expect(counts.allSatisfy { $0 > 0 } && counts == counts.sorted(), "copies: \(counts)")
            #expect(counts.contains { $0 < Int64(submitted) }, "no copy was taken while records were coming: \(counts)")
            let left = try FileManager.default.contentsOfDirectory(atPath: harness.directory.path + "/backups")
            #expect(left.sorted() == ["copy-1.sqlite", "copy-2.sqlite", "copy-3.sqlite"], "no temporary file: \(left)")
        }
    }
}

import CheckpointCore
@testable import CheckpointStore
import Testing

/// Drives a `WriterEngine` on the test's own thread, so housekeeping steps can be counted one by one.
final class EngineDriver {
    let engine: WriterEngine
    let checkpointKey: Int64

    init(_ harness: StoreHarness, _ options: StoreOptions) throws {
        engine = try WriterEngine(
            options: options, clock: harness.clock, directory: StationDirectory(), recordEvents: EventSwitch())
        let body: @Sendable (WriterEngine) throws(StoreError) -> Void = { engine throws(StoreError) in
            _ = try engine.addCheckpoint(code: "gate-1", name: "", grid: "g", staffed: "24h")
        }
        guard case .committed = engine.runBatch([OperationJob(counted: false, body: body, completion: { _ in })]) else {
            throw StoreError(.other, "could not add the checkpoint")
        }
        checkpointKey = try harness.int("SELECT id FROM checkpoints WHERE code = 'gate-1'") ?? 0
    }

    var station: TestStation { TestStation(key: 1, checkpointKey: checkpointKey) }

    /// Stores `records` in one group transaction, as the writer thread would.
    func store(_ records: [IncomingRecord]) throws {
        let outcomes = Outcomes()
        let jobs = records.enumerated().map { RecordJob(record: $1, completion: outcomes.completion($0)) }
        guard case .committed = engine.runBatch(jobs) else { throw StoreError(.other, "batch failed") }
        for job in jobs { job.finish(nil) }
        #expect(outcomes.all.values.allSatisfy { $0.stored != nil })
    }

    deinit { engine.close() }
}

@Suite struct RetentionTests {
    static func oldRecords(_ station: TestStation, count: Int, firstSeq: Int64 = 1) -> [IncomingRecord] {
        (0..<count).map { index in
            let seq = firstSeq + Int64(index)
            let kind: RecordKind = index == 0 ? .entry : .temp
            return station.record(
                seq, kind, People.numbered(index), temp: index % 10 == 1 ? 386 : 365,
                at: at(Int64(index) * Span.second), origin: index == 0 ? .outside : nil)
        }
    }

    static let hourly = "SELECT COUNT(*), SUM(temps), SUM(entries), SUM(fevers) FROM hourly_counts"

    /// Short retention; the silent-checkpoint watch off, so the clock jumps raise no SILENT alerts.
    static func options(_ harness: StoreHarness, alertRetentionDays: Int = 2) -> StoreOptions {
        harness.options {
            $0.retentionDays = 1
            $0.alertRetentionDays = alertRetentionDays
            $0.monitoring.silentAfterMilliseconds = 3650 * Span.day
        }
    }

    /// SPEC §9 "Retention per class": records go after `retention_days`, alerts and orders after
    /// `alert_retention_days`, hourly counts never.
    @Test func purge_whenClassesExpire_deletesEachAfterItsOwnRetentionAndKeepsHourlyCounts() async throws {
        let harness = try StoreHarness()
        let driver = try EngineDriver(harness, Self.options(harness))
        try driver.store(Self.oldRecords(driver.station, count: 40))
        #expect(try harness.row("SELECT COUNT(*) FROM alerts", columns: 1) == [4])
        let counts = try harness.row(Self.hourly, columns: 4)
        #expect(counts == [1, 39, 1, 4])

        harness.clock.advance(milliseconds: 36 * Span.hour)
        for _ in 0..<5 { _ = driver.engine.housekeep(degraded: false) }
        try driver.store((100..<103).map {
            driver.station.record($0, .temp, People.numbered(Int($0)), temp: 366, at: harness.clock.now())
        })
        #expect(try harness.int("SELECT COUNT(*) FROM records WHERE ts < \(at(Span.day).milliseconds)") == 0)
        #expect(try harness.int("SELECT COUNT(*) FROM records") == 3)
        #expect(try harness.int("SELECT COUNT(*) FROM alerts") == 4, "alerts outlive their records")
        #expect(try harness.int("SELECT COUNT(*) FROM quarantines") == 1, "orders outlive their records")

        harness.clock.advance(milliseconds: 20 * Span.day)
        driver.engine.purge.lastPass = 0  // the purge interval (30 s) has passed
        for _ in 0..<5 { _ = driver.engine.housekeep(degraded: false) }
        #expect(try harness.int("SELECT COUNT(*) FROM alerts") == 0)
        #expect(try harness.int("SELECT COUNT(*) FROM quarantines") == 0)
        #expect(try harness.int("SELECT COUNT(*) FROM records") == 0)
        #expect(try harness.row(Self.hourly, columns: 4) == [2, 42, 1, 4], "hourly counts are kept forever")
    }

    /// SPEC §5 "purged in small batches": at most 500 rows a step, and it keeps stepping while rows are left.
    @Test func purge_whenManyRecordsExpire_deletesInSmallStepsUntilNoneAreLeft() async throws {
        let harness = try StoreHarness()
        let driver = try EngineDriver(harness, Self.options(harness, alertRetentionDays: 180))
        let total = 1200
        try driver.store(Self.oldRecords(driver.station, count: total))
        harness.clock.advance(milliseconds: 2 * Span.day)
        let old = "SELECT COUNT(*) FROM records WHERE ts < \(at(Span.day).milliseconds)"

        var left = Int64(total)
        var steps = 0
        var fresh: Int64 = 0
        for _ in 0..<12 where left > 0 {
            _ = driver.engine.housekeep(degraded: false)
            let now = try harness.int(old) ?? -1
            #expect(left - now <= Int64(RetentionPurge.rowsPerStep))
            if now < left { steps += 1 }
            left = now
            // Ingest goes on between the steps.
            fresh += 1
            try driver.store([driver.station.record(10_000 + fresh, .temp, temp: 366, at: harness.clock.now())])
        }
        #expect(left == 0, "the purge stopped with \(left) expired records left, to wait for its 30 s interval")
        #expect(steps >= 3)
        #expect(try harness.int("SELECT COUNT(*) FROM records") == fresh)
        #expect(try harness.int("SELECT SUM(temps) + SUM(entries) FROM hourly_counts") == Int64(total) + fresh)
    }

    /// The writer itself: after a restart with the clock moved on, old rows go while new records are stored.
    @Test(.timeLimit(.minutes(20)))
    func purge_whenWriterRunsPastRetention_removesOldRowsWhileStoringNewOnes() async throws {
        let harness = try StoreHarness()
        let options = Self.options(harness)
        let first = try harness.openWriter(options)
        let station = try await harness.register(first)
        let old = Self.oldRecords(station, count: 1200)
        let stored = Outcomes()
        for (index, record) in old.enumerated() { first.submit(record, completion: stored.completion(index)) }
        #expect(await stored.wait(for: old.count))
        await harness.close(first)
        let countsBefore = try harness.row(Self.hourly, columns: 4)

        harness.clock.advance(milliseconds: 20 * Span.day)
        let writer = try harness.openWriter(options)
        let fresh = Outcomes()
        for index in 0..<200 {
            let record = station.record(Int64(5000 + index), .temp, People.numbered(index), at: harness.clock.now())
            writer.submit(record, completion: fresh.completion(index))
        }
        #expect(await fresh.wait(for: 200))
        #expect(fresh.all.values.allSatisfy { $0.stored != nil })
        let purged = try await eventually(within: .seconds(10)) {
            try harness.int("SELECT COUNT(*) FROM records") == 200
        }
        await harness.close(writer)

        let left = try harness.int("SELECT COUNT(*) FROM records") ?? -1
        #expect(purged, "\(left - 200) expired records are still there")
        #expect(try harness.int("SELECT COUNT(*) FROM alerts") == 0)
        #expect(try harness.int("SELECT COUNT(*) FROM quarantines") == 0)
        let countsAfter = try harness.row("""
            SELECT COUNT(*), SUM(temps), SUM(entries), SUM(fevers) FROM hourly_counts
            WHERE hour < \(at(Span.day).milliseconds / Span.hour)
            """, columns: 4)
        #expect(countsAfter == countsBefore)
    }
}

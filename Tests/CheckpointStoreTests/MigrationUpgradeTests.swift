import CheckpointCore
@testable import CheckpointStore
import Testing

/// A database written by a build that knew only schema version 1 is brought to the latest version at start-up,
/// keeping every row, and the queries that rely on the new shape answer from the old rows.
@Suite struct MigrationUpgradeTests {
    @Test func open_whenDatabaseIsAtVersion1_migratesKeepingRowsAndAnswersFromThem() async throws {
        let harness = try StoreHarness()
        let day = Span.day
        let base = ManualClock.start.milliseconds
        do {
            let old = try SQLiteConnection(path: harness.path, mode: .readWrite)
            _ = try old.text("PRAGMA journal_mode = WAL")
            #expect(try Schema.migrate(old, now: base, upTo: 1) == [1])
            try old.execute("""
                INSERT INTO checkpoints(id, code, grid, created_at) VALUES (1, 'gate-1', 'g1', \(base - 3 * day));
                INSERT INTO stations(id, code, checkpoint_id, token_salt, token_hash, created_at, first_seq, last_seq)
                    VALUES (1, 'st-1', 1, x'01', x'02', \(base - 3 * day), 1, 3);
                INSERT INTO records(station_id, seq, person, ts, kind, temp, verdict, checkpoint_id) VALUES
                    (1, 1, 13800138000, \(base - 2 * day), 0, 365, 0, 1),
                    (1, 2, 13800138000, \(base - day), 0, 380, 1, 1),
                    (1, 3, 13900139000, \(base - day), 1, NULL, 0, 1);
                INSERT INTO hourly_counts(checkpoint_id, hour, temps, entries, fevers) VALUES
                    (1, \((base - 2 * day) / 3_600_000), 1, 0, 0), (1, \((base - day) / 3_600_000), 1, 1, 1);
                """)
        }

        let writer = try harness.openWriter()
        let check = try SQLiteConnection(path: harness.path, mode: .readOnly)
        let versions = try check.text("SELECT group_concat(version, ',') FROM (SELECT version FROM schema_migrations)")
        #expect(versions == (1...Schema.latestVersion).map(String.init).joined(separator: ","))
        #expect(try check.integer("SELECT COUNT(*) FROM sqlite_master WHERE name = 'records_person_ts'") == 0)
        #expect(try check.integer("SELECT COUNT(*) FROM sqlite_master WHERE name = 'records_day_person_ts'") == 1)
        #expect(try check.integer("SELECT COUNT(*) FROM records") == 3)
        #expect(try check.integer("SELECT SUM(temps + entries) FROM daily_counts") == 3)
        #expect(try check.integer("SELECT SUM(fevers) FROM daily_counts") == 1)

        let reader = try StoreReader(path: harness.path, connections: 1)
        let trace = try reader.trace(
            person: .phone("13800138000"), since: Timestamp(milliseconds: base - 15 * day), now: ManualClock.start)
        #expect(trace.records.map { $0.seq } == [1, 2])
        let stats = try reader.stats(since: nil, checkpoint: nil, grid: nil, byHour: false, now: ManualClock.start)
        #expect(stats.totals.records == 3)
        #expect(stats.totals.fevers == 1)
        let status = try await writer.status(of: .phone("13800138000"))
        #expect(status.lastTemperature == Temperature(tenths: 380))
        await harness.close(writer)
    }

    /// Issue 15: a database written before links (schema version 3) gains `person_links`, keeps its rows, and its
    /// people can be linked: a trace of the phone then finds the resident ID's records stored before the upgrade.
    @Test func open_whenDatabaseIsAtVersion3_addsLinksAndOldRecordsResolveThroughThem() async throws {
        let harness = try StoreHarness()
        let base = ManualClock.start.milliseconds
        let resident = PersonID.resident("500227198501011230")
        let residentKey = try #require(resident.storageKey)
        do {
            let old = try SQLiteConnection(path: harness.path, mode: .readWrite)
            _ = try old.text("PRAGMA journal_mode = WAL")
            #expect(try Schema.migrate(old, now: base, upTo: 3) == [1, 2, 3])
            try old.execute("""
                INSERT INTO checkpoints(id, code, grid, created_at) VALUES (1, 'gate-1', 'g1', \(base - Span.day));
                INSERT INTO stations(id, code, checkpoint_id, token_salt, token_hash, created_at, first_seq, last_seq)
                    VALUES (1, 'st-1', 1, x'01', x'02', \(base - Span.day), 1, 2);
                INSERT INTO records(station_id, seq, person, ts, kind, temp, verdict, checkpoint_id) VALUES
                    (1, 1, 13911112222, \(base - Span.hour), 1, NULL, 0, 1),
                    (1, 2, \(residentKey), \(base - Span.minute), 2, NULL, 0, 1);
                """)
        }
        let writer = try harness.openWriter()
        let check = try harness.database()
        #expect(try check.integer("SELECT MAX(version) FROM schema_migrations") == Int64(Schema.latestVersion))
        #expect(try check.integer("SELECT COUNT(*) FROM person_links") == 0)
        #expect(try check.integer("SELECT COUNT(*) FROM records") == 2)
        _ = try await writer.link(phone: .phone("13911112222"), document: resident, by: "test", audits: [])
        let reader = try StoreReader(path: harness.path, connections: 1)
        let trace = try reader.trace(
            person: .phone("13911112222"), since: Timestamp(milliseconds: base - Span.day), now: ManualClock.start)
        #expect(trace.records.map(\.seq) == [1, 2])
        #expect(trace.people == [resident, .phone("13911112222")])
        await harness.close(writer)
    }

    /// Migration 3 chains the audit rows a version-2 database already has (left by an old retention that deleted
    /// rows 1-2): an anchor before the first, each row's hash, the head; the chain verifies and goes on from there.
    @Test func open_whenAuditRowsPredateTheChain_chainsThemAndTheChainVerifies() async throws {
        let harness = try StoreHarness()
        let base = ManualClock.start.milliseconds
        do {
            let old = try SQLiteConnection(path: harness.path, mode: .readWrite)
            _ = try old.text("PRAGMA journal_mode = WAL")
            #expect(try Schema.migrate(old, now: base, upTo: 2) == [1, 2])
            try old.execute("""
                INSERT INTO audit(id, at, uid, gid, cmd, person, since, until, reason) VALUES
                    (3, \(base - 1000), 0, 0, 'trace', '13800138000', \(base - 9000), NULL, 'case 3'),
                    (4, \(base - 500), 1000, 1000, 'export', NULL, \(base - 9000), \(base), 'daily report');
                """)
        }
        let writer = try harness.openWriter()
        let check = try SQLiteConnection(path: harness.path, mode: .readOnly)
        #expect(try check.integer("SELECT COUNT(*) FROM audit WHERE length(hash) = 32") == 2)
        #expect(try AuditChain.anchor(check) == AuditChain.Link(id: 2, hash: AuditChain.genesis))
        var verified = try AuditChain.verify(check)
        #expect(verified.isWhole && verified.rows == 2 && verified.firstID == 3 && verified.anchorID == 2)
        try await writer.moveAuditJournal()
        try writer.recordAudit(AuditEntry(
            at: ManualClock.start, uid: 0, gid: 0, command: "trace", person: "13900139000", since: nil, until: nil,
            reason: "after the upgrade"))
        try await writer.moveAuditJournal()
        verified = try AuditChain.verify(check)
        #expect(verified.isWhole && verified.rows == 3 && verified.headID == 5, "\(verified)")
        await harness.close(writer)
    }

    /// Migration 5 (issue 15, points 2 and 4): the checkpoints there are compound gates; a VIOLATION alert there
    /// becomes a case of its order (`quarantine_id`, `last_at` its time, `count` 1), so a violation of that order
    /// later on its day attaches to it; other alerts keep `count` 1 and no `last_at`.
    @Test func open_whenDatabaseIsAtVersion3_makesCompoundGatesAndCasesOfTheViolations() async throws {
        let harness = try StoreHarness()
        let base = ManualClock.start.milliseconds
        let earlier = base - 10 * Span.minute
        do {
            let old = try SQLiteConnection(path: harness.path, mode: .readWrite)
            _ = try old.text("PRAGMA journal_mode = WAL")
            #expect(try Schema.migrate(old, now: base, upTo: 3) == [1, 2, 3])
            try old.execute("""
                INSERT INTO checkpoints(id, code, grid, created_at) VALUES (1, 'gate-1', 'g1', \(base - Span.day));
                INSERT INTO stations(id, code, checkpoint_id, token_salt, token_hash, created_at, first_seq, last_seq)
                    VALUES (1, 'st-1', 1, x'01', x'02', \(base - Span.day), 1, 2);
                INSERT INTO quarantines(id, person, start, end, reason, created_at) VALUES
                    (7, 13800138000, \(base - 2 * Span.hour), \(base + 14 * Span.day), 'contact',
                     \(base - 2 * Span.hour));
                INSERT INTO records(id, station_id, seq, person, ts, kind, temp, verdict, checkpoint_id) VALUES
                    (1, 1, 1, 13800138000, \(earlier), 2, NULL, 2, 1),
                    (2, 1, 2, 13900139000, \(earlier), 0, 385, 1, 1);
                INSERT INTO alerts(
                    id, type, at, person, checkpoint_id, station_id, record_id, state, recheck, created_at)
                    VALUES (5, 'VIOLATION', \(earlier), 13800138000, 1, 1, 1, 'open', NULL, \(earlier)),
                           (6, 'FEVER', \(earlier), 13900139000, 1, 1, 2, 'open', 'pending', \(earlier));
                """)
        }

        let writer = try harness.openWriter()
        let check = try SQLiteConnection(path: harness.path, mode: .readOnly)
        let versions = try check.text("SELECT group_concat(version, ',') FROM (SELECT version FROM schema_migrations)")
        #expect(versions == (1...Schema.latestVersion).map(String.init).joined(separator: ","))
        #expect(try check.text("SELECT kind FROM checkpoints") == "compound")
        #expect(writer.directory.entry(for: "st-1")?.checkpointKind == .compound)
        let reader = try StoreReader(path: harness.path, connections: 1)
        #expect(try reader.checkpoints().map(\.kind) == [.compound])
        let cases = try check.prepare(
            "SELECT id, count, last_at, quarantine_id FROM alerts ORDER BY id", persistent: false)
        var rows: [[Int64?]] = []
        while try cases.step() { rows.append((0..<4).map { cases.optionalInt64($0) }) }
        #expect(rows == [[5, 1, earlier, 7], [6, 1, nil, nil]])

        let entry = try #require(writer.directory.entry(for: "st-1"))
        let station = TestStation(key: entry.key, checkpointKey: entry.checkpointKey)
        let exit = station.record(3, .exit, People.alice, temp: nil, at: at(0))
        let later = try #require(await writer.store(exit).stored)
        #expect(later.verdicts == .violation && later.alertIDs == [5], "attached to the case from before the upgrade")
        #expect(try check.integer("SELECT count FROM alerts WHERE id = 5") == 2)
        await harness.close(writer)
    }
}

import CheckpointCore
import CheckpointTestSupport
@testable import CheckpointStore
import Foundation
import Glibc
import Testing

/// Issue 14, point 6: `kill -9` of the real daemon while it migrates a version-1 database (300,000 records,
/// 20,000 audit rows: migration 2 builds the day-keyed person index and the daily counts, migration 3 chains the
/// audit rows). Each migration is one transaction, so a kill leaves the database at a whole version; the next start
/// finishes the work, keeps every record exactly once, and `PRAGMA integrity_check` and the audit chain pass.
@Suite struct MigrationCrashTests {
    static let records = 300_000
    static let auditRows = 20_000

    /// A version-1 database at `path` (the shape of `MigrationUpgradeTests`) holding `records` recent TEMP records
    /// of station `st-1` and `auditRows` audit rows.
    static func buildVersion1(at path: String) throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let base = now - Span.day
        let old = try SQLiteConnection(path: path, mode: .readWrite)
        _ = try old.text("PRAGMA journal_mode = WAL")
        #expect(try Schema.migrate(old, now: now, upTo: 1) == [1])
        try old.execute("""
            BEGIN;
            INSERT INTO checkpoints(id, code, grid, created_at) VALUES (1, 'gate-1', 'g1', \(base));
            INSERT INTO stations(id, code, checkpoint_id, token_salt, token_hash, created_at, first_seq, last_seq)
                VALUES (1, 'st-1', 1, x'01', x'02', \(base), 1, \(records));
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(records))
                INSERT INTO records(station_id, seq, person, ts, kind, temp, verdict, checkpoint_id)
                SELECT 1, i, 13800000000 + i % 7000, \(base) + i * 100, 0, 365, 0, 1 FROM n;
            INSERT INTO hourly_counts(checkpoint_id, hour, temps, entries, fevers)
                SELECT 1, ts / 3600000, COUNT(*), 0, 0 FROM records GROUP BY ts / 3600000;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(auditRows))
                INSERT INTO audit(id, at, uid, gid, cmd, person, since, until, reason)
                SELECT i, \(base) + i, 0, 0, 'trace', NULL, \(base - Span.day), NULL, 'case ' || i FROM n;
            COMMIT;
            PRAGMA wal_checkpoint(TRUNCATE);
            """)
    }

    /// The schema version of the database at `path` as a fresh start would see it: read from a copy of the
    /// database and its WAL (so the daemon's files are not touched), after SQLite's recovery of the copy.
    static func version(ofCopyOf path: String, in scratch: TemporaryDirectory) throws -> Int64 {
        let copy = scratch.file("copy-\(UInt32.random(in: 0...UInt32.max)).db")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        if FileManager.default.fileExists(atPath: path + "-wal") {
            try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
        }
        let db = try SQLiteConnection(path: copy, mode: .readWrite)
        return try db.integer("SELECT MAX(version) FROM schema_migrations") ?? -1
    }

    static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    @Test(.timeLimit(.minutes(5)), .enabled(if: SQLiteShell.isAvailable, "needs the sqlite3 shell"))
    func start_whenKilledMidMigration_finishesOnTheNextStartKeepingEveryRecordOnce() throws {
        var random = SeededGenerator.fromEnvironment("crash during migration")
        let scratch = try TemporaryDirectory(prefix: "migrate")
        let state = scratch.file("state")
        let spare = scratch.file("spare")
        for folder in [state, spare] { #expect(mkdir(folder, 0o700) == 0) }
        let database = state + "/checkpointd.db"
        try Self.buildVersion1(at: database)
        try FileManager.default.copyItem(atPath: database, toPath: spare + "/checkpointd.db")

        // How long a start with the migrations takes here (on the spare copy), to kill inside it.
        let calibration = try DaemonProcess(stateDirectory: spare)
        let (_, startSeconds) = try measure { try calibration.start(readySeconds: 120) }
        _ = try calibration.terminate()
        print("crash during migration: a start migrating \(Self.records) records takes \(Int(startSeconds * 1000)) ms")

        let daemon = try DaemonProcess(stateDirectory: state)
        var versions: [Int64] = []
        var inside = 0
        for attempt in 1...4 {
            let delay = Double.random(in: 0.05...max(0.1, startSeconds), using: &random)
            let walBefore = Self.size(of: database + "-wal")
            try daemon.spawn()
            Deadline.sleep(delay)
            try daemon.kill9()
            let walBytes = Self.size(of: database + "-wal")
            let version = try Self.version(ofCopyOf: database, in: scratch)
            versions.append(version)
            // The WAL grew (the daemon wrote) but the database is not at the last version: killed inside the work.
            if version < Int64(Schema.latestVersion) && walBytes > walBefore { inside += 1 }
            print("crash during migration: attempt \(attempt): kill -9 after \(Int(delay * 1000)) ms, at version "
                + "\(version), WAL \(walBytes) bytes")
            #expect((1...Int64(Schema.latestVersion)).contains(version), "a kill leaves a whole version")
        }

        try daemon.start(readySeconds: 120)
        let check = try SQLiteConnection(path: database, mode: .readOnly)
        let applied = try check.text("SELECT group_concat(version, ',') FROM (SELECT version FROM schema_migrations)")
        #expect(applied == (1...Schema.latestVersion).map(String.init).joined(separator: ","))
        #expect(try check.integer("SELECT COUNT(*) FROM records") == Int64(Self.records))
        #expect(try check.integer("SELECT COUNT(DISTINCT seq) FROM records") == Int64(Self.records))
        #expect(try check.integer("SELECT SUM(temps) FROM daily_counts") == Int64(Self.records), "counted once")
        #expect(try check.integer("SELECT COUNT(*) FROM sqlite_master WHERE name = 'records_day_person_ts'") == 1)
        #expect(try SQLiteShell.query(database, "PRAGMA integrity_check") == [["ok"]])
        let verified = try AuditChain.verify(check)
        #expect(verified.isWhole && verified.rows == Self.auditRows, "\(verified)")

        // Resent over the Unix socket, stored records are DUP; the next seq is OK.
        let session = try daemon.unixSession(station: "st-1")
        for seq in [1, Self.records / 2, Self.records] {
            let reply = try session.request("TEMP seq=\(seq) person=\(13_800_000_000 + seq % 7000) temp=36.5")
            #expect(reply.hasPrefix("DUP seq=\(seq) "), "\(reply)")
        }
        let next = Self.records + 1
        #expect(try session.request("TEMP seq=\(next) person=13800000001 temp=36.5").hasPrefix("OK seq=\(next) "))
        print("crash during migration: versions after the kills \(versions); \(inside) inside the migrations; "
            + "after the restart \(Self.records) records, each once, integrity ok, audit chain whole")
        #expect(inside >= 1, "no kill landed inside the migrations: \(versions)")
    }
}

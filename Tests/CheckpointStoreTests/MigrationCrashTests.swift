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

    @Test(.timeLimit(.minutes(20)), .enabled(if: SQLiteShell.isAvailable, "needs the sqlite3 shell"))
    func start_whenKilledMidMigration_finishesOnTheNextStartKeepingEveryRecordOnce() throws {
        var random = SeededGenerator.fromEnvironment("crash during migration")
        let scratch = try TemporaryDirectory(prefix: "migrate")
        let state = scratch.file("state")
        #expect(mkdir(state, 0o700) == 0)
        let database = state + "/checkpointd.db"
        let pristine = scratch.file("version-1.db")
        try Self.buildVersion1(at: pristine)
        let daemon = try DaemonProcess(stateDirectory: state)

        // How long a start with the migrations takes here, to kill inside it.
        try Self.restore(pristine, to: database)
        let (_, startSeconds) = try measure { try daemon.start(readySeconds: 120) }
        _ = try daemon.terminate()
        print("crash during migration: a start migrating \(Self.records) records takes \(Int(startSeconds * 1000)) ms")

        // Each attempt: the version-1 database again, a kill at a random moment of the start, then a normal start.
        var versions: [Int64] = []
        var inside = 0
        for attempt in 1...4 {
            try Self.restore(pristine, to: database)
            let delay = Double.random(in: 0...(startSeconds * 0.6), using: &random)
            try daemon.spawn()
            // The kill comes `delay` after the daemon opened the database (it migrates right after).
            let opened = Deadline.poll(seconds: 60, interval: 0.001) { Self.holdsOpen(daemon.pid, database) }
            Deadline.sleep(delay)
            try daemon.kill9()
            let walBytes = Self.size(of: database + "-wal")
            let version = try Self.version(ofCopyOf: database, in: scratch)
            versions.append(version)
            // Opened, but not at the last version: killed inside the migrations.
            if opened && version < Int64(Schema.latestVersion) { inside += 1 }
            let context = "attempt \(attempt): kill -9 \(Int(delay * 1000)) ms after the database was opened, at "
                + "version \(version), WAL \(walBytes) bytes"
            print("crash during migration: \(context)")
            #expect((1...Int64(Schema.latestVersion)).contains(version), "a kill leaves a whole version")
            try daemon.start(readySeconds: 120)
            try Self.expectMigrated(database, context)
            if attempt < 4 { _ = try daemon.terminate() }
        }

        // Resent over the Unix socket, stored records are DUP; the next seq is OK.
        let session = try daemon.unixSession(station: "st-1")
        for seq in [1, Self.records / 2, Self.records] {
            let reply = try session.request("TEMP seq=\(seq) person=\(13_800_000_000 + seq % 7000) temp=36.5")
            #expect(reply.hasPrefix("DUP seq=\(seq) "), "\(reply)")
        }
        let next = Self.records + 1
        #expect(try session.request("TEMP seq=\(next) person=13800000001 temp=36.5").hasPrefix("OK seq=\(next) "))
        print("crash during migration: versions after the kills \(versions); \(inside) inside the migrations; "
            + "after each restart \(Self.records) records, each once, integrity ok, audit chain whole")
        #expect(inside >= 2, "most kills must land inside the migrations: \(versions)")
    }

    /// The database at `path` is the version-1 one brought to the latest version with nothing lost or doubled.
    static func expectMigrated(_ path: String, _ context: String) throws {
        let check = try SQLiteConnection(path: path, mode: .readOnly)
        let applied = try check.text("SELECT group_concat(version, ',') FROM (SELECT version FROM schema_migrations)")
        #expect(applied == (1...Schema.latestVersion).map(String.init).joined(separator: ","), "\(context)")
        #expect(try check.integer("SELECT COUNT(*) FROM records") == Int64(records), "\(context)")
        #expect(try check.integer("SELECT COUNT(DISTINCT seq) FROM records") == Int64(records), "\(context)")
        #expect(try check.integer("SELECT SUM(temps) FROM daily_counts") == Int64(records), "\(context): once")
        #expect(try check.integer("SELECT COUNT(*) FROM sqlite_master WHERE name = 'records_day_person_ts'") == 1)
        #expect(try SQLiteShell.query(path, "PRAGMA integrity_check") == [["ok"]], "\(context)")
        let verified = try AuditChain.verify(check)
        #expect(verified.isWhole && verified.rows == auditRows, "\(context): \(verified)")
    }

    /// Whether process `pid` has `path` open (a link in /proc/PID/fd).
    static func holdsOpen(_ pid: Int32, _ path: String) -> Bool {
        let folder = "/proc/\(pid)/fd"
        let links = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return links.contains {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + $0)) == path
        }
    }

    /// Puts the version-1 database back at `path`, without a WAL or shared-memory file.
    static func restore(_ pristine: String, to path: String) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
        try FileManager.default.copyItem(atPath: pristine, toPath: path)
    }
}

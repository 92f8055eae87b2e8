import CheckpointTestSupport
import CheckpointWire
import Foundation
import Glibc
import Testing

/// Issue 14 point 5: the database file deleted while the daemon runs, a lock held by another process longer than
/// the busy timeout, and a damaged page found at start. (A full disk: `StorageFailureTests`; a failing
/// `fdatasync`: `SyncFailureTests`; a read-only file system: `ReadOnlyFilesystemTests`.)
@Suite(.enabled(if: SQLiteShell.isAvailable, "needs the sqlite3 shell"))
struct FailingDiskTests {
    /// SQLite in WAL mode keeps writing into a deleted file (its inode lives while open): without a check every
    /// later `OK` would be a record nobody can ever read. The writer compares the file it has open with the one
    /// the path names after every commit and every idle half second, answers the commit `E_UNAVAILABLE` and the
    /// daemon exits 74.
    @Test(.timeLimit(.minutes(20)))
    func ingest_whenTheDatabaseFileIsDeleted_acknowledgesNothingAfterAndExits74() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        defer { _ = try? daemon.terminate() }
        let client = try daemon.openSession()
        #expect(acknowledgements(sendEach(1...20, on: client)).count == 20)

        try FileManager.default.removeItem(atPath: daemon.databasePath)
        let deletedAt = Deadline.now()
        let after = sendEach(21...25, on: client)
        #expect(acknowledgements(after).isEmpty, "acknowledged into a deleted file: \(acknowledgements(after))")
        if let first = after[21] ?? nil { expectError(first, seq: "21", code: "E_UNAVAILABLE") }
        let status = daemon.exitStatus(within: 30)
        let stopped = Deadline.now() - deletedAt
        #expect(status == .exited(74), "no exit 74 after the database was deleted: \(String(describing: status))")
        print("deleted database: the daemon stopped \(String(format: "%.2f", stopped)) s after the deletion")
        let log = daemon.stderrText
        #expect(log.contains("\(daemon.databasePath) was deleted or replaced"), "\(log.suffix(2000))")
        #expect(log.contains("restore the latest backup"), "the log says what to do: \(log.suffix(2000))")
    }

    /// Without any record arriving, the idle writer notices the deletion within its idle wake (0.5 s); the graceful
    /// shutdown that follows takes a little longer.
    @Test(.timeLimit(.minutes(20)))
    func idle_whenTheDatabaseFileIsDeleted_exits74WithinTwoSeconds() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        defer { _ = try? daemon.terminate() }
        let client = try daemon.openSession()
        #expect(acknowledgements(sendEach(1...5, on: client)).count == 5)
        try FileManager.default.removeItem(atPath: daemon.databasePath)
        let deletedAt = Deadline.now()
        let noticed = Deadline.poll(seconds: 10, interval: 0.05) {
            daemon.stderrText.contains("\(daemon.databasePath) was deleted or replaced")
        }
        let detected = Deadline.now() - deletedAt
        let status = daemon.exitStatus(within: 30)
        let stopped = Deadline.now() - deletedAt
        #expect(noticed && detected < 1.5, "noticed the deletion only after \(detected) s")
        #expect(status == .exited(74), "\(String(describing: status))")
        print(
            "deleted database, idle: noticed after \(String(format: "%.2f", detected)) s, exited after "
                + "\(String(format: "%.2f", stopped)) s")
    }

    /// Killed before it noticed the deletion: the log of the deleted file is still there. The next start refuses
    /// to read it into a new, empty database, says what to do, and changes nothing.
    @Test(.timeLimit(.minutes(20)))
    func start_whenTheDatabaseWasDeletedAndTheDaemonKilled_refusesTheOrphanedLog() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let client = try daemon.openSession()
        #expect(acknowledgements(sendEach(1...20, on: client)).count == 20)
        try daemon.kill9()
        try FileManager.default.removeItem(atPath: daemon.databasePath)
        let log = try Data(contentsOf: URL(fileURLWithPath: daemon.databasePath + "-wal"))
        try #require(!log.isEmpty, "the killed daemon left no log to protect")

        try daemon.spawn()
        let status = daemon.exitStatus(within: 60)
        #expect(status != nil && status != .exited(0), "started on an orphaned log: \(String(describing: status))")
        let stderr = daemon.stderrText
        #expect(stderr.contains("\(daemon.databasePath)-wal holds commits"), "\(stderr.suffix(2000))")
        #expect(!FileManager.default.fileExists(atPath: daemon.databasePath))
        #expect(try Data(contentsOf: URL(fileURLWithPath: daemon.databasePath + "-wal")) == log)
    }

    /// A file put in the database's place (a restored copy moved over it while running) is not written either.
    @Test(.timeLimit(.minutes(20)))
    func ingest_whenTheDatabaseFileIsReplaced_acknowledgesNothingAfterAndExits74() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        defer { _ = try? daemon.terminate() }
        let client = try daemon.openSession()
        #expect(acknowledgements(sendEach(1...5, on: client)).count == 5)
        let copy = daemon.directory.file("copy.db")
        let backup = try ChildProcess.run(try SQLiteShell.executable(), [daemon.databasePath, ".backup \(copy)"])
        try #require(backup.status == .exited(0), "\(backup.standardError)")
        try #require(rename(copy, daemon.databasePath) == 0)
        let after = sendEach(6...8, on: client)
        #expect(acknowledgements(after).isEmpty, "acknowledged into a replaced file: \(after)")
        #expect(daemon.exitStatus(within: 30) == .exited(74))
        #expect(try storedCounts(daemon.databasePath, 1...8).keys.sorted() == [1, 2, 3, 4, 5], "the copy is untouched")
    }

    /// Another process holds the write lock (an operator's `sqlite3` in `BEGIN EXCLUSIVE`) longer than the 5 s busy
    /// timeout: the batch is answered `E_UNAVAILABLE` and stores nothing; once the lock is gone the same records
    /// are accepted as new (`OK`, not `DUP`), each stored once. Without systemd nothing restarts the daemon: it
    /// recovers by itself. (`WatchdogTests` proves the watchdog pings stop meanwhile, so systemd would restart it.)
    @Test(.timeLimit(.minutes(20)))
    func ingest_whenALockIsHeldPastTheBusyTimeout_repliesUnavailableStoresNothingThenAcceptsAgain() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        defer { _ = try? daemon.terminate() }
        let client = try daemon.openSession()
        #expect(acknowledgements(sendEach(1...5, on: client)).count == 5)

        let lock = try SQLiteLockHolder(database: daemon.databasePath, directory: daemon.directory)
        let lockedAt = Deadline.now()
        // Up to two busy timeouts: a housekeeping transaction may already wait for the lock ahead of the record.
        let reply = try? client.request(passingTemp(seq: 6, person: 6), timeout: 15)
        let waited = Deadline.now() - lockedAt
        expectError(reply, seq: "6", code: "E_UNAVAILABLE", "while the lock is held")
        #expect(waited >= 4, "gave up after \(waited) s, before the 5 s busy timeout")
        print("lock held: E_UNAVAILABLE after \(String(format: "%.2f", waited)) s")
        let health = try daemon.control().result("health")
        #expect(health["status"]?.stringValue == "degraded", "\(health)")
        try lock.release()

        var resent: String?
        let accepted = Deadline.poll(seconds: 15, interval: 0.2) {
            resent = try? client.request(passingTemp(seq: 6, person: 6), timeout: 15)
            return resent?.hasPrefix("ERR ") == false
        }
        #expect(accepted, "not accepted after the lock was released: \(String(describing: resent))")
        expectRecordOK(resent, seq: 6)
        #expect(try storedCounts(daemon.databasePath, 1...6) == [1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1])
        #expect(daemon.exitStatus() == nil, "the daemon keeps running")
    }

    /// A damaged page found while starting: exit 65 naming the file, and the file's bytes are exactly as before.
    /// The header page (with the schema) is read by every open; the root of the idempotency index by the writer's
    /// start (the highest seq of each station). Pages read later are found when read (`IntegrityTests`) or by
    /// `checkpointctl check`: the start does not read the whole file.
    @Test(.timeLimit(.minutes(20)), arguments: ["header", "records_station_seq"])
    func start_whenAPageIsDamaged_exits65NamingTheFileAndLeavesItUntouched(page: String) throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let client = try daemon.openSession()
        #expect(acknowledgements(sendEach(1...300, on: client)).count == 300)
        client.close()
        #expect(try daemon.terminate() == .exited(0))
        let database = daemon.databasePath
        let number: Int
        if page == "header" {
            number = 1
        } else {
            let root = try SQLiteShell.scalar(database, "SELECT rootpage FROM sqlite_schema WHERE name = '\(page)'")
            number = try #require(root.flatMap { Int($0) })
        }
        try Self.overwrite(page: number, of: database)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))

        try daemon.spawn()
        let status = daemon.exitStatus(within: 60)
        #expect(status == .exited(65), "\(String(describing: status)): \(daemon.stderrText.suffix(2000))")
        let log = daemon.stderrText
        #expect(log.contains("the database \(database) is corrupt"), "\(log.suffix(2000))")
        #expect(log.contains("restore the latest backup"), "\(log.suffix(2000))")
        let after = try Data(contentsOf: URL(fileURLWithPath: database))
        #expect(after == before, "the daemon changed the damaged file (\(before.count) → \(after.count) bytes)")
    }

    /// Overwrites page `number` (1-based, 4096 bytes) with bytes that are no b-tree page and no header.
    static func overwrite(page number: Int, of path: String) throws {
        let fd = open(path, O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        var generator = SystemRandomNumberGenerator()
        var garbage = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        garbage[0] = 0xff  // no valid header ("SQLite format 3") and no valid b-tree page type
        let written = garbage.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4096, off_t((number - 1) * 4096)) }
        try #require(written == 4096)
        fsync(fd)
    }
}

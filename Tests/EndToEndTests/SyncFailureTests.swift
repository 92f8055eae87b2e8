import CheckpointTestSupport
import Foundation
import Testing

/// Issue 14 point 5: an `fdatasync` that fails with `EIO` (an `LD_PRELOAD` shim, `Tests/Fixtures/sync-fault.c`).
/// PostgreSQL's 2018 lesson: a failed sync is never retried and trusted. checkpointd answers the batch
/// `E_UNAVAILABLE`, writes nothing more, and exits 74 naming the file; the restart's recovery reads the WAL as it
/// is on disk, and no record gets `OK` without a commit whose sync succeeded.
@Suite(
    .enabled(if: SyncFaultShim.compilerExists && SQLiteShell.isAvailable, "needs cc (to build the shim) and sqlite3"))
struct SyncFailureTests {
    @Test(.timeLimit(.minutes(20)))
    func ingest_whenFdatasyncFailsWithEIO_acknowledgesNothingExits74AndRecoversOnRestart() throws {
        let directory = try TemporaryDirectory()
        let shim = try SyncFaultShim(in: directory)
        let daemon = try DaemonProcess(directory: directory, environment: shim.environment)
        try daemon.start()
        defer { _ = try? daemon.terminate() }
        let token = try daemon.registerStation(station: "st-1")
        let client = try daemon.session(station: "st-1", token: token)
        let before = sendEach(1...50, on: client)
        #expect(acknowledgements(before).count == 50, "every record is acknowledged while the disk works")

        // The disk fails: the next commit's sync reports EIO.
        try shim.failSyncs()
        let failedAt = Deadline.now()
        let during = sendEach(51...60, on: client)
        #expect(acknowledgements(during).isEmpty, "acknowledged although the sync failed: \(acknowledgements(during))")
        let first = during[51] ?? nil
        if let first { expectError(first, seq: "51", code: "E_UNAVAILABLE", "the batch whose sync failed") }
        let status = daemon.exitStatus(within: 30)
        let stopped = Deadline.now() - failedAt
        #expect(status == .exited(74), "no exit 74 after a failed fdatasync: \(String(describing: status))")
        print("sync failure: the daemon stopped \(String(format: "%.2f", stopped)) s after the first failed sync")
        #expect(!shim.failures.isEmpty, "the shim failed no sync: the fault was never injected")
        #expect(shim.failures.allSatisfy { $0.contains(daemon.databasePath) }, "\(shim.failures)")
        let log = daemon.stderrText
        #expect(log.contains("could not write the database \(daemon.databasePath)"), "\(log.suffix(2000))")

        // Still failing: a restart that commits meets the fault again and acknowledges nothing.
        let restarted = (try? daemon.restart()) != nil
        if restarted, let again = try? daemon.session(station: "st-1", token: token) {
            let replies = sendEach(51...51, on: again)
            #expect(acknowledgements(replies).isEmpty, "acknowledged while syncs still fail: \(replies)")
        }
        #expect(daemon.exitStatus(within: 30) == .exited(74), "the restart on a failing disk must stop again")

        // The disk works again: recovery keeps every acknowledged record, and the failed ones are stored once.
        try shim.healSyncs()
        try daemon.restart()
        let recovered = try daemon.session(station: "st-1", token: token)
        let stored = try storedCounts(daemon.databasePath, 1...60)
        #expect((1...50).allSatisfy { stored[$0] == 1 }, "an acknowledged record was lost or doubled: \(stored)")
        let resent = sendEach(51...60, on: recovered)
        let answered = acknowledgements(resent)
        #expect(answered.count == 10, "each resent record is OK (not stored) or DUP (recovered): \(resent)")
        let after = try storedCounts(daemon.databasePath, 1...60)
        #expect((1...60).allSatisfy { after[$0] == 1 }, "not exactly once: \(after)")
        #expect(try SQLiteShell.scalar(daemon.databasePath, "PRAGMA integrity_check") == "ok")
    }
}

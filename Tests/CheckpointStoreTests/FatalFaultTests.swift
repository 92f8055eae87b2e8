import CSQLite
import CheckpointCore
import CheckpointTestSupport
@testable import CheckpointStore
import Foundation
import Testing

/// Issue 14 point 5: the faults retrying cannot mend. A failed `fsync` and a database file deleted or replaced
/// while open are fatal like corruption: the writer reports them to `StorageIntegrity` once, writes nothing more,
/// and answers every later job with the fault (the daemon exits meanwhile, `FailingDiskTests`).
@Suite struct FatalFaultTests {
    @Test(arguments: [
        (SQLITE_IOERR | (4 << 8), "syncFailed", true),  // SQLITE_IOERR_FSYNC
        (SQLITE_IOERR | (5 << 8), "syncFailed", true),  // SQLITE_IOERR_DIR_FSYNC
        (SQLITE_READONLY | (4 << 8), "moved", true),  // SQLITE_READONLY_DBMOVED
        (SQLITE_CORRUPT, "corrupt", true),
        (SQLITE_NOTADB, "corrupt", true),
        (SQLITE_IOERR | (3 << 8), "io", false),  // SQLITE_IOERR_WRITE: the commit failed, nothing is claimed
        (SQLITE_FULL, "full", false),
        (SQLITE_BUSY, "busy", false),
        (SQLITE_READONLY, "readOnly", false),
    ])
    func code_forSQLiteResult_isFatalOnlyWhenRetryingCannotMendIt(rc: Int32, code: String, fatal: Bool) {
        let mapped = SQLiteConnection.code(for: rc)
        #expect(mapped.description == code)
        #expect(mapped.isFatal == fatal)
        #expect(mapped.isStorageFailure)
    }

    @Test func commit_afterTheFileIsDeleted_failsMovedOnceAndRefusesLaterWork() async throws {
        let harness = try StoreHarness()
        let writer = try harness.openWriter()
        let station = try await harness.register(writer)
        _ = try #require(await writer.store(station.record(1, .temp)).stored)

        try FileManager.default.removeItem(atPath: harness.path)
        let deleted = await writer.store(station.record(2, .temp))
        #expect(deleted.failure?.code == .moved, "committed into a deleted file: \(deleted)")
        #expect(writer.integrity.failure?.error.code == .moved)
        #expect(writer.integrity.failure?.description.contains("restore the latest backup") == true)
        #expect(!writer.currentHealth.writable)
        let later = await writer.store(station.record(3, .temp))
        #expect(later.failure?.code == .moved, "the writer went on after a fatal fault: \(later)")
        #expect(harness.log.failures.map(\.code) == [.moved], "reported once")
        await writer.drainAndStop()
    }

    @Test func idle_afterTheFileIsReplaced_reportsMovedWithoutAnyWork() async throws {
        let harness = try StoreHarness()
        let writer = try harness.openWriter()
        _ = try await harness.register(writer)
        let other = harness.directory.file("other.sqlite")
        #expect(FileManager.default.createFile(atPath: other, contents: Data()))
        #expect(rename(other, harness.path) == 0)
        #expect(await eventually(within: .seconds(5)) { writer.integrity.failure != nil })
        #expect(writer.integrity.failure?.error.code == .moved)
        await writer.drainAndStop()
    }

    /// A log left by a daemon killed after its database file was deleted: SQLite would read its pages into a new,
    /// empty file. The writer refuses to open and says what to do; nothing is created or changed.
    @Test func open_whenTheLogOutlivesItsDatabase_refusesAndSaysWhatToDo() async throws {
        let harness = try StoreHarness()
        let log = Data(repeating: 7, count: 4096)
        try log.write(to: URL(fileURLWithPath: harness.path + "-wal"))
        #expect {
            _ = try IngestWriter(options: harness.options(), clock: harness.clock)
        } throws: { error in
            let message = (error as? StoreError)?.message ?? ""
            return message.contains("restore the latest backup") && message.contains("move \(harness.path)-wal")
        }
        #expect(!FileManager.default.fileExists(atPath: harness.path))
        #expect(try Data(contentsOf: URL(fileURLWithPath: harness.path + "-wal")) == log)
    }
}

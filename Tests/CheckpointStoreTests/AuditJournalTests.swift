import CheckpointCore
@testable import CheckpointStore
import Foundation
import Testing

/// SPEC §9 accountable lookups: the audit row is durable before the data goes out (the audit journal), and the
/// writer moves each journal entry into `audit` exactly once, across restarts, lost deletes and new journals.
@Suite struct AuditJournalTests {
    static func entry(_ reason: String) -> AuditEntry {
        AuditEntry(
            at: ManualClock.start, uid: 1000, gid: 1000, command: "trace", person: "13800138000", since: nil,
            until: nil, reason: reason)
    }

    /// A connection of the test's own to the journal file.
    static func journal(_ harness: StoreHarness) throws -> SQLiteConnection {
        let db = try SQLiteConnection(path: harness.path + "-audit", mode: .readWrite)
        db.setBusyTimeout(milliseconds: 5000)
        return db
    }

    /// Audits `reasons` through a writer, moves them into `audit` and closes the writer (and with it the journal).
    static func audit(_ reasons: [String], _ harness: StoreHarness) async throws {
        let writer = try harness.openWriter()
        for reason in reasons { try writer.recordAudit(entry(reason)) }
        try await writer.moveAuditJournal()
        await harness.close(writer)
    }

    @Test func recordAudit_isOnDiskInTheJournalBeforeTheWriterRunsAndThenMovedIntoAudit() async throws {
        let harness = try StoreHarness()
        // Not started: the writer thread cannot have moved anything.
        let writer = try IngestWriter(options: harness.options(), clock: harness.clock, observer: harness.log.observer)
        try writer.recordAudit(Self.entry("case 7"))
        #expect(try Self.journal(harness).text("SELECT reason FROM pending") == "case 7")
        #expect(try harness.int("SELECT COUNT(*) FROM audit") == 0)

        writer.start()
        let moved = await eventually(within: .seconds(10)) {
            (try? harness.int("SELECT COUNT(*) FROM audit")) == 1
        }
        #expect(moved, "the writer did not move the entry into audit")
        #expect(try harness.text("SELECT reason FROM audit") == "case 7")
        let emptied = await eventually(within: .seconds(10)) {
            (try? Self.journal(harness).integer("SELECT COUNT(*) FROM pending")) == 0
        }
        #expect(emptied, "a moved entry stayed in the journal")
        await harness.close(writer)
    }

    /// Every audited lookup queues a move: two of them in one batch must not move the same entries twice.
    @Test func recordAudit_whenTwoMovesShareABatch_movesEachEntryOnce() async throws {
        let harness = try StoreHarness()
        // Not started: both moves wait in the queue and run in the writer's first batch.
        let writer = try IngestWriter(options: harness.options(), clock: harness.clock, observer: harness.log.observer)
        try writer.recordAudit(Self.entry("one"))
        try writer.recordAudit(Self.entry("two"))
        writer.start()
        try await writer.moveAuditJournal()
        #expect(try harness.column("SELECT reason FROM audit ORDER BY id") == ["one", "two"])
        await harness.close(writer)
    }

    @Test func moveAuditJournal_beforeAListing_makesEveryEntryVisibleInAudit() async throws {
        try await StoreHarness.run { harness, writer, _ in
            for reason in ["one", "two", "three"] { try writer.recordAudit(Self.entry(reason)) }
            try await writer.moveAuditJournal()
            #expect(try harness.column("SELECT reason FROM audit ORDER BY id") == ["one", "two", "three"])
        }
    }

    @Test func open_whenTheJournalStillHoldsMovedEntries_movesOnlyTheNewOnes() async throws {
        let harness = try StoreHarness()
        try await Self.audit(["one", "two"], harness)
        // As if the daemon died between the commit that moved them and their deletion from the journal.
        let journal = try Self.journal(harness)
        try journal.execute(
            """
            INSERT INTO pending(id, at, cmd, reason) VALUES (1, 0, 'trace', 'one'), (2, 0, 'trace', 'two');
            INSERT INTO pending(at, cmd, reason) VALUES (0, 'trace', 'three');
            """)

        let second = try harness.openWriter()
        #expect(try harness.column("SELECT reason FROM audit ORDER BY id") == ["one", "two", "three"])
        #expect(try journal.integer("SELECT COUNT(*) FROM pending") == 0)
        await harness.close(second)
    }

    @Test func open_whenTheJournalWasReplaced_movesItsEntriesFromTheFirst() async throws {
        let harness = try StoreHarness()
        try await Self.audit(["old journal"], harness)
        for suffix in ["", "-wal", "-shm"] { unlink(harness.path + "-audit" + suffix) }
        // A new journal numbers its entries from 1 again; the mark of the old one must not hide them.
        let replacement = try AuditJournal(databasePath: harness.path, fullDurability: true)
        try replacement.append(Self.entry("new journal"))

        let second = try harness.openWriter()
        #expect(try harness.column("SELECT reason FROM audit ORDER BY id") == ["old journal", "new journal"])
        await harness.close(second)
    }

    @Test func open_whenTheJournalIsNotADatabase_failsNamingItAndWhatToDo() throws {
        let harness = try StoreHarness()
        try Data("not a database, but someone's notes".utf8).write(to: URL(fileURLWithPath: harness.path + "-audit"))
        #expect {
            _ = try IngestWriter(options: harness.options(), clock: harness.clock)
        } throws: { error in
            let message = (error as? StoreError)?.message ?? ""
            return message.contains("audit journal \(harness.path)-audit") && message.contains("move the file")
        }
    }
}

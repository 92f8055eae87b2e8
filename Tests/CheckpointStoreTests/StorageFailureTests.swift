import Foundation
import CheckpointCore
@testable import CheckpointStore
import Testing

/// SPEC §5: a failed commit stores nothing, answers `E_UNAVAILABLE` (`.full`, `.busy`), reports `degraded`, keeps
/// running and recovers by itself.
@Suite struct StorageFailureTests {
    /// Needs several new pages: it cannot be stored in a file that may not grow.
    static let hugeNote = String(repeating: "n", count: 64 * 1024)

    /// Caps the writer's file at its current size, so the next page it needs fails with `SQLITE_FULL`.
    /// `max_page_count` belongs to a connection: it is set on the writer's own, on the writer thread.
    static func capFileSize(_ writer: IngestWriter) async throws {
        try await writer.perform { engine throws(StoreError) in
            let pages = try engine.db.integer("PRAGMA page_count") ?? 0
            try engine.db.execute("PRAGMA max_page_count = \(pages)")
        }
    }

    static func uncapFileSize(_ writer: IngestWriter) async throws {
        try await writer.perform { engine throws(StoreError) in
            try engine.db.execute("PRAGMA max_page_count = 1073741823")
        }
    }

    @Test func commit_whenFileCannotGrow_failsWholeBatchAndLeavesFileAndMemoryUnchanged() async throws {
        try await StoreHarness.run { harness, writer, station in
            _ = try #require(await writer.store(station.record(1, .temp, People.alice)).stored)
            let before = try harness.fingerprint()
            try await Self.capFileSize(writer)

            // One batch: an order that fits in the file, then a record that does not.
            let arrival = station.record(2, .entry, People.bob, temp: 390, origin: .outside)
            let huge = station.record(3, .temp, People.alice, note: Self.hugeNote)
            let outcomes = Outcomes()
            let pause = try await WriterPause.hold(writer)
            writer.submit(arrival, completion: outcomes.completion(0))
            writer.submit(huge, completion: outcomes.completion(1))
            await pause.release()
            #expect(await outcomes.wait(for: 2))
            #expect(outcomes[0]?.failure?.code == .full)
            #expect(outcomes[1]?.failure?.code == .full)
            #expect(try harness.fingerprint() == before)

            try await Self.uncapFileSize(writer)
            #expect(await eventually { writer.currentHealth.writable })
            // The order of the failed batch is not in force, and its seqs are free.
            #expect(try await writer.status(of: People.bob).quarantineUntil == nil)
            let later = await writer.store(station.record(4, .entry, People.bob, temp: nil, at: at(2 * Span.hour)))
            #expect(later.stored?.verdicts == [])
            let again = await writer.store(arrival)
            #expect(again.stored?.verdicts == [.fever, .quarantine])
            #expect(again.stored?.alertIDs.count == 1)
            #expect(await writer.store(huge).stored != nil)
            #expect(try harness.int("SELECT COUNT(*) FROM records") == 4)
            #expect(try harness.int("SELECT COUNT(*) FROM quarantines") == 1)
        }
    }

    @Test func health_whenFileCannotGrow_staysDegradedUntilCauseIsGoneThenRecoversOnce() async throws {
        try await StoreHarness.run { harness, writer, station in
            try await Self.capFileSize(writer)
            let failed = await writer.store(station.record(1, .temp, note: Self.hugeNote))
            #expect(failed.failure?.code == .full)

            // Longer than the writer's probe interval (1 s): the probe must not claim the cause went away.
            try await Task.sleep(for: .milliseconds(2500))
            #expect(!writer.currentHealth.writable, "reported writable while the file still cannot grow")
            #expect(writer.currentHealth.lastError != nil)
            #expect(harness.log.recoveries == 0)
            let stillFailing = await writer.store(station.record(2, .temp, note: Self.hugeNote))
            #expect(stillFailing.failure?.code == .full)
            #expect(harness.log.failures.count == 1, "one storage failure, reported once")

            try await Self.uncapFileSize(writer)
            #expect(await eventually { writer.currentHealth.writable })
            #expect(writer.currentHealth.lastError == nil)
            #expect(await writer.store(station.record(1, .temp, note: Self.hugeNote)).stored != nil)
            #expect(harness.log.failures.map(\.code) == [.full])
            #expect(harness.log.recoveries == 1)
        }
    }

    /// Start-up meets a lock held for a moment (a backup, an operator's `sqlite3`, the previous writer closing):
    /// opening waits for it, as every later statement of the writer does, instead of failing at once.
    @Test func open_whenAnotherConnectionHoldsLockBriefly_waitsForIt() async throws {
        let harness = try StoreHarness()
        await harness.close(try harness.openWriter())
        var blocker: SQLiteConnection? = try SQLiteConnection(path: harness.path, mode: .readWrite)
        try blocker?.execute("PRAGMA locking_mode = EXCLUSIVE")
        try blocker?.execute("BEGIN IMMEDIATE; UPDATE meta SET value = value; COMMIT")  // now holds the file lock

        let clock = harness.clock
        let options = harness.options()
        // Both the blocking open and the release run on Dispatch threads, not on Swift's small cooperative pool,
        // which other tests running in parallel may keep busy for longer than the busy timeout.
        let held = LockHolder(blocker)
        blocker = nil
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) { held.release() }  // closing lets the lock go
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<IngestWriter, any Error>, Never>) in
            DispatchQueue.global().async {
                continuation.resume(returning: Result {
                    let writer = try IngestWriter(options: options, clock: clock)
                    writer.start()
                    return writer
                })
            }
        }

        switch result {
        case .success(let writer):
            await harness.close(writer)
        case .failure(let error):
            Issue.record("opening failed instead of waiting for the lock: \(error)")
        }
    }

    /// Owns the blocking connection until `release()`, from any thread.
    private final class LockHolder: @unchecked Sendable {
        // Safe because `connection` is only set to nil, once, under the lock.
        private var connection: SQLiteConnection?
        private let lock = NSLock()

        init(_ connection: SQLiteConnection?) { self.connection = connection }

        func release() { lock.withLock { connection = nil } }
    }

    /// A lock held elsewhere: the record fails after the busy timeout (5 s), the writer stops beating (so the
    /// watchdog can restart a stuck daemon), and it recovers by itself once the lock is gone.
    @Test(.timeLimit(.minutes(20)))
    func commit_whenAnotherConnectionHoldsLock_failsBusyStopsBeatingAndRecovers() async throws {
        try await StoreHarness.run { harness, writer, station in
            _ = try #require(await writer.store(station.record(1, .temp)).stored)
            try await Task.sleep(for: .milliseconds(700))  // let the start-up purge pass finish
            let blocker = try SQLiteConnection(path: harness.path, mode: .readWrite)
            try blocker.execute("BEGIN EXCLUSIVE")

            let started = ContinuousClock.now
            let outcomes = Outcomes()
            writer.submit(station.record(2, .temp), completion: outcomes.completion(0))
            try await Task.sleep(for: .milliseconds(300))
            let beat = writer.currentHealth.lastBeatUptimeNanoseconds
            let lastCommit = writer.currentHealth.lastCommitUptimeNanoseconds

            let answered = await outcomes.wait(for: 1, within: .seconds(15))
            let waited = ContinuousClock.now - started
            try await Task.sleep(for: .milliseconds(300))
            let held = writer.currentHealth
            try blocker.execute("ROLLBACK")

            #expect(answered)
            #expect(outcomes[0]?.failure?.code == .busy)
            #expect(waited >= .seconds(4), "the writer gave up before the busy timeout")
            #expect(!held.writable)
            #expect(held.lastBeatUptimeNanoseconds == beat, "the writer beat while another process held the lock")
            #expect(held.lastCommitUptimeNanoseconds == lastCommit)

            // Nothing is submitted: the writer's own probe finds the lock gone.
            #expect(await eventually(within: .seconds(8)) { writer.currentHealth.writable })
            #expect(writer.currentHealth.lastBeatUptimeNanoseconds > beat)
            #expect(harness.log.failures.map(\.code) == [.busy])
            #expect(harness.log.recoveries == 1)
            #expect(await writer.store(station.record(2, .temp)).stored != nil)
        }
    }
}

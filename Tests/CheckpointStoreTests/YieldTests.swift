import CheckpointCore
@testable import CheckpointStore
import Synchronization
import Testing

/// A large batch of records yields to operators' work that arrives while it runs: the operator's change
/// commits after at most about `WriterEngine.yieldCheckInterval` more records, not after the whole burst, and
/// every record is still stored exactly once.
@Suite struct YieldTests {
    @Test(.timeLimit(.minutes(5)))
    func batch_whenOperatorWorkArrivesMidBatch_commitsItBeforeTheRestOfTheBatch() async throws {
        let total = 60_000
        try await StoreHarness.run({ $0.maxBatchRecords = total }) { harness, writer, station in
            let completed = Atomic<Int>(0)
            let failures = Atomic<Int>(0)
            let pause = try await WriterPause.hold(writer)
            for seq in 1...total {
                writer.submit(station.record(Int64(seq), .temp, People.numbered(seq % 5000))) { outcome in
                    if case .stored = outcome {} else { failures.add(1, ordering: .relaxed) }
                    completed.add(1, ordering: .relaxed)
                }
            }
            await pause.release()
            // The writer has taken the records once the queue is empty; the operator's change comes during them.
            let taken = await eventually(within: .seconds(30)) { writer.currentHealth.queueDepth == 0 }
            try #require(taken)
            _ = try await writer.addCheckpoint(code: "gate-9", name: "", grid: "grid-9", staffed: "24h")
            let doneWhenTheChangeCommitted = completed.load(ordering: .relaxed)
            #expect(doneWhenTheChangeCommitted < total, "the change waited for the whole batch")

            let all = await eventually(within: .seconds(120)) { completed.load(ordering: .relaxed) == total }
            #expect(all)
            #expect(failures.load(ordering: .relaxed) == 0)
            let db = try harness.database()
            #expect(try db.integer("SELECT COUNT(*), COUNT(DISTINCT seq) FROM records") == Int64(total))
            #expect(try db.integer("SELECT COUNT(DISTINCT seq) FROM records") == Int64(total))
        }
    }
}

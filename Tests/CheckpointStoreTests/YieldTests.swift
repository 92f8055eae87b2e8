import CheckpointCore
@testable import CheckpointStore
import Testing

/// A large batch of records yields to operators' work: `runBatch` asks every `yieldCheckInterval` records
/// whether other work waits, and on yes commits what it has done and says how many jobs that was; the writer
/// then commits the waiting work and hands the rest of the records to the next batch. Driven on the test's
/// thread (no timing): the question is answered by the test.
@Suite struct YieldTests {
    @Test func runBatch_whenAskedToYield_commitsTheRecordsDoneSoFarAndTheRestLater() throws {
        let rig = try EngineRig()
        try rig.run { engine throws(StoreError) in
            _ = try engine.addCheckpoint(code: "gate-1", name: "", grid: "grid-1", staffed: "24h")
        }
        try rig.run { engine throws(StoreError) in
            _ = try engine.addStation(code: "st-1", checkpointCode: "gate-1", token: Tokens.first)
        }
        let entry = try #require(rig.engine.directory.entry(for: "st-1"))
        let station = TestStation(key: entry.key, checkpointKey: entry.checkpointKey)
        let total = 3 * WriterEngine.yieldCheckInterval + 10
        let outcomes = Outcomes()
        let jobs = (1...total).map {
            RecordJob(record: station.record(Int64($0), .temp, People.numbered($0)), completion: outcomes.completion($0))
        }

        var asked = 0
        let first = rig.engine.runBatch(jobs, shouldYield: {
            asked += 1
            return asked == 2
        })
        guard case .committed(let records, _, let processed) = first else {
            Issue.record("the first part did not commit: \(first)")
            return
        }
        #expect(processed == 2 * WriterEngine.yieldCheckInterval)
        #expect(records == processed)
        let db = try rig.harness.database()
        #expect(try db.integer("SELECT COUNT(*) FROM records") == Int64(processed))

        let rest = rig.engine.runBatch(Array(jobs[processed...]), shouldYield: { false })
        guard case .committed(let restRecords, _, let restProcessed) = rest else {
            Issue.record("the rest did not commit: \(rest)")
            return
        }
        #expect(restProcessed == total - processed)
        #expect(restRecords == total - processed)
        #expect(try db.integer("SELECT COUNT(*) FROM records") == Int64(total))
        #expect(try db.integer("SELECT COUNT(DISTINCT seq) FROM records") == Int64(total))
    }

    @Test func runBatch_whenNeverAskedToYield_commitsEverything() throws {
        let rig = try EngineRig()
        try rig.run { engine throws(StoreError) in
            _ = try engine.addCheckpoint(code: "gate-1", name: "", grid: "grid-1", staffed: "24h")
        }
        try rig.run { engine throws(StoreError) in
            _ = try engine.addStation(code: "st-1", checkpointCode: "gate-1", token: Tokens.first)
        }
        let entry = try #require(rig.engine.directory.entry(for: "st-1"))
        let station = TestStation(key: entry.key, checkpointKey: entry.checkpointKey)
        let jobs = (1...2500).map { RecordJob(record: station.record(Int64($0)), completion: { _ in }) }
        guard case .committed(_, _, let processed) = rig.engine.runBatch(jobs, shouldYield: { false }) else {
            Issue.record("did not commit")
            return
        }
        #expect(processed == 2500)
    }
}

import CheckpointCore
@testable import CheckpointStore
import Dispatch
import Testing

@Suite struct GroupCommitTests {
    static let threads = 8
    static let perThread = 625
    static let total = threads * perThread
    /// Two threads share each station, one sending its odd seqs and one its even seqs: arrival is out of order.
    static let seqsPerStation = Int64(perThread * 2)

    static func kind(of seq: Int64) -> RecordKind {
        [RecordKind.temp, .entry, .exit][Int(seq % 3)]
    }

    static func isFever(_ seq: Int64) -> Bool { seq % 25 == 0 }

    /// Spread over 6,250 s from 00:15, so the records fall into two hours.
    static func record(_ station: TestStation, index: Int, seq: Int64) -> IncomingRecord {
        station.record(
            seq, kind(of: seq), People.numbered(index * 10_000 + Int(seq)), temp: isFever(seq) ? 385 : 365,
            at: at(seq * 5 * Span.second))
    }

    static let batchLimit = 1000

    @Test func submit_whenThousandsArriveAtOnce_commitsThemInFewGroups() async throws {
        try await StoreHarness.run({ $0.maxBatchRecords = Self.batchLimit }) { harness, writer, _ in
            var registered: [TestStation] = []
            for index in 0..<(Self.threads / 2) {
                let code = "g\(index)"
                registered.append(try await harness.register(writer, station: "st-\(code)", checkpoint: "gate-\(code)"))
            }
            let stations = registered
            let before = writer.currentHealth
            let outcomes = Outcomes()

            DispatchQueue.concurrentPerform(iterations: Self.threads) { thread in
                let station = stations[thread / 2]
                for index in 0..<Self.perThread {
                    let seq = Int64(index * 2 + thread % 2 + 1)
                    writer.submit(
                        Self.record(station, index: thread / 2, seq: seq),
                        completion: outcomes.completion(thread * Self.perThread + index))
                }
            }
            #expect(await outcomes.wait(for: Self.total, within: .seconds(120)))

            let results = outcomes.all.values
            #expect(results.allSatisfy { $0.stored != nil })
            #expect(Set(results.compactMap { $0.stored?.id }).count == Self.total)
            let after = writer.currentHealth
            #expect(after.committedRecords - before.committedRecords == UInt64(Self.total))
            let commits = after.commits - before.commits
            #expect(commits >= UInt64(Self.total / Self.batchLimit), "a batch takes at most maxBatchRecords")
            #expect(commits < 500, "records arriving during a commit must go into the next one")
            #expect(after.queueDepth == 0)

            try Self.expectCounts(harness, stations: stations)
        }
    }

    static func expectCounts(_ harness: StoreHarness, stations: [TestStation]) throws {
        let seqs = 1...seqsPerStation
        let perStation = { (kind: RecordKind) in Int64(seqs.filter { Self.kind(of: $0) == kind }.count) }
        let stationCount = Int64(stations.count)
        let expected: [Int64?] = [
            perStation(.temp) * stationCount, perStation(.entry) * stationCount, perStation(.exit) * stationCount,
            Int64(seqs.filter(isFever).count) * stationCount, 0,
        ]
        let hourly = try harness.row(
            "SELECT SUM(temps), SUM(entries), SUM(exits), SUM(fevers), SUM(violations) FROM hourly_counts", columns: 5)
        #expect(hourly == expected)
        let fromRecords = try harness.row("""
            SELECT SUM(kind = 0), SUM(kind = 1), SUM(kind = 2), SUM(verdict & 1 = 1), SUM(verdict & 2 = 2) FROM records
            """, columns: 5)
        #expect(fromRecords == expected)
        #expect(try harness.int("SELECT COUNT(DISTINCT hour) FROM hourly_counts") == 2)

        let reader = try StoreReader(path: harness.path, connections: 1)
        for row in try reader.stations() where row.code.hasPrefix("st-g") {
            #expect(row.firstSeq == 1, "station \(row.code)")
            #expect(row.lastSeq == seqsPerStation, "station \(row.code)")
            #expect(row.lastSeen == ManualClock.start, "station \(row.code)")
        }
    }

    /// SPEC §5: queries use their own connections and never wait for the writer (WAL).
    @Test func reader_whenWriterHoldsLongTransaction_answersAtOnceFromLastCommit() async throws {
        try await StoreHarness.run { _, writer, station in
            _ = await writer.store(station.record(1, .temp, People.alice, temp: 390))
            let reader = try StoreReader(path: writer.options.databasePath, connections: 2)

            let pause = try await WriterPause.hold(writer) { engine throws(StoreError) in
                try engine.db.execute(
                    "INSERT INTO checkpoints(code, grid, created_at) VALUES ('gate-uncommitted', 'g', 0)")
                try engine.db.execute("UPDATE alerts SET state = 'acked'")
            }
            // A reader that waited for the writer would fail busy here: the writer holds on until after the reads.
            let during = Result { () throws(StoreError) -> ([String], Int, [String]) in
                (try reader.checkpoints().map(\.code), try reader.openAlertCount(), try reader.stations().map(\.code))
            }
            await pause.release()

            let (codes, openAlerts, stations) = try during.get()
            #expect(codes == ["gate-1"])
            #expect(openAlerts == 1)
            #expect(stations == ["st-1"])
            #expect(try reader.checkpoints().map(\.code) == ["gate-1", "gate-uncommitted"])
            #expect(try reader.openAlertCount() == 0)
        }
    }
}

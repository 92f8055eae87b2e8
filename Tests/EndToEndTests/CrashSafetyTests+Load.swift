import CheckpointTestSupport
import Foundation
import Testing

/// Issue 14, point 6: `kill -9` at a random moment of each of 20 short load windows from 64 stations. Each run every
/// station pipelines the next block of seqs, starting with the last `overlap` seqs of the previous block again (a
/// terminal resending what it did not see answered); after each restart every record answered `OK` or `DUP` in any
/// run is stored exactly once, what was answered before is `DUP` when sent again, and `PRAGMA integrity_check`
/// passes. The kill moments come from a seeded generator whose seed is printed (`CHECKPOINTD_TEST_SEED` replays it).
extension CrashSafetyTests {
    static let loadStations = 64
    static let loadRuns = 20
    static let blockPerRun = 1000
    static let overlap = 40

    @Test(.timeLimit(.minutes(20)))
    func ingest_whenKilledAtRandomMomentsUnderLoadFrom64Stations_keepsEveryAcknowledgedRecordExactlyOnce() throws {
        var random = SeededGenerator.fromEnvironment("crash under load")
        let daemon = try DaemonProcess.started()
        let names = (1...Self.loadStations).map { "ld-\($0)" }
        var tokens: [String: String] = [:]
        for (index, name) in names.enumerated() {
            tokens[name] = try daemon.registerStation(checkpoint: "gate-\(index % 8)", station: name)
        }
        var everAcknowledged: [String: Set<Int>] = [:]
        var midStream = 0
        var acknowledgedTotal = 0
        var duplicatesTotal = 0
        let started = Deadline.now()
        for run in 0..<Self.loadRuns {
            let first = max(1, run * Self.blockPerRun - Self.overlap + 1)
            let seqs = first...((run + 1) * Self.blockPerRun)
            let streams = try names.enumerated().map { index, name in
                (
                    stream: PipelinedStream(station: name, personBase: index * 100_000, seqs: seqs),
                    client: try daemon.session(station: name, token: tokens[name] ?? "")
                )
            }
            let killAfter = Double.random(in: 0...1.0, using: &random)
            let progress = Locked(0)
            let outcomes = try runStreams(streams, progress: progress) {
                // The load window opens with the first answer (64 threads take a moment to start sending).
                _ = Deadline.poll(seconds: 30, interval: 0.002) { progress.current > 0 }
                Deadline.sleep(killAfter)
                try daemon.kill9()
            }
            try daemon.restart()

            let stored = try daemon.storedSeqs(from: max(1, first - Self.blockPerRun))
            var acknowledged = 0
            for (name, outcome) in zip(names, outcomes) {
                #expect(outcome.unexpected.isEmpty, "run \(run) \(name): \(outcome.unexpected.prefix(3))")
                let earlier = everAcknowledged[name] ?? []
                let notDup = earlier.intersection(outcome.acknowledged).subtracting(outcome.duplicates)
                #expect(notDup.isEmpty, "run \(run) \(name): acked in an earlier run, OK again: \(notDup.sorted())")
                everAcknowledged[name, default: []].formUnion(outcome.acknowledged)
                let lost = everAcknowledged[name, default: []].filter { $0 >= first - Self.blockPerRun }
                    .subtracting(stored[name] ?? [])
                #expect(lost.isEmpty, "run \(run) \(name): \(lost.count) acknowledged lost: \(lost.sorted().prefix(5))")
                acknowledged += outcome.acknowledged.count
                duplicatesTotal += outcome.duplicates.count
            }
            if acknowledged < names.count * seqs.count { midStream += 1 }
            acknowledgedTotal += acknowledged
            print("crash under load: run \(run + 1): kill -9 \(Int(killAfter * 1000)) ms after the first answer, "
                + "\(acknowledged) of \(names.count * seqs.count) acknowledged")
            try expectWholeDatabase(daemon, "run \(run)")
        }

        // Every acknowledgement of every run, checked once more over the whole table.
        let stored = try daemon.storedSeqs()
        var lostTotal = 0
        for name in names {
            lostTotal += (everAcknowledged[name] ?? []).subtracting(stored[name] ?? []).count
        }
        let distinct = everAcknowledged.values.reduce(0) { $0 + $1.count }
        print("crash under load: \(Self.loadRuns) runs, \(midStream) killed mid-stream, \(acknowledgedTotal) "
            + "acknowledgements (\(duplicatesTotal) DUP), \(distinct) distinct records acknowledged, "
            + "\(lostTotal) lost, \(Int(Deadline.now() - started)) s")
        #expect(lostTotal == 0)
        #expect(midStream >= Self.loadRuns / 2, "most kills must land mid-stream: \(midStream) of \(Self.loadRuns)")
        #expect(duplicatesTotal > 0, "the overlap must have been answered DUP at least once")
    }
}

/// Checks shared by the crash scenarios: no `(station, seq)` twice, and `PRAGMA integrity_check` says `ok`.
func expectWholeDatabase(_ daemon: DaemonProcess, _ context: String) throws {
    let duplicated = try SQLiteShell.query(
        daemon.databasePath, "SELECT station_id, seq, COUNT(*) FROM records GROUP BY 1, 2 HAVING COUNT(*) > 1")
    #expect(duplicated.isEmpty, "\(context): duplicated (station, seq): \(duplicated.prefix(5))")
    let integrity = try SQLiteShell.query(daemon.databasePath, "PRAGMA integrity_check")
    #expect(integrity == [["ok"]], "\(context): integrity_check: \(integrity.prefix(5))")
}

extension DaemonProcess {
    /// Like `storedSeqs()`, only the rows with `seq >= from`.
    func storedSeqs(from: Int) throws -> [String: Set<Int>] {
        var stored: [String: Set<Int>] = [:]
        let rows = try SQLiteShell.query(
            databasePath,
            "SELECT s.code, r.seq FROM records r JOIN stations s ON s.id = r.station_id WHERE r.seq >= \(from)")
        for row in rows where row.count == 2 {
            guard let seq = Int(row[1]) else { continue }
            stored[row[0], default: []].insert(seq)
        }
        return stored
    }
}

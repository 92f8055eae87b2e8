import CheckpointTestSupport
import Testing

/// SPEC §5: "A kill -9 at any moment loses no acknowledged record and duplicates none."
@Suite struct CrashSafetyTests {
    static let stations = ["st-1", "st-2", "st-3", "st-4"]
    static let perStation = 3000

    @Test func ingest_whenKilledMidStream_losesNoAcknowledgedRecordAndDuplicatesNone() throws {
        let daemon = try DaemonProcess.started()
        var tokens: [String: String] = [:]
        for station in Self.stations {
            tokens[station] = try daemon.registerStation(checkpoint: "gate-\(station)", station: station)
        }
        let total = Self.stations.count * Self.perStation

        // 1. Stream from four stations at once and kill -9 the daemon mid-stream.
        let progress = Locked(0)
        let streams = try Self.stations.enumerated().map { index, station in
            (
                stream: PipelinedStream(station: station, personBase: index * 100_000, seqs: 1...Self.perStation),
                client: try daemon.session(station: station, token: tokens[station] ?? "")
            )
        }
        var acknowledgedAtKill = 0
        let outcomes = try runStreams(streams, progress: progress) {
            _ = Deadline.poll(seconds: 1.0, interval: 0.002) { progress.current >= total * 3 / 10 }
            try daemon.kill9()
            acknowledgedAtKill = progress.current
        }
        print("crash: kill -9 after \(acknowledgedAtKill) of \(total) acknowledgements")
        #expect(acknowledgedAtKill < total, "the kill must land mid-stream")
        for (station, outcome) in zip(Self.stations, outcomes) {
            #expect(outcome.unexpected.isEmpty, "\(station): \(outcome.unexpected.prefix(3))")
            #expect(outcome.duplicates.isEmpty, "\(station): nothing was sent twice before the kill")
        }

        // 2. Restart on the same state directory; every acknowledged record is there, once.
        try daemon.restart()
        let duplicated = try SQLiteShell.query(
            daemon.databasePath,
            "SELECT station_id, seq, COUNT(*) FROM records GROUP BY 1, 2 HAVING COUNT(*) > 1"
        )
        #expect(duplicated.isEmpty, "duplicated (station, seq): \(duplicated.prefix(5))")
        let stored = try daemon.storedSeqs()
        for (station, outcome) in zip(Self.stations, outcomes) {
            let lost = Set(outcome.acknowledged).subtracting(stored[station] ?? [])
            #expect(lost.count == 0, "\(station): \(lost.count) acknowledged records lost: \(lost.sorted().prefix(5))")
        }

        // 3. Resend everything: each reply is OK or DUP, and what was acknowledged before is a DUP.
        let resendProgress = Locked(0)
        let resend = try Self.stations.enumerated().map { index, station in
            (
                stream: PipelinedStream(station: station, personBase: index * 100_000, seqs: 1...Self.perStation),
                client: try daemon.session(station: station, token: tokens[station] ?? "")
            )
        }
        let resent = try runStreams(resend, progress: resendProgress) {}
        for ((station, before), after) in zip(zip(Self.stations, outcomes), resent) {
            #expect(after.unexpected.isEmpty, "\(station) resend: \(after.unexpected.prefix(3))")
            #expect(after.acknowledged.count == Self.perStation, "\(station): every resent record answered")
            let notDup = Set(before.acknowledged).subtracting(after.duplicates)
            #expect(notDup.count == 0, "\(station): acked before the crash, not DUP: \(notDup.sorted().prefix(5))")
        }

        // 4. Exactly N rows per station.
        let counts = try SQLiteShell.query(
            daemon.databasePath,
            "SELECT s.code, COUNT(*) FROM records r JOIN stations s ON s.id = r.station_id "
                + "GROUP BY s.code ORDER BY s.code"
        )
        #expect(counts == Self.stations.map { [$0, String(Self.perStation)] })
    }

    /// Three crashes at different points of a resend, one station over the Unix socket: after each restart the
    /// invariants hold, and what was acknowledged in any earlier round comes back as DUP.
    @Test func ingest_whenKilledRepeatedly_keepsEveryAcknowledgedRecordExactlyOnce() throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(checkpoint: "gate-a", station: "st-tcp")
        try daemon.registerStation(checkpoint: "gate-b", station: "st-unix")
        let count = 2000
        var everAcknowledged: [Set<Int>] = [[], []]
        for (round, fraction) in [0.1, 0.5, 0.9].enumerated() {
            let progress = Locked(0)
            let streams = [
                (
                    stream: PipelinedStream(station: "st-tcp", personBase: 0, seqs: 1...count),
                    client: try daemon.session(station: "st-tcp", token: token)
                ),
                (
                    stream: PipelinedStream(station: "st-unix", personBase: 100_000, seqs: 1...count),
                    client: try daemon.unixSession(station: "st-unix")
                ),
            ]
            let target = Int(Double(2 * count) * fraction)
            let outcomes = try runStreams(streams, progress: progress) {
                _ = Deadline.poll(seconds: 10, interval: 0.002) { progress.current >= target }
                try daemon.kill9()
            }
            try daemon.restart()
            let stored = try daemon.storedSeqs()
            for (index, outcome) in outcomes.enumerated() {
                let station = streams[index].stream.station
                #expect(outcome.unexpected.isEmpty, "round \(round) \(station): \(outcome.unexpected.prefix(3))")
                let missedDup = everAcknowledged[index].intersection(outcome.acknowledged)
                    .subtracting(outcome.duplicates)
                #expect(missedDup.count == 0, "round \(round) \(station): acked earlier, OK again: \(missedDup.count)")
                everAcknowledged[index].formUnion(outcome.acknowledged)
                let lost = everAcknowledged[index].subtracting(stored[station] ?? [])
                #expect(lost.count == 0, "round \(round) \(station): \(lost.count) acknowledged records lost")
            }
        }
        let rows = try SQLiteShell.query(
            daemon.databasePath,
            "SELECT station_id, seq, COUNT(*) FROM records GROUP BY 1, 2 HAVING COUNT(*) > 1"
        )
        #expect(rows.isEmpty, "duplicated (station, seq): \(rows.prefix(5))")
    }
}

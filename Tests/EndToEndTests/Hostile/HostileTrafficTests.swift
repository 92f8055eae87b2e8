import CheckpointTestSupport
import Glibc
import Testing

/// Issue 14 point 3: every hostile-client test, one at a time (two attacks at once would measure each other).
@Suite(.serialized) enum HostileClientTests {}

/// Hostile traffic on station connections: garbage, an endless line, a pipeline that is never read, a HELLO
/// flood. Each test measures the daemon's RSS and a good station's ack p99 before and during the attack
/// (`GoodStation.underAttack`), on a fresh daemon per attempt (`HostileAttempts`).
extension HostileClientTests {
    @Suite struct Traffic {
        /// Bytes a second each flooding connection sends: 25 MB/s in all for the 100 MB line, twice what a district's
        /// 100 Mbit/s uplink carries; the attacker's own threads share the machine's cores with the daemon.
        static let lineBytesPerSecond = 25.0 * 1024 * 1024

        /// A registered station the attacker holds the token of (a stolen terminal): it gets past HELLO.
        static func attackerSession(_ daemon: DaemonProcess, station: String = "bad-1") throws -> LineClient {
            let token = try daemon.registerStation(checkpoint: "gate-bad", station: station)
            return try daemon.session(station: station, token: token)
        }

        /// Reads and counts replies until the connection ends or the attack stops (a flood that reads its answers),
        /// without decoding them: the attacker's threads share the daemon's cores, a real attacker's do not.
        static func drain(_ client: LineClient, attack: Attack) {
            while !attack.isStopping {
                guard let lineEnds = try? client.discardAvailable(timeout: 0.2) else { return }
                attack.count("replies", by: lineEnds)
            }
        }

        @Test func hostile_whenClientsSendRandomBytesAndInvalidUTF8_goodStationKeepsItsLatency() throws {
            let pool = HostileBytes.garbage(bytes: 1 << 20)
            try HostileAttempts.expectLatencyBounded {
                let daemon = try DaemonProcess.started()
                let good = try GoodStation(daemon)
                let authenticated = try (1...2).map { try Self.attackerSession(daemon, station: "bad-\($0)") }
                let anonymous = try (1...2).map { _ in try daemon.stationTCP(timeout: 15, source: "127.0.3.1") }
                let figures = try good.underAttack("random bytes and invalid UTF-8") { attack in
                    for (index, client) in (authenticated + anonymous).enumerated() {
                        attack.spawn("garbage-\(index)") {
                            // 512 KiB/s a connection, 2 MiB/s in all, in 16 KiB writes from a random offset.
                            let start = Deadline.now()
                            var sent = 0
                            while !attack.isStopping {
                                let offset = Int.random(in: 0..<(pool.count - 16_384))
                                let slice = Array(pool[offset..<offset + 16_384])
                                guard (try? client.sendRaw(slice)) != nil else { return }
                                sent += 16_384
                                attack.count("KiB sent", by: 16)
                                pace(done: sent, perSecond: 512 * 1024, since: start)
                            }
                        }
                        attack.spawn("reader-\(index)") { Self.drain(client, attack: attack) }
                    }
                }
                #expect(figures.attack.counter("replies") > 1000, "the garbage was answered: \(figures.line)")
                for client in authenticated { expectPong(client, after: "garbage from a station that said HELLO") }
                return figures
            }
        }

        @Test func hostile_whenOneLineIs100MB_itIsDiscardedWithoutBeingBuffered() throws {
            try HostileAttempts.expectLatencyBounded {
                let daemon = try DaemonProcess.started()
                let good = try GoodStation(daemon)
                let client = try Self.attackerSession(daemon)
                let total = 100 * 1024 * 1024
                let figures = try good.underAttack(
                    "one 100 MB line", engaged: { $0.counter("line ends sent") == 1 }
                ) { attack in
                    attack.spawn("long-line") {
                        let chunk = [UInt8](repeating: UInt8(ascii: "A"), count: 1024 * 1024)
                        try client.sendRaw("TEMP seq=1 person=13800138000 temp=36.5 note=")
                        let start = Deadline.now()
                        var sent = 0
                        while sent < total {
                            try client.sendRaw(chunk)
                            sent += chunk.count
                            attack.count("MiB sent")
                            pace(done: sent, perSecond: Self.lineBytesPerSecond, since: start)
                        }
                        try client.send("")
                        attack.count("line ends sent")
                    }
                }
                let reply = try client.readLine(timeout: 30)
                expectError(reply, seq: "-", code: "E_TOOLONG", "the 100 MB line is answered once")
                expectUsable(client, after: "a 100 MB line")
                return figures
            }
        }

        /// The daemon reads until `max_inflight` replies wait and its socket's output is full, then stops reading: the
        /// records it did read are ingested first (the ramp-up: a backlog of valid records from a station with a
        /// token, which the writer commits in order), then the attack is a connection that holds its pipeline full.
        @Test func hostile_whenAStationPipelinesAMillionRecordsAndNeverReads_theDaemonStopsReading() throws {
            try HostileAttempts.expectLatencyBounded {
                let daemon = try DaemonProcess.started()
                let good = try GoodStation(daemon)
                let client = try Self.attackerSession(daemon)
                let total = 1_000_000
                let sentLines = Locked(0)
                let progress = Locked(Deadline.now())
                func storedByAttacker() throws -> Int {
                    let count = try SQLiteShell.scalar(
                        daemon.databasePath,
                        "SELECT COUNT(*) FROM records r JOIN stations s ON s.id = r.station_id WHERE s.code = 'bad-1'")
                    return Int(count ?? "") ?? -1
                }
                var storedWhileHeld = -1
                var lastCount = (at: Deadline.now(), stored: 0)
                var stopped = false
                let figures = try good.underAttack(
                    "a million pipelined records, never read",
                    // Under way once the sends are blocked and the attacker's stored records have not grown for a
                    // second: the daemon stopped reading.
                    ready: { _ in
                        let now = Deadline.now()
                        guard !stopped, now - progress.current > 1, now - lastCount.at > 1 else { return stopped }
                        let stored = (try? storedByAttacker()) ?? -1
                        stopped = stored > 0 && stored == lastCount.stored
                        lastCount = (Deadline.now(), stored)
                        return stopped
                    },
                whileRunning: { _ in storedWhileHeld = try storedByAttacker() }
                ) { attack in
                    attack.whenStopping { client.shutdownWrite() }
                    attack.spawn("pipeline") {
                        var seq = 1
                        while seq <= total, !attack.isStopping {
                            let end = min(seq + 999, total)
                            let chunk = (seq...end).map { passingTemp(seq: $0, person: $0) + "\n" }.joined()
                            guard (try? client.sendRaw(chunk)) != nil else { return }
                            sentLines.withLock { $0 = end }
                            progress.withLock { $0 = Deadline.now() }
                            seq = end + 1
                        }
                    }
                }
                let sent = sentLines.current
                let stored = try storedByAttacker()
                print("hostile pipeline: \(sent) lines sent before the sends blocked, \(stored) stored")
                #expect(sent < total, "the daemon kept reading a client that never reads its replies")
                #expect(stored > 0 && stored <= sent, "stored \(stored) of \(sent)")
                #expect(stored == storedWhileHeld, "nothing more was read while the pipeline was held")
                return figures
            }
        }

        @Test func hostile_whenOneAddressFloodsHelloWithWrongTokens_itIsBlockedAndTheStationIsNot() throws {
            let hello = "HELLO station=\(GoodStation.code) token=" + String(repeating: "x", count: 32)
            try HostileAttempts.expectLatencyBounded {
                let daemon = try DaemonProcess.started()
                let good = try GoodStation(daemon)
                let figures = try good.underAttack(
                    "HELLO flood with wrong tokens", engaged: { $0.counter("connections") >= 1000 }
                ) { attack in
                    attack.spawn("hello-flood") {
                        while !attack.isStopping {
                            guard let client = try? daemon.stationTCP(timeout: 5, source: "127.0.4.1") else {
                                attack.count("connects failed")
                                continue
                            }
                            attack.count("connections")
                            let reply = (try? client.request(hello, timeout: 5)) ?? "no reply"
                            if reply.contains("wrong token") {
                                attack.count("wrong token")
                            } else if reply.contains("too many failed HELLOs") {
                                attack.count("blocked")
                            } else {
                                attack.count("other replies")
                            }
                            client.close()
                        }
                    }
                }
                let summary = figures.attack.summary()
                #expect(figures.attack.counter("wrong token") == 5, "five token checks, then blocked: \(summary)")
                #expect(figures.attack.counter("other replies") == 0, "\(summary)")
                return figures
            }
        }
    }
}

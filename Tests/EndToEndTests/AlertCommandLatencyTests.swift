import CheckpointTestSupport
import CheckpointWire
import Glibc
import Testing

/// Issue 16 point 3: `alert_command` runs off the ingest path. A good station's ack p99 with alerts firing and no
/// command, then, on the same daemon after a `reload` that sets a command which hangs (every runner busy, the queue
/// filling), must stay within the hostile-client bounds (`HostileBounds`: 3x the first p99 or +5 ms, whichever is
/// larger, with up to three attempts on a fresh daemon; docs/reliability.md explains the bounds). One of the
/// hostile-client suite's serialized tests, so that no attack runs beside it.
extension HostileClientTests {
    @Suite struct AlertCommand {
        /// Fevers a second from another station, in both phases: each opens an alert.
        static let feversPerSecond = 200.0

        @Test func alertCommand_whenTheCommandHangs_ingestKeepsItsAckLatency() throws {
            try HostileAttempts.expectLatencyBounded { try Self.scenario() }
        }

        static func scenario() throws -> HostileFigures {
            let directory = try TemporaryDirectory(prefix: "alertlat")
            let hanging = try directory.write("#!/bin/sh\nexec sleep 300\n", to: "hang.sh")
            chmod(hanging, 0o755)
            let config = try directory.write("# no alert_command yet\n", to: "checkpointd.conf")
            let daemon = try DaemonProcess(arguments: ["--config", config])
            try daemon.start()
            let good = try GoodStation(daemon)
            let fevers = try daemon.openSession(station: "fever-1", checkpoint: "gate-fever")
            let alerts = Attack()
            alerts.spawn("fevers") {
                let start = Deadline.now()
                var seq = 1
                while !alerts.isStopping {
                    let person = TestPerson.phone(200_000 + seq)
                    let reply = try fevers.request("TEMP seq=\(seq) person=\(person) temp=38.6")
                    if reply.contains("verdict=fever") { alerts.count("fevers") }
                    pace(done: seq, perSecond: feversPerSecond, since: start)
                    seq += 1
                }
            }
            let figures: HostileFigures
            do {
                let quiet = try good.phase()
                let setting = "alert_command = \(hanging)\nalert_command_timeout = 5m\n"
                _ = try directory.write(setting, to: "checkpointd.conf")
                let control = try daemon.control()
                let reload = try control.result("reload")
                #expect(reload["summary"]?.stringValue?.contains("alert_command applied") == true, "\(reload)")
                let busy = try Deadline.poll(seconds: 30) { try Self.counts(control)["running"] == 4 }
                let hanging = try Self.counts(control)
                #expect(busy, "four commands hang: \(hanging)")
                let during = try good.phase()
                let counts = try Self.counts(control)
                #expect(counts["running"] == 4 && (counts["queued"] ?? 0) > 0, "\(counts)")
                #expect(counts["succeeded"] == 0 && counts["failed"] == 0, "\(counts)")
                figures = HostileFigures(
                    name: "alert command hangs", quiet: quiet, ramp: PhaseFigures(), during: during)
            } catch {
                alerts.stop()
                throw error
            }
            alerts.stop()
            print(figures.line + "; " + alerts.summary())
            #expect(alerts.counter("fevers") > 0)
            #expect(try good.lostRecords().isEmpty)
            #expect(try daemon.terminate() == .exited(0))
            return figures
        }

        static func counts(_ control: ControlClient) throws -> [String: Int64] {
            let health = try control.result("health")
            let pairs = health["alert_command"]?.objectValue?.pairs ?? []
            let numbers = pairs.compactMap { pair in pair.value.intValue.map { (pair.key, $0) } }
            return Dictionary(numbers) { first, _ in first }
        }
    }
}

import CheckpointTestSupport
import CheckpointWire
import Foundation
import Glibc
import Testing

/// Hostile connections: ten thousand idle ones, slowloris, a thousand control connections. Each test measures the
/// daemon's RSS and a good station's ack p99 before and during the attack (`GoodStation.underAttack`), on a fresh
/// daemon per attempt (`HostileAttempts`).
extension HostileClientTests {
    @Suite struct Connections {
        /// 10,000 connections that never say HELLO, from 625 addresses of 127/8 (16 each, the per-address budget),
        /// with `max_connections` 40960 so that its quarter (10,240) lets the daemon hold every one: the heaviest
        /// case, in which nothing is refused. (With the default 4096, all but 1024 are refused with `E_BUSY` at
        /// accept and closed, which `UnauthenticatedBudgetTests` shows.)
        static let idleConnections = 10_000

        /// The address of the `index`-th attacking connection when each address holds `perAddress`.
        static func source(_ index: Int, perAddress: Int, network: Int) -> String {
            let address = index / perAddress
            return "127.\(network).\(address / 250).\(address % 250 + 1)"
        }

        static func unauthenticated(_ daemon: DaemonProcess) throws -> Int? {
            let control = try daemon.control()
            defer { control.close() }
            let health: JSONObject = try control.result("health")
            return health["unauthenticated_connections"]?.intValue.map { Int($0) }
        }

        /// The ramp-up (opening 10,000 connections, as fast as one thread can) is reported; the bound applies while
        /// they are held.
        @Test func hostile_whenTenThousandConnectionsStayIdle_theDaemonHoldsThemAndTheStationIsServed() throws {
            if let reason = OpenFiles.raise(to: Self.idleConnections + 2048) {
                try HostileSwitch.skip(because: reason)
                return
            }
            try HostileAttempts.expectLatencyBounded {
                let daemon = try DaemonProcess.started([
                    "--max-connections", "40960", "--max-unauthenticated-per-address", "16", "--hello-timeout", "120s",
                ])
                let good = try GoodStation(daemon)
                let held = Locked<[LineClient]>([])
                var holding = -1
                let figures = try good.underAttack(
                    "10,000 idle connections",
                    ready: { attack in
                        guard attack.counter("connections") + attack.counter("connects failed") >= Self.idleConnections
                        else { return false }
                        // Connected is not yet accepted: wait until the daemon has taken every one from its backlog.
                        holding = (try? Self.unauthenticated(daemon)) ?? -1
                        return holding == attack.counter("connections")
                    }
                ) { attack in
                    attack.whenStopping { held.withLock { $0.removeAll() } }
                    attack.spawn("idle") {
                        for index in 0..<Self.idleConnections where !attack.isStopping {
                            let source = Self.source(index, perAddress: 16, network: 1)
                            do {
                                let client = try daemon.stationTCP(timeout: 15, source: source)
                                held.withLock { $0.append(client) }
                                attack.count("connections")
                            } catch {
                                attack.count("connects failed")
                            }
                        }
                    }
                }
                #expect(figures.attack.counter("connects failed") == 0, "\(figures.line)")
                #expect(holding == Self.idleConnections, "the daemon holds every idle connection: \(holding)")
                var remaining: Int? = nil
                // Under ThreadSanitizer the daemon ends about 130 connections a second on a busy machine (10,000
                // took over 30 s in the CI subset): the wait is longer there; what is checked is the same.
                let left = Deadline.poll(seconds: SanitizedRun.sanitizer == nil ? 30 : 240, interval: 0.2) {
                    remaining = try? Self.unauthenticated(daemon)
                    return remaining == 0
                }
                #expect(left, "closed connections leave the registry: \(String(describing: remaining)) remain")
                return figures
            }
        }

        @Test func hostile_whenAThousandConnectionsSendAByteASecond_theyAreHeldUntilTheHelloTimeout() throws {
            let count = 1000
            let text = Array("HELLO station=\(GoodStation.code) token=\(String(repeating: "y", count: 32))\n".utf8)
            try HostileAttempts.expectLatencyBounded {
                // The hello timeout (10 s by default) is what ends a slow HELLO (`LimitTests`); 30 s here keeps every
                // slow connection open for the whole measurement.
                let daemon = try DaemonProcess.started(["--hello-timeout", "30s"])
                let good = try GoodStation(daemon)
                var open = -1
                let figures = try good.underAttack(
                    "slowloris, 1,000 connections at a byte a second",
                    engaged: { $0.counter("rounds") >= 3 },
                    whileRunning: { _ in open = try Self.unauthenticated(daemon) ?? -1 }
                ) { attack in
                    let clients = try (0..<count).map { index in
                        try daemon.stationTCP(timeout: 15, source: Self.source(index, perAddress: 16, network: 2))
                    }
                    attack.whenStopping { for client in clients { client.close() } }
                    attack.spawn("slowloris") {
                        var round = 0
                        let start = Deadline.now()
                        while !attack.isStopping {
                            // A thousand independent slow clients are not in step: their bytes are spread over
                            // the second (one a millisecond), not sent as one burst of a thousand.
                            for (index, client) in clients.enumerated() where !attack.isStopping {
                                if (try? client.sendRaw([text[round % text.count]])) == nil {
                                    attack.count("sends failed")
                                }
                                pace(done: round * count + index + 1, perSecond: Double(count), since: start)
                            }
                            round += 1
                            attack.count("rounds")
                        }
                    }
                }
                #expect(open == count, "every slow connection is held, within the budgets: \(open)")
                #expect(figures.attack.counter("sends failed") == 0, "none was closed early: \(figures.line)")
                return figures
            }
        }

        @Test func hostile_whenAThousandControlConnectionsOpen_theLimitRefusesTheRestAndStationsAreServed() throws {
            let count = 1000
            try HostileAttempts.expectLatencyBounded {
                let daemon = try DaemonProcess.started()
                let good = try GoodStation(daemon)
                let held = Locked<[ControlClient]>([])
                let figures = try good.underAttack(
                    "1,000 control connections", engaged: { $0.counter("attempts") >= count }
                ) { attack in
                    attack.whenStopping { held.withLock { $0.removeAll() } }
                    attack.spawn("control") {
                        for _ in 0..<count where !attack.isStopping {
                            attack.count("attempts")
                            guard let client = try? daemon.control(timeout: 10),
                                let line = (try? client.requestLine(#"{"cmd":"health"}"#))
                                    // A refused connection may be closed before the request is sent: its line waits.
                                    ?? (try? client.connection.readLine(timeout: 5)) ?? nil
                            else {
                                attack.count("no answer")
                                continue
                            }
                            if line.contains(#""ok":true"#) {
                                held.withLock { $0.append(client) }
                                attack.count("served")
                            } else if line.contains("E_BUSY") {
                                attack.count("busy")
                            } else {
                                attack.count("other answers")
                            }
                        }
                    }
                }
                let served = figures.attack.counter("served")
                #expect(served >= 250 && served <= 256, "control_max_connections is 256: \(figures.line)")
                #expect(served + figures.attack.counter("busy") == count, "the others get E_BUSY: \(figures.line)")
                let control = try daemon.control()
                #expect(try control.result("health")["status"] != nil, "an operator gets in once they have gone")
                return figures
            }
        }
    }
}

/// `CHECKPOINTD_HOSTILE`: `require` (CI) makes a missing prerequisite of the hostile-client tests (enough open
/// files) a failure; otherwise the test is skipped with the reason printed.
enum HostileSwitch {
    static func skip(because reason: String) throws {
        if ProcessInfo.processInfo.environment["CHECKPOINTD_HOSTILE"] == "require" {
            throw TestSupportError("CHECKPOINTD_HOSTILE=require, but: \(reason)")
        }
        print("skipped: \(reason) (CHECKPOINTD_HOSTILE=require makes this a failure)")
    }
}

/// The open-file limit of the test process, which the daemon it starts inherits.
enum OpenFiles {
    /// Raises the soft limit (and the hard one, as root) to at least `count`; the reason when it cannot.
    static func raise(to count: Int) -> String? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return "getrlimit failed: errno \(errno)" }
        guard limit.rlim_cur < rlim_t(count) else { return nil }
        limit.rlim_cur = rlim_t(count)
        limit.rlim_max = max(limit.rlim_max, rlim_t(count))
        guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else {
            return "the open-file limit cannot be raised to \(count) (errno \(errno)); run as root or raise it"
        }
        return nil
    }
}

import CheckpointTestSupport
import Foundation
import Testing

/// Issue 14 point 3: what every hostile-client test measures, in the same test and on the same daemon, before an
/// attack (quiet) and while it runs: the daemon's resident memory (`VmRSS` of `/proc/PID/status`) and the ack
/// latency of a well-behaved station that sends `TEMP` records one at a time on its own connection and times each
/// `OK`. Afterwards every record that station got `OK` for must be in the database.
enum HostileBounds {
    /// The daemon's resident memory must stay under this during any attack. Justified in docs/reliability.md:
    /// an idle daemon holds about 30 MiB; its largest bounded buffers are the connections it may hold
    /// (`max_connections`, about 6 KiB each), `max_inflight` records per session and the SQLite page cache.
    static let residentMiB = 300.0
    /// The good station's p99 during an attack may be at most this multiple of its own quiet p99 ...
    static let latencyRatio = 3.0
    /// ... or its quiet p99 plus this many milliseconds, whichever is larger: on a shared 2-core machine, where
    /// the attacker's threads run on the same two cores, a quiet p99 of 1 ms cannot absorb one scheduler time slice
    /// (4 ms at 250 Hz) lost to them. See docs/reliability.md, "Hostile clients: the bounds".
    static let latencySlackMilliseconds = 5.0
    /// Acks timed in each phase: the 99th percentile of 500 is the fifth-worst, so one or two acks that lost a
    /// scheduler time slice to another process do not make the figure.
    static let samples = 500
}

/// What the good station saw in one phase.
struct PhaseFigures {
    var latencies: [Double] = []
    var peakResidentMiB = 0.0
    var seconds = 0.0
    /// CPU seconds the daemon used in the phase (user and system).
    var daemonCPUSeconds = 0.0

    /// The daemon's share of one core in the phase, in percent.
    var daemonCPUPercent: Double { seconds > 0 ? daemonCPUSeconds / seconds * 100 : 0 }

    /// The 99th percentile of the ack latencies, in milliseconds (nearest rank).
    var p99: Double {
        guard !latencies.isEmpty else { return 0 }
        let sorted = latencies.sorted()
        let rank = Int((Double(sorted.count) * 0.99).rounded(.up)) - 1
        return sorted[max(0, min(sorted.count - 1, rank))]
    }
}

/// A registered station on its own TCP session, sending one record at a time and timing each reply.
final class GoodStation {
    static let code = "good-1"
    let daemon: DaemonProcess
    private let client: LineClient
    private var nextSeq = 1
    /// Every seq answered `OK` or `DUP`.
    private(set) var acknowledged: [Int] = []

    init(_ daemon: DaemonProcess) throws {
        self.daemon = daemon
        self.client = try daemon.openSession(station: GoodStation.code, checkpoint: "gate-good")
        client.timeout = 30
        // Warm up: the first records pay for page-cache misses and the first statement preparations.
        _ = try phase(samples: 20)
    }

    /// Sends records one at a time until `samples` are acknowledged and, when given, `condition` holds (checked
    /// between records), sampling the daemon's RSS every tenth record. A reply other than `OK`/`DUP` for the
    /// record just sent is a failure.
    func phase(samples: Int = HostileBounds.samples, until condition: () -> Bool = { true }) throws -> PhaseFigures {
        var figures = PhaseFigures()
        let start = Deadline.now()
        let cpuAtStart = try daemon.cpuSeconds()
        while figures.latencies.count < samples || !condition() {
            let seq = nextSeq
            nextSeq += 1
            let (reply, seconds) = try measure { try client.request(passingTemp(seq: seq, person: 500_000 + seq)) }
            guard reply.hasPrefix("OK seq=\(seq) ") || reply.hasPrefix("DUP seq=\(seq) ") else {
                throw TestSupportError("the good station's seq \(seq) was answered \(reply.debugDescription)")
            }
            acknowledged.append(seq)
            figures.latencies.append(seconds * 1000)
            if figures.latencies.count % 10 == 1 {
                figures.peakResidentMiB = max(figures.peakResidentMiB, try daemon.residentMiB())
            }
        }
        figures.peakResidentMiB = max(figures.peakResidentMiB, try daemon.residentMiB())
        figures.seconds = Deadline.now() - start
        figures.daemonCPUSeconds = try daemon.cpuSeconds() - cpuAtStart
        return figures
    }

    /// The good station's acknowledged seqs that are not in the database.
    func lostRecords() throws -> [Int] {
        let stored = try daemon.storedSeqs()[GoodStation.code] ?? []
        return acknowledged.filter { !stored.contains($0) }
    }

    /// Measures a quiet phase, starts the attack (`start` spawns its threads on the given `Attack` and returns once
    /// it is under way), keeps sending while it ramps up until `ready` holds (those acks are reported as the ramp,
    /// not bound), measures during it until `engaged` holds and enough acks are timed, runs `whileRunning`, stops
    /// it, and checks what noise cannot explain: RSS, nothing acknowledged lost, the daemon still running. The
    /// latency bound is checked by `HostileAttempts` over the returned figures.
    func underAttack(
        _ name: String,
        ready: (Attack) -> Bool = { _ in true },
        engaged: (Attack) -> Bool = { _ in true },
        whileRunning check: (Attack) throws -> Void = { _ in },
        sourceLocation: SourceLocation = #_sourceLocation,
        during start: (Attack) throws -> Void
    ) throws -> HostileFigures {
        let quiet = try phase()
        let running = Attack()
        var figures: HostileFigures
        do {
            try start(running)
            let rampStart = Deadline.now()
            // Under ThreadSanitizer the daemon is many times slower: a million pipelined records took 42.6 s to fill
            // the buffers alone, more beside other tests. The bound is only a guard against an attack that never
            // starts; what is checked after it is the same.
            let rampLimit: Double = SanitizedRun.sanitizer == nil ? 60 : 240
            let ramp = try phase(samples: 0, until: { ready(running) || Deadline.now() - rampStart > rampLimit })
            guard ready(running) else {
                throw TestSupportError("the attack was not under way within \(Int(rampLimit)) s")
            }
            let during = try phase(until: { engaged(running) })
            figures = HostileFigures(name: name, quiet: quiet, ramp: ramp, during: during)
            try check(running)
        } catch {
            running.stop()
            throw error
        }
        running.stop()
        figures.attack = running
        print(figures.line)
        #expect(
            !SanitizedRun.measuresPerformance("hostile \(figures.name) RSS")
                || figures.during.peakResidentMiB < HostileBounds.residentMiB
                && figures.ramp.peakResidentMiB < HostileBounds.residentMiB,
            "RSS over the bound: \(figures.line)", sourceLocation: sourceLocation)
        #expect(daemon.exitStatus() == nil, "the daemon died: \(daemon.stderrText.suffix(2000))")
        let lost = try lostRecords()
        #expect(lost.isEmpty, "acknowledged and not stored: \(lost.prefix(20))", sourceLocation: sourceLocation)
        return figures
    }
}

/// The figures of one attack: the good station's quiet phase, the ramp (while the attack builds up; may be empty)
/// and the phase under attack.
struct HostileFigures {
    let name: String
    let quiet: PhaseFigures
    let ramp: PhaseFigures
    let during: PhaseFigures
    var attack = Attack()

    var allowedMilliseconds: Double {
        max(HostileBounds.latencyRatio * quiet.p99, quiet.p99 + HostileBounds.latencySlackMilliseconds)
    }

    var isWithinLatencyBound: Bool { during.p99 <= allowedMilliseconds }

    var line: String {
        var text = String(
            format: "hostile %@: quiet p99 %.2f ms, attack p99 %.2f ms (ratio %.2f, allowed %.2f ms), "
                + "RSS %.1f -> %.1f MiB, %d + %d acks in %.1f + %.1f s, daemon CPU %.0f%% -> %.0f%%",
            name, quiet.p99, during.p99, quiet.p99 > 0 ? during.p99 / quiet.p99 : 0, allowedMilliseconds,
            quiet.peakResidentMiB, max(ramp.peakResidentMiB, during.peakResidentMiB), quiet.latencies.count,
            during.latencies.count, quiet.seconds, during.seconds, quiet.daemonCPUPercent, during.daemonCPUPercent)
        if !ramp.latencies.isEmpty {
            text += String(format: "; ramp-up %.1f s, p99 %.2f ms", ramp.seconds, ramp.p99)
        }
        let summary = attack.summary()
        return summary.isEmpty ? text : text + "; " + summary
    }
}

/// The latency bound over attempts: each attempt is a whole scenario on a fresh daemon. The machine is shared (2
/// cores, other work), so one attempt may be unlucky; a daemon that really starves the good station fails every
/// attempt. Every attempt's figures are printed.
enum HostileAttempts {
    static let attempts = 3

    static func expectLatencyBounded(
        sourceLocation: SourceLocation = #_sourceLocation, _ scenario: () throws -> HostileFigures
    ) throws {
        var lines: [String] = []
        for attempt in 1...attempts {
            let figures = try scenario()
            lines.append(figures.line)
            if !SanitizedRun.measuresPerformance("hostile \(figures.name) p99") || figures.isWithinLatencyBound {
                return
            }
            print("hostile \(figures.name): attempt \(attempt) of \(attempts) over the latency bound")
        }
        Issue.record(
            "the good station's p99 was over its bound in every attempt:\n\(lines.joined(separator: "\n"))",
            sourceLocation: sourceLocation)
    }
}

/// An attack under way: its threads, a flag that tells them to stop, and a summary of what they did.
final class Attack: Sendable {
    let stopping = Locked(false)
    private let threads = Locked<[BackgroundThread]>([])
    private let onStop: Locked<[@Sendable () -> Void]> = Locked([])
    private let counters = Locked<[String: Int]>([:])

    var isStopping: Bool { stopping.current }

    /// Runs `body` on a thread of its own until it returns (it should poll `isStopping`). The thread runs at the
    /// lowest CPU priority (nice 19): a real attacker's CPU is on another host, not on the daemon's two cores, and
    /// the attacker's own parsing and copying must not be what delays the good station. What it sends still
    /// reaches the daemon at the attack's pace whenever a core is idle.
    func spawn(_ name: String, _ body: @escaping @Sendable () throws -> Void) {
        let thread = BackgroundThread("attack-\(name)") {
            // On Linux the nice value is per thread: 0 names the calling thread.
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            try body()
        }
        threads.withLock { $0.append(thread) }
    }

    /// Runs `action` when the attack stops, before its threads are joined (e.g. to unblock a blocked `send`).
    func whenStopping(_ action: @escaping @Sendable () -> Void) {
        onStop.withLock { $0.append(action) }
    }

    func count(_ name: String, by amount: Int = 1) {
        counters.withLock { $0[name, default: 0] += amount }
    }

    func counter(_ name: String) -> Int { counters.current[name] ?? 0 }

    /// Stops every thread and waits for them; an attack thread that threw is not a test failure by itself (the
    /// daemon closing an attacker is a defence), so its error is only counted.
    func stop() {
        stopping.withLock { $0 = true }
        for action in onStop.current { action() }
        for thread in threads.current {
            do {
                if try !thread.join(seconds: 60) { count("threads still running") }
            } catch {
                count("attacker threads ended by an error")
            }
        }
    }

    func summary() -> String {
        counters.current.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

extension DaemonProcess {
    /// The daemon's resident memory (`VmRSS`), in MiB.
    func residentMiB() throws -> Double {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "")
        else {
            throw TestSupportError("no VmRSS in /proc/\(pid)/status")
        }
        return kilobytes / 1024
    }

    /// User and system CPU time the daemon has used (fields 14 and 15 of `/proc/PID/stat`), in seconds.
    func cpuSeconds() throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The command name (field 2) may hold spaces; the fields after it follow its closing parenthesis.
        guard let close = stat.lastIndex(of: ")") else { throw TestSupportError("unreadable /proc/\(pid)/stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw TestSupportError("unreadable /proc/\(pid)/stat")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// Sleeps so that `done` units of `total` spread evenly over `seconds` since `start` (paced attackers).
func pace(done: Int, perSecond rate: Double, since start: Double) {
    let due = start + Double(done) / rate
    Deadline.sleep(due - Deadline.now())
}

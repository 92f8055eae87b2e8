import ArgumentParser
import CheckpointStore
import Glibc
import Synchronization

/// `soak` (issue 14): the release daemon for a long time at a steady rate, with stations connecting and leaving,
/// operators querying and the retention purge deleting; prints per-window ack latency, RSS drift after warm-up and
/// open descriptors at two quiet points, and fails when a bound does (`scripts/soak`, docs/reliability.md).
struct Soak: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hours of steady load with churn, queries and retention; RSS drift, descriptors, ack p99.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Seconds of load (after the start and the registration).") var seconds = 3600
    @Option(help: "Records per second, all stations together.") var rate = 2000
    @Option(help: "Stations (each ends a session every 15-120 s).") var stations = 24
    @Option(help: "Checkpoints the stations are spread over.") var checkpoints = 12
    @Option(help: "Distinct people in the records.") var people = 6000
    @Option(help: "Seconds per window of the table (default 300, or a sixth of --seconds when that is less).")
    var window: Int?
    /// Two windows: at 2,000 records/s the database passes the writer's 64 MiB page cache after about 6 minutes,
    /// and RSS grows with the cache until then, by design.
    @Option(help: "Seconds of warm-up excluded from the RSS drift (default: two windows).") var warmUp: Int?
    @Option(help: "Seconds between RSS and descriptor samples.") var sampleEvery = 10
    @Option(help: "Share of records stamped just inside the retention period (the purge deletes them minutes later).")
    var oldShare = 0.05
    @Option(help: "Control commands per second from the operators.") var operatorRate = 4.0
    @Option(help: "Largest RSS drift after warm-up, in percent.") var maxDriftPercent = 10.0
    @Option(help: "Seed of the stations' records and sessions.") var seed: UInt64 = 14

    func run() throws {
        raiseOpenFileLimit()
        // A closed station connection is an error to report (EPIPE), not a reason to die.
        signal(SIGPIPE, SIG_IGN)
        let windowSeconds = window ?? min(300, max(10, seconds / 6))
        let warmUpSeconds = warmUp ?? 2 * windowSeconds
        guard warmUpSeconds + 2 * windowSeconds <= seconds else {
            throw ValidationError("--seconds must cover the warm-up and two windows after it")
        }
        let retentionDays = 1
        let directory = try options.runDirectory("soak")
        defer { options.cleanUp(directory) }
        var context = try RunContext(directory: directory, probes: options.probes)
        let daemon = try DaemonUnderTest(
            binary: options.daemonBinary, directory: directory,
            arguments: ["--retention-days", "\(retentionDays)", "--max-connections", "\(stations + 64)"]
                + options.extraDaemonFlags)
        try daemon.start()
        defer { daemon.stop() }
        let credentials = try Registration.stations(
            controlPath: daemon.controlSocket, count: stations, checkpoints: checkpoints, prefix: "soak",
            addCheckpoints: true)
        let pid = daemon.pid
        let idleBefore = Descriptors(pid: pid)
        let windowNanoseconds = UInt64(windowSeconds) * 1_000_000_000
        let load = SoakStations(
            endpoint: daemon.stationEndpoint, stations: credentials,
            plan: SoakStations.Plan(
                rate: Double(rate), people: people, oldShare: oldShare,
                retentionMilliseconds: Int64(retentionDays) * 86_400_000, windowNanoseconds: windowNanoseconds,
                seed: seed))
        let wallStart = wallMilliseconds()
        let failure = Shared<String?>(nil)
        let loadThread = OSThread {
            do throws(BenchError) { try load.run() } catch { failure.update { $0 = error.description } }
        }
        let operators = SoakOperators(
            controlPath: daemon.controlSocket, people: people, checkpoints: checkpoints, perSecond: operatorRate,
            windowNanoseconds: windowNanoseconds, startedAt: load.startedAt)
        let operatorThread = OSThread { operators.run() }
        Log.info("soak: \(seconds) s at \(rate)/s from \(stations) stations; windows of \(windowSeconds) s")

        var samples: [SoakSample] = []
        var quietStart: Descriptors?
        var quietEnd: Descriptors?
        let start = load.startedAt
        var nextSample = start
        while true {
            let elapsed = monotonicNanoseconds() - start
            if let message = failure.value { throw BenchError("the stations failed: \(message)") }
            if quietStart == nil && elapsed >= UInt64(warmUpSeconds) * 1_000_000_000 {
                quietStart = quietPoint(pid: pid, load: load, operators: operators)
                Log.info("soak: warm-up over; quiet point: \(quietStart?.summary ?? "?")")
            }
            if elapsed >= UInt64(seconds) * 1_000_000_000 { break }
            if monotonicNanoseconds() >= nextSample {
                let now = monotonicNanoseconds()
                let fds = Descriptors(pid: pid)
                samples.append(SoakSample(
                    at: now - start, rss: Proc.status(pid: pid, field: "VmRSS"), descriptors: fds.total,
                    stations: load.connectedNow.load(ordering: .relaxed)))
                nextSample += UInt64(sampleEvery) * 1_000_000_000
                if samples.count % max(1, 60 / sampleEvery) == 0 {
                    Log.info("soak: \(elapsed / 1_000_000_000) s, rss=\(Format.mib(samples.last?.rss ?? 0)) fds=\(fds.total)")
                }
            }
            sleepSeconds(0.2)
        }
        quietEnd = quietPoint(pid: pid, load: load, operators: operators)
        load.stopRequested.store(true, ordering: .relaxed)
        operators.stopRequested.store(true, ordering: .relaxed)
        loadThread.join()
        operatorThread.join()
        if let message = failure.value { throw BenchError("the stations failed: \(message)") }
        let rssEnd = Proc.status(pid: pid, field: "VmRSS")
        daemon.stop()
        let stopWall = wallMilliseconds()

        // Recent records carry the receipt time (after wallStart); old ones a ts a day earlier. Old ones whose ts
        // was still inside retention when the daemon stopped must all be there; the others may have been purged.
        let keptBound = stopWall - Int64(retentionDays) * 86_400_000 + 1000
        let counts = try RawIngest.countRecords(path: daemon.databasePath, since: [wallStart - 60_000, keptBound])
        let storedRecent = Int(counts.since[0])
        let storedOld = Int(counts.total - counts.since[0])
        let oldMustRemain = load.ackedOldTimestamps.filter { $0 >= keptBound }.count
        let storedOldKept = Int(counts.since[1] - counts.since[0])
        let ackedOld = load.ackedOldTimestamps.count

        let report = SoakReport(
            windows: load.windows, operatorWindows: operators.windows, samples: samples,
            windowNanoseconds: windowNanoseconds, warmUpNanoseconds: UInt64(warmUpSeconds) * 1_000_000_000,
            seconds: seconds)
        let drift = report.rssDrift
        let driftOK = drift.map { $0 * 100 <= maxDriftPercent } ?? false
        // Safe because both quiet points ran above.
        let fdsOK = quietEnd!.total <= quietStart!.total
        let lostRecent = max(0, load.ackedRecent - storedRecent)
        let lostOld = max(0, oldMustRemain - storedOldKept)
        let errors = report.stationErrors + report.operatorErrors

        Log.figures(report.table())
        Log.figures("")
        Log.figures("- RSS drift after warm-up (\(warmUpSeconds) s; mean of the last window vs the first after warm-up): "
            + (drift.map { Format.fixed($0 * 100, 1) + " %" } ?? "n/a") + ", bound \(Format.fixed(maxDriftPercent, 0)) %: "
            + (driftOK ? "pass" : "FAIL") + "; RSS at the end of the load \(Format.mib(rssEnd))")
        Log.figures("- Open descriptors of the daemon with no client connected: \(idleBefore.summary) before the load, "
            // Safe because both quiet points ran above.
            + "\(quietStart!.summary) after warm-up, \(quietEnd!.summary) at the end: " + (fdsOK ? "pass" : "FAIL"))
        // Safe because both quiet points ran above.
        let changed = quietStart!.changes(to: quietEnd!)
        if !changed.isEmpty { Log.figures("- Descriptors (not sockets) at the end against after warm-up: \(changed)") }
        let sinceIdle = idleBefore.changes(to: quietStart!)
        if !sinceIdle.isEmpty { Log.figures("- Descriptors (not sockets) after warm-up against before the load: \(sinceIdle)") }
        Log.figures("- Records: \(load.ackedRecent + ackedOld) acknowledged (\(report.duplicates) of them DUP to a resend), "
            + "\(report.resent) resent after an abrupt close, \(load.unplaced) due while no station was connected (not sent); "
            + "stored at the end \(counts.total): \(storedRecent) of \(load.ackedRecent) live records (lost \(lostRecent)), "
            + "\(storedOld) of \(ackedOld) near the retention edge, of which \(storedOldKept) of the \(oldMustRemain) "
            + "still inside retention at the stop (lost \(lostOld))")
        Log.figures("- Retention purged \(ackedOld - storedOld) records during the run (old-ts records acknowledged minus those left)")
        Log.figures("- Sessions: \(report.sessions) HELLOs, \(report.quits) QUIT, \(report.abrupt) abrupt closes; "
            + "operators: \(report.operatorCommands) control commands (\(operators.acked) acks), "
            + "\(report.operatorErrors) failed; station errors \(report.stationErrors)")
        Log.figures("- Control latency per command: " + operators.byCommand.keys.sorted().map { name in
            let values = Percentiles(operators.byCommand[name] ?? [])
            return "\(name) p50=\(Format.ms(values.at(0.5))) p99=\(Format.ms(values.at(0.99))) n=\(values.count)"
        }.joined(separator: ", "))
        var line = FigureLine("soak")
        line.add("seconds", "\(seconds)")
        line.add("rate", "\(rate)/s")
        line.add("stations", "\(stations)")
        line.add("rss_drift_pct", drift.map { Format.fixed($0 * 100, 1) } ?? "n/a")
        line.add("fds_quiet", "\(quietStart!.total)->\(quietEnd!.total)")
        line.add("acked", "\(load.ackedRecent + ackedOld)")
        line.add("lost", "\(lostRecent + lostOld)")
        line.add("purged", "\(ackedOld - storedOld)")
        line.add("errors", "\(errors)")
        Log.figures(try context.finish(line))
        if let message = load.firstError { Log.info("first station error: \(message)") }
        if let message = operators.firstError { Log.info("first operator error: \(message)") }
        guard driftOK, fdsOK, lostRecent + lostOld == 0, errors == 0 else {
            throw BenchError("a soak bound failed (RSS drift, descriptors, lost records or errors: see above)")
        }
    }

    /// Every station says QUIT and stays away, the operators let go of their connection; two seconds later the
    /// daemon's descriptors are counted; then everyone comes back.
    private func quietPoint(pid: Int32, load: SoakStations, operators: SoakOperators) -> Descriptors {
        load.quietRequested.store(true, ordering: .relaxed)
        operators.quietRequested.store(true, ordering: .relaxed)
        while !(load.quiet.load(ordering: .relaxed) && operators.quiet.load(ordering: .relaxed)) { sleepSeconds(0.01) }
        sleepSeconds(2)
        let descriptors = Descriptors(pid: pid)
        load.quietRequested.store(false, ordering: .relaxed)
        operators.quietRequested.store(false, ordering: .relaxed)
        return descriptors
    }
}

/// The open descriptors of a process (`/proc/PID/fd`): sockets and the rest, with what each one is open on (a
/// file's path, `pipe:`, `anon_inode:[eventfd]`, ...), so a growth can be named and not only counted.
struct Descriptors {
    var total = 0
    var sockets = 0
    /// What the descriptors that are not sockets point at, with how many point at each.
    var others: [String: Int] = [:]

    init(pid: Int32) {
        guard let directory = opendir("/proc/\(pid)/fd") else { return }
        defer { closedir(directory) }
        var target = [CChar](repeating: 0, count: 4096)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard Int(name) != nil else { continue }
            total += 1
            let count = readlink("/proc/\(pid)/fd/\(name)", &target, target.count - 1)
            guard count > 0 else { continue }
            let path = String(decoding: target[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if path.hasPrefix("socket:") {
                sockets += 1
            } else {
                // Pipes differ only by their inode number: counted together.
                let kind = path.hasPrefix("pipe:") ? "pipe" : path
                others[kind, default: 0] += 1
            }
        }
    }

    var summary: String { "\(total) (\(sockets) sockets)" }

    /// What `later` holds beyond `self` among the descriptors that are not sockets ("+1 /path/x.db-wal"), and
    /// what it lacks; empty when they hold the same.
    func changes(to later: Descriptors) -> String {
        let kinds = Set(others.keys).union(later.others.keys).sorted()
        return kinds.compactMap { kind -> String? in
            let difference = (later.others[kind] ?? 0) - (others[kind] ?? 0)
            guard difference != 0 else { return nil }
            return (difference > 0 ? "+" : "") + "\(difference) \(kind)"
        }.joined(separator: ", ")
    }
}

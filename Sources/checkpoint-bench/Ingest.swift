import ArgumentParser
import CheckpointStore
import Glibc

/// `ingest`: the real daemon on a fresh state directory, M stations pipelining N records, every reply awaited;
/// then `sqlite-limit` in the same invocation at the daemon's own records per commit, and the ratio.
struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "N records over M pipelining station connections; durable acks; ratio to sqlite-limit.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Records to send in all.") var records = 1_000_000
    @Option(help: "Station connections (each a station of its own, seq 1, 2, ...).") var connections = 64
    @Flag(help: "Connect over the Unix station socket instead of TCP.") var unix = false
    @Flag(help: "Then run the same load over TLS (a tls: listener, a fresh daemon) and print tls_rate and tls_ratio.")
    var compareTLS = false
    @Flag(
        help: """
            Then the same load with the dashboard open and /metrics fetched every second, and once more without, to             fresh daemons: dashboard_rate and dashboard_ratio (issue 18).
            """)
    var compareDashboard = false
    @Flag(
        help: """
            Then the same load to a fresh daemon whose grids have a 150,000-resident roster with the outing rules on, \
            and once more without: roster_rate and roster_ratio (issue 19).
            """)
    var compareRoster = false
    @Option(help: "Unanswered lines a connection keeps in flight (the daemon's max_inflight is 1024).")
    var window = 1024
    @Option(help: "checkpointd durability: full (the default) or normal.") var durability = "full"
    @Option(help: "Seed of the record mix.") var seed: UInt64 = 42
    @Flag(help: "Skip the sqlite-limit run (no ratio).") var noLimit = false
    @Flag(help: "Also run the writer's whole path without the network (engine-limit), for the profile.")
    var engineLimit = false
    @Option(help: "Fail (exit 1) when the ratio to sqlite-limit is below this (the CI guard).")
    var failBelowRatio: Double?
    @Option(help: "Record a perf cpu-clock profile of the daemon during the load into this file.")
    var perfRecord: String?
    @Flag(help: "With --perf-record: record call graphs (dwarf) too.") var callGraph = false
    @Option(help: "Run the daemon under callgrind, counting only during the load; the profile goes to this file.")
    var callgrind: String?

    func run() throws {
        raiseOpenFileLimit()
        let directory = try options.runDirectory("ingest")
        defer { options.cleanUp(directory) }
        var context = try RunContext(directory: directory, probes: options.probes)
        let daemon = try DaemonUnderTest(
            binary: options.daemonBinary, directory: directory,
            arguments: ["--durability", durability, "--max-connections", "\(max(4096, connections + 64))"]
                + options.extraDaemonFlags,
            wrapper: callgrind.map(Callgrind.wrapper) ?? [])
        try daemon.start(timeoutSeconds: callgrind == nil ? 60 : 600)
        defer { daemon.stop(timeoutSeconds: callgrind == nil ? 60 : 600) }
        let checkpoints = min(200, max(1, (connections + 1) / 2))
        let stations = try Registration.stations(
            controlPath: daemon.controlSocket, count: connections, checkpoints: checkpoints, prefix: "st",
            addCheckpoints: true)
        var lines = RecordMix.stationLines(records: records, stations: connections, seed: seed)
        let load = try StationLoad(
            endpoint: unix ? .unix(path: daemon.stationSocket) : daemon.stationEndpoint, stations: stations,
            lines: lines, pacing: .window(window), sendToken: !unix)
        lines = []

        let pid = daemon.pid
        let countersBefore = try daemon.writerCounters()
        let ioBefore = Proc.io(pid: pid)
        let cpuBefore = Proc.cpuNanoseconds(pid: pid)
        let threadsBefore = Proc.threads(pid: pid)
        let clientCPUBefore = Proc.selfCPUNanoseconds()
        let syncs = callgrind == nil ? SyncCounter.start(watching: pid, directory: directory) : nil
        let profile = try perfRecord.map { try CPUProfile.start(watching: pid, output: $0, callGraph: callGraph) }
        if callgrind != nil { try Callgrind.collect(true, pid: pid) }
        try load.run()
        if callgrind != nil { try Callgrind.collect(false, pid: pid) }
        profile?.stop()
        let syncCounts = syncs?.stop()
        let clientCPU = Proc.selfCPUNanoseconds() - clientCPUBefore
        let cpu = Proc.cpuNanoseconds(pid: pid) - cpuBefore
        let threads = Proc.threadDelta(threadsBefore, Proc.threads(pid: pid))
        let ioAfter = Proc.io(pid: pid)
        let countersAfter = try daemon.writerCounters()
        let rss = daemon.rssBytes
        daemon.stop(timeoutSeconds: callgrind == nil ? 60 : 600)

        let elapsed = load.finishedAt - load.startedAt
        let rate = Format.rate(records, nanoseconds: elapsed)
        let latencies = Percentiles(load.latencies)
        var line = FigureLine("ingest")
        line.add("records", "\(records)")
        line.add("connections", "\(connections)")
        line.add("transport", unix ? "unix" : "tcp")
        line.add("window", "\(window)")
        line.add("durability", durability)
        line.add("rate", "\(Int(rate))/s")
        line.add(Format.latencies("ack", latencies))
        line.add("errors", "\(load.errors)")
        line.add("bytes_written_per_record", "\((ioAfter.writeBytes - ioBefore.writeBytes) / UInt64(max(records, 1)))")
        line.add("wchar_per_record", "\((ioAfter.writtenChars - ioBefore.writtenChars) / UInt64(max(records, 1)))")
        line.add("daemon_cpu_us_per_record", Format.fixed(Double(cpu) / 1000 / Double(max(records, 1)), 2))
        line.add("client_cpu_us_per_record", Format.fixed(Double(clientCPU) / 1000 / Double(max(records, 1)), 2))
        line.add("daemon_rss", Format.mib(rss))
        line.add("elapsed", Format.ms(elapsed))
        line.add("daemon_threads_cpu/runqueue_wait", threads)

        var recordsPerCommit: Double?
        if let before = countersBefore, let after = countersAfter, after.commits > before.commits {
            recordsPerCommit = Double(after.records - before.records) / Double(after.commits - before.commits)
            line.add("commits", "\(after.commits - before.commits)")
            line.add("records_per_commit", Format.fixed(recordsPerCommit ?? 0, 1))
        } else if let syncCounts, syncCounts.estimatedCommits > 0 {
            // No commit counter in `health`: estimated from the WAL and database syncs.
            recordsPerCommit = Double(records) / Double(syncCounts.estimatedCommits)
            line.add("records_per_commit", Format.fixed(recordsPerCommit ?? 0, 1) + "(estimated_from_syncs)")
        } else {
            line.add("records_per_commit", "unknown")
        }
        if let syncCounts {
            line.add("wal_syncs", "\(syncCounts.wal)")
            line.add("db_syncs", "\(syncCounts.database)")
        }
        line.add("db_bytes_per_record", "\(Proc.fileSize(daemon.databasePath) / UInt64(max(records, 1)))")
        if load.errors > 0, let first = load.firstError { Log.info("first error reply: \(first)") }

        var ratio: Double?
        if !noLimit {
            let batch = max(1, Int((recordsPerCommit ?? 1000).rounded()))
            let limit = try LimitRun.measure(
                directory: directory, records: records, stations: connections, batch: batch, seed: seed,
                fullDurability: durability != "normal")
            ratio = rate / limit.rate
            line.add("limit_batch", "\(batch)")
            line.add("limit_rate", "\(Int(limit.rate))/s")
            line.add("limit_bytes_written_per_record", "\(limit.writeBytes / UInt64(max(records, 1)))")
            line.add("limit_wchar_per_record", "\(limit.writtenChars / UInt64(max(records, 1)))")
            line.add("limit_cpu_us_per_record", Format.fixed(Double(limit.cpuNanoseconds) / 1000 / Double(records), 2))
            line.add("limit_elapsed", Format.ms(limit.nanoseconds))
            line.add("limit_runqueue_wait", Format.ms(limit.runQueueWait))
            line.add("ratio", Format.fixed(ratio ?? 0, 3))
            if engineLimit {
                let engine = try LimitRun.measure(
                    directory: directory, records: records, stations: connections, batch: batch, seed: seed,
                    fullDurability: durability != "normal", engine: true)
                line.add("engine_rate", "\(Int(engine.rate))/s")
                line.add("engine_cpu_us_per_record", Format.fixed(Double(engine.cpuNanoseconds) / 1000 / Double(records), 2))
            }
        }
        if compareTLS && !unix {
            let tls = try IngestOverTLS.measure(
                options: options, directory: directory + "/tls", records: records, connections: connections,
                window: window, durability: durability, seed: seed)
            line.add("tls_rate", "\(Int(tls.rate))/s")
            line.add(Format.latencies("tls_ack", tls.latencies))
            line.add("tls_errors", "\(tls.errors)")
            line.add("tls_daemon_cpu_us_per_record", Format.fixed(tls.daemonCPUMicroseconds, 2))
            line.add("tls_client_cpu_us_per_record", Format.fixed(tls.clientCPUMicroseconds, 2))
            line.add("tls_ratio", Format.fixed(tls.rate / rate, 3))
        }
        if compareDashboard {
            let watched = try IngestWithDashboard.measure(
                options: options, directory: directory + "/dashboard", records: records, connections: connections,
                window: window, durability: durability, seed: seed, watched: true)
            let again = try IngestWithDashboard.measure(
                options: options, directory: directory + "/again", records: records, connections: connections,
                window: window, durability: durability, seed: seed, watched: false)
            line.add("dashboard_rate", "\(Int(watched.rate))/s")
            line.add(Format.latencies("dashboard_ack", watched.latencies))
            line.add("dashboard_errors", "\(watched.errors)")
            line.add("dashboard_events", "\(watched.events)")
            line.add("scrapes", "\(watched.scrapes)")
            line.add("scrape_bytes", "\(watched.scrapeBytes / max(watched.scrapes, 1))")
            line.add("dashboard_daemon_cpu_us_per_record", Format.fixed(watched.daemonCPUMicroseconds, 2))
            line.add("plain_again_rate", "\(Int(again.rate))/s")
            line.add("plain_again_daemon_cpu_us_per_record", Format.fixed(again.daemonCPUMicroseconds, 2))
            line.add("dashboard_ratio", Format.fixed(watched.rate / ((rate + again.rate) / 2), 3))
        }
        if compareRoster {
            let rostered = try IngestWithRoster.measure(
                options: options, directory: directory + "/roster", records: records, connections: connections,
                window: window, durability: durability, seed: seed, roster: true)
            let again = try IngestWithRoster.measure(
                options: options, directory: directory + "/plain", records: records, connections: connections,
                window: window, durability: durability, seed: seed, roster: false)
            line.add("roster_import_s", Format.fixed(rostered.importSeconds, 1))
            line.add("roster_rate", "\(Int(rostered.rate))/s")
            line.add(Format.latencies("roster_ack", rostered.latencies))
            line.add("roster_errors", "\(rostered.errors)")
            line.add("roster_daemon_cpu_us_per_record", Format.fixed(rostered.daemonCPUMicroseconds, 2))
            line.add("plain_again_rate", "\(Int(again.rate))/s")
            line.add("plain_again_daemon_cpu_us_per_record", Format.fixed(again.daemonCPUMicroseconds, 2))
            line.add("roster_ratio", Format.fixed(rostered.rate / ((rate + again.rate) / 2), 3))
        }
        Log.figures(try context.finish(line))
        if load.errors > 0 { throw BenchError("\(load.errors) records were answered ERR") }
        if let failBelowRatio, let ratio, ratio < failBelowRatio {
            Log.info("REGRESSION: ingest reached \(Format.fixed(ratio, 3)) of sqlite-limit, below \(failBelowRatio)")
            throw ExitCode(1)
        }
    }
}

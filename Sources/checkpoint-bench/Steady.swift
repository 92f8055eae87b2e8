import ArgumentParser
import Glibc

/// `steady`: a fixed total rate from many stations (open loop: each line is sent when due, whatever the
/// replies), and the ack latency percentiles.
struct Steady: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A fixed total rate from many stations; ack latency.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Stations, one connection each.") var stations = 400
    @Option(help: "Records per second, all stations together.") var rate = 2000
    @Option(help: "Seconds to run.") var seconds = 30
    @Flag(help: "Connect over the Unix station socket instead of TCP.") var unix = false
    @Option(help: "checkpointd durability: full (the default) or normal.") var durability = "full"
    @Option(help: "Seed of the record mix.") var seed: UInt64 = 7

    func run() throws {
        raiseOpenFileLimit()
        let directory = try options.runDirectory("steady")
        defer { options.cleanUp(directory) }
        var context = try RunContext(directory: directory, probes: options.probes)
        let daemon = try DaemonUnderTest(
            binary: options.daemonBinary, directory: directory,
            arguments: ["--durability", durability, "--max-connections", "\(max(4096, stations + 64))"]
                + options.extraDaemonFlags)
        try daemon.start()
        defer { daemon.stop() }
        let credentials = try Registration.stations(
            controlPath: daemon.controlSocket, count: stations, checkpoints: min(200, max(1, (stations + 1) / 2)),
            prefix: "st", addCheckpoints: true)
        let total = rate * seconds
        var mix = RecordMix(seed: seed)
        var lines = [[String]](repeating: [], count: stations)
        for index in 0..<total {
            let station = index % stations
            lines[station].append(RecordMix.line(mix.next(), seq: Int64(lines[station].count + 1)))
        }
        let load = try StationLoad(
            endpoint: unix ? .unix(path: daemon.stationSocket) : daemon.stationEndpoint, stations: credentials,
            lines: lines, pacing: .rate(perSecond: Double(rate)), sendToken: !unix)
        let pid = daemon.pid
        let before = try daemon.writerCounters()
        let cpuBefore = Proc.cpuNanoseconds(pid: pid)
        let syncs = SyncCounter.start(watching: pid, directory: directory)
        try load.run(timeoutSeconds: Double(seconds) * 3 + 60)
        let syncCounts = syncs?.stop()
        let cpu = Proc.cpuNanoseconds(pid: pid) - cpuBefore
        let after = try daemon.writerCounters()

        let latencies = Percentiles(load.latencies)
        var line = FigureLine("steady")
        line.add("stations", "\(stations)")
        line.add("target_rate", "\(rate)/s")
        line.add("seconds", "\(seconds)")
        line.add("transport", unix ? "unix" : "tcp")
        line.add("durability", durability)
        line.add("achieved_rate", "\(Int(Format.rate(total, nanoseconds: load.finishedAt - load.startedAt)))/s")
        line.add(Format.latencies("ack", latencies))
        line.add("errors", "\(load.errors)")
        line.add("client_late_max", Format.ms(load.maxLateness))
        line.add("daemon_cpu_pct", Format.fixed(Double(cpu) / Double(load.finishedAt - load.startedAt) * 100, 1))
        if let before, let after, after.commits > before.commits {
            line.add("records_per_commit",
                     Format.fixed(Double(after.records - before.records) / Double(after.commits - before.commits), 1))
        } else if let syncCounts, syncCounts.estimatedCommits > 0 {
            line.add("records_per_commit",
                     Format.fixed(Double(total) / Double(syncCounts.estimatedCommits), 1) + "(estimated_from_syncs)")
        }
        if let syncCounts {
            line.add("wal_syncs", "\(syncCounts.wal)")
            line.add("db_syncs", "\(syncCounts.database)")
        }
        Log.figures(try context.finish(line))
        if load.errors > 0 { throw BenchError("\(load.errors) records were answered ERR: \(load.firstError ?? "")") }
    }
}

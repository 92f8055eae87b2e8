import ArgumentParser
import CheckpointWire
import Glibc

/// `idle`: K authenticated station connections that send nothing; the daemon's resident memory idle, with K
/// stations registered, and with the K connections open.
struct Idle: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "K idle authenticated connections; daemon RSS.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Idle station connections (each a registered station).") var connections = 10_000
    @Flag(help: "Connect over the Unix station socket instead of TCP.") var unix = false
    @Option(help: "Seconds to hold the connections before reading RSS.") var settle = 5.0
    @Option(help: "Then every station sends this many records pipelined and goes quiet again (0: no burst).")
    var burst = 0

    func run() throws {
        let limit = raiseOpenFileLimit()
        guard limit > connections + 64 else {
            throw BenchError("the open-file limit is \(limit); \(connections) connections need more (ulimit -n)")
        }
        let directory = try options.runDirectory("idle")
        defer { options.cleanUp(directory) }
        var context = try RunContext(directory: directory, probes: options.probes)
        let daemon = try DaemonUnderTest(
            binary: options.daemonBinary, directory: directory,
            arguments: ["--max-connections", "\(connections + 64)"] + options.extraDaemonFlags)
        try daemon.start()
        defer { daemon.stop() }
        sleepSeconds(1)
        let idleRSS = daemon.rssBytes
        let credentials = try Registration.stations(
            controlPath: daemon.controlSocket, count: connections, checkpoints: min(200, max(1, connections / 2)),
            prefix: "st", addCheckpoints: true, parallel: 32)
        sleepSeconds(1)
        let registeredRSS = daemon.rssBytes
        // Connected and quiet; with --burst the same connections later send `burst` records each.
        var mix = RecordMix(seed: 11)
        let lines = (0..<connections).map { _ in (0..<burst).map { RecordMix.line(mix.next(), seq: Int64($0 + 1)) } }
        let started = monotonicNanoseconds()
        let held = try StationLoad(
            endpoint: unix ? .unix(path: daemon.stationSocket) : daemon.stationEndpoint, stations: credentials,
            lines: lines, pacing: .window(max(1, burst)), sendToken: !unix)
        let connectTime = monotonicNanoseconds() - started
        sleepSeconds(settle)
        let connectedRSS = daemon.rssBytes
        let peak = Proc.status(pid: daemon.pid, field: "VmHWM")
        let health = try daemon.control().call("health")
        let open = health["connections"]?.intValue ?? -1
        // Stations that uploaded a backlog (a spool after an outage) and are quiet again.
        var burstFigures: [(String, String)] = []
        if burst > 0 {
            try held.run()
            sleepSeconds(settle)
            let afterBurst = daemon.rssBytes
            burstFigures = [
                ("burst", "\(burst)"), ("burst_errors", "\(held.errors)"), ("rss_after_burst", Format.mib(afterBurst)),
                ("bytes_per_connection_after_burst", "\((afterBurst &- registeredRSS) / UInt64(max(connections, 1)))"),
            ]
        }
        withExtendedLifetime(held) {}

        var line = FigureLine("idle")
        line.add("connections", "\(connections)")
        line.add("transport", unix ? "unix" : "tcp")
        line.add("rss_idle", Format.mib(idleRSS))
        line.add("rss_registered", Format.mib(registeredRSS))
        line.add("rss_connected", Format.mib(connectedRSS))
        line.add("rss_peak", Format.mib(peak))
        line.add("bytes_per_connection", "\((connectedRSS &- registeredRSS) / UInt64(max(connections, 1)))")
        line.add("daemon_reports_connections", "\(open)")
        line.add("connect_and_hello", Format.ms(connectTime))
        for (key, value) in burstFigures { line.add(key, value) }
        Log.figures(try context.finish(line))
    }
}

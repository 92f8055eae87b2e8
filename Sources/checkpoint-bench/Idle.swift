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
        let started = monotonicNanoseconds()
        let held = try StationLoad(
            endpoint: unix ? .unix(path: daemon.stationSocket) : daemon.stationEndpoint, stations: credentials,
            lines: [[String]](repeating: [], count: connections), pacing: .window(1), sendToken: !unix)
        let connectTime = monotonicNanoseconds() - started
        sleepSeconds(settle)
        let connectedRSS = daemon.rssBytes
        let peak = Proc.status(pid: daemon.pid, field: "VmHWM")
        let health = try daemon.control().call("health")
        let open = health["connections"]?.intValue ?? -1
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
        Log.figures(try context.finish(line))
    }
}

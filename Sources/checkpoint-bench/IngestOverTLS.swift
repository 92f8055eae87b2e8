import Glibc

/// `ingest --compare-tls`: the same records over the same number of connections to a fresh daemon listening on a
/// `tls:` address (certificates made by CheckpointTLS), after the plain run in the same invocation, so the two
/// rates share the machine's state of the moment.
enum IngestOverTLS {
    struct Result {
        var rate: Double
        var latencies: Percentiles
        var errors: Int
        var daemonCPUMicroseconds: Double
        var clientCPUMicroseconds: Double
    }

    static func measure(
        options: BenchOptions, directory: String, records: Int, connections: Int, window: Int, durability: String,
        seed: UInt64
    ) throws -> Result {
        try Files.makeDirectory(directory)
        let tls = try BenchTLS.make(in: directory + "/certificates")
        let port = try Sockets.freePort()
        let daemon = try DaemonUnderTest(
            binary: options.daemonBinary, directory: directory,
            arguments: [
                "--durability", durability, "--max-connections", "\(max(4096, connections + 64))",
                "--listen", "tls:127.0.0.1:\(port)", "--tls-cert", tls.certificatePath, "--tls-key", tls.keyPath,
            ] + options.extraDaemonFlags)
        try daemon.start(timeoutSeconds: 60)
        defer { daemon.stop(timeoutSeconds: 60) }
        let stations = try Registration.stations(
            controlPath: daemon.controlSocket, count: connections, checkpoints: min(200, max(1, (connections + 1) / 2)),
            prefix: "st", addCheckpoints: true)
        var lines = RecordMix.stationLines(records: records, stations: connections, seed: seed)
        let load = try StationLoad(
            endpoint: .tcp(port: port), stations: stations, lines: lines, pacing: .window(window), sendToken: true,
            tls: tls)
        lines = []
        let pid = daemon.pid
        let cpuBefore = Proc.cpuNanoseconds(pid: pid)
        let clientBefore = Proc.selfCPUNanoseconds()
        try load.run()
        let cpu = Proc.cpuNanoseconds(pid: pid) - cpuBefore
        let client = Proc.selfCPUNanoseconds() - clientBefore
        if load.errors > 0, let first = load.firstError { Log.info("first TLS error reply: \(first)") }
        return Result(
            rate: Format.rate(records, nanoseconds: load.finishedAt - load.startedAt),
            latencies: Percentiles(load.latencies), errors: load.errors,
            daemonCPUMicroseconds: Double(cpu) / 1000 / Double(max(records, 1)),
            clientCPUMicroseconds: Double(client) / 1000 / Double(max(records, 1)))
    }
}

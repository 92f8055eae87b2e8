import CheckpointWire

/// `ingest --compare-roster` (issue 19): the same records to a fresh daemon whose grids have a resident roster
/// (`rosterSize` of the mix's people, a third of them `home` residents in households of three) with `outing_quota`
/// and `outing_max` on, so every record is matched against the roster, compound-gate records of people not on their
/// grid's roster are visitors, and each `ENTRY` or `EXIT` of a `home` resident reads the household's outings; then
/// once more to a fresh daemon without a roster. The ratio is the roster run's rate over the mean of the runs
/// without (the main run and the last one).
enum IngestWithRoster {
    struct Result {
        var rate: Double
        var latencies: Percentiles
        var errors: Int
        var daemonCPUMicroseconds: Double
        var importSeconds: Double
    }

    /// Residents on the roster: the mix's first people (of 500,000), under the 200,000 lines one import may stage.
    static let rosterSize = 150_000

    static func measure(
        options: BenchOptions, directory: String, records: Int, connections: Int, window: Int, durability: String,
        seed: UInt64, roster: Bool
    ) throws -> Result {
        try Files.makeDirectory(directory)
        let rules = roster ? ["--outing-quota", "1/2d", "--outing-max", "4h"] : []
        let daemon = try DaemonUnderTest(
            binary: options.daemonBinary, directory: directory,
            arguments: ["--durability", durability, "--max-connections", "\(max(4096, connections + 64))"] + rules
                + options.extraDaemonFlags)
        try daemon.start(timeoutSeconds: 60)
        defer { daemon.stop(timeoutSeconds: 60) }
        let checkpoints = min(200, max(1, (connections + 1) / 2))
        let stations = try Registration.stations(
            controlPath: daemon.controlSocket, count: connections, checkpoints: checkpoints, prefix: "st",
            addCheckpoints: true)
        var importSeconds = 0.0
        if roster {
            let started = monotonicNanoseconds()
            try importRoster(controlPath: daemon.controlSocket, grids: (checkpoints + 9) / 10)
            importSeconds = Double(monotonicNanoseconds() - started) / 1e9
        }
        var lines = RecordMix.stationLines(records: records, stations: connections, seed: seed)
        let load = try StationLoad(
            endpoint: daemon.stationEndpoint, stations: stations, lines: lines, pacing: .window(window),
            sendToken: true)
        lines = []
        let pid = daemon.pid
        let cpuBefore = Proc.cpuNanoseconds(pid: pid)
        try load.run()
        let cpu = Proc.cpuNanoseconds(pid: pid) - cpuBefore
        return Result(
            rate: Format.rate(records, nanoseconds: load.finishedAt - load.startedAt),
            latencies: Percentiles(load.latencies), errors: load.errors,
            daemonCPUMicroseconds: Double(cpu) / 1000 / Double(max(records, 1)), importSeconds: importSeconds)
    }

    /// Imports the roster over one control connection, in requests under the 64 KiB line limit: person `index`
    /// lives in grid `index % grids` (as `Registration` names them, ten checkpoints a grid), in household
    /// `index / 3`, category home, work and new in turn.
    static func importRoster(controlPath: String, grids: Int) throws {
        let control = try ControlConnection(path: controlPath)
        let categories = ["home", "work", "new"]
        let perRequest = 300
        var index = 0
        while index < rosterSize {
            let end = min(rosterSize, index + perRequest)
            let rows: [JSONValue] = (index..<end).map { person in
                .object([
                    "line": .string(String(person + 2)), "phone": .string(String(People.key(person))),
                    "name": .string("居民\(person)"), "grid": .string("grid-" + Registration.padded(person % grids + 1, 2)),
                    "home": .string("\(person / 3)号"), "category": .string(categories[person % 3]),
                ])
            }
            let result = try control.call(
                "person.import", ["rows": .array(rows), "final": .bool(end == rosterSize)])
            if end == rosterSize, result["imported"]?.intValue != Int64(rosterSize) {
                throw BenchError("the roster import stored \(result["imported"] ?? .null) lines")
            }
            index = end
        }
    }
}

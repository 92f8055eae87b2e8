import ArgumentParser
import CheckpointStore
import CheckpointWire
import Glibc
import Synchronization

/// Options naming the big database of `query` and `start`.
struct DatasetOptions: ParsableArguments {
    @Option(help: "Use this database (copied first) instead of the generated one.") var db: String?
    @Option(help: "Records in the generated database.") var datasetRecords = 10_000_000
    @Option(help: "People in the generated database.") var datasetPeople = 500_000
    @Option(help: "Checkpoints in the generated database (two stations each).") var datasetCheckpoints = 200
    @Option(help: "Days the generated database spans.") var datasetDays = 30

    var plan: DatasetPlan {
        DatasetPlan(records: datasetRecords, people: datasetPeople, checkpoints: datasetCheckpoints, days: datasetDays)
    }

    /// The database to copy: `--db`, or the cached generated one (generated now if missing).
    func source(workDirectory: String) throws -> String {
        if let db { return db }
        return try DatasetCache.ensure(workDirectory: workDirectory, plan: plan) { Log.info($0) }
    }
}

extension DaemonUnderTest {
    /// A daemon (not started yet) on a copy of the database `source`, in `directory`'s `state/`.
    static func onCopy(of source: String, in directory: String, options: BenchOptions) throws -> DaemonUnderTest {
        let daemon = try DaemonUnderTest(
            binary: options.daemonBinary, directory: directory, arguments: options.extraDaemonFlags)
        try Files.copy(source, daemon.databasePath)
        return daemon
    }
}

/// `query`: `trace`, `stats` and `records` on the big database, idle and while an ingest runs.
struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "trace, stats and records latency on the 10M-record database, idle and during ingest.")

    @OptionGroup var options: BenchOptions
    @OptionGroup var dataset: DatasetOptions
    @Option(help: "Requests of trace and records per phase (half as many stats); with 600, p99 is among the 7 worst.")
    var samples = 600
    @Option(help: "Station connections of the ingest that runs during the second phase.") var connections = 64
    @Option(help: "Records the ingest has ready to send (it is stopped when the queries are done).")
    var ingestRecords = 2_000_000

    func run() throws {
        raiseOpenFileLimit()
        let source = try dataset.source(workDirectory: options.workDir)
        let recordsInDatabase = try RawIngest.inspect(path: source, objects: false).records
        let directory = try options.runDirectory("query")
        defer { options.cleanUp(directory) }
        var context = try RunContext(directory: directory, probes: options.probes)
        let daemon = try DaemonUnderTest.onCopy(of: source, in: directory, options: options)
        try daemon.start(timeoutSeconds: 300)
        defer { daemon.stop() }
        let stations = try Registration.stations(
            controlPath: daemon.controlSocket, count: connections, checkpoints: dataset.datasetCheckpoints,
            prefix: "bench", addCheckpoints: false)
        let control = try daemon.control()
        var random = SplitMix64(seed: 99)
        let idle = try QuerySamples.measure(control, samples: samples, plan: dataset.plan, random: &random)

        var mix = RecordMix(seed: 5)
        var lines = [[String]](repeating: [], count: connections)
        for index in 0..<ingestRecords {
            let station = index % connections
            lines[station].append(RecordMix.line(mix.next(), seq: Int64(lines[station].count + 1)))
        }
        let load = try StationLoad(
            endpoint: daemon.stationEndpoint, stations: stations, lines: lines, pacing: .window(1024), sendToken: true)
        lines = []
        let failure = Shared<String?>(nil)
        let ended = Atomic<Bool>(false)
        let thread = OSThread {
            do throws(BenchError) { try load.run() } catch { failure.update { $0 = error.description } }
            ended.store(true, ordering: .relaxed)
        }
        let warmUp = min(20_000, ingestRecords / 10)
        while load.progress.load(ordering: .relaxed) < warmUp && !ended.load(ordering: .relaxed) { sleepSeconds(0.05) }
        // What one small fdatasync costs while the ingest runs: the floor of a durable audit row (trace).
        let busyFlush = Shared(FlushProbe())
        let probing = Atomic<Bool>(true)
        let flushThread = OSThread {
            var probe = FlushProbe()
            try? probe.run(directory: directory, count: .max, pause: 0.02) { probing.load(ordering: .relaxed) }
            busyFlush.update { $0 = probe }
        }
        let busyStart = monotonicNanoseconds()
        let progressAtStart = load.progress.load(ordering: .relaxed)
        let busy = try QuerySamples.measure(control, samples: samples, plan: dataset.plan, random: &random)
        let busyElapsed = monotonicNanoseconds() - busyStart
        let ingested = load.progress.load(ordering: .relaxed) - progressAtStart
        probing.store(false, ordering: .relaxed)
        flushThread.join()
        let endedEarly = ended.load(ordering: .relaxed)
        load.stopRequested.store(true, ordering: .relaxed)
        thread.join()
        if let message = failure.value { throw BenchError("the ingest during queries failed: \(message)") }
        if endedEarly {
            throw BenchError("the ingest ended before the queries did ('busy' was partly idle); raise --ingest-records")
        }

        var line = FigureLine("query")
        line.add("records_in_db", "\(recordsInDatabase)")
        line.add("samples", "\(samples)")
        line.add(idle.figures(prefix: "idle"))
        line.add(busy.figures(prefix: "busy"))
        line.add("busy_ingest_rate", "\(Int(Format.rate(ingested, nanoseconds: busyElapsed)))/s")
        line.add("busy_ingest_errors", "\(load.errors)")
        let flushes = Percentiles(busyFlush.value.samples)
        line.add("busy_flush_p50", Format.ms(flushes.at(0.5)))
        line.add("busy_flush_p99", Format.ms(flushes.at(0.99)))
        line.add("busy_flush_n", "\(flushes.count)")
        line.add("trace_items_avg", Format.fixed(Double(idle.traceItems) / Double(max(samples, 1)), 1))
        Log.figures(try context.finish(line))
    }
}

/// Timed control requests: each is one request line and one reply line on an open control connection.
struct QuerySamples {
    var trace: [UInt64] = []
    var stats: [UInt64] = []
    var records: [UInt64] = []
    var traceItems = 0

    static func measure(
        _ control: ControlConnection, samples: Int, plan: DatasetPlan, random: inout SplitMix64
    ) throws -> QuerySamples {
        var result = QuerySamples()
        for index in 0..<samples {
            let person = People.key(random.below(plan.people))
            let traceLine = "{\"cmd\":\"trace\",\"person\":\"\(person)\",\"reason\":\"bench\"}"
            var started = monotonicNanoseconds()
            let traced = try control.exchange(traceLine)
            result.trace.append(monotonicNanoseconds() - started)
            if case .success(let object)? = try? ControlReply.parse(traced) {
                result.traceItems += object["items"]?.arrayValue?.count ?? 0
            } else {
                throw BenchError("trace failed: \(traced.prefix(300))")
            }

            let checkpoint = Registration.checkpointCode(random.below(plan.checkpoints))
            started = monotonicNanoseconds()
            let listed = try control.exchange("{\"cmd\":\"records\",\"checkpoint\":\"\(checkpoint)\",\"limit\":100}")
            result.records.append(monotonicNanoseconds() - started)
            guard listed.hasPrefix("{\"ok\":true") else { throw BenchError("records failed: \(listed.prefix(300))") }

            if index % 2 == 0 {
                started = monotonicNanoseconds()
                let counted = try control.exchange("{\"cmd\":\"stats\"}")
                result.stats.append(monotonicNanoseconds() - started)
                guard counted.hasPrefix("{\"ok\":true") else { throw BenchError("stats failed: \(counted.prefix(300))") }
            }
        }
        return result
    }

    func figures(prefix: String) -> String {
        [
            Format.latencies(prefix + "_trace", Percentiles(trace), p90: true, p999: false),
            Format.latencies(prefix + "_stats", Percentiles(stats), p90: true, p999: false),
            Format.latencies(prefix + "_records", Percentiles(records), p90: true, p999: false),
        ].joined(separator: " ")
    }
}

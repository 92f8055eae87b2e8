import ArgumentParser
import CheckpointCore
import CheckpointStore
import CheckpointWire
import Glibc
import NIOCore

/// `cpu-path`: the daemon's per-record CPU path stage by stage, in this process, with the daemon's own code:
/// parse (`StationRequestParser.parse` on a `ByteBufferView`, as `StationSession` calls it), validate
/// (`resolvedTime`, building the `IncomingRecord`), rules (`VerdictRules.evaluate`), store (the writer's
/// `runBatch`, and the raw statements alone for comparison), reply (`StationReply.render` into a
/// `ByteBuffer`). Each stage is a function of its own, so `valgrind --tool=callgrind` gives its inclusive
/// instructions (divide by `--records`); natively it prints nanoseconds per record per stage.
/// Not measured here: NIO's socket reads and writes, framing, and the hops between the event loops and the
/// writer thread (see the `perf` profile of `ingest --perf-record`).
struct CPUPath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cpu-path", abstract: "The per-record CPU path stage by stage (for callgrind).")

    @Option(help: "Records through each stage.") var records = 50_000
    @Option(help: "Records per commit in the store stages.") var batch = 25_000
    @Option(help: "Scratch directory.") var workDir = "/var/tmp/checkpoint-bench"
    @Option(help: "Seed of the record mix.") var seed: UInt64 = 42

    func run() throws {
        let directory = workDir + "/cpu-path-\(getpid())"
        Files.remove(directory)
        try Files.makeDirectory(directory)
        defer { Files.remove(directory) }
        var mix = RecordMix(seed: seed)
        let allocator = ByteBufferAllocator()
        // Record k comes from station k % 64, which numbers its records 1, 2, 3, ... (no gaps).
        let buffers = (0..<records).map { index in
            allocator.buffer(string: RecordMix.line(mix.next(), seq: Int64(index / CPUPath.stations + 1)))
        }
        var line = FigureLine("cpu-path")
        line.add("records", "\(records)")
        var started = monotonicNanoseconds()
        let requests = try CPUPathStages.parse(buffers)
        line.add("parse_ns", perRecord(started))
        let arrays = buffers.map { Array($0.readableBytesView) }
        started = monotonicNanoseconds()
        _ = try CPUPathStages.parseArrays(arrays)
        line.add("parse_from_array_ns", perRecord(started))

        let store = try RawIngest(path: directory + "/engine.db")
        let stations = try store.addStations(count: CPUPath.stations, checkpoints: CPUPath.stations / 2)
        started = monotonicNanoseconds()
        let incoming = try CPUPathStages.validate(requests, stations: stations)
        line.add("validate_ns", perRecord(started))

        started = monotonicNanoseconds()
        let verdicts = CPUPathStages.rules(incoming)
        line.add("rules_ns", perRecord(started))

        started = monotonicNanoseconds()
        try CPUPathStages.storeThroughWriter(store, incoming, batch: batch)
        line.add("store_writer_ns", perRecord(started))

        let raw = try RawIngest(path: directory + "/raw.db")
        let rawStations = try raw.addStations(count: CPUPath.stations, checkpoints: CPUPath.stations / 2)
        var rows: [RawIngest.Row] = []
        rows.reserveCapacity(incoming.count)
        for (index, record) in incoming.enumerated() {
            var stored = record
            stored.stationKey = rawStations[index % rawStations.count].key
            stored.record.origin = nil
            stored.record.note = nil
            rows.append(RawIngest.Row(
                stored, verdicts: verdicts[index], recheck: verdicts[index].contains(.fever) ? .pending : nil))
        }
        started = monotonicNanoseconds()
        try CPUPathStages.storeRaw(raw, rows, batch: batch)
        line.add("store_raw_ns", perRecord(started))

        started = monotonicNanoseconds()
        let bytes = CPUPathStages.reply(requests, verdicts: verdicts, allocator: allocator)
        line.add("reply_ns", perRecord(started))
        line.add("reply_bytes", "\(bytes)")
        Log.figures(line.render(probe: FlushProbe(), load: Proc.loadAverage))
    }

    static let stations = 64

    private func perRecord(_ started: UInt64) -> String {
        "\((monotonicNanoseconds() - started) / UInt64(max(records, 1)))"
    }
}

/// The stages, each kept out of line so callgrind reports it as one function.
enum CPUPathStages {
    @inline(never)
    static func parse(_ lines: [ByteBuffer]) throws -> [Record] {
        var requests: [Record] = []
        requests.reserveCapacity(lines.count)
        for line in lines {
            guard case .record(let record) = try StationRequestParser.parse(line.readableBytesView) else {
                throw BenchError("a generated line did not parse as a record")
            }
            requests.append(record)
        }
        return requests
    }

    /// The same parse from `[UInt8]` (specialised), to show what the generic `ByteBufferView` call costs.
    @inline(never)
    static func parseArrays(_ lines: [[UInt8]]) throws -> [Record] {
        var requests: [Record] = []
        requests.reserveCapacity(lines.count)
        for line in lines {
            guard case .record(let record) = try StationRequestParser.parse(line) else {
                throw BenchError("a generated line did not parse as a record")
            }
            requests.append(record)
        }
        return requests
    }

    @inline(never)
    static func validate(_ requests: [Record], stations: [RawIngest.Station]) throws -> [IncomingRecord] {
        let clock = SystemWallClock()
        var records: [IncomingRecord] = []
        records.reserveCapacity(requests.count)
        for (index, request) in requests.enumerated() {
            let station = stations[index % stations.count]
            let at = try request.resolvedTime(now: clock.now(), retentionDays: 30)
            records.append(IncomingRecord(request, stationKey: station.key, checkpointKey: station.checkpointKey, at: at))
        }
        return records
    }

    @inline(never)
    static func rules(_ records: [IncomingRecord]) -> [Verdicts] {
        let policy = RulePolicy()
        return records.map { record in
            let facts = RecordFacts(
                kind: record.record.kind, temperature: record.record.temperature, at: record.at,
                origin: record.record.origin)
            return VerdictRules.evaluate(facts, state: PersonRuleState(), policy: policy).verdicts
        }
    }

    @inline(never)
    static func storeThroughWriter(_ store: RawIngest, _ records: [IncomingRecord], batch: Int) throws {
        try store.insertThroughEngine(records, batch: batch)
    }

    @inline(never)
    static func storeRaw(_ store: RawIngest, _ rows: [RawIngest.Row], batch: Int) throws {
        try store.insertRaw(rows, batch: batch)
    }

    @inline(never)
    static func reply(_ requests: [Record], verdicts: [Verdicts], allocator: ByteBufferAllocator) -> Int {
        // As a session does: the replies of a batch appended to one String, written to one buffer per 1,024.
        var total = 0
        var text = ""
        for (index, request) in requests.enumerated() {
            let reply = StationReply.ok(
                seq: request.seq,
                RecordReceipt(
                    id: Int64(index + 1), verdicts: verdicts[index], alertIDs: verdicts[index].isEmpty ? [] : [7],
                    quarantineUntil: nil))
            reply.append(to: &text, zone: FixedOffsetZone.utc)
            text.append("\n")
            if index % 1024 == 1023 || index == requests.count - 1 {
                var buffer = allocator.buffer(capacity: text.utf8.count)
                buffer.writeString(text)
                total += buffer.readableBytes
                text.removeAll(keepingCapacity: true)
            }
        }
        return total
    }
}

import ArgumentParser
import CheckpointCore
import CheckpointStore
import Glibc

/// `sqlite-limit`: the same rows the daemon would store, with its schema, pragmas and statements, straight
/// through the C API in this process, in transactions of `--batch`. The ceiling `ingest` is compared with.
struct SQLiteLimit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sqlite-limit",
        abstract: "The raw insert rate with the daemon's schema and statements, at a given batch size.")

    @Option(help: "Records to insert.") var records = 1_000_000
    @Option(help: "Records per transaction (the daemon's records per commit, to compare with ingest).") var batch = 1000
    @Option(help: "Stations the records come from (round-robin, as from that many connections).") var stations = 64
    @Option(help: "full (synchronous=FULL, the daemon's default) or normal.") var durability = "full"
    @Option(help: "raw: the statements alone; engine: the writer's whole per-record path (rules, memory).")
    var mode = "raw"
    @Option(help: "What-if: SQLite page cache in MiB (the daemon sets 64).") var cacheMib: Int?
    @Option(help: "What-if: page size in bytes (the daemon keeps 4096).") var pageSize: Int?
    @Option(help: "What-if: wal_autocheckpoint in pages (the daemon keeps 1000).") var walAutocheckpoint: Int?
    @Option(help: "Rows stored first, untimed, in transactions of 100,000 (a database that is not new).")
    var prefill = 0
    @Option(help: "Days the prefilled rows span, ending now.") var prefillDays = 30
    @Flag(help: "Before/after: schema 1's person index (person, ts) instead of the current (ts/86400000, person, ts).")
    var flatPersonIndex = false
    @Option(help: "Seed of the record mix.") var seed: UInt64 = 42
    @Option(help: "Scratch directory (on the disk to measure).") var workDir = "/var/tmp/checkpoint-bench"
    @Option(help: "Flush probes per run.") var probes = 50

    func validate() throws {
        if flatPersonIndex && mode == "engine" {
            throw ValidationError("--flat-person-index is for --mode raw: the writer's LOOKUP names days")
        }
    }

    func run() throws {
        let directory = workDir + "/sqlite-limit-\(getpid())"
        Files.remove(directory)
        try Files.makeDirectory(directory)
        defer { Files.remove(directory) }
        var context = try RunContext(directory: directory, probes: probes)
        let tuning = RawIngest.Tuning(
            cacheKiB: cacheMib.map { $0 * 1024 }, pageSize: pageSize, walAutocheckpointPages: walAutocheckpoint,
            flatPersonIndex: flatPersonIndex)
        let result = try LimitRun.measure(
            directory: directory, records: records, stations: stations, batch: batch, seed: seed,
            fullDurability: durability != "normal", engine: mode == "engine", tuning: tuning, prefill: prefill,
            prefillDays: prefillDays)
        var line = FigureLine("sqlite-limit")
        line.add("records", "\(records)")
        if prefill > 0 { line.add("prefill", "\(prefill)"); line.add("prefill_days", "\(prefillDays)") }
        line.add("person_index", flatPersonIndex ? "flat(schema1)" : "by_day")
        line.add("batch", "\(batch)")
        line.add("mode", mode)
        line.add("durability", durability)
        if let cacheMib { line.add("cache_mib", "\(cacheMib)") }
        if let pageSize { line.add("page_size", "\(pageSize)") }
        if let walAutocheckpoint { line.add("wal_autocheckpoint", "\(walAutocheckpoint)") }
        line.add(result.figures)
        Log.figures(try context.finish(line))
    }
}

/// One measured `sqlite-limit` run.
struct LimitRun {
    var records: Int
    var nanoseconds: UInt64
    var writeBytes: UInt64
    var writtenChars: UInt64
    var cpuNanoseconds: UInt64
    var commits: Int
    var databaseBytes: UInt64
    /// Time this thread was runnable but had no CPU.
    var runQueueWait: UInt64 = 0

    var rate: Double { Format.rate(records, nanoseconds: nanoseconds) }

    var figures: String {
        "rate=\(Int(rate))/s commits=\(commits) bytes_written_per_record=\(writeBytes / UInt64(max(records, 1)))"
            + " wchar_per_record=\(writtenChars / UInt64(max(records, 1)))"
            + " cpu_us_per_record=\(Format.fixed(Double(cpuNanoseconds) / 1000 / Double(max(records, 1)), 2))"
            + " db_bytes_per_record=\(databaseBytes / UInt64(max(records, 1)))"
            + " elapsed=\(Format.ms(nanoseconds)) runqueue_wait=\(Format.ms(runQueueWait))"
    }

    static func threadRunQueueWait() -> UInt64 {
        let fields = Proc.lines("/proc/thread-self/schedstat").first?.split(separator: " ") ?? []
        return fields.count > 1 ? UInt64(fields[1]) ?? 0 : 0
    }

    /// Inserts `records` rows from `stations` stations into a fresh database under `directory`; only the
    /// inserting is timed (the rows are made first).
    static func measure(
        directory: String, records: Int, stations stationCount: Int, batch: Int, seed: UInt64, fullDurability: Bool,
        engine: Bool = false, tuning: RawIngest.Tuning = .daemon, prefill: Int = 0, prefillDays: Int = 30
    ) throws -> LimitRun {
        let path = directory + "/limit.db"
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        var commits = 0
        var result: LimitRun
        do {
            let store = try RawIngest(path: path, fullDurability: fullDurability, tuning: tuning)
            let stations = try store.addStations(
                count: stationCount, checkpoints: min(200, max(1, (stationCount + 1) / 2)))
            var mix = RecordMix(seed: seed)
            var start = wallMilliseconds()
            if prefill > 0 {
                // Earlier rows, as if the stations had been sending for a while (seq 1... per station).
                var earlier = RecordMix(seed: seed &+ 1)
                let spacing = Int64(prefillDays) * Timestamp.millisecondsPerDay / Int64(prefill)
                var done = 0
                while done < prefill {
                    let count = min(100_000, prefill - done)
                    let rows = (done..<(done + count)).map { index in
                        RecordMix.row(
                            earlier.next(), station: stations[index % stations.count],
                            seq: Int64(index / stations.count + 1), at: start - Int64(prefill - index) * spacing)
                    }
                    try store.insertRaw(rows, batch: count)
                    done += count
                }
                start = wallMilliseconds()
            }
            let base = Int64((prefill + stations.count - 1) / stations.count)
            var rows: [RawIngest.Row] = []
            var incoming: [IncomingRecord] = []
            if engine { incoming.reserveCapacity(records) } else { rows.reserveCapacity(records) }
            for index in 0..<records {
                let station = stations[index % stations.count]
                let seq = base + Int64(index / stations.count + 1)
                // Receipt times as at ~100 records per millisecond.
                let at = start + Int64(index / 100)
                let record = mix.next()
                if engine {
                    if let value = RecordMix.incoming(record, station: station, seq: seq, at: at) { incoming.append(value) }
                } else {
                    rows.append(RecordMix.row(record, station: station, seq: seq, at: at))
                }
            }
            let ioBefore = Proc.io(pid: getpid())
            let cpuBefore = Proc.selfCPUNanoseconds()
            let waitBefore = LimitRun.threadRunQueueWait()
            let started = monotonicNanoseconds()
            if engine {
                try store.insertThroughEngine(incoming, batch: batch)
                commits = (records + batch - 1) / batch
            } else {
                commits = try store.insertRaw(rows, batch: batch)
            }
            let elapsed = monotonicNanoseconds() - started
            let cpu = Proc.selfCPUNanoseconds() - cpuBefore
            let ioAfter = Proc.io(pid: getpid())
            result = LimitRun(
                records: records, nanoseconds: elapsed, writeBytes: ioAfter.writeBytes - ioBefore.writeBytes,
                writtenChars: ioAfter.writtenChars - ioBefore.writtenChars,
                cpuNanoseconds: cpu, commits: commits, databaseBytes: 0,
                runQueueWait: LimitRun.threadRunQueueWait() &- waitBefore)
        }
        // The store is closed (WAL checkpointed and truncated): the file holds everything.
        // Per record of the whole table (prefilled rows included).
        result.databaseBytes = (Proc.fileSize(path) + Proc.fileSize(path + "-wal")) * UInt64(records)
            / UInt64(max(records + prefill, 1))
        return result
    }
}

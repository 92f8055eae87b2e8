import ArgumentParser
import CheckpointStore
import Glibc

/// `start`: exec to `READY=1` on the big database (the daemon opens it, migrates, proves a commit, loads its
/// memory, binds), and the database's bytes per record with a per-table/index breakdown.
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Time to READY=1 on the 10M-record database; bytes/record.")

    @OptionGroup var options: BenchOptions
    @OptionGroup var dataset: DatasetOptions
    @Option(help: "Starts to time (the first right after copying the database).") var starts = 5
    @Flag(help: "Skip the per-table and per-index sizes (dbstat reads the whole file).") var noBreakdown = false

    func run() throws {
        let source = try dataset.source(workDirectory: options.workDir)
        let directory = try options.runDirectory("start")
        defer { options.cleanUp(directory) }
        var context = try RunContext(directory: directory, probes: options.probes)
        let daemon = try DaemonUnderTest.onCopy(of: source, in: directory, options: options)
        let database = daemon.databasePath
        var times: [UInt64] = []
        var rss: UInt64 = 0
        for _ in 0..<max(1, starts) {
            times.append(try daemon.start(timeoutSeconds: 300))
            rss = max(rss, daemon.rssBytes)
            daemon.stop()
        }
        let report = try RawIngest.inspect(path: database, objects: !noBreakdown)
        let bytes = Proc.fileSize(database) + Proc.fileSize(database + "-wal")
        var line = FigureLine("start")
        line.add("records_in_db", "\(report.records)")
        line.add("ready_first", Format.ms(times[0]))
        line.add("ready_median", Format.ms(Percentiles(times).at(0.5)))
        line.add("ready_max", Format.ms(Percentiles(times).max))
        line.add("rss_after_ready", Format.mib(rss))
        line.add("db_bytes", "\(bytes)")
        line.add("db_bytes_per_record", "\(bytes / UInt64(max(report.records, 1)))")
        line.add("page_size", "\(report.pageSize)")
        line.add("free_pages", "\(report.freePages)")
        for object in report.objects.prefix(8) {
            line.add("size:" + object.name, Format.fixed(Double(object.bytes) / Double(max(report.records, 1)), 1) + "B/rec")
        }
        Log.figures(try context.finish(line))
    }
}

/// `generate`: builds (or finds) the cached big database and prints where it is.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Generate the realistic 10M-record database (cached).")

    @OptionGroup var dataset: DatasetOptions
    @Option(help: "Scratch directory; the database is cached under WORK/datasets.") var workDir = "/var/tmp/checkpoint-bench"
    @Option(help: "Write here instead of the cache.") var out: String?

    func run() throws {
        if let out {
            let summary = try dataset.plan.generate(path: out) { Log.info("  \($0) records") }
            Log.figures("generate records=\(summary.records) fevers=\(summary.fevers) orders=\(summary.orders) "
                + "violations=\(summary.violations) seconds=\(Format.fixed(Double(summary.nanoseconds) / 1e9, 1)) path=\(out)")
        } else {
            Log.figures(try DatasetCache.ensure(workDirectory: workDir, plan: dataset.plan) { Log.info($0) })
        }
    }
}

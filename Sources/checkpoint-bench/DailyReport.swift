import ArgumentParser
import CheckpointCore
import CheckpointStore
import CheckpointWire

/// `report`: the daily report (issue 16) on a generated database: `report.daily` for the busiest UTC day, and
/// `stats` over the same day for comparison (it reads only the counts tables).
struct DailyReportBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "report.daily latency on a generated database (e.g. --dataset-records 1000000 --dataset-days 3).")

    @OptionGroup var options: BenchOptions
    @OptionGroup var dataset: DatasetOptions
    @Option(help: "Requests of report.daily (and of stats) timed.") var samples = 10

    func run() throws {
        let source = try dataset.source(workDirectory: options.workDir)
        let recordsInDatabase = try RawIngest.inspect(path: source, objects: false).records
        let directory = try options.runDirectory("report")
        defer { options.cleanUp(directory) }
        var context = try RunContext(directory: directory, probes: options.probes)
        let daemon = try DaemonUnderTest.onCopy(of: source, in: directory, options: options)
        try daemon.start(timeoutSeconds: 300)
        defer { daemon.stop() }
        let control = try daemon.control()

        // The daemon shows times in UTC here: the busiest of the last three UTC days.
        let today = LocalDay(of: Timestamp(milliseconds: wallMilliseconds()), in: FixedOffsetZone.utc)
        var busiest = (day: today, records: -1, people: 0)
        for back in 0..<3 {
            let day = today.adding(days: Int64(-back))
            let total = try Self.district(control, date: day.description)
            if total.records > busiest.records { busiest = (day, total.records, total.people) }
        }
        var reports: [UInt64] = []
        var stats: [UInt64] = []
        let start = busiest.day.start(in: FixedOffsetZone.utc).milliseconds
        let end = busiest.day.end(in: FixedOffsetZone.utc).milliseconds
        for _ in 0..<samples {
            var started = monotonicNanoseconds()
            _ = try Self.district(control, date: busiest.day.description)
            reports.append(monotonicNanoseconds() - started)
            started = monotonicNanoseconds()
            let counted = try control.exchange("{\"cmd\":\"stats\",\"since\":\"\(start)\",\"until\":\"\(end)\"}")
            stats.append(monotonicNanoseconds() - started)
            guard counted.hasPrefix("{\"ok\":true") else { throw BenchError("stats failed: \(counted.prefix(300))") }
        }
        var line = FigureLine("report")
        line.add("records_in_db", "\(recordsInDatabase)")
        line.add("day_records", "\(busiest.records)")
        line.add("day_people", "\(busiest.people)")
        line.add("samples", "\(samples)")
        line.add(Format.latencies("report_daily", Percentiles(reports), p90: false, p999: false))
        line.add(Format.latencies("stats_same_day", Percentiles(stats), p90: false, p999: false))
        Log.figures(try context.finish(line))
    }

    /// The district row's records and people of `report.daily date=`.
    static func district(_ control: ControlConnection, date: String) throws -> (records: Int, people: Int) {
        let reply = try control.exchange("{\"cmd\":\"report.daily\",\"date\":\"\(date)\"}")
        guard case .success(let object)? = try? ControlReply.parse(reply),
            let total = object["items"]?.arrayValue?.last?.objectValue
        else { throw BenchError("report.daily failed: \(reply.prefix(300))") }
        return (Int(total["records"]?.intValue ?? 0), Int(total["people"]?.intValue ?? 0))
    }
}

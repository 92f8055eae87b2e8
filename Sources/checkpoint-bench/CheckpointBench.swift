import ArgumentParser
import Glibc

/// `checkpoint-bench`: the benchmark scenarios of issue 6. Each scenario prints one line of figures, ending with
/// the flush probe (`fdatasync` of 4 KiB in the same directory) and the load average of the same run, because
/// the disk's flush latency on this kind of machine moves from ~0.1 ms to ~4 ms minute to minute: compare
/// figures as ratios within one run, never across runs.
@main
struct CheckpointBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint-bench",
        abstract: "Measures checkpointd: ingest, steady, idle, query, start, and the SQLite limit.",
        discussion: """
            Run the release build (scripts/bench builds it and runs the scenarios of docs/benchmarks.md). \
            Every line ends with `| flush_p50=… flush_p99=… load_start=… load_end=…`.
            """,
        subcommands: [
            Ingest.self, Steady.self, Idle.self, Query.self, Start.self, SQLiteLimit.self, Generate.self, CPUPath.self,
            Soak.self, DailyReportBench.self,
        ])
}

/// Options every scenario that runs the daemon takes.
struct BenchOptions: ParsableArguments {
    @Option(help: "The checkpointd binary (default: the one next to checkpoint-bench).")
    var daemon: String?

    @Option(help: "Scratch directory for state directories and generated databases (on the disk to measure).")
    var workDir = "/var/tmp/checkpoint-bench"

    @Option(help: "Flush probes per run (half before the scenario, half after).")
    var probes = 50

    @Option(help: "Extra checkpointd flags, space-separated (e.g. \"--max-batch-records 8192\").")
    var daemonFlags = ""

    @Flag(help: "Keep the run directory (daemon log, database) instead of deleting it.")
    var keep = false

    var daemonBinary: String { daemon ?? Files.executableDirectory + "/checkpointd" }

    var extraDaemonFlags: [String] { daemonFlags.split(separator: " ").map(String.init) }

    /// A fresh directory `WORK/SCENARIO-PID`.
    func runDirectory(_ scenario: String) throws -> String {
        let path = workDir + "/\(scenario)-\(getpid())"
        Files.remove(path)
        try Files.makeDirectory(path)
        return path
    }

    func cleanUp(_ directory: String) {
        if keep {
            Log.info("kept \(directory)")
        } else {
            Files.remove(directory)
        }
    }
}

/// Output: figures on stdout, progress on stderr (both unbuffered).
enum Log {
    static func figures(_ line: String) { put(1, line) }
    static func info(_ line: String) { put(2, "checkpoint-bench: " + line) }

    private static func put(_ fd: Int32, _ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                // Safe because offset < count: the buffer is not empty.
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// The flush probe around a scenario, and the load average at both ends.
struct RunContext {
    let directory: String
    let probes: Int
    var probe = FlushProbe()
    let loadAtStart: String

    init(directory: String, probes: Int) throws {
        self.directory = directory
        self.probes = probes
        loadAtStart = Proc.loadAverage
        try probe.run(directory: directory, count: max(1, probes / 2))
    }

    mutating func finish(_ line: FigureLine) throws -> String {
        try probe.run(directory: directory, count: max(1, probes - probes / 2))
        let load = "load_start=" + loadAtStart.dropFirst(5) + " load_end=" + Proc.loadAverage.dropFirst(5)
        return line.render(probe: probe, load: load)
    }
}

import CheckpointCore
import CheckpointStore
import Glibc
import Prometheus
import Synchronization

/// `/metrics` (issue 18), in Prometheus' text format through swift-prometheus. Counters and histograms are fed as
/// things happen (a committed batch, an answered record, an opened alert); gauges are read at each scrape
/// (``refresh(_:)``). Names follow Prometheus' conventions: `checkpointd_` prefix, base units (seconds, bytes),
/// `_total` for counters; the process gauges use the standard `process_` names.
final class DaemonMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// The writer's station directory, attached once the writer exists (the metrics exist before it: they are
    /// part of its observer).
    private let directory = VisibleMutex<StationDirectory?>(nil)
    /// Counters of records by checkpoint code and kind, and checkpoint codes by key: looked up once a batch.
    private let recordCounters = VisibleMutex<[Int64: [RecordKind: Counter]]>([:])
    private let alertsOpened: [AlertType: Counter]
    private let alertsOpen: [AlertType: Gauge]
    private let activeOrders: Gauge
    private let stationsConnected: Gauge
    private let ackLatency: DurationHistogram
    private let commitDuration: DurationHistogram
    private let recordsPerCommit: ValueHistogram
    private let queueDepth: Gauge
    private let walSize: Gauge
    private let storageWritable: Gauge
    private let residentMemory: Gauge
    private let openFileDescriptors: Gauge
    private let startTime: Gauge
    private let uplinkLagRecords: Gauge?
    private let uplinkLagSeconds: Gauge?

    /// From a fraction of a millisecond (a batch at rest) to a few seconds (a slow disk).
    static let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]
    static let batchBuckets: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]

    init(city: Bool, version: String, startedAt: Timestamp) {
        func name(_ base: String, _ unit: String = "", _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "checkpointd", metricName: base, unitName: unit, helpText: help)
        }
        let registry = self.registry
        alertsOpened = Dictionary(
            uniqueKeysWithValues: AlertType.allCases.map { type in
                (type, registry.makeCounter(
                    descriptor: name("alerts", "total", "Alerts opened since the daemon started, by type."),
                    labels: [("type", type.rawValue)]))
            })
        alertsOpen = Dictionary(
            uniqueKeysWithValues: AlertType.allCases.map { type in
                (type, registry.makeGauge(
                    descriptor: name("alerts_open", "", "Alerts not yet acknowledged, by type."),
                    labels: [("type", type.rawValue)]))
            })
        activeOrders = registry.makeGauge(
            descriptor: name("quarantine_orders_active", "", "Quarantine orders in force now."))
        stationsConnected = registry.makeGauge(
            descriptor: name("stations_connected", "", "Stations with a session (HELLO answered) now."))
        ackLatency = registry.makeDurationHistogram(
            descriptor: name("ack_latency", "seconds", "From reading a record to its reply being ready (OK or error)."),
            buckets: Self.latencyBuckets)
        commitDuration = registry.makeDurationHistogram(
            descriptor: name("commit_duration", "seconds", "One group commit: BEGIN to COMMIT, fsync included."),
            buckets: Self.latencyBuckets)
        recordsPerCommit = registry.makeValueHistogram(
            descriptor: name("records_per_commit", "", "Records stored by one group commit."),
            buckets: Self.batchBuckets)
        queueDepth = registry.makeGauge(descriptor: name("writer_queue_depth", "", "Jobs waiting for the writer."))
        walSize = registry.makeGauge(
            descriptor: name("wal_size", "bytes", "Size of the database's write-ahead log file."))
        storageWritable = registry.makeGauge(
            descriptor: name("storage_writable", "", "1 while commits succeed, 0 while degraded (disk full, I/O)."))
        residentMemory = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "process", metricName: "resident_memory", unitName: "bytes",
                helpText: "Resident memory size in bytes."))
        openFileDescriptors = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "process", metricName: "open_fds", unitName: "", helpText: "Number of open file descriptors."))
        startTime = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "process", metricName: "start_time", unitName: "seconds",
                helpText: "Start time of the process since the Unix epoch in seconds."))
        startTime.set(Double(startedAt.milliseconds) / 1000)
        if city {
            uplinkLagRecords = registry.makeGauge(
                descriptor: name("city_uplink_lag_records", "", "Records stored here and not yet in the city."))
            uplinkLagSeconds = registry.makeGauge(
                descriptor: name("city_uplink_lag", "seconds", "Age of the oldest record not yet in the city."))
        } else {
            uplinkLagRecords = nil
            uplinkLagSeconds = nil
        }
        registry.makeGauge(
            descriptor: name("build_info", "", "Always 1; the version is a label."), labels: [("version", version)]
        ).set(Int64(1))
    }

    func attach(_ directory: StationDirectory) {
        self.directory.withLock { $0 = directory }
    }

    // MARK: fed as things happen

    /// After each group commit (on the writer thread: a few counter increments per checkpoint of the batch).
    func noteCommit(_ figures: CommitFigures) {
        commitDuration.recordNanoseconds(Int64(figures.nanoseconds))
        guard figures.records > 0 else { return }
        recordsPerCommit.record(Double(figures.records))
        for (checkpoint, counts) in figures.counts {
            guard let counters = counters(forCheckpoint: checkpoint) else { continue }
            for kind in RecordKind.allCases where counts[kind] > 0 {
                counters[kind]?.increment(by: Int64(counts[kind]))
            }
        }
    }

    /// Committed events: each opened alert counts once.
    func noteEvents(_ events: [CommittedEvent]) {
        for event in events {
            if case .alertOpened(let alert) = event { alertsOpened[alert.type]?.increment() }
        }
    }

    /// One record answered, `nanoseconds` after it was read.
    func noteAck(nanoseconds: UInt64) {
        ackLatency.recordNanoseconds(Int64(nanoseconds))
    }

    private func counters(forCheckpoint key: Int64) -> [RecordKind: Counter]? {
        if let found = recordCounters.withLock({ $0[key] }) { return found }
        guard let code = directory.withLock({ $0 })?.checkpointCode(forKey: key) else { return nil }
        let made = Dictionary(
            uniqueKeysWithValues: RecordKind.allCases.map { kind in
                (kind, registry.makeCounter(
                    descriptor: MetricNameDescriptor(
                        namespace: "checkpointd", metricName: "records", unitName: "total",
                        helpText: "Records stored since the daemon started, by kind and checkpoint."),
                    labels: [("kind", kind.rawValue), ("checkpoint", code)]))
            })
        recordCounters.withLock { $0[key] = made }
        return made
    }

    // MARK: read at each scrape

    /// What a scrape reads besides the counters.
    struct Readings {
        var gauges: StoreGauges?
        var stationsConnected: Int
        var queueDepth: Int
        var writable: Bool
        var walPath: String
        var uplinkLagRecords: Int64?
        var uplinkLagSeconds: Int64?
    }

    func refresh(_ readings: Readings) {
        if let gauges = readings.gauges {
            for (type, gauge) in alertsOpen { gauge.set(Int64(gauges.openAlerts[type] ?? 0)) }
            activeOrders.set(Int64(gauges.activeOrders))
        }
        stationsConnected.set(Int64(readings.stationsConnected))
        queueDepth.set(Int64(readings.queueDepth))
        storageWritable.set(Int64(readings.writable ? 1 : 0))
        var info = stat()
        walSize.set(stat(readings.walPath, &info) == 0 ? Int64(info.st_size) : 0)
        residentMemory.set(Int64(MemoryTrimmer.residentBytes() ?? 0))
        openFileDescriptors.set(Self.openFileDescriptorCount())
        if let records = readings.uplinkLagRecords { uplinkLagRecords?.set(records) }
        if let seconds = readings.uplinkLagSeconds { uplinkLagSeconds?.set(seconds) }
    }

    func render() -> [UInt8] {
        registry.emitToBuffer()
    }

    /// The entries of `/proc/self/fd` (the directory's own descriptor not counted).
    static func openFileDescriptorCount() -> Int64 {
        guard let directory = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(directory) }
        var count: Int64 = 0
        while let entry = readdir(directory) {
            if entry.pointee.d_name.0 != 46 { count += 1 }  // skip "." and ".."
        }
        return count - 1
    }
}

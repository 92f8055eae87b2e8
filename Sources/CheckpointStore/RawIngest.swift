public import CheckpointCore

/// The store as `checkpoint-bench` sees it: a database made by the daemon's own code (`WriterEngine` runs
/// `configure` and `Schema.migrate`, and prepares the statements), and three ways to fill it.
///
/// * `insertRaw` is the `sqlite-limit` scenario: the writer's own prepared `INSERT INTO records`, bound as the
///   writer binds it, plus the per-batch `hourly_counts` and `daily_counts` upserts and `stations` update (and an
///   alert or an order where a row asks for one, as the rules would), in transactions of `batch` rows. No
///   parsing, no rules, no network: what SQLite allows with this schema.
/// * `insertThroughEngine` runs the writer's whole per-record path (`WriterEngine.runBatch` with record jobs):
///   the rules and the writer's memory, still without the network.
/// * With `Tuning.generation` (`synchronous=OFF`, a large cache) `insertRaw` builds the big `query`/`start`
///   databases quickly; their rows come from the bench, which decides who passes where and when.
///
/// Used by the benchmark only; the daemon never calls it.
public final class RawIngest {
    /// One record as stored: integer keys, as `WriterEngine.store` would bind them.
    public struct Row: Sendable {
        public var stationKey: Int64
        public var checkpointKey: Int64
        public var seq: Int64
        /// The person's storage key (`PersonID.storageKey`).
        public var person: Int64
        /// Unix milliseconds.
        public var at: Int64
        public var kind: RecordKind
        public var temperatureTenths: Int?
        public var origin: Origin?
        public var verdicts: Verdicts
        /// The fever re-check state of the FEVER alert this row opens (`pending` for a fresh one).
        public var recheck: RecheckState?
        /// The end of the quarantine order this row opens (with `.quarantine` in `verdicts`).
        public var quarantineUntil: Int64?
        public var note: String?

        public init(
            stationKey: Int64, checkpointKey: Int64, seq: Int64, person: Int64, at: Int64, kind: RecordKind,
            temperatureTenths: Int?, origin: Origin? = nil, verdicts: Verdicts = [], recheck: RecheckState? = nil,
            quarantineUntil: Int64? = nil, note: String? = nil
        ) {
            self.stationKey = stationKey
            self.checkpointKey = checkpointKey
            self.seq = seq
            self.person = person
            self.at = at
            self.kind = kind
            self.temperatureTenths = temperatureTenths
            self.origin = origin
            self.verdicts = verdicts
            self.recheck = recheck
            self.quarantineUntil = quarantineUntil
            self.note = note
        }
    }

    public struct Station: Sendable, Hashable {
        public var key: Int64
        public var code: String
        public var checkpointKey: Int64
        public var checkpointCode: String
    }

    /// Settings on top of the daemon's, for generation and for "what if" runs. `nil` keeps the daemon's.
    public struct Tuning: Sendable {
        public var synchronousOff = false
        public var cacheKiB: Int?
        public var pageSize: Int?
        public var walAutocheckpointPages: Int?
        /// "Before" schema, for comparison only: schema version 1's person index `(person, ts)` instead of the
        /// current `(ts / 86400000, person, ts)` (migration 2), so a commit dirties pages all over a month's index
        /// again. For `insertRaw` only: the writer's LOOKUP and the queries name days and would scan without it.
        public var flatPersonIndex = false

        public init(
            synchronousOff: Bool = false, cacheKiB: Int? = nil, pageSize: Int? = nil, walAutocheckpointPages: Int? = nil,
            flatPersonIndex: Bool = false
        ) {
            self.synchronousOff = synchronousOff
            self.cacheKiB = cacheKiB
            self.pageSize = pageSize
            self.walAutocheckpointPages = walAutocheckpointPages
            self.flatPersonIndex = flatPersonIndex
        }

        /// Exactly the daemon's settings.
        public static let daemon = Tuning()
        /// For building a database fast: nothing is synced, and the indexes stay in a 2 GiB cache (the daemon's
        /// own is 64 MiB).
        public static let generation = Tuning(synchronousOff: true, cacheKiB: 2 << 20)
    }

    private let engine: WriterEngine
    public let path: String

    /// Creates (or opens) the database exactly as the daemon does, then applies `tuning`.
    public init(path: String, fullDurability: Bool = true, tuning: Tuning = .daemon) throws(StoreError) {
        self.path = path
        if let pageSize = tuning.pageSize {
            // > The page_size pragma will only cause an immediate change in the page size if it is issued while the
            // > database is still empty, prior to the first CREATE TABLE statement.
            let first = try SQLiteConnection(path: path, mode: .readWrite)
            try first.execute("PRAGMA page_size = \(pageSize)")
            _ = try first.text("PRAGMA journal_mode = WAL")
        }
        engine = try WriterEngine(
            options: StoreOptions(databasePath: path, fullDurability: fullDurability), clock: SystemWallClock(),
            directory: StationDirectory(), recordEvents: EventSwitch())
        if tuning.synchronousOff { try engine.db.execute("PRAGMA synchronous = OFF") }
        if let cache = tuning.cacheKiB { try engine.db.execute("PRAGMA cache_size = -\(cache)") }
        if let pages = tuning.walAutocheckpointPages { try engine.db.execute("PRAGMA wal_autocheckpoint = \(pages)") }
        if tuning.flatPersonIndex {
            try engine.db.execute("""
                DROP INDEX IF EXISTS records_day_person_ts;
                CREATE INDEX IF NOT EXISTS records_person_ts ON records(person, ts)
                """)
        }
    }

    deinit { engine.close() }

    /// Registers `checkpoints` checkpoints (`cp-001` …, grids of ten: `grid-01` …) and `count` stations spread
    /// over them (`st-0001` …), through the writer's own registry code. Tokens are random: these stations are
    /// for rows written here, not for `HELLO`.
    public func addStations(count: Int, checkpoints: Int, prefix: String = "st") throws(StoreError) -> [Station] {
        var jobs: [any WriterJob] = []
        for index in 0..<checkpoints {
            let code = RawIngest.checkpointCode(index)
            let grid = "grid-" + RawIngest.padded(index / 10 + 1, 2)
            jobs.append(OperationJob(counted: false, body: { engine throws(StoreError) in
                _ = try engine.addCheckpoint(code: code, name: "Checkpoint \(index + 1)", grid: grid, staffed: "24h")
            }, completion: { _ in }))
        }
        for index in 0..<count {
            let code = prefix + "-" + RawIngest.padded(index + 1, 4)
            let checkpoint = RawIngest.checkpointCode(index % max(1, checkpoints))
            let digest = TokenDigest(salt: RawIngest.noise(16, seed: index), hash: RawIngest.noise(32, seed: ~index))
            jobs.append(OperationJob(counted: false, body: { engine throws(StoreError) in
                _ = try engine.addStation(code: code, checkpointCode: checkpoint, token: digest)
            }, completion: { _ in }))
        }
        switch engine.runBatch(jobs) {
        case .committed: break
        case .jobFailed(_, let error), .storageFailed(let error): throw error
        }
        let query = try engine.db.prepare("""
            SELECT s.id, s.code, c.id, c.code FROM stations s JOIN checkpoints c ON c.id = s.checkpoint_id
            WHERE s.code LIKE ? ORDER BY s.code
            """, persistent: false)
        query.bind(1, prefix + "-%")
        var stations: [Station] = []
        while try query.step() {
            stations.append(Station(
                key: query.int64(0), code: query.string(1) ?? "", checkpointKey: query.int64(2),
                checkpointCode: query.string(3) ?? ""))
        }
        return stations
    }

    public static func checkpointCode(_ index: Int) -> String { "cp-" + padded(index + 1, 3) }

    // MARK: sqlite-limit

    /// Stores `rows` in transactions of `batch` with the writer's statements; returns the commits made.
    @discardableResult
    public func insertRaw(_ rows: some Collection<Row>, batch: Int) throws(StoreError) -> Int {
        let db = engine.db
        var commits = 0
        var hours: [WriterState.HourKey: WriterState.HourCounts] = [:]
        var seqs: [Int64: (first: Int64, last: Int64)] = [:]
        var inBatch = 0
        for row in rows {
            if inBatch == 0 { try db.execute("BEGIN IMMEDIATE") }
            try insert(row)
            let key = WriterState.HourKey(checkpoint: row.checkpointKey, hour: row.at / Timestamp.millisecondsPerHour)
            var counts = hours[key] ?? WriterState.HourCounts()
            switch row.kind {
            case .temp: counts.temps += 1
            case .entry: counts.entries += 1
            case .exit: counts.exits += 1
            }
            if row.verdicts.contains(.fever) { counts.fevers += 1 }
            if row.verdicts.contains(.violation) { counts.violations += 1 }
            hours[key] = counts
            let seq = seqs[row.stationKey] ?? (row.seq, row.seq)
            seqs[row.stationKey] = (min(seq.first, row.seq), max(seq.last, row.seq))
            inBatch += 1
            if inBatch == batch {
                try finishBatch(hours: hours, seqs: seqs)
                hours.removeAll(keepingCapacity: true)
                seqs.removeAll(keepingCapacity: true)
                commits += 1
                inBatch = 0
            }
        }
        if inBatch > 0 {
            try finishBatch(hours: hours, seqs: seqs)
            commits += 1
        }
        return commits
    }

    /// The writer's record INSERT, bound as `WriterEngine.store` binds it, and the rows the rules would add.
    private func insert(_ row: Row) throws(StoreError) {
        try engine.insertRecord.run {
            $0.bind(1, row.stationKey)
            $0.bind(2, row.seq)
            $0.bind(3, row.person)
            $0.bind(4, row.at)
            $0.bind(5, RecordKindCode.code(of: row.kind))
            $0.bind(6, row.temperatureTenths)
            $0.bind(7, row.origin.map { $0 == .outside ? 1 : 0 })
            $0.bind(8, row.verdicts.rawValue)
            $0.bind(9, row.checkpointKey)
            $0.bind(10, row.note)
        }
        guard !row.verdicts.isEmpty else { return }
        let recordID = engine.db.lastInsertRowID
        if row.verdicts.contains(.quarantine), let until = row.quarantineUntil {
            try engine.insertQuarantine.run {
                $0.bind(1, row.person)
                $0.bind(2, row.at)
                $0.bind(3, until)
                $0.bind(4, recordID)
                $0.bind(5, "arrival from outside the city")
                $0.bind(6, nil as String?)
                $0.bind(7, row.at)
            }
        }
        for type in [AlertType.fever, .violation] where row.verdicts.contains(type == .fever ? .fever : .violation) {
            try engine.insertAlert.run {
                $0.bind(1, type.rawValue)
                $0.bind(2, row.at)
                $0.bind(3, row.person)
                $0.bind(4, row.checkpointKey)
                $0.bind(5, row.stationKey)
                $0.bind(6, recordID)
                $0.bind(7, type == .fever ? (row.recheck ?? .pending).rawValue : nil)
                $0.bind(8, row.temperatureTenths.map { "temp=\(Temperature(tenths: $0))" })
                $0.bind(9, row.at)
            }
        }
    }

    /// The writer's per-batch counters (`WriterEngine.flushBatchCounters`): the hourly and the daily upserts,
    /// then each station's seq range.
    private func finishBatch(
        hours: [WriterState.HourKey: WriterState.HourCounts], seqs: [Int64: (first: Int64, last: Int64)]
    ) throws(StoreError) {
        let now = SystemWallClock().now().milliseconds
        var days: [WriterState.HourKey: WriterState.HourCounts] = [:]
        for (key, counts) in hours {
            try engine.add(counts, to: engine.addHourCounts, checkpoint: key.checkpoint, period: key.hour)
            days[WriterState.HourKey(checkpoint: key.checkpoint, hour: key.hour / 24), default: WriterState.HourCounts()]
                .add(counts)
        }
        for (key, counts) in days {
            try engine.add(counts, to: engine.addDayCounts, checkpoint: key.checkpoint, period: key.hour)
        }
        for (station, seq) in seqs {
            try engine.updateStationSeq.run {
                $0.bind(1, seq.first)
                $0.bind(2, seq.last)
                $0.bind(3, now)
                $0.bind(4, station)
            }
        }
        try engine.db.execute("COMMIT")
    }

    // MARK: the writer's whole path, without the network

    /// Runs `records` through `WriterEngine.runBatch` in batches of `batch`, as the writer thread would.
    /// Returns the records answered other than `.stored` (duplicates, failures).
    @discardableResult
    public func insertThroughEngine(_ records: [IncomingRecord], batch: Int) throws(StoreError) -> Int {
        let tally = Tally()
        var start = records.startIndex
        while start < records.endIndex {
            let end = min(start + batch, records.endIndex)
            let jobs: [any WriterJob] = records[start..<end].map { record in
                RecordJob(record: record, executor: nil, completion: { outcome in
                    if case .stored = outcome { return }
                    tally.notStored += 1
                })
            }
            switch engine.runBatch(jobs) {
            case .committed: break
            case .jobFailed(_, let error), .storageFailed(let error): throw error
            }
            for job in jobs { job.finish(nil) }
            start = end
        }
        return tally.notStored
    }

    private final class Tally: @unchecked Sendable {
        // Safe because the completions run on the calling thread, inside `insertThroughEngine`.
        var notStored = 0
    }

    // MARK: finishing and inspecting

    /// Marks alerts raised before `cutoff` acknowledged, as operators would have (generated databases).
    public func acknowledgeAlerts(before cutoff: Int64) throws(StoreError) {
        let update = try engine.db.prepare("""
            UPDATE alerts SET state = 'acked', acked_at = at + 600000, acked_by = 'bench' WHERE at < ? AND state = 'open'
            """, persistent: false)
        try update.run { $0.bind(1, cutoff) }
    }

    /// Moves everything from the WAL into the database file and empties the WAL.
    public func checkpoint() throws(StoreError) {
        try engine.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    public struct Report: Sendable {
        public var records: Int64
        public var pageSize: Int64
        public var pages: Int64
        public var freePages: Int64
        /// Bytes per table and index (from `dbstat`), largest first; empty unless asked for.
        public var objects: [(name: String, bytes: Int64)]
    }

    /// Counts what a database holds (read-only; safe while the daemon runs).
    public static func inspect(path: String, objects: Bool) throws(StoreError) -> Report {
        let db = try SQLiteConnection(path: path, mode: .readOnly)
        var report = Report(
            records: try db.integer("SELECT COUNT(*) FROM records") ?? 0,
            pageSize: try db.integer("PRAGMA page_size") ?? 0, pages: try db.integer("PRAGMA page_count") ?? 0,
            freePages: try db.integer("PRAGMA freelist_count") ?? 0, objects: [])
        if objects {
            let query = try db.prepare(
                "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC", persistent: false)
            while try query.step() { report.objects.append((query.string(0) ?? "?", query.int64(1))) }
        }
        return report
    }

    // MARK: helpers

    private static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    private static func noise(_ count: Int, seed: Int) -> [UInt8] {
        var state = UInt64(bitPattern: Int64(seed)) &+ 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }
}

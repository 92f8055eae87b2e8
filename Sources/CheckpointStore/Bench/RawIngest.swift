package import CheckpointCore

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
package final class RawIngest {
    /// One record as the writer would get it, with the verdicts the rules would give it.
    package struct Row: Sendable {
        package var incoming: IncomingRecord
        /// The person's storage key (`PersonID.storageKey`), worked out once when the row is made: the bench's
        /// people are phone numbers (an `other:` person has no numeric key and is refused).
        package let personKey: Int64
        package var verdicts: Verdicts
        /// The fever re-check state of the FEVER alert this row opens (`pending` for a fresh one).
        package var recheck: RecheckState?
        /// The end of the quarantine order this row opens (with `.quarantine` in `verdicts`).
        package var quarantineUntil: Timestamp?

        package init(
            _ incoming: IncomingRecord, verdicts: Verdicts = [], recheck: RecheckState? = nil,
            quarantineUntil: Timestamp? = nil
        ) {
            self.incoming = incoming
            guard let personKey = incoming.record.person.storageKey else {
                preconditionFailure("a bench row needs a person with a numeric storage key, not \(incoming.record.person)")
            }
            self.personKey = personKey
            self.verdicts = verdicts
            self.recheck = recheck
            self.quarantineUntil = quarantineUntil
        }
    }

    package struct Station: Sendable, Hashable {
        package var key: Int64
        package var code: String
        package var checkpointKey: Int64
        package var checkpointCode: String
    }

    /// Settings on top of the daemon's, for generation and for "what if" runs. `nil` keeps the daemon's.
    package struct Tuning: Sendable {
        package var synchronousOff = false
        package var cacheKiB: Int?
        package var pageSize: Int?
        package var walAutocheckpointPages: Int?
        /// "Before" schema, for comparison only: schema version 1's person index `(person, ts)` instead of the
        /// current `(ts / 86400000, person, ts)` (migration 2), so a commit dirties pages all over a month's index
        /// again. For `insertRaw` only: the writer's LOOKUP and the queries name days and would scan without it.
        package var flatPersonIndex = false

        package init(
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
        package static let daemon = Tuning()
        /// For building a database fast: nothing is synced, and the indexes stay in a 2 GiB cache (the daemon's
        /// own is 64 MiB).
        package static let generation = Tuning(synchronousOff: true, cacheKiB: 2 << 20)
    }

    private let engine: WriterEngine
    package let path: String

    /// Creates (or opens) the database exactly as the daemon does, then applies `tuning`.
    package init(path: String, fullDurability: Bool = true, tuning: Tuning = .daemon) throws(StoreError) {
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
    package func addStations(count: Int, checkpoints: Int, prefix: String = "st") throws(StoreError) -> [Station] {
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
        return try StationDirectory.load(engine.db)
            .map(\.entry)
            .filter { $0.code.hasPrefix(prefix + "-") }
            .sorted { $0.code < $1.code }
            .map { entry in
                Station(
                    key: entry.key, code: entry.code, checkpointKey: entry.checkpointKey,
                    checkpointCode: entry.checkpointCode)
            }
    }

    package static func checkpointCode(_ index: Int) -> String { "cp-" + padded(index + 1, 3) }

    // MARK: sqlite-limit

    /// Stores `rows` in transactions of `batch` with the writer's statements; returns the commits made.
    @discardableResult
    package func insertRaw(_ rows: some Collection<Row>, batch: Int) throws(StoreError) -> Int {
        let db = engine.db
        var commits = 0
        var hours: [WriterState.HourKey: RecordCounts] = [:]
        var seqs: [Int64: (first: Int64, last: Int64)] = [:]
        var inBatch = 0
        for row in rows {
            if inBatch == 0 { try db.execute("BEGIN IMMEDIATE") }
            try insert(row)
            let record = row.incoming.record
            let hour = row.incoming.at.milliseconds / Timestamp.millisecondsPerHour
            let key = WriterState.HourKey(checkpoint: row.incoming.checkpointKey, hour: hour)
            hours[key, default: RecordCounts()].count(record.kind, verdicts: row.verdicts)
            let seq = seqs[row.incoming.stationKey] ?? (record.seq, record.seq)
            seqs[row.incoming.stationKey] = (min(seq.first, record.seq), max(seq.last, record.seq))
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

    /// The writer's record INSERT, and the rows the rules would add, through the writer's statements.
    private func insert(_ row: Row) throws(StoreError) {
        let statements = engine.statements
        let recordID = try statements.insertRecord(row.incoming, person: row.personKey, verdicts: row.verdicts)
        guard !row.verdicts.isEmpty else { return }
        let at = row.incoming.at
        if row.verdicts.contains(.quarantine), let until = row.quarantineUntil {
            _ = try statements.insertQuarantine(
                person: row.personKey, QuarantineOrder(start: at, end: until), record: recordID,
                reason: WriterEngine.outsideArrivalReason, note: nil, createdAt: at)
        }
        for (type, verdict) in [(AlertType.fever, Verdicts.fever), (.violation, .violation)]
        where row.verdicts.contains(verdict) {
            _ = try statements.insertAlert(
                type, at: at, person: row.personKey, checkpoint: row.incoming.checkpointKey,
                station: row.incoming.stationKey, record: recordID,
                recheck: type == .fever ? (row.recheck ?? .pending) : nil,
                detail: WriterEngine.alertDetail(row.incoming.record.temperature), createdAt: at)
        }
    }

    /// The writer's per-batch counters (`WriterEngine.flushBatchCounters`): the hourly and the daily upserts,
    /// then each station's seq range.
    private func finishBatch(
        hours: [WriterState.HourKey: RecordCounts], seqs: [Int64: (first: Int64, last: Int64)]
    ) throws(StoreError) {
        let now = SystemWallClock().now().milliseconds
        try engine.statements.addCounts(hours)
        for (station, seq) in seqs {
            try engine.statements.updateStationSeq(station: station, first: seq.first, last: seq.last, lastSeen: now)
        }
        try engine.db.execute("COMMIT")
    }

    // MARK: the writer's whole path, without the network

    /// Runs `records` through `WriterEngine.runBatch` in batches of `batch`, as the writer thread would.
    /// Returns the records answered other than `.stored` (duplicates, failures).
    @discardableResult
    package func insertThroughEngine(_ records: [IncomingRecord], batch: Int) throws(StoreError) -> Int {
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
    package func acknowledgeAlerts(before cutoff: Int64) throws(StoreError) {
        let update = try engine.db.prepare("""
            UPDATE alerts SET state = 'acked', acked_at = at + 600000, acked_by = 'bench' WHERE at < ? AND state = 'open'
            """, persistent: false)
        try update.run { $0.bind(1, cutoff) }
    }

    /// Moves everything from the WAL into the database file and empties the WAL.
    package func checkpoint() throws(StoreError) {
        try engine.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    package struct Report: Sendable {
        package var records: Int64
        package var pageSize: Int64
        package var pages: Int64
        package var freePages: Int64
        /// Bytes per table and index (from `dbstat`), largest first; empty unless asked for.
        package var objects: [(name: String, bytes: Int64)]
    }

    /// Counts what a database holds (read-only; safe while the daemon runs).
    package static func inspect(path: String, objects: Bool) throws(StoreError) -> Report {
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

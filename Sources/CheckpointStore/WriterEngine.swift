import CSQLite
import CheckpointCore

/// Everything the writer thread owns: the read-write connection, its prepared statements, and the writer's
/// memory. Used only on the writer thread (and on the opening thread before `start()`).
final class WriterEngine {
    let db: SQLiteConnection
    let options: StoreOptions
    /// The verdict rules in force; a reload replaces them between batches.
    var rules: RulePolicy
    /// The §9 watchers' settings in force; a reload replaces them too.
    var monitoring: MonitoringPolicy
    let clock: any WallClock
    let directory: StationDirectory
    let recordEvents: EventSwitch
    let auditJournal: AuditJournal
    /// The last journal entry deleted from the journal (housekeeping, at most every few seconds).
    var auditPrunedThrough: Int64 = 0
    var lastAuditPrune: UInt64 = 0
    var state = WriterState()
    /// The changes of the batch that is running; merged into `state` after its commit.
    var delta = WriterState.Delta()
    /// When the running batch began: the receipt time of its records (they were all queued before it), for the
    /// stations' `last_seen` and the silence watch. Read once per batch, not once per record.
    var batchStarted = Timestamp(milliseconds: 0)

    let insertRecord: SQLiteStatement
    let findRecord: SQLiteStatement
    let alertsOfRecord: SQLiteStatement
    let quarantineOfRecord: SQLiteStatement
    let insertAlert: SQLiteStatement
    let resolveRecheck: SQLiteStatement
    let insertQuarantine: SQLiteStatement
    let findOtherPerson: SQLiteStatement
    let insertOtherPerson: SQLiteStatement
    let lastTemperature: SQLiteStatement
    let addHourCounts: SQLiteStatement
    let addDayCounts: SQLiteStatement
    let updateStationSeq: SQLiteStatement
    let insertGap: SQLiteStatement
    let deleteGap: SQLiteStatement

    var purge: RetentionPurge
    var monitors: Monitors
    var housekeepingEvents: [CommittedEvent] = []

    init(
        options: StoreOptions, clock: any WallClock, directory: StationDirectory, recordEvents: EventSwitch,
        auditJournal: AuditJournal? = nil
    ) throws(StoreError) {
        self.options = options
        self.recordEvents = recordEvents
        if let auditJournal {
            self.auditJournal = auditJournal
        } else {
            self.auditJournal = try AuditJournal(
                databasePath: options.databasePath, fullDurability: options.fullDurability)
        }
        self.rules = options.rules
        self.monitoring = options.monitoring
        self.clock = clock
        self.directory = directory
        let db = try SQLiteConnection(path: options.databasePath, mode: .readWrite)
        self.db = db
        try WriterEngine.configure(db, fullDurability: options.fullDurability)
        try Schema.migrate(db, now: clock.now().milliseconds)
        // Prove a write transaction commits before anyone is told we are ready.
        try db.execute("BEGIN IMMEDIATE")
        let started = try db.prepare(
            """
            INSERT INTO meta(key, value) VALUES ('last_start', ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value
            """,
            persistent: false)
        try started.run { $0.bind(1, String(clock.now().milliseconds)) }
        try db.execute("COMMIT")

        insertRecord = try db.prepare(
            """
            INSERT INTO records(station_id, seq, person, ts, kind, temp, origin, verdict, checkpoint_id, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        findRecord = try db.prepare("SELECT id, verdict FROM records WHERE station_id = ? AND seq = ?")
        alertsOfRecord = try db.prepare("SELECT id FROM alerts WHERE record_id = ? ORDER BY id")
        quarantineOfRecord = try db.prepare("SELECT end FROM quarantines WHERE record_id = ? ORDER BY id LIMIT 1")
        insertAlert = try db.prepare(
            """
            INSERT INTO alerts(
                type, at, person, checkpoint_id, station_id, record_id, state, recheck, detail, created_at)
            VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)
            """)
        resolveRecheck = try db.prepare("UPDATE alerts SET recheck = ?, recheck_record_id = ? WHERE id = ?")
        insertQuarantine = try db.prepare(
            """
            INSERT INTO quarantines(person, start, end, record_id, reason, note, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        findOtherPerson = try db.prepare("SELECT id FROM people_other WHERE ident = ?")
        insertOtherPerson = try db.prepare("INSERT INTO people_other(ident) VALUES (?)")
        // The records of the last 31 days and tomorrow (a ts may be 5 minutes ahead), one index seek per day.
        lastTemperature = try db.prepare(
            """
            SELECT temp FROM records WHERE ts / \(Timestamp.millisecondsPerDay) IN (\(WriterEngine.recentDays))
                AND person = ?1 AND temp IS NOT NULL ORDER BY ts DESC LIMIT 1
            """)
        addHourCounts = try db.prepare(
            """
            INSERT INTO hourly_counts(checkpoint_id, hour, temps, entries, exits, fevers, violations)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(checkpoint_id, hour) DO UPDATE SET
                temps = temps + excluded.temps, entries = entries + excluded.entries, exits = exits + excluded.exits,
                fevers = fevers + excluded.fevers, violations = violations + excluded.violations
            """)
        addDayCounts = try db.prepare(
            """
            INSERT INTO daily_counts(checkpoint_id, day, temps, entries, exits, fevers, violations)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(checkpoint_id, day) DO UPDATE SET
                temps = temps + excluded.temps, entries = entries + excluded.entries, exits = exits + excluded.exits,
                fevers = fevers + excluded.fevers, violations = violations + excluded.violations
            """)
        updateStationSeq = try db.prepare(
            """
            UPDATE stations SET first_seq = MIN(COALESCE(first_seq, ?1), ?1),
                last_seq = MAX(COALESCE(last_seq, ?2), ?2),
                last_seen = ?3 WHERE id = ?4
            """)
        insertGap = try db.prepare(
            "INSERT OR REPLACE INTO station_gaps(station_id, first_missing, last_missing) VALUES (?, ?, ?)")
        deleteGap = try db.prepare("DELETE FROM station_gaps WHERE station_id = ? AND first_missing = ?")
        purge = RetentionPurge()
        monitors = Monitors(startedAt: clock.now())
        try loadMemory()
        try reloadMonitorCheckpoints()
        try loadRecentReadings()
        try moveLeftoverAuditEntries()
    }

    /// Moves what the audit journal kept from before a crash or a stop, in a transaction of its own.
    private func moveLeftoverAuditEntries() throws(StoreError) {
        state.auditMovedThrough = try AuditJournalMark.read(db, journal: auditJournal)
        try inSmallTransaction { engine throws(StoreError) in try engine.moveAuditEntries() }
        pruneAuditJournal()
    }

    /// `?2 + 1, ?2, ?2 - 1, ... ?2 - 31`: the days a LOOKUP looks back over (records older than the retention
    /// period are refused; retention beyond 31 days only makes LOOKUP look back 31 days).
    static let recentDays = (["?2 + 1", "?2"] + (1...31).map { "?2 - \($0)" }).joined(separator: ", ")

    static func configure(_ db: SQLiteConnection, fullDurability: Bool) throws(StoreError) {
        // Before the first statement: a lock held for a moment at start-up (a backup, an operator's sqlite3,
        // the previous daemon's last checkpoint) is waited for, not fatal.
        db.setBusyTimeout(milliseconds: 5000)
        // > The WAL journaling mode uses a write-ahead log instead of a rollback journal to implement transactions.
        guard try db.text("PRAGMA journal_mode = WAL")?.lowercased() == "wal" else {
            throw StoreError(
                .io,
                """
                the database \(db.path) cannot use WAL mode (is it on a network file system?): \
                put state_dir on a local disk
                """)
        }
        try db.execute("PRAGMA synchronous = \(fullDurability ? "FULL" : "NORMAL")")
        // A group commit of thousands of records touches thousands of index pages: with SQLite's default 2 MiB
        // cache they are spilled to the WAL mid-transaction and written again at commit (measured: 5.0 KB of WAL
        // writes per record instead of 1.0 KB). 64 MiB holds a large batch's pages until the commit.
        try db.execute("PRAGMA cache_size = -65536")
        try db.execute("PRAGMA foreign_keys = OFF")
        // Waiting longer than the busy timeout for a lock someone else holds makes the writer report
        // `degraded` (and stop feeding the watchdog): the records in the batch are answered E_UNAVAILABLE.
        checkpointd_sqlite_defensive(db.handle, 1)
    }

    /// Loads stations, active quarantine orders and pending re-checks.
    private func loadMemory() throws(StoreError) {
        let stations = try db.prepare(
            """
            SELECT s.id, s.code, s.checkpoint_id, c.code, s.token_salt, s.token_hash, s.revoked_at,
                   s.first_seq, s.last_seq, s.last_seen
            FROM stations s JOIN checkpoints c ON c.id = s.checkpoint_id
            """, persistent: false)
        var entries: [StationDirectory.Entry] = []
        while try stations.step() {
            let key = stations.int64(0)
            entries.append(
                StationDirectory.Entry(
                    key: key, code: stations.string(1) ?? "", checkpointKey: stations.int64(2),
                    checkpointCode: stations.string(3) ?? "", tokenSalt: stations.bytes(4),
                    tokenHash: stations.bytes(5),
                    revoked: !stations.isNull(6)))
            if let last = stations.optionalInt64(8) {
                state.stationSeqs[key] = WriterState.StationSeq(
                    first: stations.optionalInt64(7), last: last, lastSeen: stations.optionalInt64(9))
            }
        }
        directory.replaceAll(entries)

        let cutoff = clock.now().adding(milliseconds: -Int64(options.retentionDays) * Timestamp.millisecondsPerDay)
        let orders = try db.prepare(
            "SELECT id, person, start, end FROM quarantines WHERE released_at IS NULL AND end >= ? ORDER BY start",
            persistent: false)
        orders.bind(1, cutoff.milliseconds)
        while try orders.step() {
            let order = WriterState.Order(
                id: orders.int64(0),
                order: QuarantineOrder(
                    start: Timestamp(milliseconds: orders.int64(2)), end: Timestamp(milliseconds: orders.int64(3))),
                released: false)
            state.orders[orders.int64(1), default: []].append(order)
        }

        let gaps = try db.prepare(
            "SELECT station_id, first_missing, last_missing FROM station_gaps ORDER BY station_id, first_missing",
            persistent: false)
        var ranges: [Int64: [ClosedRange<Int64>]] = [:]
        while try gaps.step() {
            ranges[gaps.int64(0), default: []].append(gaps.int64(1)...gaps.int64(2))
        }
        for (station, list) in ranges { state.gaps[station] = StationGaps(ranges: list) }

        let rechecks = try db.prepare(
            "SELECT id, person, at FROM alerts WHERE type = 'FEVER' AND recheck = 'pending' AND person IS NOT NULL",
            persistent: false)
        while try rechecks.step() {
            state.pendingRechecks[rechecks.int64(1)] = PendingRecheck(
                alertID: rechecks.int64(0), openedAt: Timestamp(milliseconds: rechecks.int64(2)))
        }
    }

    func close() {
        // Checkpoint the WAL so a restart finds a small log; failures here only cost start-up time.
        try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pruneAuditJournal()
        auditJournal.close()
    }

    // MARK: batches

    enum BatchResult {
        /// The first `processed` jobs were committed (all of them unless the batch yielded).
        case committed(records: Int, events: [CommittedEvent], processed: Int)
        case jobFailed(index: Int, StoreError)
        case storageFailed(StoreError)
    }

    /// How often a batch asks whether other work is waiting.
    static let yieldCheckInterval = 1024

    /// Runs `jobs` in one transaction. Every `yieldCheckInterval` jobs it asks `shouldYield`; on yes it commits
    /// what it has done so far and says how many jobs that was.
    func runBatch(_ jobs: [any WriterJob], shouldYield: () -> Bool = { false }) -> BatchResult {
        delta = WriterState.Delta()
        batchStarted = clock.now()
        var records = 0
        var processed = jobs.count
        do throws(StoreError) {
            try db.execute("BEGIN IMMEDIATE")
        } catch {
            return .storageFailed(error)
        }
        for (index, job) in jobs.enumerated() {
            if index > 0 && index % WriterEngine.yieldCheckInterval == 0 && shouldYield() {
                processed = index
                break
            }
            do throws(StoreError) {
                try job.execute(self)
                if job.isRecord { records += 1 }
            } catch {
                rollback()
                return error.code.isStorageFailure ? .storageFailed(error) : .jobFailed(index: index, error)
            }
        }
        do throws(StoreError) {
            try flushBatchCounters()
            try db.execute("COMMIT")
        } catch {
            rollback()
            return .storageFailed(error)
        }
        let committed = delta
        delta = WriterState.Delta()
        state.apply(committed)
        noteCommitted(committed, at: batchStarted)
        for action in committed.afterCommit { action() }
        return .committed(records: records, events: committed.events, processed: processed)
    }

    func rollback() {
        if db.isInTransaction { try? db.execute("ROLLBACK") }
        delta = WriterState.Delta()
    }

    private func flushBatchCounters() throws(StoreError) {
        var days: [WriterState.HourKey: WriterState.HourCounts] = [:]
        for (key, counts) in delta.hours {
            try add(counts, to: addHourCounts, checkpoint: key.checkpoint, period: key.hour)
            let day = WriterState.HourKey(checkpoint: key.checkpoint, hour: key.hour / 24)
            days[day, default: WriterState.HourCounts()].add(counts)
        }
        for (key, counts) in days {
            try add(counts, to: addDayCounts, checkpoint: key.checkpoint, period: key.hour)
        }
        for (station, progress) in delta.stations {
            if progress.gapsChanged {
                let before = Set(state.gaps[station]?.ranges ?? [])
                let after = Set(progress.gaps.ranges)
                for range in before.subtracting(after) {
                    try deleteGap.run {
                        $0.bind(1, station)
                        $0.bind(2, range.lowerBound)
                    }
                }
                for range in after.subtracting(before) {
                    try insertGap.run {
                        $0.bind(1, station)
                        $0.bind(2, range.lowerBound)
                        $0.bind(3, range.upperBound)
                    }
                }
            }
            try updateStationSeq.run {
                $0.bind(1, progress.seq.first ?? progress.seq.last)
                $0.bind(2, progress.seq.last)
                $0.bind(3, progress.seq.lastSeen)
                $0.bind(4, station)
            }
        }
    }

    /// Adds `counts` to a checkpoint's row of `hourly_counts` or `daily_counts` (shared with RawIngest).
    func add(
        _ counts: WriterState.HourCounts, to statement: SQLiteStatement, checkpoint: Int64, period: Int64
    ) throws(StoreError) {
        try statement.run {
            $0.bind(1, checkpoint)
            $0.bind(2, period)
            $0.bind(3, counts.temps)
            $0.bind(4, counts.entries)
            $0.bind(5, counts.exits)
            $0.bind(6, counts.fevers)
            $0.bind(7, counts.violations)
        }
    }

    // MARK: people

    /// The integer key of a person; `other:` people get one from `people_other` (created when `create`).
    func personKey(_ person: PersonID, create: Bool) throws(StoreError) -> Int64? {
        if let key = person.storageKey { return key }
        let ident = person.normalized
        if let key = state.otherPersonKey(ident, delta: delta) { return key }
        findOtherPerson.bind(1, ident)
        defer { findOtherPerson.reset() }
        if try findOtherPerson.step() {
            let key = -findOtherPerson.int64(0)
            delta.otherPeople[ident] = key
            return key
        }
        guard create else { return nil }
        try insertOtherPerson.run { $0.bind(1, ident) }
        let key = -db.lastInsertRowID
        delta.otherPeople[ident] = key
        return key
    }
}

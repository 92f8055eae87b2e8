import CSQLite
import CheckpointCore
import Glibc

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
    /// The last committed batch's records by checkpoint key (for `/metrics`, issue 18).
    private(set) var lastCommittedCounts: [Int64: RecordCounts] = [:]
    /// When the running batch began: the receipt time of its records (they were all queued before it), for the
    /// stations' `last_seen` and the silence watch. Read once per batch, not once per record.
    var batchStarted = Timestamp(milliseconds: 0)

    /// The writer's prepared statements.
    let statements: WriterStatements

    var purge: RetentionPurge
    var monitors: Monitors
    /// The checkpoints that are not compound gates, by key (`checkpointKind(of:)`); reloaded after registry changes.
    var checkpointKinds: [Int64: CheckpointKind] = [:]
    /// Issue 19: the resident roster, the checkpoints' grids and sites, and the statements their rules run.
    var roster = RosterMemory()
    var checkpointFacts = CheckpointFacts()
    var preparedRosterStatements: RosterStatements?
    var passages = PassageMemory()
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
        statements = try WriterStatements(db)
        purge = RetentionPurge()
        monitors = Monitors(startedAt: clock.now())
        // Read first: a damaged page met here stops the start before anything is written (the file is left as
        // it was, issue 14).
        try loadMemory()
        try reloadCheckpointKinds()
        try reloadRosterAndSites()
        try reloadMonitorCheckpoints()
        try loadRecentReadings()
        // Prove a write transaction commits before anyone is told we are ready.
        try db.execute("BEGIN IMMEDIATE")
        try statements.setMeta("last_start", String(clock.now().milliseconds))
        try db.execute("COMMIT")
        try moveLeftoverAuditEntries()
    }

    /// Refuses to start on a write-ahead log whose database file is gone (deleted while the daemon ran, which was
    /// then killed before it closed): SQLite would read the old log's pages into a new, empty file and serve a
    /// mixture of both.
    static func refuseOrphanedLog(databasePath: String) throws(StoreError) {
        var database = stat()
        var log = stat()
        let databaseSize = stat(databasePath, &database) == 0 ? Int64(database.st_size) : 0
        guard databaseSize == 0, stat(databasePath + "-wal", &log) == 0, log.st_size > 0 else { return }
        throw StoreError(
            .io,
            "\(databasePath)-wal holds commits but \(databasePath) is missing or empty (the database file was "
                + "deleted): restore the latest backup to \(databasePath), or move \(databasePath)-wal and "
                + "\(databasePath)-shm aside to start with an empty database")
    }

    /// Moves what the audit journal kept from before a crash or a stop, in a transaction of its own.
    private func moveLeftoverAuditEntries() throws(StoreError) {
        state.auditMovedThrough = try AuditJournalMark.read(db, journal: auditJournal)
        try inSmallTransaction { engine throws(StoreError) in try engine.moveAuditEntries() }
        pruneAuditJournal()
    }

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
        // > When secure_delete is on, SQLite overwrites deleted content with zeros.
        // An erased person and purged rows must not live on in free pages (issue 13, point 9). It costs only on
        // deletes and shrinking updates: retention's (docs/storage.md has the figures); inserts are unchanged.
        try db.execute("PRAGMA secure_delete = ON")
        // Waiting longer than the busy timeout for a lock someone else holds makes the writer report
        // `degraded` (and stop feeding the watchdog): the records in the batch are answered E_UNAVAILABLE.
        checkpointd_sqlite_defensive(db.handle, 1)
    }

    /// Loads stations, active quarantine orders, the links between people's keys and pending re-checks.
    private func loadMemory() throws(StoreError) {
        var entries: [StationDirectory.Entry] = []
        for (entry, seq) in try StationDirectory.load(db) {
            entries.append(entry)
            if let seq { state.stationSeqs[entry.key] = seq }
        }
        directory.replaceAll(entries)

        let cutoff = clock.now().adding(milliseconds: -Int64(options.retentionDays) * Timestamp.millisecondsPerDay)
        let orders = try db.prepare(
            "SELECT id, person, start, end, district FROM quarantines WHERE released_at IS NULL AND end >= ? ORDER BY start",
            persistent: false)
        orders.bind(1, cutoff.milliseconds)
        while try orders.step() {
            let order = WriterState.Order(
                id: orders.int64(0),
                order: QuarantineOrder(
                    start: Timestamp(milliseconds: orders.int64(2)), end: Timestamp(milliseconds: orders.int64(3))),
                released: false, district: orders.string(4))
            state.orders[orders.int64(1), default: []].append(order)
        }

        state.links = try PersonLinkQueries.all(db)

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

    func close(checkpoint: Bool = true) {
        // Checkpoint the WAL so a restart finds a small log; failures here only cost start-up time.
        if checkpoint { try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
        pruneAuditJournal()
        auditJournal.close()
    }

    /// The `.moved` error when the database file was deleted or replaced since it was opened (one `stat`).
    func databaseMoved() -> StoreError? {
        guard db.fileHasMoved else { return nil }
        return StoreError(.moved, "the database file \(db.path) was deleted or replaced while open")
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
            try flushCategoryCounts()
            try db.execute("COMMIT")
        } catch {
            rollback()
            return .storageFailed(error)
        }
        let committed = delta
        delta = WriterState.Delta()
        lastCommittedCounts = [:]
        for (key, counts) in committed.hours {
            lastCommittedCounts[key.checkpoint, default: RecordCounts()].add(counts)
        }
        state.apply(committed)
        passages.commit()
        noteCommitted(committed, at: batchStarted)
        for action in committed.afterCommit { action() }
        return .committed(records: records, events: committed.events, processed: processed)
    }

    func rollback() {
        if db.isInTransaction { try? db.execute("ROLLBACK") }
        delta = WriterState.Delta()
        passages.rollback()
    }

    private func flushBatchCounters() throws(StoreError) {
        try statements.addCounts(delta.hours)
        for (station, progress) in delta.stations {
            if progress.gapsChanged {
                let before = Set(state.gaps[station]?.ranges ?? [])
                let after = Set(progress.gaps.ranges)
                for range in before.subtracting(after) {
                    try statements.deleteGap(station: station, first: range.lowerBound)
                }
                for range in after.subtracting(before) {
                    try statements.insertGap(station: station, range)
                }
            }
            try statements.updateStationSeq(
                station: station, first: progress.seq.first ?? progress.seq.last, last: progress.seq.last,
                lastSeen: progress.seq.lastSeen)
        }
    }

    // MARK: people

    /// The integer key of a person; `other:` people get one from `people_other` (created when `create`).
    func personKey(_ person: PersonID, create: Bool) throws(StoreError) -> Int64? {
        if let key = person.storageKey { return key }
        let ident = person.normalized
        if let key = state.otherPersonKey(ident, delta: delta) { return key }
        if let row = try statements.otherPerson(ident) {
            let key = -row
            delta.otherPeople[ident] = key
            return key
        }
        guard create else { return nil }
        let key = -(try statements.insertOtherPerson(ident))
        delta.otherPeople[ident] = key
        return key
    }
}

import CheckpointCore
import Synchronization

/// Makes the audit row of an accountable lookup (SPEC §9 `trace`, `export`) durable before any data goes out,
/// without waiting for the writer.
///
/// The writer commits records in groups of up to tens of thousands; putting the audit row into that queue made a
/// `trace` during a burst wait for a partial group commit and then its own (two `fsync`s of megabytes: 25–35 ms
/// measured). The journal is a small SQLite database of its own next to the main one (`<database>-audit`): an
/// entry is one tiny transaction there, one `fsync` of a page or two. The writer then moves the entries into the
/// `audit` table after the records already queued (at once for `audit` and `backup`), and its housekeeping deletes
/// moved entries here at most every `pruneInterval`, without an `fsync`.
///
/// Moving is exact, not "at least once": the main database remembers, in the same transaction as the moved rows,
/// which journal (a random identity made with it) and which entry id it has taken up to. Entry ids are never
/// reused (`AUTOINCREMENT`), and a journal with another identity (deleted, replaced) starts from zero.
public final class AuditJournal: Sendable {
    /// How often the writer deletes moved entries (nanoseconds): rarely, so that a `trace` seldom finds the
    /// journal's lock taken.
    static let pruneInterval: UInt64 = 5_000_000_000

    public let path: String
    /// The random identity of this journal file, recorded in the main database with what was moved from it.
    public let identity: String
    private let connection: VisibleMutex<Connection>

    /// One journal entry, as stored.
    struct Entry {
        var id: Int64
        var entry: AuditEntry
    }

    private final class Connection {
        let db: SQLiteConnection
        let synchronous: String
        let append: SQLiteStatement
        let pending: SQLiteStatement
        let remove: SQLiteStatement

        init(_ db: SQLiteConnection, synchronous: String) throws(StoreError) {
            self.db = db
            self.synchronous = synchronous
            append = try db.prepare(
                """
                INSERT INTO pending(at, uid, gid, cmd, person, since, until, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            pending = try db.prepare(
                "SELECT id, at, uid, gid, cmd, person, since, until, reason FROM pending WHERE id > ? ORDER BY id")
            remove = try db.prepare("DELETE FROM pending WHERE id <= ?")
        }
    }

    /// Opens (creating if needed) the journal of the database at `databasePath`.
    public convenience init(databasePath: String, fullDurability: Bool) throws(StoreError) {
        try self.init(path: databasePath + "-audit", fullDurability: fullDurability)
    }

    init(path: String, fullDurability: Bool) throws(StoreError) {
        self.path = path
        let db: SQLiteConnection
        do throws(StoreError) {
            db = try SQLiteConnection(path: path, mode: .readWrite)
            db.setBusyTimeout(milliseconds: 5000)
            guard try db.text("PRAGMA journal_mode = WAL")?.lowercased() == "wal" else {
                throw StoreError(.io, "WAL mode is not available (is it on a network file system?)")
            }
            let synchronous = fullDurability ? "FULL" : "NORMAL"
            try db.execute("PRAGMA synchronous = \(synchronous)")
            // Entries name people in full until they are moved; deleted ones must not linger (an erasure).
            try db.execute("PRAGMA secure_delete = ON")
            try db.execute(
                """
                BEGIN IMMEDIATE;
                CREATE TABLE IF NOT EXISTS journal (identity TEXT NOT NULL);
                INSERT INTO journal(identity) SELECT lower(hex(randomblob(16)))
                    WHERE NOT EXISTS (SELECT 1 FROM journal);
                CREATE TABLE IF NOT EXISTS pending (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, uid INTEGER, gid INTEGER,
                    cmd TEXT NOT NULL, person TEXT, since INTEGER, until INTEGER, reason TEXT NOT NULL);
                COMMIT;
                """)
            guard let identity = try db.text("SELECT identity FROM journal LIMIT 1") else {
                throw StoreError(.corrupt, "it has no identity row")
            }
            self.identity = identity
            connection = VisibleMutex(try Connection(db, synchronous: synchronous))
        } catch {
            throw StoreError(
                error.code,
                """
                cannot use the audit journal \(path): \(error.message). It holds the audit rows of lookups not yet \
                moved into the database: fix the cause, or move the file (and its -wal) aside to start a new one
                """, sqliteCode: error.sqliteCode)
        }
    }

    /// Writes `entry` and returns once it is durable (with `durability = full`, on disk).
    public func append(_ entry: AuditEntry) throws(StoreError) {
        try connection.withLock { connection throws(StoreError) in
            try connection.append.run { $0.bind(entry) }
        }
    }

    /// The entries after id `after`, oldest first.
    func entries(after: Int64) throws(StoreError) -> [Entry] {
        try connection.withLock { connection throws(StoreError) -> [Entry] in
            let query = connection.pending
            query.bind(1, after)
            defer { query.reset() }
            var entries: [Entry] = []
            while try query.step() {
                entries.append(
                    Entry(
                        id: query.int64(0),
                        entry: AuditEntry(
                            at: Timestamp(milliseconds: query.int64(1)),
                            uid: query.optionalInt64(2).map(UInt32.init(truncatingIfNeeded:)),
                            gid: query.optionalInt64(3).map(UInt32.init(truncatingIfNeeded:)),
                            command: query.string(4) ?? "",
                            person: query.string(5), since: query.optionalInt64(6).map(Timestamp.init(milliseconds:)),
                            until: query.optionalInt64(7).map(Timestamp.init(milliseconds:)),
                            reason: query.string(8) ?? "")))
            }
            return entries
        }
    }

    /// Deletes the entries up to id `through` (they are in the main database now). Without an `fsync`: a delete
    /// lost in a crash is harmless (the main database's mark skips those entries), and an `fsync` here would hold
    /// the lock a `trace` needs for its own commit.
    func remove(through: Int64) throws(StoreError) {
        try connection.withLock { connection throws(StoreError) in
            try connection.db.execute("PRAGMA synchronous = OFF")
            defer { try? connection.db.execute("PRAGMA synchronous = \(connection.synchronous)") }
            try connection.remove.run { $0.bind(1, through) }
        }
    }

    /// Deletes the entries up to `through` and checkpoints the WAL into the file, truncating it (after an
    /// erasure: with `secure_delete`, no deleted entry is left in either file). Returns whether the WAL was
    /// truncated (a reader of the journal may hold it for a moment).
    func scrub(through: Int64) -> Bool {
        connection.withLock { connection in
            _ = try? connection.remove.run { $0.bind(1, through) }
            return (try? AuditJournal.checkpointTruncate(connection.db)) ?? false
        }
    }

    /// `PRAGMA wal_checkpoint(TRUNCATE)`; true when it completed (its first column, "busy", is 0).
    static func checkpointTruncate(_ db: SQLiteConnection) throws(StoreError) -> Bool {
        // > If the writer lock cannot be obtained immediately, and a busy-handler is configured, it is invoked
        // > and the writer lock retried until either the busy-handler returns 0 or the lock is successfully obtained.
        let statement = try db.prepare("PRAGMA wal_checkpoint(TRUNCATE)", persistent: false)
        guard try statement.step() else { return false }
        return statement.int64(0) == 0
    }

    /// Checkpoints the journal's WAL into its file (at shutdown).
    func close() {
        connection.withLock { connection in _ = try? connection.db.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }
}

extension SQLiteStatement {
    /// Binds `entry` to placeholders 1–8 in the order `at, uid, gid, cmd, person, since, until, reason` (the
    /// journal's `pending` and the main database's `audit` have the same columns).
    func bind(_ entry: AuditEntry) {
        bind(1, entry.at.milliseconds)
        bind(2, entry.uid.map(Int64.init))
        bind(3, entry.gid.map(Int64.init))
        bind(4, entry.command)
        bind(5, entry.person)
        bind(6, entry.since?.milliseconds)
        bind(7, entry.until?.milliseconds)
        bind(8, entry.reason)
    }
}

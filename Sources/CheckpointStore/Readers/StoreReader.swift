import CSQLite
public import CheckpointCore
import Dispatch
import Synchronization

/// A small pool of read-only connections for queries (SPEC §5: queries never block ingest — in WAL mode a
/// reader sees the last commit and never waits for the writer). Calls block the calling thread: run them on a
/// thread pool, never on an event loop.
public final class StoreReader: Sendable {
    private let idle: VisibleMutex<[PooledConnection]>
    private let available: DispatchSemaphore

    /// The database file the readers read.
    public let databasePath: String
    /// Person queries cover at most the days retention can still hold (issue 13: bounded cost).
    let retentionDays: Int
    /// Told of every corruption error a reader meets (issue 13: the daemon then stops).
    let integrity: StorageIntegrity?

    public init(
        path: String, connections: Int, retentionDays: Int = Defaults.retentionDays,
        integrity: StorageIntegrity? = nil
    ) throws(StoreError) {
        self.databasePath = path
        self.retentionDays = retentionDays
        self.integrity = integrity
        var pool: [PooledConnection] = []
        for _ in 0..<max(1, connections) {
            let db = try SQLiteConnection(path: path, mode: .readOnly)
            db.setBusyTimeout(milliseconds: 5000)
            // One read now: SQLite opens a connection's WAL file at its first read, so a reader first used hours
            // later (only under concurrent queries) would add a descriptor then (the soak counted 35 -> 36). Every
            // reader's files are open from the start, the schema is parsed, and an unreadable WAL shows at start.
            _ = try db.integer("SELECT COUNT(*) FROM sqlite_schema")
            pool.append(PooledConnection(db))
        }
        self.available = DispatchSemaphore(value: pool.count)
        self.idle = VisibleMutex(pool)
    }

    /// Borrows a connection for `body`. Each call sees one consistent snapshot only if `body` opens a transaction.
    func read<T>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        available.wait()
        // Safe because the semaphore counts the idle connections: one is there for each successful wait.
        let pooled = idle.withLock { $0.removeLast() }
        defer {
            idle.withLock { $0.append(pooled) }
            available.signal()
        }
        do throws(StoreError) {
            return try body(pooled.connection)
        } catch {
            if error.code.isFatal { integrity?.report(error, path: databasePath) }
            throw error
        }
    }

    public var sqliteVersion: String { SQLiteConnection.libraryVersion }

    public func checkpoints() throws(StoreError) -> [CheckpointRow] {
        try read { db throws(StoreError) in try RegistryQueries.checkpoints(db) }
    }

    /// Alerts not yet acknowledged (for `STATUS=` and `stats`).
    public func openAlertCount() throws(StoreError) -> Int {
        try read { db throws(StoreError) in
            Int(try db.integer("SELECT COUNT(*) FROM alerts WHERE state = 'open'") ?? 0)
        }
    }

    public func stations() throws(StoreError) -> [StationRow] {
        try read { db throws(StoreError) in try RegistryQueries.stations(db) }
    }
}

/// A connection moving between the pool and one borrower at a time.
private final class PooledConnection: @unchecked Sendable {
    // Safe because a connection is handed over under the pool's lock and used by one borrower at a time.
    let connection: SQLiteConnection

    init(_ connection: SQLiteConnection) { self.connection = connection }
}

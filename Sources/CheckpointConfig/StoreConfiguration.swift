/// How hard each commit pushes to disk (SPEC §5): `full` is `synchronous=FULL`, `normal` is `synchronous=NORMAL`
/// (faster; a power cut may lose the last commits, a crash of the daemon alone does not).
public enum Durability: String, Sendable, CaseIterable {
    case full
    case normal
}

/// What `CheckpointStore` needs: where the database is, how it commits, and how long it keeps rows.
public struct StoreConfiguration: Sendable, Equatable {
    /// Absolute path of the SQLite database file.
    public var databasePath: String
    public var durability: Durability
    /// Records older than this many days (by record time) are purged.
    public var retentionDays: Int
    /// Alerts and quarantine orders older than this many days are purged.
    public var alertRetentionDays: Int
    /// The most records one group commit writes in one transaction.
    public var maxBatchRecords: Int
    /// Read-only connections for queries, so they never block ingest.
    public var readerConnections: Int
    /// The folder `backup` writes into (created 0700 when missing); a backup is named by a file name in it.
    public var backupDirectory: String

    public init(
        databasePath: String,
        durability: Durability,
        retentionDays: Int,
        alertRetentionDays: Int,
        maxBatchRecords: Int,
        readerConnections: Int,
        backupDirectory: String
    ) {
        self.databasePath = databasePath
        self.durability = durability
        self.retentionDays = retentionDays
        self.alertRetentionDays = alertRetentionDays
        self.maxBatchRecords = maxBatchRecords
        self.readerConnections = readerConnections
        self.backupDirectory = backupDirectory
    }
}

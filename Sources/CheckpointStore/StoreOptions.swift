public import CheckpointCore

/// What the store needs to know. The server builds it from the daemon's configuration; the store never reads
/// configuration files or the environment.
public struct StoreOptions: Sendable {
    public var databasePath: String
    /// `synchronous=FULL` when true (an `OK` survives power loss), `NORMAL` when false (survives a crash of the process).
    public var fullDurability: Bool
    public var retentionDays: Int
    public var alertRetentionDays: Int
    /// The most records one group commit takes.
    public var maxBatchRecords: Int
    public var readerConnections: Int
    public var rules: RulePolicy

    public init(
        databasePath: String, fullDurability: Bool = true, retentionDays: Int = 30, alertRetentionDays: Int = 180,
        maxBatchRecords: Int = 4096, readerConnections: Int = 4, rules: RulePolicy = RulePolicy()
    ) {
        self.databasePath = databasePath
        self.fullDurability = fullDurability
        self.retentionDays = retentionDays
        self.alertRetentionDays = alertRetentionDays
        self.maxBatchRecords = maxBatchRecords
        self.readerConnections = readerConnections
        self.rules = rules
    }
}

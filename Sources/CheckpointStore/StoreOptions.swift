public import CheckpointCore

/// What the store needs to know. The server builds it from the daemon's configuration; the store never reads
/// configuration files or the environment.
public struct StoreOptions: Sendable {
    public var databasePath: String
    /// `synchronous=FULL` when true (an `OK` survives power loss), `NORMAL` when false (it survives a crash of
    /// the process).
    public var fullDurability: Bool
    public var retentionDays: Int
    public var alertRetentionDays: Int
    /// The most records one group commit takes.
    public var maxBatchRecords: Int
    public var readerConnections: Int
    public var rules: RulePolicy
    public var monitoring: MonitoringPolicy
    /// The operator's zone, for `HH:MM-HH:MM` staffed hours and the day of a violation case.
    public var zone: any DisplayZone

    public init(
        databasePath: String, fullDurability: Bool = true, retentionDays: Int = Defaults.retentionDays,
        alertRetentionDays: Int = Defaults.alertRetentionDays, maxBatchRecords: Int = Defaults.maxBatchRecords,
        readerConnections: Int = Defaults.readerConnections, rules: RulePolicy = RulePolicy(),
        monitoring: MonitoringPolicy = MonitoringPolicy(), zone: any DisplayZone = FixedOffsetZone.utc
    ) {
        self.monitoring = monitoring
        self.zone = zone
        self.databasePath = databasePath
        self.fullDurability = fullDurability
        self.retentionDays = retentionDays
        self.alertRetentionDays = alertRetentionDays
        self.maxBatchRecords = maxBatchRecords
        self.readerConnections = readerConnections
        self.rules = rules
    }
}

/// The §9 watchers the writer runs between batches.
public struct MonitoringPolicy: Sendable, Equatable {
    /// A violation or confirmed fever not acknowledged this long after it was raised is escalated.
    public var escalateAfterMilliseconds: Int64
    /// A staffed checkpoint with no record this long raises a SILENT alert.
    public var silentAfterMilliseconds: Int64
    /// Readings per station compared for thermometer drift.
    public var driftWindow: Int
    /// A station whose median differs from its grid's by more than this raises a DRIFT alert.
    public var driftThresholdTenths: Int
    /// Readings each side needs before drift is judged (SPEC §10: 50), at most the window (`driftReadingsNeeded`).
    public var driftMinimumReadings: Int
    /// Issue 16: the follow-up deadlines of people under an order (display zone).
    public var followupTimes: FollowupTimes

    /// Readings a station, and the rest of its grid, must have before drift is judged: min(50, `drift_window`)
    /// (SPEC §10). A station keeps only `drift_window` readings, so a window under 50 would otherwise never be
    /// compared.
    public var driftReadingsNeeded: Int { min(driftMinimumReadings, driftWindow) }

    public init(
        escalateAfterMilliseconds: Int64 = Defaults.escalateAfter.milliseconds,
        silentAfterMilliseconds: Int64 = Defaults.silentAfter.milliseconds, driftWindow: Int = Defaults.driftWindow,
        driftThresholdTenths: Int = Defaults.driftThresholdTenths,
        driftMinimumReadings: Int = Defaults.driftMinimumReadings, followupTimes: FollowupTimes = .standard
    ) {
        self.followupTimes = followupTimes
        self.escalateAfterMilliseconds = escalateAfterMilliseconds
        self.silentAfterMilliseconds = silentAfterMilliseconds
        self.driftWindow = driftWindow
        self.driftThresholdTenths = driftThresholdTenths
        self.driftMinimumReadings = driftMinimumReadings
    }
}

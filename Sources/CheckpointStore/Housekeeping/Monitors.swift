import CheckpointCore

/// The memory of the §9 watchers that raise alerts by themselves: silent checkpoints and thermometer drift. Lives
/// on the writer thread; fed after each commit. The decisions are Core's `SilenceWatch`, `DriftWatch` and
/// `EscalationWatch`; `WriterEngine+Watchers` feeds them from here and the database, and writes what they decide.
struct Monitors {
    struct Checkpoint {
        var code: String
        var grid: String
        var staffed: StaffedHours
        /// When it was (re)added: silence is not counted from before a checkpoint existed.
        var since: Timestamp
    }

    var startedAt: Timestamp
    var lastSweep: UInt64 = 0
    /// When the follow-up windows were last looked at (monotonic; issue 16).
    var lastFollowup: UInt64 = 0
    var checkpoints: [Int64: Checkpoint] = [:]
    /// Checkpoint key → time (receipt) of its last record.
    var lastActivity: [Int64: Timestamp] = [:]
    /// Checkpoint key → the SILENT alert of its current silent spell.
    var silentSpells: [Int64: Int64] = [:]
    var readings: [Int64: DriftWatch.Readings] = [:]
    /// Station key → the DRIFT alert of its current spell.
    var driftSpells: [Int64: Int64] = [:]
    /// Grids with new readings since the last drift check.
    var gridsToCheck: Set<String> = []

    static let sweepInterval: UInt64 = 2_000_000_000
}

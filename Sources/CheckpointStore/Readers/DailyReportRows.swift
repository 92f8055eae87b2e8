/// The cells of one row of the daily report (issue 16 point 4). docs/operations.md defines each one.
public struct DailyReportCounts: Sendable, Hashable {
    /// Records whose time is in the day, by kind.
    public var temps = 0
    public var entries = 0
    public var exits = 0
    /// Distinct person keys among those records (across the whole group for a subtotal or the total).
    public var people = 0
    /// FEVER alerts opened in the day (the time of the fever reading), whatever their re-check.
    public var fevers = 0
    public var feversConfirmed = 0
    public var feversCleared = 0
    public var feversMissed = 0
    /// VIOLATION cases opened in the day (one per person, order and local day: issue 15).
    public var violations = 0
    /// Quarantine orders starting in the day.
    public var newOrders = 0
    /// Orders in force at the last instant of the day.
    public var activeOrders = 0
    /// SILENT alerts raised in the day.
    public var silentSpells = 0
    /// Seqs missing from the stations' uploads, for gaps whose next record is in the day.
    public var missingSeqs = 0

    public init() {}

    public var records: Int { temps + entries + exits }

    /// Adds every cell but `people`, which is not a sum.
    mutating func add(_ other: DailyReportCounts) {
        temps += other.temps
        entries += other.entries
        exits += other.exits
        fevers += other.fevers
        feversConfirmed += other.feversConfirmed
        feversCleared += other.feversCleared
        feversMissed += other.feversMissed
        violations += other.violations
        newOrders += other.newOrders
        activeOrders += other.activeOrders
        silentSpells += other.silentSpells
        missingSeqs += other.missingSeqs
    }
}

/// One row of the daily report: a checkpoint, a grid's subtotal, the orders no checkpoint opened, or the district.
public struct DailyReportRow: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable {
        case checkpoint
        case grid
        /// Orders an operator opened (`quarantine add`): no checkpoint, so no grid yet.
        case noCheckpoint = "no_checkpoint"
        case district
    }

    public var level: Level
    /// The checkpoint's grid, or the subtotal's; nil for the district and the orders without a checkpoint.
    public var grid: String?
    public var checkpoint: String?
    public var name: String?
    public var counts: DailyReportCounts
}

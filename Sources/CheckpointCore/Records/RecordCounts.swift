/// Counts of records by kind and verdict: the one counter behind `stats`, the hourly and daily rollups and the
/// writer's per-batch tallies.
public struct RecordCounts: Sendable, Hashable {
    public var temps = 0
    public var entries = 0
    public var exits = 0
    public var fevers = 0
    public var violations = 0
    /// Issue 19: records of people not on the roster at a compound gate of a grid with one.
    public var visitors = 0
    /// Issue 19: records of `home` residents over the outing quota or out too long.
    public var notices = 0

    public init() {}

    public init(temps: Int, entries: Int, exits: Int, fevers: Int, violations: Int) {
        self.temps = temps
        self.entries = entries
        self.exits = exits
        self.fevers = fevers
        self.violations = violations
    }

    public var records: Int { temps + entries + exits }

    /// The count of one kind. A new `RecordKind` case makes this switch, and so every counter, fail to compile
    /// until it is counted.
    public subscript(kind: RecordKind) -> Int {
        get {
            switch kind {
            case .temp: temps
            case .entry: entries
            case .exit: exits
            }
        }
        set {
            switch kind {
            case .temp: temps = newValue
            case .entry: entries = newValue
            case .exit: exits = newValue
            }
        }
    }

    /// Counts one record.
    public mutating func count(_ kind: RecordKind, verdicts: Verdicts) {
        self[kind] += 1
        if verdicts.contains(.fever) { fevers += 1 }
        if verdicts.contains(.violation) { violations += 1 }
        if verdicts.contains(.visitor) { visitors += 1 }
        if verdicts.contains(.notice) { notices += 1 }
    }

    public mutating func add(_ other: RecordCounts) {
        temps += other.temps
        entries += other.entries
        exits += other.exits
        fevers += other.fevers
        violations += other.violations
        visitors += other.visitors
        notices += other.notices
    }
}

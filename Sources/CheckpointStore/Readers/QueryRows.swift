public import CheckpointCore

public struct CheckpointCounts: Sendable, Hashable {
    public var code: String
    public var name: String
    public var grid: String
    public var counts: RecordCounts
}

public struct StatsResult: Sendable, Hashable {
    public var totals: RecordCounts
    public var perCheckpoint: [CheckpointCounts]
    /// Per grid, sorted by grid id.
    public var perGrid: [(grid: String, counts: RecordCounts)]
    /// Per hour (start of the hour), oldest first; filled only when asked for.
    public var perHour: [(hour: Timestamp, counts: RecordCounts)]
    public var openAlerts: Int
    public var activeQuarantines: Int

    public static func == (lhs: StatsResult, rhs: StatsResult) -> Bool {
        lhs.totals == rhs.totals && lhs.perCheckpoint == rhs.perCheckpoint
            && lhs.perGrid.map(\.grid) == rhs.perGrid.map(\.grid)
            && lhs.perGrid.map(\.counts) == rhs.perGrid.map(\.counts)
            && lhs.perHour.map(\.hour) == rhs.perHour.map(\.hour)
            && lhs.perHour.map(\.counts) == rhs.perHour.map(\.counts)
            && lhs.openAlerts == rhs.openAlerts && lhs.activeQuarantines == rhs.activeQuarantines
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(totals) }
}

/// A stored record with its place, for `trace`, `records` and `export`.
public struct RecordRow: Sendable, Hashable {
    public var id: Int64
    public var at: Timestamp
    public var kind: RecordKind
    public var person: PersonID?
    public var temperature: Temperature?
    public var verdicts: Verdicts
    public var origin: Origin?
    public var note: String?
    public var checkpointCode: String
    public var checkpointName: String
    public var grid: String
    public var stationCode: String
    public var seq: Int64
}

/// Someone whose last passage at a compound is an exit (SPEC §9 presence).
public struct PersonOut: Sendable, Hashable {
    public var person: PersonID?
    public var exitAt: Timestamp
    public var checkpointCode: String
}

public struct PresenceResult: Sendable, Hashable {
    public var out: [PersonOut]
    public var inside: Int
}

/// Filters of the `records` and `export` queries.
public struct RecordFilter: Sendable, Hashable {
    public var checkpoint: String?
    /// The records of every checkpoint of a grid (issue 16).
    public var grid: String?
    public var person: PersonID?
    public var kind: RecordKind?
    public var since: Timestamp?
    public var until: Timestamp?

    public init(
        checkpoint: String? = nil, person: PersonID? = nil, kind: RecordKind? = nil, since: Timestamp? = nil,
        until: Timestamp? = nil, grid: String? = nil
    ) {
        self.checkpoint = checkpoint
        self.grid = grid
        self.person = person
        self.kind = kind
        self.since = since
        self.until = until
    }
}

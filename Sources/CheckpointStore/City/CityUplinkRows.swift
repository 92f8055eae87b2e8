public import CheckpointCore

/// What the uplink ships to the city (issue 17 point 2): rows as the district stored them, with the names the city
/// keys by (checkpoint, station and grid codes; the normalised person) in place of this database's integer keys.

/// A committed record.
public struct UplinkRecord: Sendable, Equatable {
    public var id: Int64
    public var person: String
    public var at: Timestamp
    public var kind: String
    public var temperatureTenths: Int?
    public var origin: String?
    public var verdicts: Int
    public var checkpoint: String
    public var grid: String
    public var station: String
    public var seq: Int64
}

/// An alert as it is now (shipped again after each change of state).
public struct UplinkAlert: Sendable, Equatable {
    public var id: Int64
    public var type: String
    public var at: Timestamp
    public var person: String?
    public var checkpoint: String?
    public var grid: String?
    public var state: String
    public var count: Int
    public var lastAt: Timestamp?
    public var escalatedAt: Timestamp?
    public var ackedAt: Timestamp?
    public var ackedBy: String?
    public var detail: String?
    public var recheck: String?
    /// For a VIOLATION of an order another district opened: that district.
    public var orderedBy: String?
}

/// One of this district's quarantine orders as it is now.
public struct UplinkOrder: Sendable, Equatable {
    public var id: Int64
    public var person: String
    public var start: Timestamp
    public var end: Timestamp
    public var reason: String?
    public var grid: String?
    public var releasedAt: Timestamp?
}

/// A station's gap: `lastMissing` nil when it has been filled since (the city deletes it).
public struct UplinkGap: Sendable, Equatable {
    public var station: String
    public var firstMissing: Int64
    public var lastMissing: Int64?
}

/// The queued changes after a position, each row once in its present state, and the position they reach.
public struct UplinkChanges: Sendable, Equatable {
    public var through: Int64
    public var alerts: [UplinkAlert] = []
    public var orders: [UplinkOrder] = []
    public var gaps: [UplinkGap] = []

    public var isEmpty: Bool { alerts.isEmpty && orders.isEmpty && gaps.isEmpty }
}

/// How far this database has shipped to the city and followed the city's registry (`meta`).
public struct CityPositions: Sendable, Equatable {
    /// The district this database ships as; nil before a city was first configured.
    public var district: String?
    /// This database's identity in the city (made when it first joined): the city refuses positions of another.
    public var databaseID: String? = nil
    public var shippedRecords: Int64
    public var shippedChanges: Int64
    public var registrySeq: Int64

    public init(district: String?, shippedRecords: Int64, shippedChanges: Int64, registrySeq: Int64) {
        self.district = district
        self.shippedRecords = shippedRecords
        self.shippedChanges = shippedChanges
        self.registrySeq = registrySeq
    }
}

/// What has not reached the city yet.
public struct UplinkBacklog: Sendable, Equatable {
    /// Records after the shipped position (by id).
    public var records: Int64
    /// Queued changes after the shipped position.
    public var changes: Int64
    /// When the oldest record not shipped was taken; nil when every record is shipped.
    public var oldestRecordAt: Timestamp?
}

/// A quarantine order of another district, from the city's registry.
public struct CityOrder: Sendable, Equatable {
    public var district: String
    public var originID: Int64
    public var person: PersonID
    public var start: Timestamp
    public var end: Timestamp
    public var reason: String?
    public var releasedAt: Timestamp?

    public init(
        district: String, originID: Int64, person: PersonID, start: Timestamp, end: Timestamp, reason: String?,
        releasedAt: Timestamp?
    ) {
        self.district = district
        self.originID = originID
        self.person = person
        self.start = start
        self.end = end
        self.reason = reason
        self.releasedAt = releasedAt
    }
}

/// The `meta` keys of the city tier.
enum CityMetaKey {
    static let district = "city.district"
    static let shippedRecords = "city.shipped_records"
    static let shippedChanges = "city.shipped_changes"
    static let registrySeq = "city.registry_seq"
    static let databaseID = "city.database_id"
}

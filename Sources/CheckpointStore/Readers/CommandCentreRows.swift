public import CheckpointCore

/// An alert as the control socket shows it.
public struct AlertRow: Sendable, Hashable {
    public var id: Int64
    public var type: AlertType
    public var at: Timestamp
    public var person: PersonID?
    public var checkpointCode: String?
    public var stationCode: String?
    public var recordID: Int64?
    /// `open` or `acked`.
    public var state: String
    /// Fever alerts: pending, cleared-on-recheck, confirmed, missed.
    public var recheck: RecheckState?
    public var escalatedAt: Timestamp?
    public var ackedAt: Timestamp?
    public var ackedBy: String?
    public var ackNote: String?
    public var detail: String?
    /// How many violations a VIOLATION case counts (one case per person, order and local day); 1 for the others.
    public var count: Int64
    /// The time of the case's latest violation; nil for other types.
    public var lastAt: Timestamp?
    /// The grid it was raised in: its checkpoint's, or its order's (FOLLOWUP); nil when neither has one.
    public var grid: String?
}

/// A quarantine order.
public struct QuarantineRow: Sendable, Hashable {
    public var id: Int64
    public var person: PersonID?
    public var start: Timestamp
    public var end: Timestamp
    /// The record that opened it (an `ENTRY origin=outside`), or nil when an operator added it.
    public var recordID: Int64?
    public var reason: String?
    public var note: String?
    public var releasedAt: Timestamp?
    public var releasedBy: String?
    /// The grid that follows the order up: the opening checkpoint's, or the operator's `--grid` (issue 16).
    public var grid: String?
    /// The district that opened the order, when it came from the city's registry (issue 17); nil for this
    /// district's own orders.
    public var district: String? = nil
    /// The person's latest temperature reading while the order runs (any of their linked keys; issue 16).
    public var lastReading: Reading?

    /// A temperature reading: when, how warm, where.
    public struct Reading: Sendable, Hashable {
        public var at: Timestamp
        public var temperature: Temperature
        public var checkpointCode: String
    }

    public func isActive(at instant: Timestamp) -> Bool {
        releasedAt == nil && start <= instant && instant < end
    }

    /// `active` (in force), `upcoming` (starts later), `ended`, or `released` (ended early by an operator).
    public func status(at instant: Timestamp) -> String {
        if releasedAt != nil { return "released" }
        if instant < start { return "upcoming" }
        return instant < end ? "active" : "ended"
    }
}

/// One accountable lookup (SPEC §9).
public struct AuditEntry: Sendable, Hashable {
    public var at: Timestamp
    public var uid: UInt32?
    public var gid: UInt32?
    public var command: String
    public var person: String?
    public var since: Timestamp?
    public var until: Timestamp?
    public var reason: String

    public init(
        at: Timestamp, uid: UInt32?, gid: UInt32?, command: String, person: String?, since: Timestamp?,
        until: Timestamp?, reason: String
    ) {
        self.at = at
        self.uid = uid
        self.gid = gid
        self.command = command
        self.person = person
        self.since = since
        self.until = until
        self.reason = reason
    }
}

/// Row reads shared by the writer (inside its transactions) and the readers.
enum CommandCentreQueries {
    static let alertColumns = """
        a.id, a.type, a.at, a.person, c.code, s.code, a.record_id, a.state, a.recheck, a.escalated_at, a.acked_at,
        a.acked_by, a.ack_note, a.detail, a.count, a.last_at, a.grid
        FROM alerts a LEFT JOIN checkpoints c ON c.id = a.checkpoint_id LEFT JOIN stations s ON s.id = a.station_id
        """

    static func alert(from query: SQLiteStatement, people: PersonNames) throws(StoreError) -> AlertRow {
        AlertRow(
            id: query.int64(0), type: AlertType(rawValue: query.string(1) ?? "") ?? .fever,
            at: Timestamp(milliseconds: query.int64(2)),
            person: try query.optionalInt64(3).flatMap { key throws(StoreError) in try people.person(key) },
            checkpointCode: query.string(4), stationCode: query.string(5), recordID: query.optionalInt64(6),
            state: query.string(7) ?? "open", recheck: query.string(8).flatMap(RecheckState.init(rawValue:)),
            escalatedAt: query.optionalInt64(9).map(Timestamp.init(milliseconds:)),
            ackedAt: query.optionalInt64(10).map(Timestamp.init(milliseconds:)), ackedBy: query.string(11),
            ackNote: query.string(12), detail: query.string(13), count: query.int64(14),
            lastAt: query.optionalInt64(15).map(Timestamp.init(milliseconds:)), grid: query.string(16))
    }

    static func alert(_ db: SQLiteConnection, id: Int64) throws(StoreError) -> AlertRow? {
        let query = try db.prepare("SELECT \(alertColumns) WHERE a.id = ?", persistent: false)
        query.bind(1, id)
        guard try query.step() else { return nil }
        return try alert(from: query, people: PersonNames(db))
    }

    static let quarantineColumns =
        "id, person, start, end, record_id, reason, note, released_at, released_by, grid, district FROM quarantines"

    static func quarantine(from query: SQLiteStatement, people: PersonNames) throws(StoreError) -> QuarantineRow {
        QuarantineRow(
            id: query.int64(0), person: try people.person(query.int64(1)),
            start: Timestamp(milliseconds: query.int64(2)), end: Timestamp(milliseconds: query.int64(3)),
            recordID: query.optionalInt64(4), reason: query.string(5), note: query.string(6),
            releasedAt: query.optionalInt64(7).map(Timestamp.init(milliseconds:)), releasedBy: query.string(8),
            grid: query.string(9), district: query.string(10))
    }
}

/// Turns stored person keys back into people (`other:` keys need a lookup, cached per use).
final class PersonNames {
    private let db: SQLiteConnection
    private var others: [Int64: PersonID] = [:]
    private var lookup: SQLiteStatement?

    init(_ db: SQLiteConnection) { self.db = db }

    func person(_ key: Int64) throws(StoreError) -> PersonID? {
        if let person = PersonID(storageKey: key) { return person }
        guard key < 0 else { return nil }
        if let known = others[key] { return known }
        if lookup == nil { lookup = try db.prepare("SELECT ident FROM people_other WHERE id = ?", persistent: false) }
        guard let lookup else { return nil }
        lookup.bind(1, -key)
        defer { lookup.reset() }
        guard try lookup.step(), let ident = lookup.string(0), let person = try? PersonID(parsing: ident) else {
            return nil
        }
        others[key] = person
        return person
    }

    /// The key of a person, if they were ever stored.
    func key(_ person: PersonID) throws(StoreError) -> Int64? {
        if let key = person.storageKey { return key }
        let query = try db.prepare("SELECT id FROM people_other WHERE ident = ?", persistent: false)
        query.bind(1, person.normalized)
        return try query.step() ? -query.int64(0) : nil
    }
}

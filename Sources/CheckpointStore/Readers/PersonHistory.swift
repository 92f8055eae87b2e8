public import CheckpointCore

/// One person's quarantine orders, FEVER alerts and gates passed since a time: what the return-to-work check
/// (issue 15 point 3) judges and shows. The writer's `LOOKUP` (`clear=`) and the readers' `clearance` both read it
/// through `read(_:person:since:now:retentionDays:passages:)`, the one query of "which rows are this person's".
///
/// Which storage keys are the person is said in `keys(linkedTo:in:)` alone: the keys of the person's identity
/// (`PersonIdentity`: a phone number, a resident ID, `other:` documents linked as one person); a phone shared by
/// several people stands for its own rows only.
public struct PersonHistory: Sendable, Hashable {
    /// Orders that end after `since` (the one in force now among them, and ones that start later), by start.
    public var orders: [QuarantineRow]
    /// FEVER alerts taken at or after `since`, in time order.
    public var fevers: [FeverRow]
    /// Records at or after `since`, in time order; empty unless asked for.
    public var passages: [Passage]

    public static let empty = PersonHistory(orders: [], fevers: [], passages: [])

    /// The rules' view of the orders.
    public var ruleOrders: [ClearanceRules.Order] {
        orders.map {
            ClearanceRules.Order(QuarantineOrder(start: $0.start, end: $0.end), released: $0.releasedAt != nil)
        }
    }

    public var ruleFevers: [ClearanceRules.Fever] {
        fevers.map { ClearanceRules.Fever(at: $0.at, recheck: $0.recheck) }
    }

    public func clearance(now: Timestamp, days: Int) -> Clearance {
        ClearanceRules.decide(orders: ruleOrders, fevers: ruleFevers, now: now, days: days)
    }

    public func clearFrom(now: Timestamp, days: Int) -> Timestamp? {
        ClearanceRules.clearFrom(orders: ruleOrders, fevers: ruleFevers, now: now, days: days)
    }
}

/// A FEVER alert of the person, with the reading that opened it and where its re-check stands.
public struct FeverRow: Sendable, Hashable {
    public var alertID: Int64
    public var at: Timestamp
    /// The reading that opened the alert; nil once its record is purged (older than `retention_days`).
    public var temperature: Temperature?
    public var recheck: RecheckState?
    /// `open` or `acked`.
    public var state: String
    public var checkpointCode: String?
    public var checkpointName: String?
}

/// One record of the person: a gate passed (a `TEMP` taken at a gate counts, as an `ENTRY` or `EXIT` does).
public struct Passage: Sendable, Hashable {
    public var at: Timestamp
    public var kind: RecordKind
    public var checkpointCode: String
    public var checkpointName: String
    public var grid: String
}

extension PersonHistory {
    /// The storage keys whose rows are the person's: the one place that says so (see the type's comment).
    static func keys(linkedTo key: Int64, in db: SQLiteConnection) throws(StoreError) -> [Int64] {
        // A shared phone: its own rows only (whose the others are cannot be told), as `LOOKUP` answers it.
        let identity = try PersonIdentity.resolve(key, in: db)
        return identity.isAmbiguous ? [key] : identity.keys
    }

    /// The person's orders ending after `since`, FEVER alerts from `since` on and, with `passages`, records from
    /// `since` on (only the days retention still holds are walked). `keys` are the person's storage keys:
    /// `keys(linkedTo:in:)` on a reader; the writer, which holds the links in memory, gives them from there.
    static func read(
        _ db: SQLiteConnection, keys: [Int64], since: Timestamp, now: Timestamp, retentionDays: Int,
        passages: Bool
    ) throws(StoreError) -> PersonHistory {
        let people = PersonNames(db)
        func bindKeys(_ statement: SQLiteStatement, from first: Int32) {
            for (offset, key) in keys.enumerated() { statement.bind(first + Int32(offset), key) }
        }

        var history = PersonHistory.empty
        let orders = try db.prepare(PersonHistory.ordersSQL(keys: keys.count), persistent: false)
        bindKeys(orders, from: 1)
        orders.bind(Int32(keys.count + 1), since.milliseconds)
        while try orders.step() {
            history.orders.append(try CommandCentreQueries.quarantine(from: orders, people: people))
        }

        let fevers = try db.prepare(PersonHistory.feversSQL(keys: keys.count), persistent: false)
        bindKeys(fevers, from: 1)
        fevers.bind(Int32(keys.count + 1), since.milliseconds)
        while try fevers.step() {
            let tenths = fevers.optionalInt64(4).map { Int($0) } ?? PersonHistory.tenths(detail: fevers.string(5))
            history.fevers.append(
                FeverRow(
                    alertID: fevers.int64(0), at: Timestamp(milliseconds: fevers.int64(1)),
                    temperature: tenths.map(Temperature.init(tenths:)),
                    recheck: fevers.string(2).flatMap(RecheckState.init(rawValue:)), state: fevers.string(3) ?? "open",
                    checkpointCode: fevers.string(6), checkpointName: fevers.string(7)))
        }

        let tomorrow = now.adding(milliseconds: PersonDays.millisecondsPerDay)
        guard passages,
            let days = PersonDays.clamped(since: since, until: tomorrow, now: now, retentionDays: retentionDays)
        else { return history }
        let records = try db.prepare(PersonHistory.passagesSQL(keys: keys.count), persistent: false)
        records.bind(1, days.first)
        records.bind(2, days.last)
        bindKeys(records, from: 3)
        records.bind(Int32(keys.count + 3), since.milliseconds)
        while try records.step() {
            history.passages.append(
                Passage(
                    at: Timestamp(milliseconds: records.int64(0)),
                    kind: RecordKindCode.kind(of: records.int(1)) ?? .temp, checkpointCode: records.string(2) ?? "",
                    checkpointName: records.string(3) ?? "", grid: records.string(4) ?? ""))
        }
        return history
    }

    // Each query is sought through an index by person (a test checks the plans): `quarantines_person`,
    // `alerts_person_at` (migration 4) and `records_day_person_ts`, one seek per day.

    /// Binds the keys from 1, then `since`.
    static func ordersSQL(keys: Int) -> String {
        """
        SELECT \(CommandCentreQueries.quarantineColumns) WHERE person IN (\(placeholders(keys))) AND end > ?
        ORDER BY start, id
        """
    }

    /// Binds the keys from 1, then `since`.
    static func feversSQL(keys: Int) -> String {
        """
        SELECT a.id, a.at, a.recheck, a.state, r.temp, a.detail, c.code, c.name
        FROM alerts a LEFT JOIN records r ON r.id = a.record_id LEFT JOIN checkpoints c ON c.id = a.checkpoint_id
        WHERE a.person IN (\(placeholders(keys))) AND a.at >= ? AND a.type = '\(AlertType.fever.rawValue)'
        ORDER BY a.at, a.id
        """
    }

    /// Binds the first and last day, the keys from 3, then `since`.
    static func passagesSQL(keys: Int) -> String {
        """
        SELECT r.ts, r.kind, c.code, c.name, c.grid FROM records r JOIN checkpoints c ON c.id = r.checkpoint_id
        WHERE \(PersonDays.condition()) AND r.person IN (\(placeholders(keys))) AND r.ts >= ? ORDER BY r.ts, r.id
        """
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// The reading in an alert's `detail` (`temp=38.1`, `WriterEngine.alertDetail`), for a fever whose record is
    /// purged.
    private static func tenths(detail: String?) -> Int? {
        guard let detail, detail.hasPrefix("temp=") else { return nil }
        return (try? Temperature(parsing: String(detail.dropFirst("temp=".count))))?.tenths
    }
}

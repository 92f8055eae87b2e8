import CheckpointCore

/// The uplink's reads (issue 17 point 2): batches of what is committed after the shipped positions, on a reader
/// connection (the writer never waits for them).
extension StoreReader {
    /// How far this database has shipped and followed the registry.
    public func cityPositions() throws(StoreError) -> CityPositions {
        try read { db throws(StoreError) in try CityQueries.positions(db) }
    }

    /// Up to `limit` records after id `after`, in id order.
    public func uplinkRecords(after: Int64, limit: Int) throws(StoreError) -> [UplinkRecord] {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let names = try CityQueries.Names(db)
            let query = try db.prepare(
                """
                SELECT id, person, ts, kind, temp, origin, verdict, checkpoint_id, station_id, seq
                FROM records WHERE id > ? ORDER BY id LIMIT ?
                """)
            defer { query.reset() }
            query.bind(1, after)
            query.bind(2, limit)
            var rows: [UplinkRecord] = []
            rows.reserveCapacity(limit)
            while try query.step() {
                guard let person = try names.people.person(query.int64(1)) else { continue }
                let checkpoint = names.checkpoints[query.int64(7)]
                rows.append(
                    UplinkRecord(
                        id: query.int64(0), person: person.normalized, at: Timestamp(milliseconds: query.int64(2)),
                        kind: RecordKindCode.kind(of: query.int(3))?.rawValue ?? "UNKNOWN",
                        temperatureTenths: query.optionalInt64(4).map { Int($0) },
                        origin: query.optionalInt64(5).map { $0 == 1 ? "outside" : "local" },
                        verdicts: query.int(6), checkpoint: checkpoint?.code ?? "?", grid: checkpoint?.grid ?? "",
                        station: names.stations[query.int64(8)] ?? "?", seq: query.int64(9)))
            }
            return rows
        }
    }

    /// The changes queued after `after`, up to `limit` of them, each changed row once in its present state.
    public func uplinkChanges(after: Int64, limit: Int) throws(StoreError) -> UplinkChanges {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let queue = try db.prepare(
                "SELECT seq, kind, row_id, row_key FROM city_changes WHERE seq > ? ORDER BY seq LIMIT ?",
                persistent: false)
            queue.bind(1, after)
            queue.bind(2, limit)
            var changes = UplinkChanges(through: after)
            var seen = Set<String>()
            var wanted: [(kind: String, id: Int64, key: Int64?)] = []
            while try queue.step() {
                changes.through = queue.int64(0)
                let kind = queue.string(1) ?? ""
                let id = queue.int64(2)
                let key = queue.optionalInt64(3)
                if seen.insert("\(kind) \(id) \(key ?? 0)").inserted { wanted.append((kind, id, key)) }
            }
            guard !wanted.isEmpty else { return changes }
            let names = try CityQueries.Names(db)
            for change in wanted {
                switch change.kind {
                case "alert":
                    if let alert = try CityQueries.alert(db, id: change.id, names: names) {
                        changes.alerts.append(alert)
                    }
                case "order":
                    if let order = try CityQueries.order(db, id: change.id, names: names) {
                        changes.orders.append(order)
                    }
                case "gap":
                    if let key = change.key, let station = names.stations[change.id] {
                        changes.gaps.append(
                            UplinkGap(
                                station: station, firstMissing: key,
                                lastMissing: try CityQueries.gapEnd(db, station: change.id, first: key)))
                    }
                default:
                    continue
                }
            }
            return changes
        }
    }

    /// What has not been shipped after the given positions.
    public func uplinkBacklog(records: Int64, changes: Int64) throws(StoreError) -> UplinkBacklog {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let newest = try db.integer("SELECT COALESCE(MAX(id), 0) FROM records") ?? 0
            let oldest = try db.prepare("SELECT ts FROM records WHERE id > ? ORDER BY id LIMIT 1", persistent: false)
            oldest.bind(1, records)
            let oldestAt = try oldest.step() ? Timestamp(milliseconds: oldest.int64(0)) : nil
            let queued = try db.prepare("SELECT COUNT(*) FROM city_changes WHERE seq > ?", persistent: false)
            queued.bind(1, changes)
            let changeCount = try queued.step() ? queued.int64(0) : 0
            return UplinkBacklog(
                records: max(0, newest - records), changes: changeCount, oldestRecordAt: oldestAt)
        }
    }
}

enum CityQueries {
    /// The codes behind this database's keys, read once per batch.
    final class Names {
        let checkpoints: [Int64: (code: String, grid: String)]
        let stations: [Int64: String]
        let people: PersonNames

        init(_ db: SQLiteConnection) throws(StoreError) {
            var checkpoints: [Int64: (code: String, grid: String)] = [:]
            let checkpointRows = try db.prepare("SELECT id, code, grid FROM checkpoints", persistent: false)
            while try checkpointRows.step() {
                checkpoints[checkpointRows.int64(0)] = (checkpointRows.string(1) ?? "?", checkpointRows.string(2) ?? "")
            }
            var stations: [Int64: String] = [:]
            let stationRows = try db.prepare("SELECT id, code FROM stations", persistent: false)
            while try stationRows.step() { stations[stationRows.int64(0)] = stationRows.string(1) ?? "?" }
            self.checkpoints = checkpoints
            self.stations = stations
            self.people = PersonNames(db)
        }
    }

    static func positions(_ db: SQLiteConnection) throws(StoreError) -> CityPositions {
        let query = try db.prepare(
            "SELECT key, value FROM meta WHERE key IN (?, ?, ?, ?, ?)", persistent: false)
        query.bind(1, CityMetaKey.district)
        query.bind(2, CityMetaKey.shippedRecords)
        query.bind(3, CityMetaKey.shippedChanges)
        query.bind(4, CityMetaKey.registrySeq)
        query.bind(5, CityMetaKey.databaseID)
        var positions = CityPositions(district: nil, shippedRecords: 0, shippedChanges: 0, registrySeq: 0)
        while try query.step() {
            let value = query.string(1) ?? ""
            switch query.string(0) {
            case CityMetaKey.district: positions.district = value
            case CityMetaKey.shippedRecords: positions.shippedRecords = Int64(value) ?? 0
            case CityMetaKey.shippedChanges: positions.shippedChanges = Int64(value) ?? 0
            case CityMetaKey.registrySeq: positions.registrySeq = Int64(value) ?? 0
            case CityMetaKey.databaseID: positions.databaseID = value
            default: continue
            }
        }
        return positions
    }

    static func alert(_ db: SQLiteConnection, id: Int64, names: Names) throws(StoreError) -> UplinkAlert? {
        let query = try db.prepare(
            """
            SELECT a.type, a.at, a.person, a.checkpoint_id, a.grid, a.state, a.count, a.last_at, a.escalated_at,
                   a.acked_at, a.acked_by, a.detail, a.recheck, q.district
            FROM alerts a LEFT JOIN quarantines q ON q.id = a.quarantine_id WHERE a.id = ?
            """)
        defer { query.reset() }
        query.bind(1, id)
        guard try query.step() else { return nil }
        let person = try query.optionalInt64(2).flatMap { key throws(StoreError) in try names.people.person(key) }
        let checkpoint = query.optionalInt64(3).flatMap { names.checkpoints[$0] }
        return UplinkAlert(
            id: id, type: query.string(0) ?? "?", at: Timestamp(milliseconds: query.int64(1)),
            person: person?.normalized, checkpoint: checkpoint?.code, grid: query.string(4) ?? checkpoint?.grid,
            state: query.string(5) ?? "open", count: query.int(6),
            lastAt: query.optionalInt64(7).map(Timestamp.init(milliseconds:)),
            escalatedAt: query.optionalInt64(8).map(Timestamp.init(milliseconds:)),
            ackedAt: query.optionalInt64(9).map(Timestamp.init(milliseconds:)), ackedBy: query.string(10),
            detail: query.string(11), recheck: query.string(12), orderedBy: query.string(13))
    }

    static func order(_ db: SQLiteConnection, id: Int64, names: Names) throws(StoreError) -> UplinkOrder? {
        let query = try db.prepare(
            """
            SELECT person, start, end, reason, grid, released_at FROM quarantines WHERE id = ? AND district IS NULL
            """)
        defer { query.reset() }
        query.bind(1, id)
        guard try query.step(), let person = try names.people.person(query.int64(0)) else { return nil }
        return UplinkOrder(
            id: id, person: person.normalized, start: Timestamp(milliseconds: query.int64(1)),
            end: Timestamp(milliseconds: query.int64(2)), reason: query.string(3), grid: query.string(4),
            releasedAt: query.optionalInt64(5).map(Timestamp.init(milliseconds:)))
    }

    static func gapEnd(_ db: SQLiteConnection, station: Int64, first: Int64) throws(StoreError) -> Int64? {
        let query = try db.prepare(
            "SELECT last_missing FROM station_gaps WHERE station_id = ? AND first_missing = ?")
        defer { query.reset() }
        query.bind(1, station)
        query.bind(2, first)
        return try query.step() ? query.int64(0) : nil
    }
}

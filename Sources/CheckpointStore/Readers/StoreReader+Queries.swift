public import CheckpointCore

extension StoreReader {
    /// Totals from `since` (rounded down to its hour: the counts are hourly) until `until` (exclusive, rounded up
    /// to its hour; issue 16), from the daily and hourly counts the writer keeps, never from the records (issue 3:
    /// the cost does not grow with the number of records). `byHour` fills `perHour` (which `stats by=day` folds
    /// into local days).
    public func stats(
        since: Timestamp?, until: Timestamp? = nil, checkpoint: String?, grid: String?, byHour: Bool, now: Timestamp
    ) throws(StoreError) -> StatsResult {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let hourLength = Timestamp.millisecondsPerHour
            let hour = (since?.milliseconds ?? 0) / hourLength
            // The first hour not counted; an hour `until` falls inside is counted whole.
            let endHour = until.map { ($0.milliseconds + hourLength - 1) / hourLength } ?? Int64.max / 24 * 24
            // Whole days from the daily counts, the hours before the first whole day and after the last one from
            // the hourly ones: a row per checkpoint and day, each checkpoint's rows found through its primary key.
            let firstDay = (hour + 23) / 24
            let endDay = endHour / 24
            let spans: [(String, String, Int64, Int64)] =
                firstDay < endDay
                ? [
                    ("daily_counts", "day", firstDay, endDay), ("hourly_counts", "hour", hour, firstDay * 24),
                    ("hourly_counts", "hour", endDay * 24, endHour),
                ] : [("hourly_counts", "hour", hour, endHour)]
            var byKey: [Int64: CheckpointCounts] = [:]
            for (table, column, from, to) in spans where from < to {
                let query = try db.prepare(
                    """
                    SELECT c.id, c.code, c.name, c.grid, \(CountColumns.sums(alias: "h"))
                    FROM checkpoints c JOIN \(table) h
                        ON h.checkpoint_id = c.id AND h.\(column) >= ?1 AND h.\(column) < ?2
                    WHERE (?3 IS NULL OR c.code = ?3) AND (?4 IS NULL OR c.grid = ?4)
                    GROUP BY c.id
                    """, persistent: false)
                query.bind(1, from)
                query.bind(2, to)
                query.bind(3, checkpoint)
                query.bind(4, grid)
                while try query.step() {
                    let key = query.int64(0)
                    var row =
                        byKey[key]
                        ?? CheckpointCounts(
                            code: query.string(1) ?? "", name: query.string(2) ?? "", grid: query.string(3) ?? "",
                            counts: RecordCounts())
                    row.counts.add(CountColumns.read(query, from: 4))
                    byKey[key] = row
                }
            }
            let rows = byKey.values.sorted { $0.code < $1.code }
            var totals = RecordCounts()
            var grids: [String: RecordCounts] = [:]
            for row in rows {
                totals.add(row.counts)
                grids[row.grid, default: RecordCounts()].add(row.counts)
            }
            var hours: [(hour: Timestamp, counts: RecordCounts)] = []
            if byHour {
                let perHour = try db.prepare(
                    """
                    SELECT h.hour, \(CountColumns.sums(alias: "h"))
                    FROM hourly_counts h JOIN checkpoints c ON c.id = h.checkpoint_id
                    WHERE h.hour >= ?1 AND h.hour < ?4 AND (?2 IS NULL OR c.code = ?2) AND (?3 IS NULL OR c.grid = ?3)
                    GROUP BY h.hour ORDER BY h.hour
                    """, persistent: false)
                perHour.bind(1, hour)
                perHour.bind(2, checkpoint)
                perHour.bind(3, grid)
                perHour.bind(4, endHour)
                while try perHour.step() {
                    let start = Timestamp(milliseconds: perHour.int64(0) * Timestamp.millisecondsPerHour)
                    hours.append((start, CountColumns.read(perHour, from: 1)))
                }
            }
            let alerts = try db.prepare(
                """
                SELECT COUNT(*) FROM alerts a LEFT JOIN checkpoints c ON c.id = a.checkpoint_id
                WHERE a.state = 'open' AND (?1 IS NULL OR c.code = ?1) AND (?2 IS NULL OR c.grid = ?2)
                """, persistent: false)
            alerts.bind(1, checkpoint)
            alerts.bind(2, grid)
            let openAlerts = try alerts.step() ? alerts.int(0) : 0
            let orders = try db.prepare(
                "SELECT COUNT(*) FROM quarantines WHERE released_at IS NULL AND start <= ?1 AND end > ?1",
                persistent: false)
            orders.bind(1, now.milliseconds)
            let activeQuarantines = try orders.step() ? orders.int(0) : 0
            return StatsResult(
                totals: totals, perCheckpoint: rows,
                perGrid: grids.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, perHour: hours,
                openAlerts: openAlerts, activeQuarantines: activeQuarantines)
        }
    }

    static let recordColumns = """
        r.id, r.ts, r.kind, r.person, r.temp, r.verdict, r.origin, r.note, c.code, c.name, c.grid, s.code, r.seq
        FROM records r JOIN checkpoints c ON c.id = r.checkpoint_id JOIN stations s ON s.id = r.station_id
        """

    static func record(from query: SQLiteStatement, people: PersonNames) throws(StoreError) -> RecordRow {
        RecordRow(
            id: query.int64(0), at: Timestamp(milliseconds: query.int64(1)),
            kind: RecordKindCode.kind(of: query.int(2)) ?? .temp, person: try people.person(query.int64(3)),
            temperature: query.optionalInt64(4).map { Temperature(tenths: Int($0)) },
            verdicts: Verdicts(rawValue: query.int(5)),
            origin: query.optionalInt64(6).map { $0 == 1 ? Origin.outside : Origin.local }, note: query.string(7),
            checkpointCode: query.string(8) ?? "", checkpointName: query.string(9) ?? "", grid: query.string(10) ?? "",
            stationCode: query.string(11) ?? "", seq: query.int64(12))
    }

    /// A person's records since `since`, in time order, and their quarantine orders (SPEC §4 `trace`), through
    /// links (issue 15): those of every key in `PersonIdentity.keysToRead`, which `people` lists (the person asked
    /// about first). `sharedPhone`: the person is a phone several people share, whose records and theirs are all
    /// shown, each row naming its person.
    public func trace(
        person: PersonID, since: Timestamp, now: Timestamp
    ) throws(StoreError)
        -> (records: [RecordRow], orders: [QuarantineRow], people: [PersonID], sharedPhone: Bool)
    {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let people = PersonNames(db)
            guard let key = try people.key(person) else { return ([], [], [person], false) }
            let keys = try PersonIdentity.keysToRead(of: key, in: db)
            let sharedPhone = try PersonIdentity.resolve(key, in: db).isAmbiguous
            var rows: [RecordRow] = []
            let tomorrow = now.adding(milliseconds: PersonDays.millisecondsPerDay)
            if let days = PersonDays.clamped(since: since, until: tomorrow, now: now, retentionDays: retentionDays) {
                let records = try db.prepare(
                    """
                    SELECT \(StoreReader.recordColumns) WHERE \(PersonDays.condition())
                        AND \(StoreReader.person(in: keys)) AND r.ts >= ? ORDER BY r.ts, r.id
                    """, persistent: false)
                records.bind(1, days.first)
                records.bind(2, days.last)
                for (index, key) in keys.enumerated() { records.bind(Int32(3 + index), key) }
                records.bind(Int32(3 + keys.count), since.milliseconds)
                while try records.step() { rows.append(try StoreReader.record(from: records, people: people)) }
            }
            let orders = try db.prepare(
                """
                SELECT \(CommandCentreQueries.quarantineColumns) WHERE \(StoreReader.person(in: keys, column: "person"))
                ORDER BY start
                """, persistent: false)
            for (index, key) in keys.enumerated() { orders.bind(Int32(1 + index), key) }
            var list: [QuarantineRow] = []
            while try orders.step() { list.append(try CommandCentreQueries.quarantine(from: orders, people: people)) }
            var named: [PersonID] = []
            for key in keys {
                if let person = try people.person(key) { named.append(person) }
            }
            return (rows, list, named, sharedPhone)
        }
    }

    /// `r.person IN (?, ?, ...)`, one parameter per key (`r.person = ?` for one).
    static func person(in keys: [Int64], column: String = "r.person") -> String {
        keys.count == 1
            ? "\(column) = ?" : "\(column) IN (\(Array(repeating: "?", count: keys.count).joined(separator: ", ")))"
    }

    /// Records matching `filter`, newest first, at most `limit` (SPEC §4 `records`). The WHERE clause names
    /// only the filters given, so SQLite can walk the person index (by day) or the `(checkpoint_id, ts)` index.
    public func records(
        _ filter: RecordFilter, limit: Int, now: Timestamp, retentionDays: Int
    ) throws(StoreError)
        -> [RecordRow]
    {
        try read { db throws(StoreError) in
            let people = PersonNames(db)
            var conditions: [String] = []
            var values: [Int64] = []
            if let person = filter.person {
                guard let key = try people.key(person) else { return [] }
                // Through links (issue 15), as `trace` reads them.
                let keys = try PersonIdentity.keysToRead(of: key, in: db)
                // Name the days so the (day, person, ts) index is sought, not scanned; only the days retention
                // can still hold, however wide the range asked (issue 13).
                let day = PersonDays.millisecondsPerDay
                let since = filter.since ?? now.adding(milliseconds: -Int64(retentionDays + 1) * day)
                let until = filter.until ?? now.adding(milliseconds: day)
                guard let days = PersonDays.clamped(since: since, until: until, now: now, retentionDays: retentionDays)
                else { return [] }
                conditions.append(PersonDays.condition())
                values.append(days.first)
                values.append(days.last)
                conditions.append(StoreReader.person(in: keys))
                values += keys
            }
            if let checkpoint = filter.checkpoint {
                guard let key = try StoreReader.checkpointKey(db, code: checkpoint) else { return [] }
                conditions.append("r.checkpoint_id = ?")
                values.append(key)
            }
            if let grid = filter.grid {
                // Every checkpoint ever in the grid: seeks the (checkpoint_id, ts) index once per checkpoint.
                let keys = try StoreReader.checkpointKeys(db, grid: grid)
                guard !keys.isEmpty else { return [] }
                conditions.append(StoreReader.person(in: keys, column: "r.checkpoint_id"))
                values += keys
            }
            if let kind = filter.kind {
                conditions.append("r.kind = ?")
                values.append(Int64(RecordKindCode.code(of: kind)))
            }
            if let since = filter.since {
                conditions.append("r.ts >= ?")
                values.append(since.milliseconds)
            }
            if let until = filter.until {
                conditions.append("r.ts < ?")
                values.append(until.milliseconds)
            }
            let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let order =
                filter.person == nil && filter.checkpoint == nil && filter.grid == nil ? "r.id DESC" : "r.ts DESC, r.id DESC"
            let query = try db.prepare(
                "SELECT \(StoreReader.recordColumns) \(clause) ORDER BY \(order) LIMIT ?", persistent: false)
            for (index, value) in values.enumerated() { query.bind(Int32(index + 1), value) }
            query.bind(Int32(values.count + 1), limit)
            var rows: [RecordRow] = []
            while try query.step() { rows.append(try StoreReader.record(from: query, people: people)) }
            return rows
        }
    }

    /// The database keys of every checkpoint ever registered, or of those of `grid`, in id order (export walks
    /// them one by one).
    public func checkpointKeys(grid: String? = nil) throws(StoreError) -> [Int64] {
        try read { db throws(StoreError) in try StoreReader.checkpointKeys(db, grid: grid) }
    }

    static func checkpointKeys(_ db: SQLiteConnection, grid: String?) throws(StoreError) -> [Int64] {
        let query = try db.prepare(
            "SELECT id FROM checkpoints WHERE ?1 IS NULL OR grid = ?1 ORDER BY id", persistent: false)
        query.bind(1, grid)
        var keys: [Int64] = []
        while try query.step() { keys.append(query.int64(0)) }
        return keys
    }

    /// One page of an export: the records of one checkpoint in `[since, until)`, in time order after the
    /// keyset cursor `after` (ts, id). Paging keeps memory flat however large the export.
    public func exportPage(
        checkpointKey: Int64, since: Timestamp?, until: Timestamp?, after: (ts: Int64, id: Int64)?, limit: Int
    ) throws(StoreError) -> [RecordRow] {
        try read { db throws(StoreError) in
            let people = PersonNames(db)
            let query = try db.prepare(
                """
                SELECT \(StoreReader.recordColumns)
                WHERE r.checkpoint_id = ?1 AND r.ts >= ?2 AND r.ts < ?3 AND (r.ts, r.id) > (?4, ?5)
                ORDER BY r.ts, r.id LIMIT ?6
                """, persistent: false)
            query.bind(1, checkpointKey)
            query.bind(2, since?.milliseconds ?? Int64.min)
            query.bind(3, until?.milliseconds ?? Int64.max)
            query.bind(4, after?.ts ?? Int64.min)
            query.bind(5, after?.id ?? Int64.min)
            query.bind(6, limit)
            var rows: [RecordRow] = []
            while try query.step() { rows.append(try StoreReader.record(from: query, people: people)) }
            return rows
        }
    }

    static func checkpointKey(_ db: SQLiteConnection, code: String) throws(StoreError) -> Int64? {
        let query = try db.prepare("SELECT id FROM checkpoints WHERE code = ?", persistent: false)
        query.bind(1, code)
        return try query.step() ? query.int64(0) : nil
    }
}

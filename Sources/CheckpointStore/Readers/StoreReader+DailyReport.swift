public import CheckpointCore

extension StoreReader {
    /// The daily report over `[start, end)` (a local day of the display zone; issue 16 point 4): a row per
    /// checkpoint in grid then code order, then the orders an operator gave in that grid (`no_checkpoint` with the
    /// grid), each grid's subtotal; then, unfiltered, the orders no checkpoint opened and no grid follows up, and the
    /// district total. With `grid` only that grid's rows and subtotal; a grid no
    /// checkpoint was ever registered in is `.notFound` (a typing error, not an empty day).
    ///
    /// Cost: one pass over the day's records of each checkpoint through the `(checkpoint_id, ts)` index (the
    /// distinct-people cells need each record's person, so the kinds are counted in the same pass: the hourly
    /// counts would give them exactly only in whole-hour zones and save no read), the day's alerts through
    /// `alerts(at)`, and the orders and station gaps, which are few. One read transaction, so the cells agree.
    public func dailyReport(start: Timestamp, end: Timestamp, grid: String?) throws(StoreError) -> [DailyReportRow] {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let places = try DailyReportPlace.all(db, grid: grid)
            if let grid, places.isEmpty {
                throw StoreError(
                    .notFound,
                    "no checkpoint was ever registered in grid \(grid): checkpointctl checkpoint list shows the grids")
            }
            let from = start.milliseconds
            let to = end.milliseconds
            var counts: [Int64: DailyReportCounts] = [:]
            var people: [Int64: Set<Int64>] = [:]
            let records = try db.prepare(
                "SELECT person, kind FROM records WHERE checkpoint_id = ?1 AND ts >= ?2 AND ts < ?3", persistent: false)
            for place in places {
                records.reset()
                records.bind(1, place.id)
                records.bind(2, from)
                records.bind(3, to)
                var row = DailyReportCounts()
                var seen = Set<Int64>()
                while try records.step() {
                    seen.insert(records.int64(0))
                    switch RecordKindCode.kind(of: records.int(1)) {
                    case .temp?: row.temps += 1
                    case .entry?: row.entries += 1
                    case .exit?: row.exits += 1
                    case nil: break
                    }
                }
                row.people = seen.count
                counts[place.id] = row
                people[place.id] = seen
            }
            var noCheckpoint: [String: DailyReportCounts] = [:]
            try DailyReportPlace.countAlerts(db, from: from, to: to, into: &counts)
            try DailyReportPlace.countOrders(db, from: from, to: to, into: &counts, noCheckpoint: &noCheckpoint)
            try DailyReportPlace.countGaps(db, from: from, to: to, into: &counts)
            return DailyReportPlace.rows(
                places: places, counts: counts, people: people, noCheckpoint: noCheckpoint, whole: grid == nil,
                dayStart: from)
        }
    }
}

/// A checkpoint as the daily report lists it, and the report's queries.
struct DailyReportPlace {
    var id: Int64
    var code: String
    var name: String
    var grid: String
    var removedAt: Int64?

    static func all(_ db: SQLiteConnection, grid: String?) throws(StoreError) -> [DailyReportPlace] {
        let query = try db.prepare(
            """
            SELECT id, code, name, grid, removed_at FROM checkpoints WHERE ?1 IS NULL OR grid = ?1
            ORDER BY grid, code
            """, persistent: false)
        query.bind(1, grid)
        var places: [DailyReportPlace] = []
        while try query.step() {
            places.append(
                DailyReportPlace(
                    id: query.int64(0), code: query.string(1) ?? "", name: query.string(2) ?? "",
                    grid: query.string(3) ?? "", removedAt: query.optionalInt64(4)))
        }
        return places
    }

    /// FEVER alerts by re-check, VIOLATION cases and SILENT spells opened in the day, by checkpoint. Alerts of a
    /// checkpoint outside `counts` (another grid) are left out.
    static func countAlerts(
        _ db: SQLiteConnection, from: Int64, to: Int64, into counts: inout [Int64: DailyReportCounts]
    ) throws(StoreError) {
        let query = try db.prepare(
            """
            SELECT checkpoint_id, type, recheck, COUNT(*) FROM alerts
            WHERE at >= ?1 AND at < ?2 AND type IN ('FEVER', 'VIOLATION', 'SILENT') AND checkpoint_id IS NOT NULL
            GROUP BY checkpoint_id, type, recheck
            """, persistent: false)
        query.bind(1, from)
        query.bind(2, to)
        while try query.step() {
            let key = query.int64(0)
            guard var row = counts[key] else { continue }
            let number = query.int(3)
            switch query.string(1).flatMap(AlertType.init(rawValue:)) {
            case .fever?:
                row.fevers += number
                switch query.string(2).flatMap(RecheckState.init(rawValue:)) {
                case .confirmed?: row.feversConfirmed += number
                case .clearedOnRecheck?: row.feversCleared += number
                case .missed?: row.feversMissed += number
                case .pending?, nil: break
                }
            case .violation?: row.violations += number
            case .silent?: row.silentSpells += number
            default: break
            }
            counts[key] = row
        }
    }

    /// Orders starting in the day and orders in force at its last instant, by the checkpoint of the record that
    /// opened them; the others (an operator's `quarantine.add`, or an opening record no longer kept) in
    /// `noCheckpoint`.
    static func countOrders(
        _ db: SQLiteConnection, from: Int64, to: Int64, into counts: inout [Int64: DailyReportCounts],
        noCheckpoint: inout [String: DailyReportCounts]
    ) throws(StoreError) {
        // An order a checkpoint's record opened counts at that checkpoint; one an operator added counts in its
        // grid's "(no checkpoint)" row, or the district's ("" here) when it names no grid.
        let opened = """
            SELECT r.checkpoint_id, COALESCE(q.grid, ''), COUNT(*) FROM quarantines q
            LEFT JOIN records r ON r.id = q.record_id
            """
        for (condition, isNew) in [
            ("q.start >= ?1 AND q.start < ?2", true),
            ("q.start < ?2 AND q.end >= ?2 AND (q.released_at IS NULL OR q.released_at >= ?2)", false),
        ] {
            let query = try db.prepare(
                "\(opened) WHERE \(condition) GROUP BY r.checkpoint_id, 2", persistent: false)
            query.bind(1, from)
            query.bind(2, to)
            while try query.step() {
                let number = query.int(2)
                if let key = query.optionalInt64(0) {
                    guard var row = counts[key] else { continue }
                    if isNew { row.newOrders += number } else { row.activeOrders += number }
                    counts[key] = row
                } else {
                    var row = noCheckpoint[query.string(1) ?? "", default: DailyReportCounts()]
                    if isNew { row.newOrders += number } else { row.activeOrders += number }
                    noCheckpoint[query.string(1) ?? ""] = row
                }
            }
        }
    }

    /// Seqs missing from each station's uploads (`station_gaps`), counted on the day of the record received just
    /// after the gap (`seq = last_missing + 1`, always received: a gap lies between a station's first and last
    /// seq), at that record's checkpoint.
    static func countGaps(
        _ db: SQLiteConnection, from: Int64, to: Int64, into counts: inout [Int64: DailyReportCounts]
    ) throws(StoreError) {
        let query = try db.prepare(
            """
            SELECT r.checkpoint_id, SUM(g.last_missing - g.first_missing + 1) FROM station_gaps g
            JOIN records r ON r.station_id = g.station_id AND r.seq = g.last_missing + 1
            WHERE r.ts >= ?1 AND r.ts < ?2 GROUP BY r.checkpoint_id
            """, persistent: false)
        query.bind(1, from)
        query.bind(2, to)
        while try query.step() {
            let key = query.int64(0)
            guard var row = counts[key] else { continue }
            row.missingSeqs += query.int(1)
            counts[key] = row
        }
    }

    /// The rows in order: per grid its checkpoints and subtotal, then the orders without a checkpoint and the
    /// district (when `noCheckpoint` is given: the unfiltered report). A checkpoint removed before the day
    /// started is left out when it has nothing to count.
    static func rows(
        places: [DailyReportPlace], counts: [Int64: DailyReportCounts], people: [Int64: Set<Int64>],
        noCheckpoint: [String: DailyReportCounts], whole: Bool, dayStart: Int64
    ) -> [DailyReportRow] {
        var rows: [DailyReportRow] = []
        var district = DailyReportCounts()
        var everyone = Set<Int64>()
        var index = places.startIndex
        while index < places.endIndex {
            let grid = places[index].grid
            var subtotal = DailyReportCounts()
            var gridPeople = Set<Int64>()
            var listed = 0
            while index < places.endIndex, places[index].grid == grid {
                let place = places[index]
                index += 1
                let row = counts[place.id] ?? DailyReportCounts()
                if let removedAt = place.removedAt, removedAt < dayStart, row == DailyReportCounts() { continue }
                rows.append(
                    DailyReportRow(
                        level: .checkpoint, grid: grid, checkpoint: place.code, name: place.name, counts: row))
                listed += 1
                subtotal.add(row)
                gridPeople.formUnion(people[place.id] ?? [])
            }
            if let orders = noCheckpoint[grid], orders != DailyReportCounts() {
                rows.append(DailyReportRow(level: .noCheckpoint, grid: grid, checkpoint: nil, name: nil, counts: orders))
                listed += 1
                subtotal.add(orders)
            }
            guard listed > 0 else { continue }
            subtotal.people = gridPeople.count
            rows.append(DailyReportRow(level: .grid, grid: grid, checkpoint: nil, name: nil, counts: subtotal))
            district.add(subtotal)
            everyone.formUnion(gridPeople)
        }
        guard whole else { return rows }
        // Orders of no grid, and of a grid no checkpoint was ever registered in.
        let listedGrids = Set(places.map(\.grid))
        var ungridded = DailyReportCounts()
        for (grid, orders) in noCheckpoint where grid.isEmpty || !listedGrids.contains(grid) { ungridded.add(orders) }
        rows.append(DailyReportRow(level: .noCheckpoint, grid: nil, checkpoint: nil, name: nil, counts: ungridded))
        district.add(ungridded)
        district.people = everyone.count
        rows.append(DailyReportRow(level: .district, grid: nil, checkpoint: nil, name: nil, counts: district))
        return rows
    }
}

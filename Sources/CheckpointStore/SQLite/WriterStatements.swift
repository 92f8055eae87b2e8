import CheckpointCore

/// The writer's prepared statements: its SQL, and the one place each of them is bound. Prepared once when the
/// writer opens; used by `WriterEngine` (records, rules, watchers, housekeeping, operators' changes) and by the
/// benchmark's `RawIngest`, so both write exactly the same rows.
final class WriterStatements {
    private let db: SQLiteConnection
    private let insertRecord: SQLiteStatement
    private let findRecord: SQLiteStatement
    private let alertsOfRecord: SQLiteStatement
    private let quarantineOfRecord: SQLiteStatement
    private let insertAlert: SQLiteStatement
    private let openViolationCases: SQLiteStatement
    private let attachViolation: SQLiteStatement
    private let insertAlertRecord: SQLiteStatement
    private let resolveRecheck: SQLiteStatement
    private let markEscalated: SQLiteStatement
    private let insertQuarantine: SQLiteStatement
    private let findOtherPerson: SQLiteStatement
    private let insertOtherPerson: SQLiteStatement
    private let insertLink: SQLiteStatement
    private let lastTemperature: SQLiteStatement
    private let addHourCounts: SQLiteStatement
    private let addDayCounts: SQLiteStatement
    private let updateStationSeq: SQLiteStatement
    private let insertGap: SQLiteStatement
    private let deleteGap: SQLiteStatement
    private let setMeta: SQLiteStatement

    init(_ db: SQLiteConnection) throws(StoreError) {
        self.db = db
        insertRecord = try db.prepare(
            """
            INSERT INTO records(station_id, seq, person, ts, kind, temp, origin, verdict, checkpoint_id, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        findRecord = try db.prepare(
            "SELECT id, verdict, person, ts, kind, temp, origin, note FROM records WHERE station_id = ? AND seq = ?")
        // The alerts the record opened, and the violation case it attached to (one case per person per day).
        alertsOfRecord = try db.prepare(
            "SELECT id FROM alerts WHERE record_id = ?1 UNION SELECT alert_id FROM alert_records WHERE record_id = ?1")
        quarantineOfRecord = try db.prepare("SELECT end FROM quarantines WHERE record_id = ? ORDER BY id LIMIT 1")
        insertAlert = try db.prepare(
            """
            INSERT INTO alerts(
                type, at, person, checkpoint_id, station_id, record_id, state, recheck, detail, created_at,
                quarantine_id, last_at, grid)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8, ?9, ?10, ?11,
                COALESCE((SELECT grid FROM checkpoints WHERE id = ?4), (SELECT grid FROM quarantines WHERE id = ?10)))
            """)
        // Through the partial index `alerts_open_violations`: only open VIOLATION alerts are in it.
        openViolationCases = try db.prepare(
            """
            SELECT id, at FROM alerts WHERE quarantine_id = ? AND type = 'VIOLATION' AND state = 'open'
            ORDER BY id DESC
            """)
        attachViolation = try db.prepare(
            "UPDATE alerts SET count = count + 1, last_at = MAX(COALESCE(last_at, at), ?) WHERE id = ?")
        insertAlertRecord = try db.prepare("INSERT INTO alert_records(record_id, alert_id) VALUES (?, ?)")
        resolveRecheck = try db.prepare("UPDATE alerts SET recheck = ?, recheck_record_id = ? WHERE id = ?")
        markEscalated = try db.prepare("UPDATE alerts SET escalated_at = ? WHERE id = ?")
        insertQuarantine = try db.prepare(
            """
            INSERT INTO quarantines(person, start, end, record_id, reason, note, created_at, grid)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, COALESCE(?8, (
                    SELECT c.grid FROM records r JOIN checkpoints c ON c.id = r.checkpoint_id WHERE r.id = ?4)))
            """)
        findOtherPerson = try db.prepare("SELECT id FROM people_other WHERE ident = ?")
        insertOtherPerson = try db.prepare("INSERT INTO people_other(ident) VALUES (?)")
        insertLink = try db.prepare(
            "INSERT INTO person_links(phone, document, created_at, made_by, record_id) VALUES (?, ?, ?, ?, ?)")
        // The records of the last 31 days and tomorrow (a ts may be 5 minutes ahead), one index seek per day.
        lastTemperature = try db.prepare(
            """
            SELECT ts, temp FROM records WHERE ts / \(Timestamp.millisecondsPerDay) IN (\(WriterStatements.recentDays))
                AND person = ?1 AND temp IS NOT NULL ORDER BY ts DESC LIMIT 1
            """)
        addHourCounts = try db.prepare(CountColumns.upsert(table: "hourly_counts", period: "hour"))
        addDayCounts = try db.prepare(CountColumns.upsert(table: "daily_counts", period: "day"))
        updateStationSeq = try db.prepare(
            """
            UPDATE stations SET first_seq = MIN(COALESCE(first_seq, ?1), ?1),
                last_seq = MAX(COALESCE(last_seq, ?2), ?2),
                last_seen = ?3 WHERE id = ?4
            """)
        insertGap = try db.prepare(
            "INSERT OR REPLACE INTO station_gaps(station_id, first_missing, last_missing) VALUES (?, ?, ?)")
        deleteGap = try db.prepare("DELETE FROM station_gaps WHERE station_id = ? AND first_missing = ?")
        setMeta = try db.prepare(
            """
            INSERT INTO meta(key, value) VALUES (?, ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value
            """)
    }

    /// `?2 + 1, ?2, ?2 - 1, ... ?2 - 31`: the days a LOOKUP looks back over (records older than the retention
    /// period are refused; retention beyond 31 days only makes LOOKUP look back 31 days).
    static let recentDays = (["?2 + 1", "?2"] + (1...31).map { "?2 - \($0)" }).joined(separator: ", ")

    // MARK: records

    /// Inserts a record's row with the person's storage key and its verdicts; returns the row's id.
    func insertRecord(_ record: IncomingRecord, person: Int64, verdicts: Verdicts) throws(StoreError) -> Int64 {
        try insertRecord.run {
            $0.bind(1, record.stationKey)
            $0.bind(2, record.record.seq)
            $0.bind(3, person)
            $0.bind(4, record.at.milliseconds)
            $0.bind(5, RecordKindCode.code(of: record.record.kind))
            $0.bind(6, record.record.temperature?.tenths)
            $0.bind(7, record.record.origin.map { $0 == .outside ? 1 : 0 })
            $0.bind(8, verdicts.rawValue)
            $0.bind(9, record.checkpointKey)
            $0.bind(10, record.record.note)
        }
        return db.lastInsertRowID
    }

    /// The record stored as `(station, seq)`, if any: the receipt of its original `OK` and what it said. Runs
    /// only on the resend path (a seq the station may have used before), never for a new record.
    func stored(station: Int64, seq: Int64) throws(StoreError) -> (receipt: RecordReceipt, content: StoredContent)? {
        findRecord.bind(1, station)
        findRecord.bind(2, seq)
        defer { findRecord.reset() }
        guard try findRecord.step() else { return nil }
        let id = findRecord.int64(0)
        let verdicts = Verdicts(rawValue: findRecord.int(1))
        let content = StoredContent(
            person: findRecord.int64(2), at: findRecord.int64(3), kind: findRecord.int(4),
            temperatureTenths: findRecord.optionalInt64(5), origin: findRecord.optionalInt64(6),
            note: findRecord.string(7))

        var alertIDs: [Int64] = []
        alertsOfRecord.bind(1, id)
        defer { alertsOfRecord.reset() }
        while try alertsOfRecord.step() { alertIDs.append(alertsOfRecord.int64(0)) }
        alertIDs.sort()

        quarantineOfRecord.bind(1, id)
        defer { quarantineOfRecord.reset() }
        let until = try quarantineOfRecord.step() ? Timestamp(milliseconds: quarantineOfRecord.int64(0)) : nil
        return (RecordReceipt(id: id, verdicts: verdicts, alertIDs: alertIDs, quarantineUntil: until), content)
    }

    /// The last temperature taken of a person key over the recent days (`today` is the current day number), and
    /// when.
    func lastTemperature(person: Int64, today: Int64) throws(StoreError) -> (at: Int64, temperature: Temperature)? {
        lastTemperature.bind(1, person)
        lastTemperature.bind(2, today)
        defer { lastTemperature.reset() }
        guard try lastTemperature.step() else { return nil }
        return (lastTemperature.int64(0), Temperature(tenths: lastTemperature.int(1)))
    }

    // MARK: alerts and orders

    /// Opens an alert; returns its id. `recheck` is set for FEVER alerts only; `quarantine` is the order a
    /// VIOLATION alert (a case) or a FOLLOWUP alert is about. A VIOLATION case starts with `last_at` at its first
    /// violation. The alert's grid is its checkpoint's, else its order's (issue 16).
    func insertAlert(
        _ type: AlertType, at: Timestamp, person: Int64?, checkpoint: Int64?, station: Int64?, record: Int64?,
        recheck: RecheckState?, detail: String?, createdAt: Timestamp, quarantine: Int64? = nil
    ) throws(StoreError) -> Int64 {
        try insertAlert.run {
            $0.bind(1, type.rawValue)
            $0.bind(2, at.milliseconds)
            $0.bind(3, person)
            $0.bind(4, checkpoint)
            $0.bind(5, station)
            $0.bind(6, record)
            $0.bind(7, recheck?.rawValue)
            $0.bind(8, detail)
            $0.bind(9, createdAt.milliseconds)
            $0.bind(10, quarantine)
            $0.bind(11, type == .violation ? at.milliseconds : nil)
        }
        return db.lastInsertRowID
    }

    /// The open VIOLATION alerts about the order `quarantine` (one person's), newest first, with the time of the
    /// violation that opened each: at most one per local day (the writer picks the one of the record's day).
    func openViolationCases(quarantine: Int64) throws(StoreError) -> [ViolationCase] {
        openViolationCases.bind(1, quarantine)
        defer { openViolationCases.reset() }
        var cases: [ViolationCase] = []
        while try openViolationCases.step() {
            cases.append(
                ViolationCase(
                    alertID: openViolationCases.int64(0),
                    openedAt: Timestamp(milliseconds: openViolationCases.int64(1))))
        }
        return cases
    }

    /// Counts one more violation, at `at`, in an open case, and links its record to it.
    func attachViolation(alert: Int64, record: Int64, at: Timestamp) throws(StoreError) {
        try attachViolation.run {
            $0.bind(1, at.milliseconds)
            $0.bind(2, alert)
        }
        try insertAlertRecord.run {
            $0.bind(1, record)
            $0.bind(2, alert)
        }
    }

    /// Resolves a FEVER alert's re-check, by `record` (nil when it was missed).
    func resolveRecheck(alert: Int64, _ outcome: RecheckState, record: Int64?) throws(StoreError) {
        try resolveRecheck.run {
            $0.bind(1, outcome.rawValue)
            $0.bind(2, record)
            $0.bind(3, alert)
        }
    }

    func markEscalated(alert: Int64, at: Timestamp) throws(StoreError) {
        try markEscalated.run {
            $0.bind(1, at.milliseconds)
            $0.bind(2, alert)
        }
    }

    /// Opens a quarantine order (opened by `record`, or by an operator when nil); returns its id.
    func insertQuarantine(
        person: Int64, _ order: QuarantineOrder, record: Int64?, reason: String, note: String?, createdAt: Timestamp,
        grid: String? = nil
    ) throws(StoreError) -> Int64 {
        try insertQuarantine.run {
            $0.bind(8, grid)
            $0.bind(1, person)
            $0.bind(2, order.start.milliseconds)
            $0.bind(3, order.end.milliseconds)
            $0.bind(4, record)
            $0.bind(5, reason)
            $0.bind(6, note)
            $0.bind(7, createdAt.milliseconds)
        }
        return db.lastInsertRowID
    }

    // MARK: people

    /// The row id of an `other:` person, if known.
    func otherPerson(_ ident: String) throws(StoreError) -> Int64? {
        findOtherPerson.bind(1, ident)
        defer { findOtherPerson.reset() }
        return try findOtherPerson.step() ? findOtherPerson.int64(0) : nil
    }

    /// Adds an `other:` person; returns the row id.
    func insertOtherPerson(_ ident: String) throws(StoreError) -> Int64 {
        try insertOtherPerson.run { $0.bind(1, ident) }
        return db.lastInsertRowID
    }

    /// Links a phone and a document (issue 15): `record` is the record with `id=` that linked them on first sight.
    func insertLink(
        phone: Int64, document: Int64, createdAt: Timestamp, madeBy: String, record: Int64?
    ) throws(StoreError) {
        try insertLink.run {
            $0.bind(1, phone)
            $0.bind(2, document)
            $0.bind(3, createdAt.milliseconds)
            $0.bind(4, madeBy)
            $0.bind(5, record)
        }
    }

    // MARK: per-batch counters

    /// Adds a batch's counts per checkpoint and hour to `hourly_counts`, and their sums per day to `daily_counts`.
    func addCounts(_ hours: [WriterState.HourKey: RecordCounts]) throws(StoreError) {
        var days: [WriterState.HourKey: RecordCounts] = [:]
        for (key, counts) in hours {
            try add(counts, to: addHourCounts, checkpoint: key.checkpoint, period: key.hour)
            let day = WriterState.HourKey(checkpoint: key.checkpoint, hour: key.hour / 24)
            days[day, default: RecordCounts()].add(counts)
        }
        for (key, counts) in days {
            try add(counts, to: addDayCounts, checkpoint: key.checkpoint, period: key.hour)
        }
    }

    private func add(
        _ counts: RecordCounts, to statement: SQLiteStatement, checkpoint: Int64, period: Int64
    ) throws(StoreError) {
        try statement.run {
            $0.bind(1, checkpoint)
            $0.bind(2, period)
            CountColumns.bind(counts, to: $0, from: 3)
        }
    }

    /// Widens a station's stored seq range to `first...last` and notes when it was last heard from.
    func updateStationSeq(station: Int64, first: Int64, last: Int64, lastSeen: Int64?) throws(StoreError) {
        try updateStationSeq.run {
            $0.bind(1, first)
            $0.bind(2, last)
            $0.bind(3, lastSeen)
            $0.bind(4, station)
        }
    }

    func insertGap(station: Int64, _ range: ClosedRange<Int64>) throws(StoreError) {
        try insertGap.run {
            $0.bind(1, station)
            $0.bind(2, range.lowerBound)
            $0.bind(3, range.upperBound)
        }
    }

    func deleteGap(station: Int64, first: Int64) throws(StoreError) {
        try deleteGap.run {
            $0.bind(1, station)
            $0.bind(2, first)
        }
    }

    // MARK: meta

    /// Sets a `meta` row (`last_start`, `audit_journal`).
    func setMeta(_ key: String, _ value: String) throws(StoreError) {
        try setMeta.run {
            $0.bind(1, key)
            $0.bind(2, value)
        }
    }
}

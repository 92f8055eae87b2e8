public import CheckpointCore

extension StoreReader {
    /// Alerts, newest first (SPEC §4 `alerts`). `state`: "open", "acked" or nil for all.
    public func alerts(
        state: String?, type: AlertType?, since: Timestamp?, limit: Int, grid: String? = nil
    ) throws(StoreError)
        -> [AlertRow]
    {
        try read { db throws(StoreError) in
            // A grid's alerts through `alerts_grid` (grid, id): the newest first without a sort.
            let query = try db.prepare(
                """
                SELECT \(CommandCentreQueries.alertColumns)
                WHERE (?1 IS NULL OR a.state = ?1) AND (?2 IS NULL OR a.type = ?2) AND (?3 IS NULL OR a.at >= ?3)
                    \(grid == nil ? "" : "AND a.grid = ?5")
                ORDER BY a.id DESC LIMIT ?4
                """, persistent: false)
            query.bind(1, state)
            query.bind(2, type?.rawValue)
            query.bind(3, since?.milliseconds)
            query.bind(4, limit)
            if let grid { query.bind(5, grid) }
            let people = PersonNames(db)
            var rows: [AlertRow] = []
            while try query.step() { rows.append(try CommandCentreQueries.alert(from: query, people: people)) }
            return rows
        }
    }

    /// Quarantine orders: active ones (not released, not ended at `now`) or all, optionally of one person.
    public func quarantines(
        person: PersonID?, activeOnly: Bool, now: Timestamp, limit: Int, grid: String? = nil
    ) throws(StoreError)
        -> [QuarantineRow]
    {
        try read { db throws(StoreError) in
            let people = PersonNames(db)
            var personKey: Int64?
            if let person {
                guard let key = try people.key(person) else { return [] }
                personKey = key
            }
            let query = try db.prepare(
                """
                SELECT \(CommandCentreQueries.quarantineColumns)
                WHERE (?1 IS NULL OR person = ?1) AND (?2 = 0 OR (released_at IS NULL AND end > ?3))
                    AND (?5 IS NULL OR grid = ?5)
                ORDER BY start DESC LIMIT ?4
                """, persistent: false)
            query.bind(1, personKey)
            query.bind(2, activeOnly ? 1 : 0)
            query.bind(3, now.milliseconds)
            query.bind(4, limit)
            query.bind(5, grid)
            var rows: [QuarantineRow] = []
            var keys: [Int64] = []
            while try query.step() {
                rows.append(try CommandCentreQueries.quarantine(from: query, people: people))
                keys.append(query.int64(1))
            }
            for index in rows.indices {
                rows[index].lastReading = try StoreReader.lastReading(
                    db, key: keys[index], from: rows[index].start, through: min(now, rows[index].end))
            }
            return rows
        }
    }

    /// A person's latest temperature reading in `[from, through]`, through their links (issue 16).
    static func lastReading(
        _ db: SQLiteConnection, key: Int64, from: Timestamp, through: Timestamp
    ) throws(StoreError) -> QuarantineRow.Reading? {
        guard from <= through else { return nil }
        let keys = try PersonIdentity.keysToRead(of: key, in: db)
        let query = try db.prepare(
            """
            SELECT r.ts, r.temp, c.code FROM records r JOIN checkpoints c ON c.id = r.checkpoint_id
            WHERE \(PersonDays.condition()) AND \(StoreReader.person(in: keys)) AND r.ts >= ? AND r.ts <= ?
                AND r.temp IS NOT NULL
            ORDER BY r.ts DESC LIMIT 1
            """, persistent: false)
        var index: Int32 = 1
        for value in [PersonDays.floorDay(from.milliseconds), PersonDays.floorDay(through.milliseconds)] + keys
            + [from.milliseconds, through.milliseconds]
        {
            query.bind(index, value)
            index += 1
        }
        guard try query.step() else { return nil }
        return QuarantineRow.Reading(
            at: Timestamp(milliseconds: query.int64(0)), temperature: Temperature(tenths: query.int(1)),
            checkpointCode: query.string(2) ?? "")
    }

    /// SPEC §9 presence: over one checkpoint or every checkpoint of a grid, the people whose last ENTRY/EXIT
    /// there is an EXIT older than `outAfter` milliseconds, and how many people's last passage is an ENTRY. People
    /// are identities (issue 15): one shows as its document when it has one.
    public func presence(
        checkpoint: String?, grid: String?, now: Timestamp, outAfter: Int64
    ) throws(StoreError)
        -> PresenceResult
    {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let points = try db.prepare(
                """
                SELECT id, code FROM checkpoints WHERE (?1 IS NULL OR code = ?1) AND (?2 IS NULL OR grid = ?2)
                """, persistent: false)
            points.bind(1, checkpoint)
            points.bind(2, grid)
            var codes: [Int64: String] = [:]
            while try points.step() { codes[points.int64(0)] = points.string(1) ?? "" }
            guard !codes.isEmpty else {
                throw StoreError(.notFound, "no such checkpoint or grid; `checkpointctl checkpoint list` shows them")
            }
            // The last passage per person, walking each checkpoint's (checkpoint_id, ts) index once. A person is
            // their identity (issue 15): an ENTRY by phone and an EXIT by ID are one person's passages. A `check-id`
            // record, and any record of a phone shared now, identifies nobody and moves nobody in or out.
            let links = try PersonLinkQueries.all(db)
            var identities: [Int64: Int64?] = [:]
            func identityKey(_ key: Int64) -> Int64? {
                guard !links.isEmpty else { return key }
                if let known = identities[key] { return known }
                var main: Int64?
                if case .person(let first, _) = PersonIdentity.resolve(key, linked: { links[$0] ?? [] }) {
                    main = first
                }
                identities[key] = main
                return main
            }
            var last: [Int64: (ts: Int64, kind: Int, checkpoint: Int64)] = [:]
            let passages = try db.prepare(
                """
                SELECT person, ts, kind FROM records WHERE checkpoint_id = ? AND kind IN (1, 2)
                    AND verdict & \(Verdicts.checkID.rawValue) = 0
                """, persistent: false)
            for key in codes.keys {
                passages.bind(1, key)
                while try passages.step() {
                    guard let person = identityKey(passages.int64(0)) else { continue }
                    let ts = passages.int64(1)
                    if let known = last[person], known.ts > ts { continue }
                    last[person] = (ts, passages.int(2), key)
                }
                passages.reset()
            }
            let people = PersonNames(db)
            var out: [PersonOut] = []
            var inside = 0
            for (person, passage) in last {
                if passage.kind == 1 {
                    inside += 1
                } else if passage.ts < now.milliseconds - outAfter {
                    out.append(
                        PersonOut(
                            person: try people.person(person), exitAt: Timestamp(milliseconds: passage.ts),
                            checkpointCode: codes[passage.checkpoint] ?? ""))
                }
            }
            out.sort { $0.exitAt < $1.exitAt }
            return PresenceResult(out: out, inside: inside)
        }
    }

    /// Accountable lookups, newest first (SPEC §9 `audit`).
    public func audit(since: Timestamp?, limit: Int) throws(StoreError) -> [AuditEntry] {
        try read { db throws(StoreError) in
            let query = try db.prepare(
                """
                SELECT at, uid, gid, cmd, person, since, until, reason FROM audit
                WHERE (?1 IS NULL OR at >= ?1) ORDER BY id DESC LIMIT ?2
                """, persistent: false)
            query.bind(1, since?.milliseconds)
            query.bind(2, limit)
            var rows: [AuditEntry] = []
            while try query.step() {
                rows.append(
                    AuditEntry(
                        at: Timestamp(milliseconds: query.int64(0)), uid: query.optionalInt64(1).map { UInt32($0) },
                        gid: query.optionalInt64(2).map { UInt32($0) }, command: query.string(3) ?? "",
                        person: query.string(4), since: query.optionalInt64(5).map(Timestamp.init(milliseconds:)),
                        until: query.optionalInt64(6).map(Timestamp.init(milliseconds:)), reason: query.string(7) ?? "")
                )
            }
            return rows
        }
    }
}

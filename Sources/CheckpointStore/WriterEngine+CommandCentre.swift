public import CheckpointCore

extension IngestWriter {
    /// Acknowledges an open alert (SPEC §4 `ack`).
    public func acknowledgeAlert(id: Int64, note: String?, by: String) async throws(StoreError) -> AlertRow {
        try await perform { engine throws(StoreError) in try engine.acknowledgeAlert(id: id, note: note, by: by) }
    }

    /// Puts a person under quarantine by hand (an operator's order). `.conflict` if one is already active.
    public func addQuarantine(
        person: PersonID, start: Timestamp, days: Int, reason: String, note: String?
    ) async throws(StoreError) -> QuarantineRow {
        try await perform { engine throws(StoreError) in
            try engine.addQuarantine(person: person, start: start, days: days, reason: reason, note: note)
        }
    }

    /// Ends a person's active quarantine orders now.
    public func releaseQuarantine(
        person: PersonID, by: String, note: String?
    ) async throws(StoreError)
        -> [QuarantineRow]
    {
        try await perform { engine throws(StoreError) in
            try engine.releaseQuarantine(person: person, by: by, note: note)
        }
    }

    /// Records an accountable lookup; returns once it is durable, before the data is handed out. It is written
    /// to the audit journal (one small commit of its own, not behind the records queued for the writer) and moved
    /// into the `audit` table with the writer's next batch. Blocking: call it off the event loops.
    public func recordAudit(_ entry: AuditEntry) throws(StoreError) {
        try auditJournal.append(entry)
        enqueue(
            OperationJob(
                counted: false, body: { engine throws(StoreError) in try engine.moveAuditEntries() },
                completion: { _ in }))
    }

    /// Moves what the audit journal holds into the `audit` table now, ahead of queued records (before `audit`
    /// lists it, before a backup copies the database).
    public func moveAuditJournal() async throws(StoreError) {
        try await perform { engine throws(StoreError) in try engine.moveAuditEntries() }
    }
}

extension WriterEngine {
    func acknowledgeAlert(id: Int64, note: String?, by: String) throws(StoreError) -> AlertRow {
        guard let alert = try CommandCentreQueries.alert(db, id: id) else {
            throw StoreError(.notFound, "no alert \(id); `checkpointctl alerts --state all` lists them")
        }
        guard alert.state == "open" else {
            throw StoreError(.conflict, "alert \(id) was already acknowledged by \(alert.ackedBy ?? "someone")")
        }
        let update = try db.prepare(
            "UPDATE alerts SET state = 'acked', acked_at = ?, acked_by = ?, ack_note = ? WHERE id = ?",
            persistent: false)
        try update.run {
            $0.bind(1, clock.now().milliseconds)
            $0.bind(2, by)
            $0.bind(3, note)
            $0.bind(4, id)
        }
        guard let acked = try CommandCentreQueries.alert(db, id: id) else {
            throw StoreError(.misuse, "alert vanished")
        }
        delta.events.append(.alertChanged(acked))
        return acked
    }

    func addQuarantine(
        person: PersonID, start: Timestamp, days: Int, reason: String, note: String?
    ) throws(StoreError) -> QuarantineRow {
        guard let key = try personKey(person, create: true) else { throw StoreError(.misuse, "no person key") }
        let end = start.adding(milliseconds: Int64(days) * Timestamp.millisecondsPerDay)
        // A person has at most one order in force at any moment: refuse one that overlaps another.
        let overlapping = state.orders(of: key, delta: delta).contains {
            !$0.released && $0.order.start < end && start < $0.order.end
        }
        guard !overlapping else {
            throw StoreError(
                .conflict,
                """
                \(person.masked) already has a quarantine order for that time; release it first to change it
                """)
        }
        try insertQuarantine.run {
            $0.bind(1, key)
            $0.bind(2, start.milliseconds)
            $0.bind(3, end.milliseconds)
            $0.bind(4, nil as Int64?)
            $0.bind(5, reason)
            $0.bind(6, note)
            $0.bind(7, clock.now().milliseconds)
        }
        let id = db.lastInsertRowID
        let order = QuarantineOrder(start: start, end: end)
        state.addOrder(WriterState.Order(id: id, order: order, released: false), person: key, delta: &delta)
        delta.events.append(.quarantineOpened(person: person, until: end))
        return QuarantineRow(
            id: id, person: person, start: start, end: end, recordID: nil, reason: reason, note: note,
            releasedAt: nil, releasedBy: nil)
    }

    func releaseQuarantine(person: PersonID, by: String, note: String?) throws(StoreError) -> [QuarantineRow] {
        let now = clock.now()
        guard let key = try personKey(person, create: false) else {
            throw StoreError(.notFound, "\(person.masked) has no quarantine order")
        }
        var orders = state.orders(of: key, delta: delta)
        let active = orders.indices.filter { !orders[$0].released && orders[$0].order.end > now }
        guard !active.isEmpty else {
            throw StoreError(.notFound, "\(person.masked) has no active quarantine order")
        }
        let release = try db.prepare(
            """
            UPDATE quarantines SET released_at = ?, released_by = ?, note = COALESCE(?, note) WHERE id = ?
            """, persistent: false)
        var rows: [QuarantineRow] = []
        for index in active {
            try release.run {
                $0.bind(1, now.milliseconds)
                $0.bind(2, by)
                $0.bind(3, note)
                $0.bind(4, orders[index].id)
            }
            orders[index].released = true
            let read = try db.prepare(
                "SELECT \(CommandCentreQueries.quarantineColumns) WHERE id = ?", persistent: false)
            read.bind(1, orders[index].id)
            if try read.step() { rows.append(try CommandCentreQueries.quarantine(from: read, people: PersonNames(db))) }
        }
        state.replaceOrders(orders, person: key, delta: &delta)
        return rows
    }

    /// Inserts the journal's entries not moved yet (as this transaction sees it: two moves may share a batch)
    /// into `audit` and notes, in the same transaction, how far it got. Housekeeping deletes them from the
    /// journal later.
    func moveAuditEntries() throws(StoreError) {
        let entries = try auditJournal.entries(after: delta.auditMovedThrough ?? state.auditMovedThrough)
        guard let last = entries.last?.id else { return }
        for entry in entries { try insertAudit(entry.entry) }
        try AuditJournalMark.write(db, journal: auditJournal, through: last)
        delta.auditMovedThrough = last
    }

    /// Deletes moved entries from the journal. A failure is harmless: the mark skips them, and the next prune
    /// deletes them.
    func pruneAuditJournal() {
        guard state.auditMovedThrough > auditPrunedThrough else { return }
        try? auditJournal.remove(through: state.auditMovedThrough)
        auditPrunedThrough = state.auditMovedThrough
        lastAuditPrune = Monotonic.nanoseconds()
    }

    func insertAudit(_ entry: AuditEntry) throws(StoreError) {
        let insert = try db.prepare(
            """
            INSERT INTO audit(at, uid, gid, cmd, person, since, until, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, persistent: false)
        try insert.run { $0.bind(entry) }
    }
}

/// Where the main database stands with the audit journal: `meta('audit_journal')` is `<identity>:<last id moved>`.
/// A journal with another identity (a new file) has had nothing moved yet.
enum AuditJournalMark {
    static func read(_ db: SQLiteConnection, journal: AuditJournal) throws(StoreError) -> Int64 {
        guard let mark = try db.text("SELECT value FROM meta WHERE key = 'audit_journal'") else { return 0 }
        let parts = mark.split(separator: ":")
        guard parts.count == 2, parts[0] == journal.identity, let through = Int64(parts[1]) else { return 0 }
        return through
    }

    static func write(_ db: SQLiteConnection, journal: AuditJournal, through: Int64) throws(StoreError) {
        let statement = try db.prepare(
            """
            INSERT INTO meta(key, value) VALUES ('audit_journal', ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value
            """,
            persistent: false)
        try statement.run { $0.bind(1, "\(journal.identity):\(through)") }
    }
}

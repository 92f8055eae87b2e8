public import CheckpointCore

extension IngestWriter {
    /// Acknowledges an open alert (SPEC §4 `ack`).
    public func acknowledgeAlert(id: Int64, note: String?, by: String) async throws(StoreError) -> AlertRow {
        try await perform { engine throws(StoreError) in try engine.acknowledgeAlert(id: id, note: note, by: by) }
    }

    /// Puts a person under quarantine by hand (an operator's order). `.conflict` if one is already active.
    public func addQuarantine(
        person: PersonID, start: Timestamp, days: Int, reason: String, note: String?, grid: String? = nil
    ) async throws(StoreError) -> QuarantineRow {
        try await perform { engine throws(StoreError) in
            try engine.addQuarantine(person: person, start: start, days: days, reason: reason, note: note, grid: grid)
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

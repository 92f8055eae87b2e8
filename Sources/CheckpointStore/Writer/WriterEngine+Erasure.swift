import CheckpointCore
import Synchronization

/// What `person.erase` removed (issue 13, point 9).
public struct ErasureResult: Sendable, Hashable {
    public var records = 0
    public var alerts = 0
    public var quarantines = 0
    /// The person's links to phones or documents (issue 15).
    public var links = 0
    /// 1 when the person's `people_other` row (an `other:` id) went.
    public var otherPeople = 0
    /// Issue 19: the person's roster and staff-list lines removed (or left without the erased phone).
    public var rosterRows = 0
    /// The name on the person's roster line, for the log to show masked (`PersonName.masked`): 张*.
    public var rosterName: String?
    /// Earlier audit rows that named the person in full, now masked.
    public var auditRowsMasked = 0
    /// Whether the audit chain was computed again over the masked rows (false: it did not verify before, and an
    /// erasure never hides an earlier edit).
    public var auditResealed = true
    /// Whether the database's WAL and the audit journal's were checkpointed and truncated after the commit.
    public var walTruncated = false

    public init() {}
}

extension WriterEngine {
    /// Deletes everything stored about `person` in the running transaction and appends `audit` (whose person is
    /// masked). After the commit, the WALs are checkpointed and truncated; `secure_delete` has already zeroed what
    /// was deleted, so neither file holds the identifier any more. `done` gets the result after that.
    func erase(person: PersonID, audit: AuditEntry, done: ErasureBox) throws(StoreError) -> ErasureResult {
        // Entries still in the audit journal may name the person: move them first, so they are masked too.
        try moveAuditEntries()
        var result = ErasureResult()
        if let key = try personKey(person, create: false) {
            result.records = try deleteRecords(of: key)
            // A SITE alert is the site's (one a day, counting everyone): it stays, without the person.
            let siteAlerts = try db.prepare(
                "UPDATE alerts SET person = NULL WHERE person = ? AND type = 'SITE'", persistent: false)
            try siteAlerts.run { $0.bind(1, key) }
            let alerts = try db.prepare("DELETE FROM alerts WHERE person = ?", persistent: false)
            try alerts.run { $0.bind(1, key) }
            result.alerts = db.changes
            let orders = try db.prepare("DELETE FROM quarantines WHERE person = ?", persistent: false)
            try orders.run { $0.bind(1, key) }
            result.quarantines = db.changes
            result.links = try deleteLinks(of: key)
            let roster = try eraseRosterRows(of: key)
            result.rosterRows = roster.rows
            result.rosterName = roster.name
            if key < 0 {
                let other = try db.prepare("DELETE FROM people_other WHERE id = ?", persistent: false)
                try other.run { $0.bind(1, -key) }
                result.otherPeople = db.changes
                delta.otherPeople[person.normalized] = nil
                delta.forgottenPeople.append(person.normalized)
            }
            state.replaceOrders([], person: key, delta: &delta)
            delta.pendingRechecks[key] = .some(nil)
        }
        let masked = try AuditChain.redact(person: person.normalized, as: person.masked, in: db)
        result.auditRowsMasked = masked.rows
        result.auditResealed = masked.resealed
        try insertAudit(audit)
        let movedThrough = delta.auditMovedThrough ?? state.auditMovedThrough
        let answer = result
        delta.afterCommit.append { [unowned self] in
            var final = answer
            let database = (try? AuditJournal.checkpointTruncate(self.db)) ?? false
            let journal = self.auditJournal.scrub(through: movedThrough)
            self.auditPrunedThrough = max(self.auditPrunedThrough, movedThrough)
            final.walTruncated = database && journal
            done.value.withLock { $0 = final }
        }
        return result
    }

    /// The person's records, found through the `(day, person, ts)` index day by day, not by a scan.
    private func deleteRecords(of key: Int64) throws(StoreError) -> Int {
        let first = try db.integer("SELECT ts / 86400000 FROM records ORDER BY ts / 86400000 LIMIT 1")
        let last = try db.integer("SELECT ts / 86400000 FROM records ORDER BY ts / 86400000 DESC LIMIT 1")
        guard let first, let last else { return 0 }
        let delete = try db.prepare(
            "DELETE FROM records WHERE \(PersonDays.condition(column: "ts")) AND person = ?", persistent: false)
        try delete.run { statement in
            statement.bind(1, first)
            statement.bind(2, last)
            statement.bind(3, key)
        }
        return db.changes
    }
}

/// The result of an erasure as known after its commit (with `walTruncated`), for the caller waiting on it.
final class ErasureBox: Sendable {
    let value = VisibleMutex<ErasureResult?>(nil)
}

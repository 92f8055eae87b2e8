import CheckpointCore

extension WriterEngine {
    /// Inserts the journal's entries not moved yet (as this transaction sees it: two moves may share a batch)
    /// into `audit` and notes, in the same transaction, how far it got. Housekeeping deletes them from the
    /// journal later.
    func moveAuditEntries() throws(StoreError) {
        let entries = try auditJournal.entries(after: delta.auditMovedThrough ?? state.auditMovedThrough)
        guard let last = entries.last?.id else { return }
        for entry in entries { try insertAudit(entry.entry) }
        try statements.setMeta(AuditJournalMark.key, AuditJournalMark.value(journal: auditJournal, through: last))
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

    /// Appends `entry` to the audit chain (`AuditChain`), inside the running transaction.
    func insertAudit(_ entry: AuditEntry) throws(StoreError) {
        try AuditChain.append(entry, to: db)
    }
}

/// Where the main database stands with the audit journal: `meta('audit_journal')` is `<identity>:<last id moved>`.
/// A journal with another identity (a new file) has had nothing moved yet.
enum AuditJournalMark {
    static func read(_ db: SQLiteConnection, journal: AuditJournal) throws(StoreError) -> Int64 {
        guard let mark = try db.text("SELECT value FROM meta WHERE key = '\(key)'") else { return 0 }
        let parts = mark.split(separator: ":")
        guard parts.count == 2, parts[0] == journal.identity, let through = Int64(parts[1]) else { return 0 }
        return through
    }

    static let key = "audit_journal"

    /// The mark after moving the entries up to `through`; written with the batch that moved them.
    static func value(journal: AuditJournal, through: Int64) -> String { "\(journal.identity):\(through)" }
}

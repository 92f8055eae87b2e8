public import CheckpointCore

extension StoreReader {
    /// One person's orders, fevers and gates passed since `since`, read in one snapshot (issue 15 point 3,
    /// `clearance`). Empty for a person never stored.
    public func clearance(person: PersonID, since: Timestamp, now: Timestamp) throws(StoreError) -> PersonHistory {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            guard let key = try PersonNames(db).key(person) else { return .empty }
            return try PersonHistory.read(
                db, keys: try PersonHistory.keys(linkedTo: key, in: db), since: since, now: now, retentionDays: retentionDays, passages: true)
        }
    }
}

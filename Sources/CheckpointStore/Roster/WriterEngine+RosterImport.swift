import CheckpointCore

extension WriterEngine {
    /// Stores roster lines (issue 19) in the running transaction: each resident's line replaces their earlier one,
    /// a phone given beside a document is linked to it (`made_by` `roster:` and the operator) as a gate's `id=`
    /// would, and with `replace` the residents of the lines' grids missing from them are taken off.
    func importRoster(
        _ entries: [RosterEntry], replace: Bool, by operatorName: String, audit: AuditEntry
    ) throws(StoreError) -> ImportResult {
        let now = clock.now().milliseconds
        var keys = Set<Int64>()
        var prepared: [(entry: RosterEntry, key: Int64, phone: Int64?)] = []
        for entry in entries {
            guard let key = try personKey(entry.person, create: true) else {
                throw StoreError(.misuse, "no storage key for a person")
            }
            let phone = try entry.phone.flatMap { (phone) throws(StoreError) in try personKey(phone, create: true) }
            keys.insert(key)
            prepared.append((entry, key, phone))
        }
        let grids = Set(entries.map(\.grid)).sorted()
        var removed = 0
        if replace {
            let members = try db.prepare("SELECT person FROM residents WHERE grid = ?", persistent: false)
            let delete = try db.prepare("DELETE FROM residents WHERE person = ?", persistent: false)
            for grid in grids {
                members.bind(1, grid)
                var leaving: [Int64] = []
                while try members.step() {
                    if !keys.contains(members.int64(0)) { leaving.append(members.int64(0)) }
                }
                members.reset()
                for key in leaving { try delete.run { $0.bind(1, key) } }
                removed += leaving.count
            }
        }
        let insert = try db.prepare(
            """
            INSERT OR REPLACE INTO residents(person, phone, name, grid, checkpoint, home, household, household_given,
                category, imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, persistent: false)
        var linked = 0
        let madeBy = "roster:" + operatorName
        for (entry, key, phone) in prepared {
            try insert.run {
                $0.bind(1, key)
                $0.bind(2, phone)
                $0.bind(3, entry.name)
                $0.bind(4, entry.grid)
                $0.bind(5, entry.checkpoint)
                $0.bind(6, entry.home)
                $0.bind(7, WriterEngine.householdKey(entry, key: key))
                $0.bind(8, entry.household)
                $0.bind(9, entry.category.rawValue)
                $0.bind(10, now)
            }
            if let phone, phone != key, entry.document != nil, !areLinked(phone: phone, document: key) {
                rememberLink(phone: phone, document: key)
                try storeLink(phone: phone, document: key, madeBy: madeBy, record: nil)
                linked += 1
            }
        }
        try moveAuditEntries()
        try insertAudit(audit)
        scheduleRosterReload()
        return ImportResult(imported: entries.count, removed: removed, linked: linked, grids: grids)
    }

    /// The household the outing quota counts: the line's household, else its home, else the person alone.
    static func householdKey(_ entry: RosterEntry, key: Int64) -> String {
        if !entry.household.isEmpty { return "household:" + entry.household }
        if !entry.home.isEmpty { return "home:" + entry.home }
        return "person:\(key)"
    }

    /// Removes `key` from the roster and the staff lists (an erasure): the lines keyed by it go; a phone erased
    /// from someone else's line leaves the line without a phone. Returns how many rows changed.
    func eraseRosterRows(of key: Int64) throws(StoreError) -> (rows: Int, name: String?) {
        let line = try db.prepare("SELECT name FROM residents WHERE person = ?", persistent: false)
        line.bind(1, key)
        let name = try line.step() ? line.string(0) : nil
        var erased = 0
        for sql in [
            "DELETE FROM residents WHERE person = ?1", "UPDATE residents SET phone = NULL WHERE phone = ?1",
            "DELETE FROM site_workers WHERE person = ?1", "UPDATE site_workers SET phone = NULL WHERE phone = ?1",
        ] {
            let delete = try db.prepare(sql, persistent: false)
            try delete.run { $0.bind(1, key) }
            erased += db.changes
        }
        if erased > 0 { scheduleRosterReload() }
        return (erased, name)
    }
}

import CheckpointCore

extension WriterEngine {
    var today: LocalDay { LocalDay(of: clock.now(), in: options.zone) }

    func siteRow(code: String) throws(StoreError) -> SiteRow {
        guard let row = try SiteQueries.sites(db, code: code, today: today, zone: options.zone).first else {
            throw StoreError(.notFound, "no site \(code); `checkpointctl site list` shows them, `site add` adds one")
        }
        return row
    }

    private func siteID(code: String) throws(StoreError) -> Int64 {
        let query = try db.prepare("SELECT id FROM sites WHERE code = ?", persistent: false)
        query.bind(1, code)
        guard try query.step() else {
            throw StoreError(.notFound, "no site \(code); `checkpointctl site list` shows them, `site add` adds one")
        }
        return query.int64(0)
    }

    /// Puts the checkpoint `code` under the site `site`, or under none for `-`. Only a workplace gate belongs to a
    /// site (its kind is read after the change it comes with).
    func assignSite(_ site: String, toCheckpoint code: String) throws(StoreError) {
        let id: Int64? = site == "-" ? nil : try siteID(code: site)
        if id != nil, try checkpointRow(code: code)?.kind != .workplace {
            throw StoreError(
                .badArgument,
                "only a workplace checkpoint belongs to a site: give it kind workplace (--kind workplace) with the site")
        }
        let update = try db.prepare("UPDATE checkpoints SET site_id = ? WHERE code = ?", persistent: false)
        try update.run {
            $0.bind(1, id)
            $0.bind(2, code)
        }
        scheduleRosterReload()
    }

    /// A new site, tagged blue (approved to reopen), its first history entry saying who added it.
    func addSite(
        code: String, name: String, grid: String, reason: String, by: String, audit: AuditEntry
    ) throws(StoreError) -> SiteRow {
        let exists = try db.prepare("SELECT 1 FROM sites WHERE code = ?", persistent: false)
        exists.bind(1, code)
        if try exists.step() {
            throw StoreError(.conflict, "site \(code) already exists; `checkpointctl site show \(code)` shows it")
        }
        let now = clock.now().milliseconds
        let insert = try db.prepare(
            """
            INSERT INTO sites(code, name, grid, tag, tag_since, tag_reason, tagged_by, created_at)
            VALUES (?, ?, ?, 'blue', ?, ?, ?, ?)
            """, persistent: false)
        try insert.run {
            $0.bind(1, code)
            $0.bind(2, name)
            $0.bind(3, grid)
            $0.bind(4, now)
            $0.bind(5, reason)
            $0.bind(6, by)
            $0.bind(7, now)
        }
        let id = db.lastInsertRowID
        try insertSiteEvent(site: id, kind: .tag, tag: .blue, text: reason, recheckBy: nil, by: by, at: now)
        try moveAuditEntries()
        try insertAudit(audit)
        return try siteRow(code: code)
    }

    /// Tags a site; the reason, who and the follow-up date go into its history and the audit trail. A red tag
    /// reaches the record path once committed.
    func tagSite(
        code: String, tag: SiteTag, recheckBy: LocalDay?, reason: String, by: String, audit: AuditEntry
    ) throws(StoreError) -> SiteRow {
        let id = try siteID(code: code)
        guard (tag == .yellow) == (recheckBy != nil) else {
            throw StoreError(
                .badArgument,
                tag == .yellow
                    ? "a yellow tag needs recheck_by, the date of the follow-up inspection (YYYY-MM-DD)"
                    : "recheck_by goes with a yellow tag only")
        }
        let now = clock.now().milliseconds
        let update = try db.prepare(
            """
            UPDATE sites SET tag = ?, tag_since = ?, tag_reason = ?, tagged_by = ?, recheck_by = ? WHERE id = ?
            """, persistent: false)
        try update.run {
            $0.bind(1, tag.rawValue)
            $0.bind(2, now)
            $0.bind(3, reason)
            $0.bind(4, by)
            $0.bind(5, recheckBy?.description)
            $0.bind(6, id)
        }
        try insertSiteEvent(
            site: id, kind: .tag, tag: tag, text: reason, recheckBy: recheckBy?.description, by: by, at: now)
        // A new tag settles the old one's overdue inspection.
        try acknowledgeDueRechecks(site: id, by: by, note: "site tagged \(tag.rawValue): \(reason)", at: now)
        try moveAuditEntries()
        try insertAudit(audit)
        scheduleRosterReload()
        return try siteRow(code: code)
    }

    /// Records a follow-up inspection: it settles the current tag's `recheck_by`, and acknowledges the site's open
    /// `RECHECK_DUE` alerts in the inspector's name.
    func recheckSite(code: String, note: String, by: String, audit: AuditEntry) throws(StoreError) -> SiteRow {
        let id = try siteID(code: code)
        let now = clock.now().milliseconds
        let update = try db.prepare("UPDATE sites SET last_recheck_at = ? WHERE id = ?", persistent: false)
        try update.run {
            $0.bind(1, now)
            $0.bind(2, id)
        }
        try insertSiteEvent(site: id, kind: .recheck, tag: nil, text: note, recheckBy: nil, by: by, at: now)
        try acknowledgeDueRechecks(site: id, by: by, note: "site recheck: " + note, at: now)
        try moveAuditEntries()
        try insertAudit(audit)
        return try siteRow(code: code)
    }

    /// Acknowledges the site's open `RECHECK_DUE` alerts in `by`'s name.
    private func acknowledgeDueRechecks(site id: Int64, by: String, note: String, at now: Int64) throws(StoreError) {
        let due = try db.prepare(
            "SELECT id FROM alerts WHERE site_id = ? AND type = 'RECHECK_DUE' AND state = 'open'", persistent: false)
        due.bind(1, id)
        var alerts: [Int64] = []
        while try due.step() { alerts.append(due.int64(0)) }
        let ack = try db.prepare(
            "UPDATE alerts SET state = 'acked', acked_at = ?, acked_by = ?, ack_note = ? WHERE id = ?",
            persistent: false)
        for alert in alerts {
            try ack.run {
                $0.bind(1, now)
                $0.bind(2, by)
                $0.bind(3, note)
                $0.bind(4, alert)
            }
            if let row = try CommandCentreQueries.alert(db, id: alert) { delta.events.append(.alertChanged(row)) }
        }
    }

    private func insertSiteEvent(
        site: Int64, kind: SiteEvent.Kind, tag: SiteTag?, text: String, recheckBy: String?, by: String, at: Int64
    ) throws(StoreError) {
        let insert = try db.prepare(
            "INSERT INTO site_events(site_id, at, kind, tag, text, recheck_by, by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            persistent: false)
        try insert.run {
            $0.bind(1, site)
            $0.bind(2, at)
            $0.bind(3, kind.rawValue)
            $0.bind(4, tag?.rawValue)
            $0.bind(5, text)
            $0.bind(6, recheckBy)
            $0.bind(7, by)
        }
    }

    /// Replaces a site's staff list with `workers`, audited.
    func importWorkers(site code: String, _ workers: [WorkerEntry], audit: AuditEntry) throws(StoreError)
        -> ImportResult
    {
        let id = try siteID(code: code)
        let count = try db.prepare("SELECT COUNT(*) FROM site_workers WHERE site_id = ?", persistent: false)
        count.bind(1, id)
        let before = try count.step() ? count.int(0) : 0
        let delete = try db.prepare("DELETE FROM site_workers WHERE site_id = ?", persistent: false)
        try delete.run { $0.bind(1, id) }
        let insert = try db.prepare(
            """
            INSERT OR REPLACE INTO site_workers(site_id, person, phone, name, department) VALUES (?, ?, ?, ?, ?)
            """, persistent: false)
        for worker in workers {
            guard let key = try personKey(worker.person, create: true) else {
                throw StoreError(.misuse, "no storage key for a person")
            }
            let phone = try worker.phone.flatMap { (phone) throws(StoreError) in try personKey(phone, create: true) }
            try insert.run {
                $0.bind(1, id)
                $0.bind(2, key)
                $0.bind(3, phone)
                $0.bind(4, worker.name)
                $0.bind(5, worker.department)
            }
        }
        try moveAuditEntries()
        try insertAudit(audit)
        return ImportResult(imported: workers.count, removed: before, linked: 0, grids: [])
    }

    /// A record at a gate of a red site: one SITE alert per site and local day (display zone), whatever became of
    /// it since; later records that day count in it (`count`, `last_at`) and name it in their `alert=`.
    func raiseSiteAlert(
        site: Int64, code: String, person: Int64, incoming: IncomingRecord, record: Int64
    ) throws(StoreError) -> Int64 {
        // The record's own day: a terminal's backlog of yesterday counts in yesterday's alert.
        let day = LocalDay(of: incoming.at, in: options.zone)
        let existing = try db.prepare(
            "SELECT id FROM alerts WHERE site_id = ? AND type = 'SITE' AND at >= ? AND at < ? ORDER BY id LIMIT 1",
            persistent: false)
        existing.bind(1, site)
        existing.bind(2, day.start(in: options.zone).milliseconds)
        existing.bind(3, day.end(in: options.zone).milliseconds)
        if try existing.step() {
            let id = existing.int64(0)
            try statements.attachViolation(alert: id, record: record, at: incoming.at)
            if let row = try CommandCentreQueries.alert(db, id: id) { delta.events.append(.alertChanged(row)) }
            return id
        }
        let id = try statements.insertAlert(
            .site, at: incoming.at, person: person, checkpoint: incoming.checkpointKey, station: incoming.stationKey,
            record: record, recheck: nil, detail: "site=\(code)", createdAt: clock.now())
        let mark = try db.prepare("UPDATE alerts SET site_id = ?, last_at = at WHERE id = ?", persistent: false)
        try mark.run {
            $0.bind(1, site)
            $0.bind(2, id)
        }
        if let row = try CommandCentreQueries.alert(db, id: id) { delta.events.append(.alertOpened(row)) }
        return id
    }

    /// Opens a `RECHECK_DUE` alert for each yellow site past its follow-up date with no recheck since its tag, once
    /// per tag. Returns whether it opened any.
    func raiseDueRechecks(now: Timestamp) throws(StoreError) -> Bool {
        let today = LocalDay(of: now, in: options.zone)
        let query = try db.prepare(
            """
            SELECT s.id, s.code, s.grid, s.recheck_by FROM sites s
            WHERE s.tag = 'yellow' AND s.recheck_by IS NOT NULL AND s.recheck_by < ?1
              AND (s.last_recheck_at IS NULL OR s.last_recheck_at < s.tag_since)
              AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.site_id = s.id AND a.type = 'RECHECK_DUE'
                              AND a.at >= s.tag_since)
            """, persistent: false)
        query.bind(1, today.description)
        var due: [(id: Int64, code: String, grid: String, by: String)] = []
        while try query.step() {
            due.append((query.int64(0), query.string(1) ?? "", query.string(2) ?? "", query.string(3) ?? ""))
        }
        guard !due.isEmpty else { return false }
        try inSmallTransaction { engine throws(StoreError) in
            for site in due {
                let id = try engine.statements.insertAlert(
                    .recheckDue, at: now, person: nil, checkpoint: nil, station: nil, record: nil, recheck: nil,
                    detail: "site=\(site.code) recheck_by=\(site.by)", createdAt: now)
                let mark = try engine.db.prepare("UPDATE alerts SET site_id = ?, grid = ? WHERE id = ?", persistent: false)
                try mark.run {
                    $0.bind(1, site.id)
                    $0.bind(2, site.grid)
                    $0.bind(3, id)
                }
                if let row = try CommandCentreQueries.alert(engine.db, id: id) {
                    engine.delta.events.append(.alertOpened(row))
                }
            }
        }
        return true
    }
}

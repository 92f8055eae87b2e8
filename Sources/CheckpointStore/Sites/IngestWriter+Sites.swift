public import CheckpointCore

extension IngestWriter {
    /// Adds an enterprise site, tagged blue, audited (issue 19).
    public func addSite(
        code: String, name: String, grid: String, reason: String, by: String, audit: AuditEntry
    ) async throws(StoreError) -> SiteRow {
        try await perform { engine throws(StoreError) in
            try engine.addSite(code: code, name: name, grid: grid, reason: reason, by: by, audit: audit)
        }
    }

    /// Tags a site blue, yellow (with the follow-up date) or red, audited; `.badArgument` for a yellow tag without
    /// a date or another with one.
    public func tagSite(
        code: String, tag: SiteTag, recheckBy: LocalDay?, reason: String, by: String, audit: AuditEntry
    ) async throws(StoreError) -> SiteRow {
        try await perform { engine throws(StoreError) in
            try engine.tagSite(code: code, tag: tag, recheckBy: recheckBy, reason: reason, by: by, audit: audit)
        }
    }

    /// Records a site's follow-up inspection, audited.
    public func recheckSite(code: String, note: String, by: String, audit: AuditEntry) async throws(StoreError)
        -> SiteRow
    {
        try await perform { engine throws(StoreError) in
            try engine.recheckSite(code: code, note: note, by: by, audit: audit)
        }
    }

    /// Replaces a site's staff list, audited.
    public func importWorkers(site: String, _ workers: [WorkerEntry], audit: AuditEntry) async throws(StoreError)
        -> ImportResult
    {
        try await perform { engine throws(StoreError) in try engine.importWorkers(site: site, workers, audit: audit) }
    }

    /// Stores roster lines in one transaction, audited (issue 19): each resident replaces their earlier line; with
    /// `replace`, residents of the grids the lines name who are not among them are taken off.
    public func importRoster(
        _ entries: [RosterEntry], replace: Bool, by: String, audit: AuditEntry
    ) async throws(StoreError) -> ImportResult {
        try await perform { engine throws(StoreError) in
            try engine.importRoster(entries, replace: replace, by: by, audit: audit)
        }
    }
}

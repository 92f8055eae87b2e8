public import CheckpointCore

extension IngestWriter {
    /// Registers a checkpoint, or brings back a removed one with the new fields.
    public func addCheckpoint(
        code: String, name: String, grid: String, staffed: String, kind: CheckpointKind = .compound,
        site: String? = nil
    ) async throws(StoreError)
        -> CheckpointRow
    {
        try await perform { engine throws(StoreError) in
            try engine.addCheckpoint(code: code, name: name, grid: grid, staffed: staffed, kind: kind, site: site)
        }
    }

    /// Changes a checkpoint in service (`checkpoint.set`). When its kind changed, `stations` are its stations,
    /// whose sessions were told the old kind at `HELLO`; they have the new one in the directory by now.
    public func changeCheckpoint(
        code: String, _ change: CheckpointChange
    ) async throws(StoreError)
        -> (row: CheckpointRow, stations: [String])
    {
        try await perform { engine throws(StoreError) in try engine.changeCheckpoint(code: code, change) }
    }

    /// Removes a checkpoint. With stations still registered it is `.conflict` unless `force`, which revokes them.
    public func removeCheckpoint(code: String, force: Bool) async throws(StoreError) -> CheckpointRow {
        try await perform { engine throws(StoreError) in try engine.removeCheckpoint(code: code, force: force) }
    }

    /// Registers a station at a checkpoint, or brings back a revoked one with a new token.
    public func addStation(
        code: String, checkpointCode: String, token: TokenDigest
    ) async throws(StoreError)
        -> StationRow
    {
        try await perform { engine throws(StoreError) in
            try engine.addStation(code: code, checkpointCode: checkpointCode, token: token)
        }
    }

    /// Replaces the verdict rules and the watchers' settings for what comes after this call (a reload).
    public func apply(rules: RulePolicy, monitoring: MonitoringPolicy) async throws(StoreError) {
        try await perform { engine throws(StoreError) in
            engine.rules = rules
            engine.monitoring = monitoring
        }
    }

    public func revokeStation(code: String) async throws(StoreError) -> StationRow {
        try await perform { engine throws(StoreError) in try engine.changeStation(code: code, token: nil) }
    }

    public func rotateStation(code: String, token: TokenDigest) async throws(StoreError) -> StationRow {
        try await perform { engine throws(StoreError) in try engine.changeStation(code: code, token: token) }
    }
}

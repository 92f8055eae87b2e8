public import CheckpointCore

extension IngestWriter {
    /// Registers a checkpoint, or brings back a removed one with the new fields.
    public func addCheckpoint(
        code: String, name: String, grid: String, staffed: String
    ) async throws(StoreError)
        -> CheckpointRow
    {
        try await perform { engine throws(StoreError) in
            try engine.addCheckpoint(code: code, name: name, grid: grid, staffed: staffed)
        }
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

extension WriterEngine {
    func addCheckpoint(code: String, name: String, grid: String, staffed: String) throws(StoreError) -> CheckpointRow {
        let now = clock.now().milliseconds
        if let existing = try checkpointRow(code: code), existing.removedAt == nil {
            throw StoreError(.conflict, "checkpoint \(code) already exists; remove it first or choose another id")
        }
        let upsert = try db.prepare(
            """
            INSERT INTO checkpoints(code, name, grid, staffed, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT(code) DO UPDATE SET name = ?2, grid = ?3, staffed = ?4, created_at = ?5, removed_at = NULL
            """, persistent: false)
        try upsert.run {
            $0.bind(1, code)
            $0.bind(2, name)
            $0.bind(3, grid)
            $0.bind(4, staffed)
            $0.bind(5, now)
        }
        scheduleMonitorReload()
        // Safe because the row was just written in this transaction.
        guard let row = try checkpointRow(code: code) else { throw StoreError(.misuse, "checkpoint vanished") }
        return row
    }

    func removeCheckpoint(code: String, force: Bool) throws(StoreError) -> CheckpointRow {
        guard let row = try checkpointRow(code: code), row.removedAt == nil else {
            throw StoreError(.notFound, "no checkpoint \(code); `checkpointctl checkpoint list` shows them")
        }
        if row.activeStations > 0 && !force {
            throw StoreError(
                .conflict,
                """
                checkpoint \(code) still has \(row.activeStations) station(s); revoke them first, or pass force=true \
                to revoke them with it
                """)
        }
        let now = clock.now().milliseconds
        let stations = try db.prepare(
            """
            SELECT s.code FROM stations s JOIN checkpoints c ON c.id = s.checkpoint_id
            WHERE c.code = ? AND s.revoked_at IS NULL
            """, persistent: false)
        stations.bind(1, code)
        var revoked: [String] = []
        while try stations.step() { revoked.append(stations.string(0) ?? "") }
        for station in revoked { _ = try changeStation(code: station, token: nil) }
        let remove = try db.prepare("UPDATE checkpoints SET removed_at = ? WHERE code = ?", persistent: false)
        try remove.run {
            $0.bind(1, now)
            $0.bind(2, code)
        }
        scheduleMonitorReload()
        guard let removed = try checkpointRow(code: code) else { throw StoreError(.misuse, "checkpoint vanished") }
        return removed
    }

    func addStation(code: String, checkpointCode: String, token: TokenDigest) throws(StoreError) -> StationRow {
        guard let checkpoint = try checkpointRow(code: checkpointCode), checkpoint.removedAt == nil else {
            throw StoreError(
                .notFound,
                """
                no checkpoint \(checkpointCode); add it first with `checkpointctl checkpoint add \(checkpointCode) ...`
                """)
        }
        if let existing = try stationRow(code: code), existing.revokedAt == nil {
            throw StoreError(
                .conflict,
                """
                station \(code) already exists; `checkpointctl station rotate \(code)` gives it a new token
                """)
        }
        let now = clock.now().milliseconds
        let upsert = try db.prepare(
            """
            INSERT INTO stations(code, checkpoint_id, token_salt, token_hash, created_at)
            VALUES (?1, (SELECT id FROM checkpoints WHERE code = ?2), ?3, ?4, ?5)
            ON CONFLICT(code) DO UPDATE SET checkpoint_id = (SELECT id FROM checkpoints WHERE code = ?2),
                token_salt = ?3, token_hash = ?4, rotated_at = ?5, revoked_at = NULL
            """, persistent: false)
        try upsert.run {
            $0.bind(1, code)
            $0.bind(2, checkpoint.code)
            $0.bind(3, token.salt)
            $0.bind(4, token.hash)
            $0.bind(5, now)
        }
        try refreshDirectoryEntry(code: code)
        guard let row = try stationRow(code: code) else { throw StoreError(.misuse, "station vanished") }
        return row
    }

    /// Revokes (`token == nil`) or rotates a station.
    func changeStation(code: String, token: TokenDigest?) throws(StoreError) -> StationRow {
        guard let existing = try stationRow(code: code), existing.revokedAt == nil else {
            throw StoreError(.notFound, "no active station \(code); `checkpointctl station list` shows them")
        }
        let now = clock.now().milliseconds
        if let token {
            let rotate = try db.prepare(
                "UPDATE stations SET token_salt = ?, token_hash = ?, rotated_at = ? WHERE code = ?", persistent: false)
            try rotate.run {
                $0.bind(1, token.salt)
                $0.bind(2, token.hash)
                $0.bind(3, now)
                $0.bind(4, code)
            }
        } else {
            let revoke = try db.prepare("UPDATE stations SET revoked_at = ? WHERE code = ?", persistent: false)
            try revoke.run {
                $0.bind(1, now)
                $0.bind(2, code)
            }
        }
        try refreshDirectoryEntry(code: code)
        guard let row = try stationRow(code: code) else { throw StoreError(.misuse, "station vanished") }
        return row
    }

    /// The silence watch learns about checkpoint changes once they are committed.
    private func scheduleMonitorReload() {
        delta.afterCommit.append { [unowned self] in try? self.reloadMonitorCheckpoints() }
    }

    /// Schedules the directory update for after the commit.
    private func refreshDirectoryEntry(code: String) throws(StoreError) {
        let query = try db.prepare(
            """
            SELECT s.id, s.code, s.checkpoint_id, c.code, s.token_salt, s.token_hash, s.revoked_at
            FROM stations s JOIN checkpoints c ON c.id = s.checkpoint_id WHERE s.code = ?
            """, persistent: false)
        query.bind(1, code)
        guard try query.step() else { return }
        let entry = StationDirectory.Entry(
            key: query.int64(0), code: query.string(1) ?? "", checkpointKey: query.int64(2),
            checkpointCode: query.string(3) ?? "", tokenSalt: query.bytes(4), tokenHash: query.bytes(5),
            revoked: !query.isNull(6))
        let directory = self.directory
        delta.afterCommit.append { directory.set(entry) }
    }

    func checkpointRow(code: String) throws(StoreError) -> CheckpointRow? {
        try RegistryQueries.checkpoints(db, code: code).first
    }

    func stationRow(code: String) throws(StoreError) -> StationRow? {
        try RegistryQueries.stations(db, code: code).first
    }
}

/// The registry reads, shared by the writer (inside its transactions) and the readers.
enum RegistryQueries {
    static func checkpoints(_ db: SQLiteConnection, code: String? = nil) throws(StoreError) -> [CheckpointRow] {
        let query = try db.prepare(
            """
            SELECT c.code, c.name, c.grid, c.staffed, c.created_at, c.removed_at,
                (SELECT COUNT(*) FROM stations s WHERE s.checkpoint_id = c.id AND s.revoked_at IS NULL)
            FROM checkpoints c WHERE (?1 IS NULL OR c.code = ?1) ORDER BY c.code
            """, persistent: false)
        query.bind(1, code)
        var rows: [CheckpointRow] = []
        while try query.step() {
            rows.append(
                CheckpointRow(
                    code: query.string(0) ?? "", name: query.string(1) ?? "", grid: query.string(2) ?? "",
                    staffed: query.string(3) ?? "24h", createdAt: Timestamp(milliseconds: query.int64(4)),
                    removedAt: query.optionalInt64(5).map(Timestamp.init(milliseconds:)), activeStations: query.int(6)))
        }
        return rows
    }

    static func stations(_ db: SQLiteConnection, code: String? = nil) throws(StoreError) -> [StationRow] {
        let query = try db.prepare(
            """
            SELECT s.code, c.code, s.created_at, s.rotated_at, s.revoked_at, s.first_seq, s.last_seq, s.last_seen
            FROM stations s JOIN checkpoints c ON c.id = s.checkpoint_id
            WHERE (?1 IS NULL OR s.code = ?1) ORDER BY s.code
            """, persistent: false)
        query.bind(1, code)
        let gaps = try db.prepare(
            """
            SELECT g.first_missing, g.last_missing FROM station_gaps g JOIN stations s ON s.id = g.station_id
            WHERE s.code = ? ORDER BY g.first_missing
            """, persistent: false)
        var rows: [StationRow] = []
        while try query.step() {
            var missing: [ClosedRange<Int64>] = []
            var missingCount: Int64 = 0
            gaps.bind(1, query.string(0))
            while try gaps.step() {
                let range = gaps.int64(0)...gaps.int64(1)
                missingCount += range.upperBound - range.lowerBound + 1
                if missing.count < 100 { missing.append(range) }
            }
            gaps.reset()
            rows.append(
                StationRow(
                    code: query.string(0) ?? "", checkpointCode: query.string(1) ?? "",
                    createdAt: Timestamp(milliseconds: query.int64(2)),
                    rotatedAt: query.optionalInt64(3).map(Timestamp.init(milliseconds:)),
                    revokedAt: query.optionalInt64(4).map(Timestamp.init(milliseconds:)),
                    firstSeq: query.optionalInt64(5), lastSeq: query.optionalInt64(6),
                    lastSeen: query.optionalInt64(7).map(Timestamp.init(milliseconds:)), missing: missing,
                    missingCount: missingCount))
        }
        return rows
    }
}

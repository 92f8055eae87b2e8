import CheckpointCore

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
        guard let entry = try StationDirectory.load(db, code: code).first?.entry else { return }
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

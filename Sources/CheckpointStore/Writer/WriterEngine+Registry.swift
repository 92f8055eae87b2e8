import CheckpointCore

extension WriterEngine {
    func addCheckpoint(
        code: String, name: String, grid: String, staffed: String, kind: CheckpointKind = .compound,
        site: String? = nil
    ) throws(StoreError) -> CheckpointRow {
        let now = clock.now().milliseconds
        if let existing = try checkpointRow(code: code), existing.removedAt == nil {
            throw StoreError(
                .conflict,
                """
                checkpoint \(code) already exists; change it with `checkpointctl checkpoint set \(code) ...`, or \
                choose another id
                """)
        }
        let upsert = try db.prepare(
            """
            INSERT INTO checkpoints(code, name, grid, staffed, kind, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT(code) DO UPDATE SET name = ?2, grid = ?3, staffed = ?4, kind = ?5, created_at = ?6,
                removed_at = NULL
            """, persistent: false)
        try upsert.run {
            $0.bind(1, code)
            $0.bind(2, name)
            $0.bind(3, grid)
            $0.bind(4, staffed)
            $0.bind(5, kind.rawValue)
            $0.bind(6, now)
        }
        try assignSite(site ?? "-", toCheckpoint: code)
        scheduleMonitorReload()
        // Safe because the row was just written in this transaction.
        guard let row = try checkpointRow(code: code) else { throw StoreError(.misuse, "checkpoint vanished") }
        return row
    }

    /// Changes the fields given of a checkpoint in service. A new kind reaches the rules and the station directory
    /// after the commit; `stations` are the checkpoint's stations when the kind changed (their sessions were told
    /// the old one at `HELLO`), else empty.
    func changeCheckpoint(
        code: String, _ change: CheckpointChange
    ) throws(StoreError) -> (row: CheckpointRow, stations: [String]) {
        guard let existing = try checkpointRow(code: code), existing.removedAt == nil else {
            throw StoreError(.notFound, "no checkpoint \(code); `checkpointctl checkpoint list` shows them")
        }
        // Issue 19: only a workplace gate belongs to a site.
        if let kind = change.kind, kind != .workplace, let site = existing.site, change.site != "-" {
            throw StoreError(
                .badArgument,
                """
                checkpoint \(code) is a gate of site \(site): only a workplace checkpoint belongs to a site; \
                detach it in the same change (site=- / --site -) to make it \(kind.rawValue)
                """)
        }
        let update = try db.prepare(
            """
            UPDATE checkpoints SET name = COALESCE(?2, name), grid = COALESCE(?3, grid),
                staffed = COALESCE(?4, staffed), kind = COALESCE(?5, kind)
            WHERE code = ?1
            """, persistent: false)
        try update.run {
            $0.bind(1, code)
            $0.bind(2, change.name)
            $0.bind(3, change.grid)
            $0.bind(4, change.staffed)
            $0.bind(5, change.kind?.rawValue)
        }
        if let site = change.site { try assignSite(site, toCheckpoint: code) }
        scheduleMonitorReload()
        let kindChanged = change.kind.map { $0 != existing.kind } ?? false
        let gridChanged = change.grid.map { $0 != existing.grid } ?? false
        var stations: [String] = []
        if kindChanged || gridChanged {
            let query = try db.prepare(
                """
                SELECT s.code FROM stations s JOIN checkpoints c ON c.id = s.checkpoint_id
                WHERE c.code = ? AND s.revoked_at IS NULL ORDER BY s.code
                """, persistent: false)
            query.bind(1, code)
            while try query.step() { stations.append(query.string(0) ?? "") }
            for station in stations { try refreshDirectoryEntry(code: station) }
        }
        guard let row = try checkpointRow(code: code) else { throw StoreError(.misuse, "checkpoint vanished") }
        // Only a new kind sends the terminals to HELLO again (they were told the kind there).
        return (row, kindChanged ? stations : [])
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

    /// The rules (a checkpoint's kind) and the silence watch learn about checkpoint changes once they are
    /// committed.
    private func scheduleMonitorReload() {
        delta.afterCommit.append { [unowned self] in
            try? self.reloadCheckpointKinds()
            try? self.reloadRosterAndSites()
            try? self.reloadMonitorCheckpoints()
        }
    }

    /// Loads the kinds of the checkpoints that are not compound gates (removed ones too: their stations' records
    /// already queued are judged by the kind they had).
    func reloadCheckpointKinds() throws(StoreError) {
        let query = try db.prepare("SELECT id, kind FROM checkpoints WHERE kind != 'compound'", persistent: false)
        var kinds: [Int64: CheckpointKind] = [:]
        while try query.step() {
            if let kind = query.string(1).flatMap(CheckpointKind.init(rawValue:)) { kinds[query.int64(0)] = kind }
        }
        checkpointKinds = kinds
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

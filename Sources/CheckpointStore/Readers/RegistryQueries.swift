import CheckpointCore

/// The registry reads, shared by the writer (inside its transactions) and the readers.
enum RegistryQueries {
    static func checkpoints(_ db: SQLiteConnection, code: String? = nil) throws(StoreError) -> [CheckpointRow] {
        let query = try db.prepare(
            """
            SELECT c.code, c.name, c.grid, c.staffed, c.created_at, c.removed_at,
                (SELECT COUNT(*) FROM stations s WHERE s.checkpoint_id = c.id AND s.revoked_at IS NULL), c.kind,
                (SELECT code FROM sites WHERE sites.id = c.site_id)
            FROM checkpoints c WHERE (?1 IS NULL OR c.code = ?1) ORDER BY c.code
            """, persistent: false)
        query.bind(1, code)
        var rows: [CheckpointRow] = []
        while try query.step() {
            rows.append(
                CheckpointRow(
                    code: query.string(0) ?? "", name: query.string(1) ?? "", grid: query.string(2) ?? "",
                    staffed: query.string(3) ?? "24h",
                    kind: query.string(7).flatMap(CheckpointKind.init(rawValue:)) ?? .compound,
                    createdAt: Timestamp(milliseconds: query.int64(4)),
                    removedAt: query.optionalInt64(5).map(Timestamp.init(milliseconds:)), activeStations: query.int(6),
                    site: query.string(8)))
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

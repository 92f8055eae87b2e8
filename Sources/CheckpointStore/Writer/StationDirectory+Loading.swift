import CheckpointCore

extension StationDirectory {
    /// The directory entries of every station (`code` nil) or of one, with the seq progress stored for each (nil
    /// before its first record). The one query behind loading the directory at start and refreshing an entry after
    /// a registry change.
    static func load(
        _ db: SQLiteConnection, code: String? = nil
    ) throws(StoreError) -> [(entry: Entry, seq: WriterState.StationSeq?)] {
        let query = try db.prepare(
            """
            SELECT s.id, s.code, s.checkpoint_id, c.code, s.token_salt, s.token_hash, s.revoked_at,
                   s.first_seq, s.last_seq, s.last_seen, c.kind, c.grid
            FROM stations s JOIN checkpoints c ON c.id = s.checkpoint_id WHERE ?1 IS NULL OR s.code = ?1
            """, persistent: false)
        query.bind(1, code)
        var stations: [(entry: Entry, seq: WriterState.StationSeq?)] = []
        while try query.step() {
            let entry = Entry(
                key: query.int64(0), code: query.string(1) ?? "", checkpointKey: query.int64(2),
                checkpointCode: query.string(3) ?? "", checkpointGrid: query.string(11) ?? "",
                checkpointKind: query.string(10).flatMap(CheckpointKind.init(rawValue:)) ?? .compound,
                tokenSalt: query.bytes(4), tokenHash: query.bytes(5),
                revoked: !query.isNull(6))
            let seq = query.optionalInt64(8).map { last in
                WriterState.StationSeq(first: query.optionalInt64(7), last: last, lastSeen: query.optionalInt64(9))
            }
            stations.append((entry, seq))
        }
        return stations
    }
}

public import CheckpointCore

/// This district's quarantine orders of one grid for the dashboard (issue 18): started in a span, and in force now.
public struct GridOrderCounts: Sendable, Equatable {
    public var started: Int
    public var active: Int

    public init(started: Int = 0, active: Int = 0) {
        self.started = started
        self.active = active
    }
}

extension StoreReader {
    /// This district's own orders (not those of other districts in the registry) by grid (nil: an operator's order
    /// without a checkpoint): started in `[from, to)`, and in force at `now`. Two index ranges, no scan of records.
    public func orderCounts(from: Timestamp, to: Timestamp, now: Timestamp) throws(StoreError) -> [String?: GridOrderCounts] {
        try read { db throws(StoreError) in
            let query = try db.prepare(
                """
                SELECT grid, SUM(start >= ?1 AND start < ?2),
                       SUM(released_at IS NULL AND start <= ?3 AND end > ?3)
                FROM quarantines
                WHERE district IS NULL AND ((start >= ?1 AND start < ?2) OR (released_at IS NULL AND end > ?3))
                GROUP BY grid
                """, persistent: false)
            query.bind(1, from.milliseconds)
            query.bind(2, to.milliseconds)
            query.bind(3, now.milliseconds)
            var counts: [String?: GridOrderCounts] = [:]
            while try query.step() {
                counts[query.string(0)] = GridOrderCounts(started: query.int(1), active: query.int(2))
            }
            return counts
        }
    }
}

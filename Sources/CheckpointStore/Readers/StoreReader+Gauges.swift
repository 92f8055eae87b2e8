public import CheckpointCore

/// What `/metrics` reads of the database at each scrape (issue 18): two small counts, no person.
public struct StoreGauges: Sendable, Equatable {
    /// Open (unacknowledged) alerts by type; a type with none is 0.
    public var openAlerts: [AlertType: Int]
    /// Quarantine orders in force now.
    public var activeOrders: Int
}

extension StoreReader {
    public func gauges(now: Timestamp) throws(StoreError) -> StoreGauges {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            var open = Dictionary(uniqueKeysWithValues: AlertType.allCases.map { ($0, 0) })
            let alerts = try db.prepare(
                "SELECT type, COUNT(*) FROM alerts WHERE state = 'open' GROUP BY type", persistent: false)
            while try alerts.step() {
                if let text = alerts.string(0), let type = AlertType(rawValue: text) { open[type] = alerts.int(1) }
            }
            let orders = try db.prepare(
                "SELECT COUNT(*) FROM quarantines WHERE released_at IS NULL AND start <= ?1 AND end > ?1",
                persistent: false)
            orders.bind(1, now.milliseconds)
            let active = try orders.step() ? orders.int(0) : 0
            return StoreGauges(openAlerts: open, activeOrders: active)
        }
    }
}

import CheckpointCore
import CheckpointStore
import CheckpointWire

/// The command centre's dashboard (issue 18): today's picture in one read-only JSON object, people masked. Served
/// at `/api/dashboard` and pushed over `/events`; docs/dashboard.md describes every field.
extension ControlCommands {
    /// Open alerts the page lists (newest first); the counts per grid cover all of them.
    static let dashboardAlerts = 100

    /// Read from the hourly counts, the orders, the open alerts and the registry: a few index ranges, whatever the
    /// day's number of records (so no count of distinct people, which the daily report has).
    func dashboard() async throws(WireError) -> JSONObject {
        let now = clock.now()
        let day = LocalDay(of: now, in: zone)
        let start = day.start(in: zone)
        let end = day.end(in: zone)
        let reader = self.reader
        let (stats, orders, open, checkpoints, stations) = try await read { () throws(StoreError) in
            (
                try reader.stats(since: start, until: end, checkpoint: nil, grid: nil, byHour: true, now: now),
                try reader.orderCounts(from: start, to: end, now: now),
                try reader.alerts(state: "open", type: nil, since: nil, limit: 10_000),
                try reader.checkpoints(),
                try reader.stations()
            )
        }
        let connected = sessions.connectedStations
        let inService = checkpoints.filter { $0.removedAt == nil }
        let gridOf = Dictionary(inService.map { ($0.code, $0.grid) }, uniquingKeysWith: { first, _ in first })
        let countsOf = Dictionary(stats.perGrid.map { ($0.grid, $0.counts) }, uniquingKeysWith: { first, _ in first })
        var result: JSONObject = [
            "generated_at": time(now), "date": .string(day.description),
            "district": json.text(city?.snapshot.district),
            "status": .string(status(writer.currentHealth)),
        ]
        let allOrders = orders.values.reduce(GridOrderCounts()) {
            GridOrderCounts(started: $0.started + $1.started, active: $0.active + $1.active)
        }
        result["totals"] = .object(Self.dashboardCounts(stats.totals, orders: allOrders))
        let grids = Set(inService.map(\.grid)).union(stats.perGrid.map(\.grid)).sorted()
        result["grids"] = .array(
            grids.map { grid in
                let alerts = open.filter { $0.grid == grid }
                let silent = Set(alerts.filter { $0.type == .silent }.compactMap(\.checkpointCode)).count
                let alarm = alerts.contains { $0.type == .fever || $0.type == .violation }
                var object = Self.dashboardCounts(countsOf[grid] ?? RecordCounts(), orders: orders[grid] ?? GridOrderCounts())
                object["grid"] = .string(grid)
                object["silent_checkpoints"] = .int(Int64(silent))
                object["checkpoints"] = .int(Int64(inService.filter { $0.grid == grid }.count))
                object["state"] = .string(alarm ? "alarm" : alerts.isEmpty ? "ok" : "attention")
                return .object(object)
            })
        result["alerts"] = .array(open.prefix(Self.dashboardAlerts).map { .object(dashboardAlert($0)) })
        let stationItems = stations.filter { $0.revokedAt == nil }.map { row in
            (row, connected.contains(row.code))
        }.sorted { ($0.1 ? 0 : 1, $0.0.code) < ($1.1 ? 0 : 1, $1.0.code) }
        result["stations"] = .array(
            stationItems.map { row, online in
                .object([
                    "id": .string(row.code), "checkpoint": .string(row.checkpointCode),
                    "grid": json.text(gridOf[row.checkpointCode]), "online": .bool(online),
                    "last_seen": time(row.lastSeen),
                ])
            })
        result["hours"] = .array(dashboardHours(stats.perHour, from: start, to: end))
        return result
    }

    /// An alert as the dashboard shows it: no station, record or note; the person masked.
    func dashboardAlert(_ row: AlertRow) -> JSONObject {
        let full = json.alert(row, people: .masked)
        var object: JSONObject = [:]
        for key in ["id", "type", "state", "at", "person", "checkpoint", "grid", "count", "escalated_at", "detail"] {
            object[key] = full[key] ?? .null
        }
        return object
    }

    static func dashboardCounts(_ counts: RecordCounts, orders: GridOrderCounts) -> JSONObject {
        [
            "records": .int(Int64(counts.records)), "temp": .int(Int64(counts.temps)),
            "entry": .int(Int64(counts.entries)), "exit": .int(Int64(counts.exits)),
            "fevers": .int(Int64(counts.fevers)), "violations": .int(Int64(counts.violations)),
            "new_orders": .int(Int64(orders.started)), "active_orders": .int(Int64(orders.active)),
        ]
    }

    /// Every hour of the day (23 or 25 on a day the clocks change), with its records and fevers.
    func dashboardHours(_ perHour: [(hour: Timestamp, counts: RecordCounts)], from start: Timestamp, to end: Timestamp)
        -> [JSONValue]
    {
        let counts = Dictionary(perHour.map { ($0.hour.milliseconds, $0.counts) }, uniquingKeysWith: { $1 })
        var hours: [JSONValue] = []
        var hour = start.milliseconds
        while hour < end.milliseconds {
            let at = Timestamp(milliseconds: hour)
            let text = at.formatted(in: zone)
            let label = text.count >= 13 ? String(text.dropFirst(11).prefix(2)) : text
            let row = counts[hour] ?? RecordCounts()
            hours.append(
                .object([
                    "hour": .string(text), "label": .string(label), "records": .int(Int64(row.records)),
                    "fevers": .int(Int64(row.fevers)),
                ]))
            hour += Timestamp.millisecondsPerHour
        }
        return hours
    }
}

import CheckpointCore
import CheckpointStore
import CheckpointWire

/// The command centre's dashboard (issue 18): today's picture in one read-only JSON object, people masked. Served
/// at `/api/dashboard` and pushed over `/events`; docs/dashboard.md describes every field.
extension ControlCommands {
    /// Open alerts the page lists (newest first); the counts per grid cover all of them.
    static let dashboardAlerts = 100

    func dashboard() async throws(WireError) -> JSONObject {
        let now = clock.now()
        let day = LocalDay(of: now, in: zone)
        let start = day.start(in: zone)
        let end = day.end(in: zone)
        let reader = self.reader
        let (report, stats, open, stations) = try await read { () throws(StoreError) in
            (
                try reader.dailyReport(start: start, end: end, grid: nil),
                try reader.stats(since: start, until: end, checkpoint: nil, grid: nil, byHour: true, now: now),
                try reader.alerts(state: "open", type: nil, since: nil, limit: 10_000),
                try reader.stations()
            )
        }
        let connected = sessions.connectedStations
        var gridOf: [String: String] = [:]
        for row in report where row.level == .checkpoint {
            if let checkpoint = row.checkpoint, let grid = row.grid { gridOf[checkpoint] = grid }
        }
        var result: JSONObject = [
            "generated_at": time(now), "date": .string(day.description),
            "district": json.text(city?.snapshot.district),
            "status": .string(writer.currentHealth.writable && city?.isDegraded != true ? "ok" : "degraded"),
        ]
        if let total = report.first(where: { $0.level == .district }) {
            result["totals"] = .object(Self.dashboardCounts(total.counts))
        }
        result["grids"] = .array(
            report.filter { $0.level == .grid }.map { row in
                let grid = row.grid ?? ""
                let alerts = open.filter { $0.grid == grid }
                let silent = Set(alerts.filter { $0.type == .silent }.compactMap(\.checkpointCode)).count
                let alarm = alerts.contains { $0.type == .fever || $0.type == .violation }
                var object = Self.dashboardCounts(row.counts)
                object["grid"] = .string(grid)
                object["silent_checkpoints"] = .int(Int64(silent))
                object["checkpoints"] = .int(Int64(gridOf.values.filter { $0 == grid }.count))
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

    static func dashboardCounts(_ counts: DailyReportCounts) -> JSONObject {
        [
            "records": .int(Int64(counts.records)), "people": .int(Int64(counts.people)),
            "temp": .int(Int64(counts.temps)), "entry": .int(Int64(counts.entries)),
            "exit": .int(Int64(counts.exits)), "fevers": .int(Int64(counts.fevers)),
            "violations": .int(Int64(counts.violations)), "new_orders": .int(Int64(counts.newOrders)),
            "active_orders": .int(Int64(counts.activeOrders)),
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

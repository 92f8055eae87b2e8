import CheckpointCore
import CheckpointStore
import CheckpointWire

/// `report.daily` (issue 16 point 4): the daily report of one local day of the display zone.
extension ControlCommands {
    func dailyReport(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let now = clock.now()
        let day = try localDay(request, now: now)
        let grid: String? = request.has(.grid) ? try identifier(request, .grid) : nil
        let start = day.start(in: zone)
        let end = day.end(in: zone)
        let reader = self.reader
        let rows = try await read { () throws(StoreError) in
            try reader.dailyReport(start: start, end: end, grid: grid)
        }
        // Issue 19: the day's records and people by roster category.
        let categories = try await read { () throws(StoreError) in
            try reader.dailyCategories(start: start, end: end, grid: grid)
        }
        return [
            "date": .string(day.description), "from": time(start), "to": time(end), "grid": json.text(grid),
            "items": .array(rows.map { .object(Self.object($0)) }),
            "per_category": .array(
                categories.map { row in
                    .object([
                        "category": .string(row.category.rawValue), "records": .int(Int64(row.counts.records)),
                        "people": .int(Int64(row.people)), "fevers": .int(Int64(row.counts.fevers)),
                        "visitors": .int(Int64(row.counts.visitors)), "notices": .int(Int64(row.counts.notices)),
                    ])
                }),
        ]
    }

    /// `date=`: `YYYY-MM-DD`, `today` or `yesterday` (in the display zone).
    func localDay(_ request: ControlRequest, now: Timestamp) throws(WireError) -> LocalDay {
        let text = try request.requiredString(.date)
        switch text {
        case "today": return LocalDay(of: now, in: zone)
        case "yesterday": return LocalDay(of: now, in: zone).adding(days: -1)
        default:
            guard let day = LocalDay(date: text) else {
                throw WireError(
                    .argument, "date must be a day as YYYY-MM-DD (2026-12-05), today or yesterday")
            }
            return day
        }
    }

    /// A row with the keys of ``ControlCommandSpec/dailyReportKeys``.
    static func object(_ row: DailyReportRow) -> JSONObject {
        let counts = row.counts
        let text: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        let cells: [(String, Int)] = [
            ("records", counts.records), ("people", counts.people), ("temp", counts.temps),
            ("entry", counts.entries), ("exit", counts.exits), ("fevers", counts.fevers),
            ("fevers_confirmed", counts.feversConfirmed), ("fevers_cleared", counts.feversCleared),
            ("fevers_missed", counts.feversMissed), ("violations", counts.violations),
            ("new_orders", counts.newOrders), ("active_orders", counts.activeOrders),
            ("silent_spells", counts.silentSpells), ("missing_seqs", counts.missingSeqs),
        ]
        var object: JSONObject = [
            "level": .string(row.level.rawValue), "grid": text(row.grid), "checkpoint": text(row.checkpoint),
            "name": text(row.name),
        ]
        for (key, value) in cells { object[key] = .int(Int64(value)) }
        return object
    }
}

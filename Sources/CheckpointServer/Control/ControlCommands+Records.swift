import CheckpointCore
import CheckpointStore
import CheckpointWire

/// `stats`, `records` and `presence`: reads over the records (SPEC §4).
extension ControlCommands {
    func stats(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let now = clock.now()
        let since = try time(request, .since, now: now)
        let until = try time(request, .until, now: now)
        let checkpoint = try request.string(.checkpoint)
        let grid = try request.string(.grid)
        let by = try request.string(.by)
        guard by == nil || ["checkpoint", "grid", "hour", "day", "category"].contains(by ?? "") else {
            throw WireError(.argument, "by must be checkpoint, grid, hour, day or category")
        }
        if let since, let until, until <= since {
            throw WireError(.argument, "until must be later than since")
        }
        let reader = self.reader
        let hourly = by == "hour" || by == "day"
        let stats = try await read { () throws(StoreError) in
            try reader.stats(
                since: since, until: until, checkpoint: checkpoint, grid: grid, byHour: hourly, now: now)
        }
        var result = json.counts(stats.totals)
        result["open_alerts"] = .int(Int64(stats.openAlerts))
        result["active_quarantines"] = .int(Int64(stats.activeQuarantines))
        result["stations_connected"] = .int(Int64(sessions.connectedStations.count))
        result["rate_1m"] = .double((rate.perSecond() * 100).rounded() / 100)
        if let city { addUplinkLag(city.snapshot, to: &result) }
        // The counts are hourly: say which hour they start from.
        let hour = Timestamp.millisecondsPerHour
        result["since"] = time(since.map { Timestamp(milliseconds: $0.milliseconds - $0.milliseconds % hour) })
        // And the hour they end at: an `until` inside an hour counts that whole hour.
        if let until {
            result["until"] = time(Timestamp(milliseconds: (until.milliseconds + hour - 1) / hour * hour))
        }
        result["per_checkpoint"] = .array(
            stats.perCheckpoint.map { row in
                var object: JSONObject = [
                    "checkpoint": .string(row.code), "name": .string(row.name), "grid": .string(row.grid),
                ]
                for (key, value) in json.counts(row.counts).pairs { object[key] = value }
                return .object(object)
            })
        if by == "grid" {
            result["per_grid"] = .array(
                stats.perGrid.map { grid, counts in
                    var object: JSONObject = ["grid": .string(grid)]
                    for (key, value) in json.counts(counts).pairs { object[key] = value }
                    return .object(object)
                })
        }
        if by == "day" {
            result["per_day"] = .array(
                perDay(stats.perHour).map { day, counts in
                    var object: JSONObject = ["day": .string(day.description)]
                    for (key, value) in json.counts(counts).pairs { object[key] = value }
                    return .object(object)
                })
        }
        if by == "category" {
            let total = stats.totals
            let categories = try await read { () throws(StoreError) in
                try reader.categoryCounts(
                    since: since, until: until, checkpoint: checkpoint, grid: grid, total: total)
            }
            result["per_category"] = .array(
                categories.map { row in
                    var object: JSONObject = ["category": .string(row.category.rawValue)]
                    for (key, value) in json.counts(row.counts).pairs { object[key] = value }
                    return .object(object)
                })
        }
        if by == "hour" {
            result["per_hour"] = .array(
                stats.perHour.map { hour, counts in
                    var object: JSONObject = ["hour": time(hour)]
                    for (key, value) in json.counts(counts).pairs { object[key] = value }
                    return .object(object)
                })
        }
        return result
    }

    /// Hourly counts folded into the local days of the display zone, oldest first: an hour counts on the day its
    /// start falls on (exact wherever the zone's offset is whole hours; a +05:30 zone splits hours at midnight).
    func perDay(_ hours: [(hour: Timestamp, counts: RecordCounts)]) -> [(day: LocalDay, counts: RecordCounts)] {
        var days: [(day: LocalDay, counts: RecordCounts)] = []
        for (hour, counts) in hours {
            let day = LocalDay(of: hour, in: zone)
            if days.last?.day == day {
                days[days.count - 1].counts.add(counts)
            } else {
                days.append((day, counts))
            }
        }
        return days
    }

    func records(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let now = clock.now()
        var filter = RecordFilter()
        filter.checkpoint = try request.string(.checkpoint)
        filter.grid = try self.grid(request)
        if request.has(.person) { filter.person = try person(request) }
        if let kind = try request.string(.kind) {
            guard let parsed = RecordKind(rawValue: kind.uppercased()) else {
                throw WireError(.argument, "kind must be TEMP, ENTRY or EXIT")
            }
            filter.kind = parsed
        }
        filter.since = try time(request, .since, now: now)
        filter.until = try time(request, .until, now: now)
        let limit = try limit(request, default: 100)
        let people = try await self.people(
            request, call: call, Disclosure(person: filter.person, since: filter.since, until: filter.until))
        let reader = self.reader
        let query = filter
        let retention = writer.options.retentionDays
        let rows = try await read { () throws(StoreError) in
            try reader.records(query, limit: limit, now: now, retentionDays: retention)
        }
        return ["items": .array(rows.map { .object(json.record($0, people: people)) })]
    }

    func presence(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let checkpoint = try request.string(.checkpoint)
        let grid = try request.string(.grid)
        guard (checkpoint == nil) != (grid == nil) else {
            throw WireError(.argument, "presence needs checkpoint=<id> or grid=<id> (one of them)")
        }
        let people = try await self.people(request, call: call)
        let now = clock.now()
        let outAfter = settings.outAfterMilliseconds
        let reader = self.reader
        let result = try await read { () throws(StoreError) in
            try reader.presence(checkpoint: checkpoint, grid: grid, now: now, outAfter: outAfter)
        }
        return [
            "inside": .int(Int64(result.inside)), "out_after_s": .int(outAfter / 1000),
            "items": .array(
                result.out.map {
                    .object([
                        "person": people.show($0.person), "exit_at": time($0.exitAt),
                        "checkpoint": .string($0.checkpointCode),
                    ])
                }),
        ]
    }
}

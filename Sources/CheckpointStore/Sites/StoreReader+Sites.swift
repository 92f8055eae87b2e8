public import CheckpointCore

/// One row of a site's staff health form (员工健康信息表, issue 19 point 4) for one local day.
public struct HealthFormRow: Sendable, Hashable {
    public var person: PersonID
    /// Empty for someone at the site's gates who is not on its staff list.
    public var name: String
    public var department: String
    public var onStaffList: Bool
    /// A record at one of the site's gates that day.
    public var passed: Bool
    public var firstAt: Timestamp?
    public var lastAt: Timestamp?
    /// Every temperature taken of the person that day, at any gate, in time order.
    public var temperatures: [Temperature]
    /// The return-to-work rule (`clearance`) at the end of the day, or now for today.
    public var clearance: Clearance
}

public struct HealthForm: Sendable, Hashable {
    public var site: SiteRow
    public var from: Timestamp
    public var to: Timestamp
    public var rows: [HealthFormRow]
}

extension StoreReader {
    /// The sites (of a grid, of a tag), with today's counts in `zone`.
    public func sites(grid: String?, tag: SiteTag?, now: Timestamp, zone: some DisplayZone) throws(StoreError)
        -> [SiteRow]
    {
        try read { db throws(StoreError) in
            try SiteQueries.sites(db, grid: grid, tag: tag, today: LocalDay(of: now, in: zone), zone: zone)
        }
    }

    /// One site with its history (newest first); nil when there is no such site.
    public func site(code: String, now: Timestamp, zone: some DisplayZone) throws(StoreError)
        -> (site: SiteRow, history: [SiteEvent])?
    {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            guard let site = try SiteQueries.sites(db, code: code, today: LocalDay(of: now, in: zone), zone: zone).first
            else { return nil }
            return (site, try SiteQueries.history(db, code: code))
        }
    }

    /// The staff health form of `code` for the local `day`: each worker on the staff list (by department, then
    /// name), then anyone else who passed the site's gates that day. Nil when there is no such site.
    public func healthForm(
        site code: String, day: LocalDay, now: Timestamp, zone: some DisplayZone, clearanceDays: Int
    ) throws(StoreError) -> HealthForm? {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            guard let site = try SiteQueries.sites(db, code: code, today: LocalDay(of: now, in: zone), zone: zone).first
            else { return nil }
            let from = day.start(in: zone)
            let to = day.end(in: zone)
            let asOf = min(now, to)
            let people = PersonNames(db)

            let staff = try db.prepare(
                """
                SELECT w.person, w.phone, w.name, w.department FROM site_workers w JOIN sites s ON s.id = w.site_id
                WHERE s.code = ? ORDER BY w.department, w.name, w.person
                """, persistent: false)
            staff.bind(1, code)
            var workers: [(keys: [Int64], name: String, department: String)] = []
            while try staff.step() {
                workers.append(
                    ([staff.int64(0)] + (staff.optionalInt64(1).map { [$0] } ?? []), staff.string(2) ?? "",
                        staff.string(3) ?? ""))
            }
            // Everyone at the site's gates that day, with their first and last record there.
            let gates = try db.prepare(
                """
                SELECT r.person, MIN(r.ts), MAX(r.ts) FROM records r JOIN checkpoints c ON c.id = r.checkpoint_id
                JOIN sites s ON s.id = c.site_id WHERE s.code = ? AND r.ts >= ? AND r.ts < ? GROUP BY r.person
                """, persistent: false)
            gates.bind(1, code)
            gates.bind(2, from.milliseconds)
            gates.bind(3, to.milliseconds)
            var atGates: [Int64: (first: Int64, last: Int64)] = [:]
            while try gates.step() { atGates[gates.int64(0)] = (gates.int64(1), gates.int64(2)) }

            let readings = try db.prepare(
                """
                SELECT ts, temp FROM records WHERE ts / 86400000 = ?1 AND person = ?2 AND ts >= ?3 AND ts < ?4
                AND temp IS NOT NULL
                """, persistent: false)
            func row(keys: [Int64], name: String, department: String, onList: Bool) throws(StoreError)
                -> HealthFormRow?
            {
                guard let person = try people.person(keys[0]) else { return nil }
                var linked: [Int64] = []
                for key in keys {
                    for other in try PersonHistory.keys(linkedTo: key, in: db) where !linked.contains(other) {
                        linked.append(other)
                    }
                }
                var first: Int64?
                var last: Int64?
                for key in linked {
                    guard let seen = atGates[key] else { continue }
                    first = min(first ?? seen.first, seen.first)
                    last = max(last ?? seen.last, seen.last)
                }
                var temperatures: [(at: Int64, temperature: Temperature)] = []
                for key in linked {
                    for dayNumber in PersonDays.floorDay(from.milliseconds)...PersonDays.floorDay(to.milliseconds - 1) {
                        readings.bind(1, dayNumber)
                        readings.bind(2, key)
                        readings.bind(3, from.milliseconds)
                        readings.bind(4, to.milliseconds)
                        while try readings.step() {
                            temperatures.append((readings.int64(0), Temperature(tenths: readings.int(1))))
                        }
                        readings.reset()
                    }
                }
                let history = try PersonHistory.read(
                    db, keys: linked, since: ClearanceRules.windowStart(now: asOf, days: clearanceDays), now: asOf,
                    retentionDays: retentionDays, passages: false)
                return HealthFormRow(
                    person: person, name: name, department: department, onStaffList: onList, passed: first != nil,
                    firstAt: first.map(Timestamp.init(milliseconds:)), lastAt: last.map(Timestamp.init(milliseconds:)),
                    temperatures: temperatures.sorted { $0.at < $1.at }.map(\.temperature),
                    clearance: history.clearance(now: asOf, days: clearanceDays))
            }
            var rows: [HealthFormRow] = []
            var covered = Set<Int64>()
            for worker in workers {
                if let made = try row(keys: worker.keys, name: worker.name, department: worker.department, onList: true) {
                    rows.append(made)
                }
                for key in worker.keys {
                    covered.insert(key)
                    for other in try PersonHistory.keys(linkedTo: key, in: db) { covered.insert(other) }
                }
            }
            for key in atGates.keys.sorted() where !covered.contains(key) {
                if let made = try row(keys: [key], name: "", department: "", onList: false) { rows.append(made) }
            }
            return HealthForm(site: site, from: from, to: to, rows: rows)
        }
    }
}

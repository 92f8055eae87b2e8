import CheckpointTestSupport
import Foundation

/// A daemon in UTC+8 with three local days of records (the day before yesterday, yesterday, today) for the daily
/// report's tests, and the counts the `sqlite3` shell makes of them, cell by cell.
///
/// Grid g1: gate-1 (station st-1), gate-2 (st-2); grid g2: gate-3 (st-3), gate-4 (no station, no record).
final class DailyReportFixture {
    static let offset = 8 * WallTime.hourMilliseconds
    static let cellKeys = [
        "records", "people", "temp", "entry", "exit", "fevers", "fevers_confirmed", "fevers_cleared", "fevers_missed",
        "violations", "new_orders", "active_orders", "silent_spells", "missing_seqs",
    ]
    static let allKeys = ["level", "grid", "checkpoint", "name"] + cellKeys

    let centre: Centre
    let now: Int64
    private var seqs: [String: Int] = [:]

    init() throws {
        let daemon = try DaemonProcess(
            arguments: ["--display-timezone", "", "--silent-after", "2s"], environment: ["TZ": "<+08>-8"])
        try daemon.start()
        centre = try Centre(daemon: daemon)
        now = WallTime.nowMilliseconds()
        _ = try centre.station("st-1", checkpoint: "gate-1", grid: "g1")
        _ = try centre.station("st-2", checkpoint: "gate-2", grid: "g1")
        _ = try centre.station("st-3", checkpoint: "gate-3", grid: "g2")
        try populate()
    }

    /// Local midnight (UTC+8) `back` days before today, in Unix milliseconds (`back` -1 is tomorrow's).
    func dayStart(_ back: Int64) -> Int64 {
        let day = WallTime.dayMilliseconds
        return ((now + Self.offset) / day - back) * day - Self.offset
    }

    /// `hour:minute` local time, `back` days before today.
    func local(_ back: Int64, _ hour: Int64, _ minute: Int64 = 0) -> Int64 {
        dayStart(back) + hour * WallTime.hourMilliseconds + minute * WallTime.minuteMilliseconds
    }

    /// `YYYY-MM-DD` of the local day `back` days before today.
    func date(_ back: Int64) -> String {
        String(WallTime.rfc3339(dayStart(back), offsetMinutes: 480).prefix(10))
    }

    private func person(_ index: Int) -> String { TestPerson.phone(index) }

    private func send(_ station: String, _ verb: String, _ fields: String) throws {
        let seq = (seqs[station] ?? 0) + 1
        seqs[station] = seq
        let reply = try centre.station(station).request("\(verb) seq=\(seq) \(fields)")
        guard reply.hasPrefix("OK ") else { throw TestSupportError("\(verb) \(fields) was not stored: \(reply)") }
    }

    private func populate() throws {
        let (a, b, f1, o1, o2, f2, c, v, d, g, h, o3, r) = (
            person(1), person(2), person(3), person(4), person(5), person(6), person(7), person(50), person(8),
            person(9), person(10), person(11), person(51)
        )
        // Operators' orders (no checkpoint): V's, which V breaks at gate-3, and R's, released today.
        _ = try centre.control.must(
            "quarantine.add", ["person": v, "reason": "close contact", "start": String(local(2, 8)), "days": 14])
        _ = try centre.control.must(
            "quarantine.add", ["person": r, "reason": "close contact", "start": String(local(2, 6)), "days": 14])
        // And one in grid g2, whose workers follow it up: it counts in g2's own "(no checkpoint)" row.
        _ = try centre.control.must(
            "quarantine.add",
            ["person": person(52), "reason": "close contact", "start": String(local(2, 7)), "days": 14, "grid": "g2"])

        // gate-1: A at 23:30 and 00:30 (two days), B, a fever nobody re-checks (missed), an arrival just before
        // midnight.
        try send("st-1", "TEMP", "person=\(a) temp=36.5 ts=\(local(2, 23, 30))")
        try send("st-1", "TEMP", "person=\(a) temp=36.6 ts=\(local(1, 0, 30))")
        try send("st-1", "TEMP", "person=\(b) temp=36.4 ts=\(local(2, 9))")
        try send("st-1", "ENTRY", "person=\(b) ts=\(local(2, 9, 5))")
        try send("st-1", "TEMP", "person=\(f1) temp=38.5 ts=\(local(2, 10))")
        try send("st-1", "EXIT", "person=\(b) ts=\(local(1, 18))")
        try send("st-1", "ENTRY", "person=\(o2) origin=outside ts=\(local(1, 23, 50))")
        // gate-2: an arrival, A again (one person twice in grid g1), a missed fever, then two seqs lost.
        try send("st-2", "ENTRY", "person=\(o1) origin=outside ts=\(local(2, 15))")
        try send("st-2", "TEMP", "person=\(a) temp=36.5 ts=\(local(2, 16))")
        try send("st-2", "TEMP", "person=\(f2) temp=39.0 ts=\(local(1, 11))")
        seqs["st-2", default: 0] += 2
        try send("st-2", "TEMP", "person=\(c) temp=36.7 ts=\(local(1, 12))")
        // gate-3 (grid g2): V breaks the order on two days (two cases, the second counting two), A, D.
        try send("st-3", "EXIT", "person=\(v) ts=\(local(2, 12))")
        try send("st-3", "TEMP", "person=\(a) temp=36.5 ts=\(local(1, 8))")
        try send("st-3", "TEMP", "person=\(d) temp=36.5 ts=\(local(1, 8, 30))")
        try send("st-3", "ENTRY", "person=\(v) ts=\(local(1, 9))")
        try send("st-3", "EXIT", "person=\(v) ts=\(local(1, 10))")
        // Today, minutes ago (inside the 15 min re-check window): G's fever confirmed, H's cleared; an arrival.
        let minute = WallTime.minuteMilliseconds
        try send("st-1", "TEMP", "person=\(g) temp=38.6 ts=\(now - 10 * minute)")
        try send("st-1", "TEMP", "person=\(g) temp=38.9 ts=\(now - 5 * minute)")
        try send("st-3", "TEMP", "person=\(h) temp=38.0 ts=\(now - 9 * minute)")
        try send("st-3", "TEMP", "person=\(h) temp=36.6 ts=\(now - 4 * minute)")
        try send("st-2", "ENTRY", "person=\(o3) origin=outside ts=\(now - 20 * minute)")
        _ = try centre.control.must("quarantine.release", ["person": r, "reason": "negative test"])

        // A last record at each gate and a new, empty checkpoint: each then goes silent once (silent_after 2s),
        // and stays in that spell, so the alerts stop changing.
        let quietFrom = WallTime.nowMilliseconds()
        _ = try centre.control.must("checkpoint.add", ["id": "gate-4", "grid": "g2", "name": "Back gate"])
        for station in ["st-1", "st-2", "st-3"] {
            try send(station, "TEMP", "person=\(d) temp=36.4 ts=\(now - minute)")
        }
        let database = centre.daemon.databasePath
        let settled = Deadline(seconds: 60)
        while true {
            let silent = try SQLiteShell.scalar(
                database,
                "SELECT COUNT(DISTINCT checkpoint_id) FROM alerts WHERE type = 'SILENT' AND created_at >= \(quietFrom)")
            let pending = try SQLiteShell.scalar(
                database, "SELECT COUNT(*) FROM alerts WHERE type = 'FEVER' AND recheck = 'pending'")
            if silent == "4" && pending == "0" { break }
            guard !settled.hasPassed else {
                throw TestSupportError(
                    "the gates did not all go silent (\(silent ?? "-") of 4), or fevers pending: \(pending ?? "-")")
            }
            usleep(200_000)
        }
    }

    /// The label of a report row: `g1/gate-1`, `g1/(subtotal)`, `(no checkpoint)`, `(district)`.
    static func label(_ row: [String: Any]) -> String {
        switch row["level"] as? String {
        case "checkpoint": "\(row["grid"] as? String ?? "")/\(row["checkpoint"] as? String ?? "")"
        case "grid": "\(row["grid"] as? String ?? "")/(subtotal)"
        case "no_checkpoint": (row["grid"] as? String).map { "\($0)/(no checkpoint)" } ?? "(no checkpoint)"
        default: "(district)"
        }
    }

    /// The report's rows for the day `back` days ago as the `sqlite3` shell counts them, in the report's order.
    func expectedRows(_ back: Int64) throws -> [(String, [Int])] {
        let (from, to) = (dayStart(back), dayStart(back - 1))
        let database = centre.daemon.databasePath
        let inDay = "r.ts >= \(from) AND r.ts < \(to)"
        let alerts = "FROM alerts a WHERE a.checkpoint_id = c.id AND a.at >= \(from) AND a.at < \(to)"
        let orders = "FROM quarantines q JOIN records r ON r.id = q.record_id WHERE r.checkpoint_id = c.id"
        let active = "q.start < \(to) AND q.end >= \(to) AND (q.released_at IS NULL OR q.released_at >= \(to))"
        let checkpoints = try SQLiteShell.query(
            database,
            """
            SELECT c.code, c.grid,
                (SELECT COUNT(*) FROM records r WHERE r.checkpoint_id = c.id AND \(inDay)),
                (SELECT COUNT(DISTINCT r.person) FROM records r WHERE r.checkpoint_id = c.id AND \(inDay)),
                (SELECT COUNT(*) FROM records r WHERE r.checkpoint_id = c.id AND \(inDay) AND r.kind = 0),
                (SELECT COUNT(*) FROM records r WHERE r.checkpoint_id = c.id AND \(inDay) AND r.kind = 1),
                (SELECT COUNT(*) FROM records r WHERE r.checkpoint_id = c.id AND \(inDay) AND r.kind = 2),
                (SELECT COUNT(*) \(alerts) AND a.type = 'FEVER'),
                (SELECT COUNT(*) \(alerts) AND a.type = 'FEVER' AND a.recheck = 'confirmed'),
                (SELECT COUNT(*) \(alerts) AND a.type = 'FEVER' AND a.recheck = 'cleared-on-recheck'),
                (SELECT COUNT(*) \(alerts) AND a.type = 'FEVER' AND a.recheck = 'missed'),
                (SELECT COUNT(*) \(alerts) AND a.type = 'VIOLATION'),
                (SELECT COUNT(*) \(orders) AND q.start >= \(from) AND q.start < \(to)),
                (SELECT COUNT(*) \(orders) AND \(active)),
                (SELECT COUNT(*) \(alerts) AND a.type = 'SILENT'),
                (SELECT COALESCE(SUM(g.last_missing - g.first_missing + 1), 0) FROM station_gaps g
                    JOIN records r ON r.station_id = g.station_id AND r.seq = g.last_missing + 1
                    WHERE r.checkpoint_id = c.id AND \(inDay))
            FROM checkpoints c ORDER BY c.grid, c.code
            """)
        let gridPeople = try SQLiteShell.query(
            database,
            """
            SELECT c.grid, COUNT(DISTINCT r.person) FROM records r JOIN checkpoints c ON c.id = r.checkpoint_id
            WHERE \(inDay) GROUP BY c.grid
            """)
        let people = Dictionary(uniqueKeysWithValues: gridPeople.map { ($0[0], Int($0[1]) ?? -1) })
        func operatorOrders(grid: String?) throws -> [Int] {
            let operators =
                "FROM quarantines q WHERE q.record_id IS NULL AND "
                + (grid.map { "q.grid = '\($0)'" } ?? "q.grid IS NULL")
            let counts = try SQLiteShell.query(
                database,
                """
                SELECT (SELECT COUNT(*) \(operators) AND q.start >= \(from) AND q.start < \(to)),
                    (SELECT COUNT(*) \(operators) AND \(active))
                """
            ).first?.compactMap { Int($0) } ?? []
            var cells = Array(repeating: 0, count: Self.cellKeys.count)
            cells[10] = counts.first ?? -1
            cells[11] = counts.last ?? -1
            return cells
        }
        let everyone = Int(
            try SQLiteShell.scalar(database, "SELECT COUNT(DISTINCT r.person) FROM records r WHERE \(inDay)") ?? "")

        var rows: [(String, [Int])] = []
        var district = Array(repeating: 0, count: Self.cellKeys.count)
        for grid in ["g1", "g2"] {
            var subtotal = Array(repeating: 0, count: Self.cellKeys.count)
            for row in checkpoints where row[1] == grid {
                let cells = row.dropFirst(2).map { Int($0) ?? -1 }
                rows.append(("\(grid)/\(row[0])", cells))
                subtotal = zip(subtotal, cells).map(+)
            }
            let gridOrders = try operatorOrders(grid: grid)
            if gridOrders.contains(where: { $0 != 0 }) {
                rows.append(("\(grid)/(no checkpoint)", gridOrders))
                subtotal = zip(subtotal, gridOrders).map(+)
            }
            subtotal[1] = people[grid] ?? 0
            rows.append(("\(grid)/(subtotal)", subtotal))
            district = zip(district, subtotal).map(+)
        }
        let ungridded = try operatorOrders(grid: nil)
        rows.append(("(no checkpoint)", ungridded))
        district = zip(district, ungridded).map(+)
        district[1] = everyone ?? -1
        rows.append(("(district)", district))
        return rows
    }

    /// Records, TEMP, ENTRY, EXIT, fever and violation records in `[from, to)`, as the `sqlite3` shell counts them.
    func recordCounts(from: Int64, to: Int64) throws -> [Int] {
        let row = try SQLiteShell.query(
            centre.daemon.databasePath,
            """
            SELECT COUNT(*), COALESCE(SUM(kind = 0), 0), COALESCE(SUM(kind = 1), 0), COALESCE(SUM(kind = 2), 0),
                COALESCE(SUM((verdict & 1) != 0), 0), COALESCE(SUM((verdict & 2) != 0), 0)
            FROM records WHERE ts >= \(from) AND ts < \(to)
            """)
        return row.first?.map { Int($0) ?? -1 } ?? []
    }
}

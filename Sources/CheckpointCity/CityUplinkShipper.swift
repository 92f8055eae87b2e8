import CheckpointCore
public import CheckpointStore
import Foundation
public import Logging
public import PostgresNIO

/// Ships a district's committed rows to the city (issue 17 point 2), exactly once and in order: each batch goes in
/// one PostgreSQL transaction that also moves the district's position in `city.districts`, checked against the
/// position the batch starts from. A batch the city already has (the district stopped after the city's commit but
/// before its own) is recognised by that position and not shipped again; and the rows' key `(district, local_id,
/// ts)` refuses a second copy of a row outright (a plain INSERT: `ON CONFLICT DO NOTHING` would cost a speculative
/// insertion per row, and would hide a row that differs under the same key).
public struct CityUplinkShipper: Sendable {
    /// What shipping a batch did.
    public enum Outcome: Sendable, Equatable {
        /// The city committed the batch; its position is now this.
        case shipped(through: Int64)
        /// The city is elsewhere: it has this batch already, or it lost rows (restored from a backup). Continue
        /// from the city's position.
        case cityIsAt(Int64)
    }

    public let district: String
    let logger: Logger
    /// Months whose partition is known to exist.
    private let months = MonthCache()

    public init(district: String, logger: Logger) {
        self.district = district
        self.logger = logger
    }

    /// The city's positions for this district, once it is sure they are this database's: the first database to
    /// ship as the district claims it, and another one (a replaced or restored district database, whose ids start
    /// over) is refused: its rows would be taken for ones the city has.
    public func positions(
        _ connection: PostgresConnection, databaseID: String
    ) async throws(CityError) -> (records: Int64, changes: Int64) {
        do {
            let rows = try await connection.query(
                "SELECT shipped_records, shipped_changes, database_id FROM city.districts WHERE district = \(district)",
                logger: logger)
            if let (records, changes, owner) = try await rows.decode((Int64, Int64, String?).self).collect().first {
                if owner == nil {
                    try await connection.run(
                        """
                        UPDATE city.districts SET database_id = \(databaseID)
                        WHERE district = \(district) AND database_id IS NULL
                        """, logger: logger)
                } else if owner != databaseID {
                    throw CityError(
                        "the city has district \(district)'s rows from another database (\(owner ?? "?"), this one is "
                            + "\(databaseID)): a replaced or restored district database must not ship over them; "
                            + "docs/city.md, \"Replacing a district's database\", says what the city's owner does")
                }
                return (records, changes)
            }
        } catch {
            throw CityError.describing(error, doing: "read district \(district)'s position in the city")
        }
        throw CityError(
            "the city does not know district \(district) under this role: the city's owner runs "
                + "SELECT city.add_district('\(district)', 'ROLE') with the role of city_url")
    }

    /// Ships `records` (ids ascending, all after `after`).
    public func ship(records: [UplinkRecord], after: Int64, on connection: PostgresConnection) async throws(CityError)
        -> Outcome
    {
        guard let last = records.last else { return .shipped(through: after) }
        do {
            try await ensureMonths(of: records, on: connection)
            let district = self.district
            let logger = self.logger
            return try await connection.withTransaction(logger: logger) { connection in
                let at = try await Self.lockPosition(connection, district: district, column: .records, logger: logger)
                guard at == after else { return Outcome.cityIsAt(at) }
                var ids: [Int64] = []
                var people: [String] = []
                var times: [Int64] = []
                var kinds: [String] = []
                var temperatures: [Int32] = []
                var origins: [String] = []
                var verdicts: [Int32] = []
                var checkpoints: [String] = []
                var grids: [String] = []
                var stations: [String] = []
                var seqs: [Int64] = []
                for record in records {
                    ids.append(record.id)
                    people.append(record.person)
                    times.append(record.at.milliseconds)
                    kinds.append(record.kind)
                    temperatures.append(record.temperatureTenths.map(Int32.init) ?? Self.noTemperature)
                    origins.append(record.origin ?? "")
                    verdicts.append(Int32(record.verdicts))
                    checkpoints.append(record.checkpoint)
                    grids.append(record.grid)
                    stations.append(record.station)
                    seqs.append(record.seq)
                }
                try await connection.run(
                    """
                    INSERT INTO city.records (district, local_id, person, ts, kind, temp_tenths, origin, verdict,
                                              checkpoint, grid, station, seq)
                    SELECT \(district), u.id, u.person, city.ms(u.ms), u.kind,
                           NULLIF(u.temp, \(Self.noTemperature))::int2, NULLIF(u.origin, ''), u.verdict::int2,
                           u.checkpoint, u.grid, u.station, u.seq
                    FROM unnest(\(ids)::int8[], \(people)::text[], \(times)::int8[], \(kinds)::text[],
                                \(temperatures)::int4[], \(origins)::text[], \(verdicts)::int4[],
                                \(checkpoints)::text[], \(grids)::text[], \(stations)::text[], \(seqs)::int8[])
                         AS u(id, person, ms, kind, temp, origin, verdict, checkpoint, grid, station, seq)
                    """, logger: logger)
                try await Self.movePosition(
                    connection, district: district, column: .records, to: last.id, logger: logger)
                return Outcome.shipped(through: last.id)
            }
        } catch {
            throw CityError.describing(error, doing: "ship \(records.count) records to the city")
        }
    }

    /// Ships the present state of the changed alerts, orders and gaps, and moves the changes' position.
    public func ship(changes: UplinkChanges, after: Int64, on connection: PostgresConnection) async throws(CityError)
        -> Outcome
    {
        guard changes.through > after else { return .shipped(through: after) }
        let district = self.district
        let logger = self.logger
        do {
            return try await connection.withTransaction(logger: logger) { connection in
                let at = try await Self.lockPosition(connection, district: district, column: .changes, logger: logger)
                guard at == after else { return Outcome.cityIsAt(at) }
                for order in changes.orders {
                    try await connection.run(
                        """
                        INSERT INTO city.quarantines (district, local_id, person, start_at, end_at, reason, grid,
                                                      released_at)
                        VALUES (\(district), \(order.id), \(order.person), city.ms(\(order.start.milliseconds)),
                                city.ms(\(order.end.milliseconds)), \(order.reason), \(order.grid),
                                city.ms(\(order.releasedAt?.milliseconds)))
                        ON CONFLICT (district, local_id) DO UPDATE SET
                            person = excluded.person, start_at = excluded.start_at, end_at = excluded.end_at,
                            reason = excluded.reason, grid = excluded.grid, released_at = excluded.released_at
                        """, logger: logger)
                }
                for alert in changes.alerts {
                    try await connection.run(
                        """
                        INSERT INTO city.alerts (district, local_id, type, at, person, checkpoint, grid, state, count,
                                                 last_at, escalated_at, acked_at, acked_by, detail, recheck, ordered_by)
                        VALUES (\(district), \(alert.id), \(alert.type), city.ms(\(alert.at.milliseconds)), \(alert.person),
                                \(alert.checkpoint), \(alert.grid), \(alert.state), \(Int64(alert.count)),
                                city.ms(\(alert.lastAt?.milliseconds)), city.ms(\(alert.escalatedAt?.milliseconds)),
                                city.ms(\(alert.ackedAt?.milliseconds)), \(alert.ackedBy), \(alert.detail), \(alert.recheck),
                                \(alert.orderedBy))
                        ON CONFLICT (district, local_id) DO UPDATE SET
                            state = excluded.state, count = excluded.count, last_at = excluded.last_at,
                            escalated_at = excluded.escalated_at, acked_at = excluded.acked_at,
                            acked_by = excluded.acked_by, detail = excluded.detail, recheck = excluded.recheck,
                            grid = excluded.grid, ordered_by = excluded.ordered_by
                        """, logger: logger)
                }
                for gap in changes.gaps {
                    if let last = gap.lastMissing {
                        try await connection.run(
                            """
                            INSERT INTO city.station_gaps (district, station, first_missing, last_missing)
                            VALUES (\(district), \(gap.station), \(gap.firstMissing), \(last))
                            ON CONFLICT (district, station, first_missing) DO UPDATE SET
                                last_missing = excluded.last_missing
                            """, logger: logger)
                    } else {
                        try await connection.run(
                            """
                            DELETE FROM city.station_gaps
                            WHERE district = \(district) AND station = \(gap.station)
                              AND first_missing = \(gap.firstMissing)
                            """, logger: logger)
                    }
                }
                try await Self.movePosition(
                    connection, district: district, column: .changes, to: changes.through, logger: logger)
                return Outcome.shipped(through: changes.through)
            }
        } catch {
            throw CityError.describing(error, doing: "ship changed alerts and orders to the city")
        }
    }

    /// Sets the city's changes position for this district (after the city lost changes this district no longer
    /// queues: the next ones must not wait for them).
    public func resetChanges(to position: Int64, on connection: PostgresConnection) async throws(CityError) {
        do {
            try await Self.movePosition(connection, district: district, column: .changes, to: position, logger: logger)
        } catch {
            throw CityError.describing(error, doing: "set district \(district)'s position in the city")
        }
    }

    /// A temperature column's "none" in the arrays (PostgresNIO's arrays have no nulls).
    static let noTemperature: Int32 = -32768

    enum PositionColumn: String { case records = "shipped_records", changes = "shipped_changes" }

    /// The district's position, its row locked until the transaction ends (one shipper at a time per district).
    static func lockPosition(
        _ connection: PostgresConnection, district: String, column: PositionColumn, logger: Logger
    ) async throws -> Int64 {
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: "SELECT \(column.rawValue) FROM city.districts WHERE district = $1 FOR UPDATE",
                binds: {
                    var binds = PostgresBindings()
                    binds.append(district)
                    return binds
                }()), logger: logger)
        if let position = try await rows.decode(Int64.self).collect().first { return position }
        throw CityError("the city does not know district \(district) (city.add_district)")
    }

    /// Sets the district's position in `column`.
    static func movePosition(
        _ connection: PostgresConnection, district: String, column: PositionColumn, to position: Int64, logger: Logger
    ) async throws {
        var binds = PostgresBindings()
        binds.append(position)
        binds.append(district)
        try await connection.run(
            PostgresQuery(
                unsafeSQL:
                    "UPDATE city.districts SET \(column.rawValue) = $1, last_shipped_at = now() WHERE district = $2",
                binds: binds), logger: logger)
    }

    /// Makes the month partitions the batch needs, each once per process (outside the batch's transaction: a
    /// partition is made under a lock on the whole table, which must not wait behind a batch).
    private func ensureMonths(of records: [UplinkRecord], on connection: PostgresConnection) async throws {
        var needed = Set<Int64>()
        for record in records {
            let month = MonthCache.month(ofMilliseconds: record.at.milliseconds)
            if !months.contains(month) { needed.insert(month) }
        }
        for month in needed.sorted() {
            let date = MonthCache.firstDay(of: month)
            try await connection.run("SELECT city.ensure_month(\(date)::date)", logger: logger)
            months.insert(month)
        }
    }
}

public import Logging
public import PostgresNIO

/// The city's reads for `checkpointctl city …` (issue 17 point 4): each calls one of the database functions
/// (`city.trace`, `city.clearance`, `city.stats`, `city.report_daily`), which decide with PostgreSQL's roles who
/// may read, and write the audit row under the caller's role. Every column comes back as text, formatted by the
/// server in the zone asked for.
public struct CityReads: Sendable {
    /// Rows of text (null as nil) under their column names.
    public struct Table: Sendable, Equatable {
        public var columns: [String]
        public var rows: [[String?]]
    }

    let connection: PostgresConnection
    let logger: Logger

    public init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// A person's records in every district over the last `days` days, in time order (audited).
    public func trace(person: String, reason: String, days: Int, zone: String) async throws(CityError) -> Table {
        try await table(
            """
            SELECT to_char(t.ts AT TIME ZONE \(zone), 'YYYY-MM-DD HH24:MI:SS') AS time, t.district, t.checkpoint,
                   t.grid, t.station, t.kind, t.temp::text AS temp, t.verdict
            FROM city.trace(\(person), \(reason), now() - make_interval(days => \(Int32(days))), now()) t
            """, doing: "trace the person through the city")
    }

    /// Whether the person may work, over the whole city (audited).
    public func clearance(person: String, reason: String, days: Int, zone: String) async throws(CityError) -> Table {
        try await table(
            """
            SELECT c.clear::text AS clear, c.reason,
                   to_char(c.quarantine_until AT TIME ZONE \(zone), 'YYYY-MM-DD HH24:MI') AS quarantine_until,
                   c.ordered_by, to_char(c.fever_at AT TIME ZONE \(zone), 'YYYY-MM-DD HH24:MI') AS fever_at,
                   c.fever_district, array_to_string(c.districts_seen, ',') AS districts_seen
            FROM city.clearance(\(person), \(reason), \(Int32(days))) c
            """, doing: "check the person's clearance in the city")
    }

    /// Counts per district (or district and grid) over local days `from` ..< `to` (`YYYY-MM-DD`) of `zone`.
    public func stats(from: String, to: String, by: String, zone: String) async throws(CityError) -> Table {
        try await table(
            """
            SELECT s.district, s.grid, s.temps::text AS temps, s.entries::text AS entries, s.exits::text AS exits,
                   s.fevers::text AS fevers, s.violations::text AS violations
            FROM city.stats(\(from)::date::timestamp AT TIME ZONE \(zone), \(to)::date::timestamp AT TIME ZONE \(zone),
                            \(by)) s
            """, doing: "read the city's counts")
    }

    /// One local day of the city, per district and grid.
    public func dailyReport(date: String, zone: String) async throws(CityError) -> Table {
        try await table(
            """
            SELECT r.district, r.grid, r.temps::text AS temps, r.entries::text AS entries, r.exits::text AS exits,
                   r.fevers::text AS fevers, r.violations::text AS violations, r.people::text AS people,
                   r.orders_opened::text AS orders_opened, r.orders_released::text AS orders_released,
                   r.alerts_raised::text AS alerts_raised, r.alerts_open::text AS alerts_open
            FROM city.report_daily(\(date)::date, \(zone)) r
            """, doing: "read the city's daily report")
    }

    private func table(_ query: PostgresQuery, doing: String) async throws(CityError) -> Table {
        var result = Table(columns: [], rows: [])
        do {
            let rows = try await connection.query(query, logger: logger)
            for try await row in rows {
                if result.columns.isEmpty { result.columns = row.map(\.columnName) }
                var values: [String?] = []
                for cell in row { values.append(try cell.decode(String?.self)) }
                result.rows.append(values)
            }
        } catch {
            throw CityError.describing(error, doing: doing)
        }
        return result
    }
}

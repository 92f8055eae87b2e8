public import Logging
public import PostgresNIO

/// Applies `CitySchema.migrations` (`checkpointctl city migrate`, run by the city database's owner) and checks the
/// version a daemon needs.
public struct CitySchemaMigrator: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// Brings the city schema up to this build's version; returns the versions applied. Several runs at once wait
    /// for each other (an advisory lock), so two operators cannot apply a migration twice.
    public func migrate(_ connection: PostgresConnection) async throws(CityError) -> [Int] {
        do {
            return try await connection.withTransaction(logger: logger) { connection in
                try await connection.run("SELECT pg_advisory_xact_lock(1718628)", logger: logger)
                try await connection.run("CREATE SCHEMA IF NOT EXISTS city", logger: logger)
                try await connection.run(PostgresQuery(unsafeSQL: CitySchema.bookkeeping), logger: logger)
                let current = try await Self.version(connection, logger: logger)
                guard current <= CitySchema.requiredVersion else {
                    throw CityError(
                        "the city schema is at version \(current) but this checkpointctl knows only up to "
                            + "\(CitySchema.requiredVersion): use the newer checkpointctl")
                }
                var applied: [Int] = []
                for migration in CitySchema.migrations where migration.version > current {
                    for statement in migration.statements {
                        try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.run(
                        "INSERT INTO city.schema_migrations(version, summary) VALUES (\(migration.version), \(migration.summary))",
                        logger: logger)
                    applied.append(migration.version)
                }
                return applied
            }
        } catch {
            throw CityError.describing(error, doing: "migrate the city schema")
        }
    }

    /// The schema's version; 0 when there is none.
    public static func version(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let exists = try await connection.query(
            "SELECT to_regclass('city.schema_migrations') IS NOT NULL", logger: logger)
        guard try await exists.decode(Bool.self).collect().first == true else { return 0 }
        let rows = try await connection.query(
            "SELECT COALESCE(MAX(version), 0)::int8 FROM city.schema_migrations", logger: logger)
        return Int(try await rows.decode(Int64.self).collect().first ?? 0)
    }

    /// Refuses a schema older than this build needs, saying how to bring it up.
    public func requireCurrent(_ connection: PostgresConnection) async throws(CityError) {
        let version: Int
        do {
            version = try await Self.version(connection, logger: logger)
        } catch {
            throw CityError.describing(error, doing: "read the city schema's version")
        }
        guard version >= CitySchema.requiredVersion else {
            throw CityError(
                "the city schema is at version \(version), this checkpointd needs \(CitySchema.requiredVersion): "
                    + "run `checkpointctl city migrate --url …` as the city database's owner")
        }
    }
}

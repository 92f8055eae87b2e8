public import Logging
public import PostgresNIO

extension PostgresConnection {
    /// Runs a statement and reads its whole answer. PostgresNIO's `query` returns once the statement is described,
    /// and a server error found while it runs (a key taken, a policy refusing the row) reaches only the reader of
    /// its rows: a statement whose rows nobody reads could fail unseen, and a later COMMIT of the failed
    /// transaction answers ROLLBACK without an error. Every statement here goes through `run`.
    public func run(
        _ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws {
        let rows = try await self.query(query, logger: logger, file: file, line: line)
        for try await _ in rows {}
    }
}

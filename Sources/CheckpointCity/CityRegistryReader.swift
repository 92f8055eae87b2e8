import CheckpointCore
public import CheckpointStore
public import Logging
public import PostgresNIO

/// Reads the city's registry of quarantine orders (issue 17 point 3): every order opened, changed or released in
/// any district after a position, in `change_seq` order (which is commit order: the trigger makes writers take
/// turns). LISTEN on `city_orders` says when to read; a timer reads anyway, for a lost notification.
public struct CityRegistryReader: Sendable {
    /// The channel the registry's trigger notifies.
    public static let channel = "city_orders"

    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// Orders after `seq`, at most `limit`, with the position the last one reaches. Orders of every district are
    /// read (the position must pass them); the writer leaves its own district's alone.
    public func orders(after seq: Int64, limit: Int, on connection: PostgresConnection) async throws(CityError)
        -> (orders: [CityOrder], through: Int64)
    {
        var orders: [CityOrder] = []
        var through = seq
        do {
            let rows = try await connection.query(
                """
                SELECT district, local_id, person, (extract(epoch FROM start_at) * 1000)::int8,
                       (extract(epoch FROM end_at) * 1000)::int8, reason, (extract(epoch FROM released_at) * 1000)::int8,
                       change_seq
                FROM city.quarantines WHERE change_seq > \(seq) ORDER BY change_seq LIMIT \(Int64(limit))
                """, logger: logger)
            for try await (district, id, person, start, end, reason, released, change) in rows.decode(
                (String, Int64, String, Int64, Int64, String?, Int64?, Int64).self)
            {
                through = change
                guard let person = try? PersonID(parsing: person) else {
                    logger.warning(
                        "an order in the city's registry names no valid person; skipped",
                        metadata: ["district": "\(district)", "order": "\(id)"])
                    continue
                }
                orders.append(
                    CityOrder(
                        district: district, originID: id, person: person, start: Timestamp(milliseconds: start),
                        end: Timestamp(milliseconds: end), reason: reason,
                        releasedAt: released.map(Timestamp.init(milliseconds:))))
            }
        } catch {
            throw CityError.describing(error, doing: "read the city's quarantine registry")
        }
        return (orders, through)
    }
}

import NIOCore
import NIOSSL
import PostgresNIO

/// What went wrong with the city, said so an operator knows what to do. PostgresNIO's own descriptions hide the
/// server's message (they may hold data); ours keep the server's message and SQLSTATE, which name no person.
public struct CityError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The server's SQLSTATE, when the server refused.
    public var sqlState: String?

    public init(_ description: String, sqlState: String? = nil) {
        self.description = description
        self.sqlState = sqlState
    }

    /// A `CityError` for any error met while `doing` something.
    public static func describing(_ error: any Error, doing: String) -> CityError {
        if let error = error as? CityError { return error }
        if let transaction = error as? PostgresTransactionError {
            if let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError {
                return describing(inner, doing: doing)
            }
        }
        if let error = error as? PSQLError {
            if let info = error.serverInfo, let message = info[.message] {
                let state = info[.sqlState]
                var text = "cannot \(doing): the city database says: \(message)"
                if let hint = info[.hint] { text += " (\(hint))" }
                if let advice = advice(forSQLState: state) { text += "; " + advice }
                return CityError(text, sqlState: state)
            }
            if let underlying = error.underlying {
                return CityError("cannot \(doing): \(underlying)" + connectionAdvice(underlying))
            }
            return CityError("cannot \(doing): \(error.code)")
        }
        return CityError("cannot \(doing): \(error)" + connectionAdvice(error))
    }

    private static func advice(forSQLState state: String?) -> String? {
        switch state {
        case "28P01", "28000":
            "check the role in city_url and the password in city_password_file (or the server's pg_hba.conf)"
        case "3D000": "the database in city_url does not exist: create it, then `checkpointctl city migrate`"
        case "42501": "the role lacks a grant: `checkpointctl city migrate` and city.add_district set them up"
        case "3F000", "42P01", "42883": "the city schema is missing or old: run `checkpointctl city migrate`"
        default: nil
        }
    }

    private static func connectionAdvice(_ error: any Error) -> String {
        if error is NIOSSLError || error is BoringSSLError {
            return "; the server's certificate was not accepted: check sslmode and sslrootcert in city_url"
        }
        return "; is PostgreSQL running and reachable at city_url?"
    }
}

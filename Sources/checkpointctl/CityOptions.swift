import ArgumentParser
import CheckpointCity
import CheckpointConfig
import CheckpointCore
import CheckpointWire
import Dispatch
import Foundation
import Logging
import PostgresNIO

/// The options every `city` command takes.
struct CityOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The city database (default: $CHECKPOINT_CITY_URL).", valueName: "url"))
    var url: String?

    @Option(
        help: ArgumentHelp(
            "A file whose first line is the role's password (default: $CHECKPOINT_CITY_PASSWORD_FILE).",
            valueName: "path"))
    var passwordFile: String?

    @Option(
        help: ArgumentHelp(
            "The zone times and local days are in (default: $TZ, else the system's zone, else UTC).",
            valueName: "zone"))
    var zone: String?

    @Flag(name: .long, help: "Print the rows as one JSON line, for scripts.")
    var json = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).",
            valueName: "en|zh"))
    var lang: Language?

    func connector(environment: [String: String]) throws -> CityConnector {
        guard let text = url ?? environment["CHECKPOINT_CITY_URL"], !text.isEmpty else {
            throw ValidationError(L("name the city database: --url postgresql://ROLE@HOST/DATABASE or CHECKPOINT_CITY_URL"))
        }
        let parsed: CityURL
        do {
            parsed = try CityURL(parsing: text)
        } catch {
            throw ValidationError(L("--url: {1}", error.message))
        }
        var logger = Logger(label: "checkpointctl.city")
        logger.logLevel = .critical
        let passwordFile = passwordFile ?? environment["CHECKPOINT_CITY_PASSWORD_FILE"]
        return CityConnector(url: parsed, passwordFile: passwordFile?.isEmpty == false ? passwordFile : nil, logger: logger)
    }

    /// The zone name for the server: `--zone`, `TZ`, `/etc/timezone`, else `UTC`.
    func zoneName(environment: [String: String]) -> String {
        if let zone, !zone.isEmpty { return zone }
        if let tz = environment["TZ"], !tz.isEmpty { return tz.hasPrefix(":") ? String(tz.dropFirst()) : tz }
        if let data = FileManager.default.contents(atPath: "/etc/timezone") {
            let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !name.isEmpty { return name }
        }
        return "UTC"
    }

    /// Connects, runs `body`, closes; a failure becomes a `CtlError` (exit 1 for a refusal, 3 when unreachable).
    func withConnection<T: Sendable>(
        environment: [String: String], doing: String = "read the city", _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T
    ) throws -> T {
        let connector = try connector(environment: environment)
        var logger = Logger(label: "checkpointctl.city")
        logger.logLevel = .critical
        let quiet = logger
        return try Blocking.run {
            let connection: PostgresConnection
            do {
                connection = try await connector.connect()
            } catch {
                throw CtlError(.unreachable, CityError.describing(error, doing: "connect").description)
            }
            do {
                let value = try await body(connection, quiet)
                try? await connection.close()
                return value
            } catch {
                try? await connection.close()
                throw CtlError(.refused, CityError.describing(error, doing: doing).description)
            }
        }
    }

    func validatePerson(_ text: String) throws -> String {
        do {
            return try PersonID(parsing: text).normalized
        } catch {
            throw ValidationError(L("PERSON: {1}", error.message))
        }
    }

    /// Prints a city table, or its rows as JSON objects with `--json`.
    func print(_ table: CityReads.Table, titles: [String: String], environment: [String: String]) throws {
        if json {
            let rows = table.rows.map { row in
                var object: JSONObject = [:]
                for (column, value) in zip(table.columns, row) { object[column] = value.map(JSONValue.string) ?? .null }
                return JSONValue.object(object)
            }
            try StandardOutput().write(JSONValue.object(["items": .array(rows)]).serialized() + "\n")
            return
        }
        var rendered = Table(table.columns.map { Table.Column(title: titles[$0] ?? $0.uppercased()) })
        for row in table.rows { rendered.append(row.map { Table.Cell(text: $0 ?? "-") }) }
        try StandardOutput().write(rendered.rendered(style: .forStandardOutput(environment: environment)))
    }
}

/// The person of an audited city read, why, and over how many days.
struct CityPersonArguments: ParsableArguments {
    @Argument(help: "The person: mobile number, resident ID, or other:ID.")
    var person: String

    @Option(help: ArgumentHelp("Why you read this person's records; it goes to the city's audit.", valueName: "text"))
    var reason: String

    @Option(help: ArgumentHelp("Days back (default: 15): the trace's span, or the days a fever counts.", valueName: "n"))
    var days: Int = 15

    func validate(audits what: String, city: CityOptions) throws {
        try Self.validateReason(reason, audits: what)
        try Self.validatePositive(days, "--days")
        _ = try city.validatePerson(person)
    }

    /// Runs one audited read of this person (`query` gets the normalised person, the reason, the days and the
    /// zone) on a connection of its own.
    func read(
        through city: CityOptions, environment: [String: String],
        _ query: @escaping @Sendable (CityReads, String, String, Int, String) async throws -> CityReads.Table
    ) throws -> CityReads.Table {
        let (person, reason, days) = (try city.validatePerson(self.person), self.reason, self.days)
        let zone = city.zoneName(environment: environment)
        return try city.withConnection(environment: environment) { connection, logger in
            try await query(CityReads(connection: connection, logger: logger), person, reason, days, zone)
        }
    }
}

/// Runs async work from a synchronous command and waits for it.
enum Blocking {
    final class Box<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }

    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        guard let result = box.result else { throw CtlError(.local, "no result") }
        return try result.get()
    }
}

import ArgumentParser
import CheckpointCity
import CheckpointConfig
import CheckpointCore
import CheckpointWire
import Dispatch
import Foundation
import Logging
import PostgresNIO

/// `checkpointctl city …`: the city's PostgreSQL (issue 17). Unlike the other commands these talk to the city
/// database, not to a daemon: as the city's owner (`migrate`, `add-district`) or as a person whose role may read
/// the city (`trace`, `clearance`, `stats`, `report daily`). PostgreSQL's roles decide who may do what; the reads
/// of a person go through database functions that write the audit row under the caller's role.
struct City: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The city database: set it up, and query every district at once (trace, clearance, counts).",
        discussion: """
            The city's PostgreSQL is named by --url (or $CHECKPOINT_CITY_URL): postgresql://ROLE@HOST:PORT/DATABASE \
            with sslmode and sslrootcert in its query, or ?host=/run/postgresql for a Unix socket. The password, if \
            the role has one, is the first line of --password-file (or $CHECKPOINT_CITY_PASSWORD_FILE). \
            docs/city.md sets a city up step by step.

            Example:
              checkpointctl city migrate --url "postgresql://postgres@/city?host=/run/postgresql"
              checkpointctl city trace 13800138000 --reason "case 2026-114" --url "$CITY"
              checkpointctl city stats --by grid --since 2026-12-01 --url "$CITY"
            """,
        subcommands: [Migrate.self, AddDistrict.self, CityTrace.self, CityClearance.self, CityStats.self,
                      CityReport.self]
    )
}

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

extension City {
    /// `checkpointctl city migrate`: brings the city schema to this version (the city database's owner).
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or update the city schema (run as the owner of the city database).",
            discussion: """
                Applies the migrations this checkpointctl knows that the city database has not had, each in one \
                transaction; makes the group roles city_district and city_reader when missing. Safe to run again.

                Example:
                  checkpointctl city migrate --url "postgresql://postgres@/city?host=/run/postgresql"
                """)

        @OptionGroup var city: CityOptions

        func run() throws {
            let environment = ProcessEnvironment.current()
            let applied = try city.withConnection(environment: environment, doing: "migrate the city schema") {
                connection, logger in
                try await CitySchemaMigrator(logger: logger).migrate(connection)
            }
            let text =
                applied.isEmpty
                ? L("the city schema is up to date (version {1})", String(CitySchema.requiredVersion))
                : L("applied city schema versions {1}", applied.map(String.init).joined(separator: ", "))
            try StandardOutput().write(text + "\n")
        }
    }

    /// `checkpointctl city add-district NAME --role ROLE`: a district joins the city.
    struct AddDistrict: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-district",
            abstract: "Let a district ship to the city: register its name and the role its daemon logs in as.",
            discussion: """
                The role must exist (CREATE ROLE district_a LOGIN PASSWORD '…'); it is made a member of \
                city_district, and may then write only its own district's rows. Run as the city database's owner.

                Example:
                  checkpointctl city add-district A --role district_a --url "$CITY_ADMIN"
                """)

        @OptionGroup var city: CityOptions

        @Argument(help: "The district's name, as its daemon's `district` setting.")
        var district: String

        @Option(help: ArgumentHelp("The PostgreSQL role its daemon logs in as.", valueName: "role"))
        var role: String

        func validate() throws {
            guard CityConfiguration.isDistrictName(Substring(district)) else {
                throw ValidationError(L("a district's name is 1-32 of letters, digits, _ . -"))
            }
        }

        func run() throws {
            let environment = ProcessEnvironment.current()
            let district = self.district
            let role = self.role
            _ = try city.withConnection(environment: environment, doing: "add district \(district)") {
                connection, logger in
                try await connection.run("SELECT city.add_district(\(district), \(role))", logger: logger)
            }
            try StandardOutput().write(L("district {1} ships to the city as role {2}", district, role) + "\n")
        }
    }

    /// `checkpointctl city trace PERSON --reason R`.
    struct CityTrace: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trace",
            abstract: "A person's records in every district, in time order (audited in the city database).",
            discussion: """
                Every row names its district, checkpoint and grid. The city writes who asked (your PostgreSQL \
                role), when, whom and why to city.audit before answering; a role that is not in city_reader is \
                refused.

                Example:
                  checkpointctl city trace 13800138000 --reason "case 2026-114" --days 15
                """)

        @OptionGroup var city: CityOptions
        @OptionGroup var subject: CityPersonArguments

        func validate() throws { try subject.validate(audits: "trace", city: city) }

        func run() throws {
            let environment = ProcessEnvironment.current()
            let (person, reason, days) = (try city.validatePerson(subject.person), subject.reason, subject.days)
            let zone = city.zoneName(environment: environment)
            let table = try city.withConnection(environment: environment) { connection, logger in
                try await CityReads(connection: connection, logger: logger).trace(
                    person: person, reason: reason, days: days, zone: zone)
            }
            if !city.json {
                try StandardOutput().write(
                    L("{1} in the city, last {2} days: {3} records", person, String(days), String(table.rows.count))
                        + "\n")
            }
            try city.print(table, titles: CityTitles.all, environment: environment)
        }
    }

    /// `checkpointctl city clearance PERSON --reason R`.
    struct CityClearance: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clearance",
            abstract: "May this person work? An order in force or a recent fever in any district says no (audited).",
            discussion: """
                The same rules as a district's clearance, over the whole city: an order in force in any district \
                keeps the person off work until its end; else a fever of the last --days days that its re-check \
                did not clear does.

                Example:
                  checkpointctl city clearance 13800138000 --reason "return to work, Acme Ltd"
                """)

        @OptionGroup var city: CityOptions
        @OptionGroup var subject: CityPersonArguments

        func validate() throws { try subject.validate(audits: "clearance check", city: city) }

        func run() throws {
            let environment = ProcessEnvironment.current()
            let (person, reason, days) = (try city.validatePerson(subject.person), subject.reason, subject.days)
            let zone = city.zoneName(environment: environment)
            let table = try city.withConnection(environment: environment) { connection, logger in
                try await CityReads(connection: connection, logger: logger).clearance(
                    person: person, reason: reason, days: days, zone: zone)
            }
            try city.print(table, titles: CityTitles.all, environment: environment)
        }
    }

    /// `checkpointctl city stats --by district|grid --since D [--until D]`.
    struct CityStats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats",
            abstract: "Counts per district or per grid over local days (no person: not audited).",
            discussion: """
                Example:
                  checkpointctl city stats --since 2026-12-01
                  checkpointctl city stats --by grid --since 2026-12-01 --until 2026-12-06
                """)

        enum By: String, ExpressibleByArgument, CaseIterable {
            case district
            case grid
        }

        @OptionGroup var city: CityOptions

        @Option(help: ArgumentHelp("district (default) or grid.", valueName: "district|grid"))
        var by: By = .district

        @Option(help: ArgumentHelp("The first local day, YYYY-MM-DD (default: today).", valueName: "date"))
        var since: String?

        @Option(help: ArgumentHelp("The day after the last, YYYY-MM-DD (default: the day after --since).",
                                   valueName: "date"))
        var until: String?

        func validate() throws {
            for day in [since, until].compactMap({ $0 }) where LocalDay(date: day) == nil {
                throw ValidationError(L("a day is YYYY-MM-DD, like 2026-12-05, not {1}", day))
            }
        }

        func run() throws {
            let environment = ProcessEnvironment.current()
            let zone = city.zoneName(environment: environment)
            let from = since ?? CityDays.today(zone: zone)
            let to = until ?? CityDays.next(after: from)
            let by = self.by.rawValue
            let table = try city.withConnection(environment: environment) { connection, logger in
                try await CityReads(connection: connection, logger: logger).stats(from: from, to: to, by: by, zone: zone)
            }
            try city.print(table, titles: CityTitles.all, environment: environment)
        }
    }

    /// `checkpointctl city report daily --date D`.
    struct CityReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Reports over the whole city: the daily report (日报).",
            subcommands: [Daily.self])

        struct Daily: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "One local day of the city: a row per district and grid.",
                discussion: """
                    Each row counts the day's TEMP, ENTRY and EXIT records, fevers and violations, distinct \
                    people, quarantine orders opened and released, alerts raised and those still open.

                    Example:
                      checkpointctl city report daily --date 2026-12-05
                    """)

            @OptionGroup var city: CityOptions

            @Option(help: ArgumentHelp("The local day: YYYY-MM-DD, today or yesterday.", valueName: "date"))
            var date: String

            func validate() throws {
                guard ["today", "yesterday"].contains(date) || LocalDay(date: date) != nil else {
                    throw ValidationError(L("--date must be a day as YYYY-MM-DD (2026-12-05), today or yesterday"))
                }
            }

            func run() throws {
                let environment = ProcessEnvironment.current()
                let zone = city.zoneName(environment: environment)
                let today = CityDays.today(zone: zone)
                let day =
                    switch date {
                    case "today": today
                    case "yesterday": CityDays.previous(before: today)
                    default: date
                    }
                let table = try city.withConnection(environment: environment) { connection, logger in
                    try await CityReads(connection: connection, logger: logger).dailyReport(date: day, zone: zone)
                }
                if !city.json { try StandardOutput().write(L("city daily report {1} ({2})", day, zone) + "\n") }
                try city.print(table, titles: CityTitles.all, environment: environment)
            }
        }
    }
}

/// Column titles of the city's tables (translated by the table like every title).
enum CityTitles {
    static let all: [String: String] = [
        "time": "TIME", "district": "DISTRICT", "checkpoint": "CHECKPOINT", "grid": "GRID", "station": "STATION",
        "kind": "KIND", "temp": "TEMP", "verdict": "VERDICT", "clear": "CLEAR", "reason": "REASON",
        "quarantine_until": "QUARANTINE UNTIL", "ordered_by": "ORDERED BY", "fever_at": "FEVER AT",
        "fever_district": "FEVER DISTRICT", "districts_seen": "DISTRICTS SEEN", "temps": "TEMP", "entries": "ENTRY",
        "exits": "EXIT", "fevers": "FEVERS", "violations": "VIOLATIONS", "people": "PEOPLE",
        "orders_opened": "NEW ORDERS", "orders_released": "RELEASED", "alerts_raised": "ALERTS",
        "alerts_open": "OPEN ALERTS",
    ]
}

/// Local days for the city's reports, by the zone's rules (through the zone files, like the daemon's display
/// zone).
enum CityDays {
    static func today(zone: String) -> String {
        let calendarZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = calendarZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return format(parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    static func next(after day: String) -> String { shift(day, by: 1) }
    static func previous(before day: String) -> String { shift(day, by: -1) }

    private static func shift(_ day: String, by days: Int64) -> String {
        LocalDay(date: day)?.adding(days: days).description ?? day
    }

    private static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}

import ArgumentParser
import CheckpointCity
import CheckpointConfig
import CheckpointCore
import CheckpointWire
import Dispatch
import Foundation
import Logging
import PostgresNIO

extension City {
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
            let table = try subject.read(through: city, environment: environment) { reads, person, reason, days, zone in
                try await reads.trace(person: person, reason: reason, days: days, zone: zone)
            }
            if !city.json {
                let person = try city.validatePerson(subject.person)
                try StandardOutput().write(
                    L("{1} in the city, last {2} days: {3} records", person, String(subject.days),
                      String(table.rows.count)) + "\n")
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
            let table = try subject.read(through: city, environment: environment) { reads, person, reason, days, zone in
                try await reads.clearance(person: person, reason: reason, days: days, zone: zone)
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

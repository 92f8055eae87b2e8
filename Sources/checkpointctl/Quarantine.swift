import ArgumentParser
import CheckpointWire

/// `checkpointctl quarantine list|add|release`: home-quarantine orders.
struct Quarantine: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, add and release quarantine orders.",
        discussion: """
            An ENTRY with origin=outside opens an order by itself (quarantine_days, default 14); operators add \
            orders for other people (contacts of a case) and release them early. While an order is active, an \
            ENTRY or EXIT of the person after the grace period is a violation and opens an alert.

            Example:
              checkpointctl quarantine list
              checkpointctl quarantine add 13800138000 --reason "close contact of case 2020-0147"
              checkpointctl quarantine release 13800138000 --note "negative test on 2020-02-10"
            """,
        subcommands: [List.self, Add.self, Release.self]
    )

    /// The orders table, also used by `trace` (which leaves out the person). RELEASED is there only when an
    /// order was released.
    static func table(_ rows: [JSONObject], withPerson: Bool) -> Table {
        let withRelease = rows.contains { $0.has("released_at") }
        let withGrid = rows.contains { $0.has("grid") }
        // The follow-up columns come with `quarantine list` (issue 16): a daemon that sends them sends the keys.
        let withFollowup = rows.contains { $0["read_in_window"] != nil }
        var columns: [Table.Column] = [.init(title: "ORDER", alignment: .right)]
        if withPerson {
            columns.append(.init(title: "PERSON"))
        }
        if withGrid {
            columns.append(.init(title: "GRID"))
        }
        columns += [.init(title: "START"), .init(title: "END"), .init(title: "STATE")]
        if withRelease {
            columns.append(.init(title: "RELEASED"))
        }
        if withFollowup {
            columns += [.init(title: "LAST READING"), .init(title: "NEXT DEADLINE"), .init(title: "MEASURED")]
        }
        columns += [.init(title: "RECORD", alignment: .right), .init(title: "REASON"), .init(title: "NOTE")]
        var table = Table(columns)
        for row in rows {
            var cells = [Table.Cell(text: row.text("id"))]
            if withPerson {
                cells.append(Table.Cell(text: row.text("person")))
            }
            if withGrid {
                cells.append(Table.Cell(text: row.text("grid")))
            }
            var texts = [row.text("start"), row.text("end"), stateText(row)]
            if withRelease {
                texts.append(row.text("released_at"))
            }
            if withFollowup {
                texts += [lastReading(row), row.text("next_deadline"), measuredText(row)]
            }
            texts += [row.text("record_id"), AlertDetailText.reason(row), row.text("note")]
            cells += texts.map { Table.Cell(text: $0) }
            let active = row["active"] == .bool(true)
            table.append(cells, attributes: active ? [] : [.dim])
        }
        return table
    }

    /// `2026-12-09 22:50 36.5 visit-a`: when, what and where the person was last measured (`-`: never).
    static func lastReading(_ row: JSONObject) -> String {
        guard let reading = row["last_reading"]?.objectValue else { return "-" }
        return [reading.text("at"), reading.text("temp"), reading.text("checkpoint")].joined(separator: " ")
    }

    /// Whether the window closing at NEXT DEADLINE has its reading: `yes`, `no`, or empty (nothing is asked).
    static func measuredText(_ row: JSONObject) -> String {
        switch row["read_in_window"] {
        case .bool(true): L.word("yes")
        case .bool(false): L.word("no")
        default: ""
        }
    }

    /// `3 under quarantine, 1 not yet measured in this window`, under a grid worker's list.
    static func followupSummary(_ rows: [JSONObject]) -> String? {
        let asked = rows.filter { $0["read_in_window"] == .bool(true) || $0["read_in_window"] == .bool(false) }
        guard !asked.isEmpty else { return nil }
        let unmeasured = asked.filter { $0["read_in_window"] == .bool(false) }.count
        return L("{1} under quarantine, {2} not yet measured in this window", String(asked.count), String(unmeasured))
    }

    /// `active`, `released by NAME`, or `inactive` (ended, or not started yet).
    static func stateText(_ row: JSONObject) -> String {
        if row.has("released_at") {
            return row.has("released_by") ? L("released by {1}", row.text("released_by")) : L.word("released")
        }
        return row["active"] == .bool(true) ? L.word("active") : L.word("inactive")
    }

    /// `order 12 for 13800138000: 2020-02-07T08:15:00+08:00 until 2020-02-21T08:15:00+08:00`.
    static func summary(_ row: JSONObject) -> String {
        L("order {1} for {2}: {3} until {4}", row.text("id"), row.text("person"), row.text("start"), row.text("end"))
    }
}

extension Quarantine {
    struct List: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "List quarantine orders: active ones unless --all.",
            discussion: """
                STATE is active, released by NAME, or inactive (ended, or not started yet); rows that are not \
                active are dimmed on a terminal. RECORD is the ENTRY record that opened the order, `-` for one an \
                operator added.

                Example:
                  checkpointctl quarantine list
                  checkpointctl quarantine list --person 13800138000 --all --reason "hotline call 0412"

                People are masked (138****8000) unless the list is one person's (--person, which needs \
                --reason) or --reveal is given (admins, with --reason); both are written to the audit log.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Only this person's orders.", valueName: "person"))
        var person: String?

        @Flag(help: "Include released and ended orders.")
        var all = false

        @Option(help: ArgumentHelp("At most this many orders, latest start first (default: 1000).", valueName: "n"))
        var limit: Int?

        @OptionGroup var grid: GridOption

        @OptionGroup var disclosure: DisclosureOptions

        func validate() throws {
            try Self.validatePositive(limit, "--limit")
        }

        var request: ControlRequest {
            ControlRequest(.quarantineList) { arguments in
                arguments.setIfPresent(.person, person)
                if all {
                    arguments[.state] = .string("all")
                }
                arguments.setIfPresent(.limit, limit)
                grid.add(to: &arguments)
                disclosure.add(to: &arguments)
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            let rows = result.items
            guard !rows.isEmpty else {
                return (all ? L("no quarantine orders") : L("no active quarantine orders")) + grid.phrase + "\n"
            }
            let table = Quarantine.table(rows, withPerson: true).rendered(style: style)
            guard let summary = Quarantine.followupSummary(rows) else { return table }
            return table + "\n" + summary + "\n"
        }
    }

    struct Add: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a person under a quarantine order.",
            discussion: """
                The order starts now (or at --start) and lasts --days whole days of 24 h (default: the daemon's \
                quarantine_days, 14). A person with an active order already is refused (E_CONFLICT, exit 1): \
                release it first to change it.

                Example:
                  checkpointctl quarantine add 13800138000 --grid G7 --reason "close contact of case 2020-0147"
                  checkpointctl quarantine add other:E12345678 --days 7 --start today --reason "arrived from Wuhan"
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The person: mobile number, resident ID, or other:ID.")
        var person: String

        @Option(help: ArgumentHelp("Why the order is given.", valueName: "text"))
        var reason: String

        @Option(help: ArgumentHelp("How many days (default: the daemon's quarantine_days).", valueName: "n"))
        var days: Int?

        @Option(help: TimeHelp.option("When the order starts (default: now)"))
        var start: String?

        @Option(help: ArgumentHelp("Anything else to keep with the order.", valueName: "text"))
        var note: String?

        @Option(help: ArgumentHelp(
            "The grid whose workers follow the person up (home visits, the daily readings).", valueName: "grid"))
        var grid: String?

        func validate() throws {
            guard reason.contains(where: { !$0.isWhitespace }) else {
                throw ValidationError(L("--reason must say why the order is given"))
            }
            try Self.validatePositive(days, "--days")
            if let grid { try Self.validateIdentifier(grid, "--grid") }
        }

        var request: ControlRequest {
            ControlRequest(.quarantineAdd) { arguments in
                arguments[.person] = .string(person)
                arguments.setIfPresent(.days, days)
                arguments.setIfPresent(.start, start)
                arguments[.reason] = .string(reason)
                arguments.setIfPresent(.note, note)
                arguments.setIfPresent(.grid, grid)
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            let added = L("quarantine {1} added", Quarantine.summary(result))
            guard result.has("grid") else {
                return added + L("; no grid follows it up (give --grid next time)") + "\n"
            }
            return added + L(" (grid {1})", result.text("grid")) + "\n"
        }
    }

    struct Release: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "End a person's active quarantine orders now.",
            discussion: """
                Every active order of the person ends now; the orders stay listed with who released them (by \
                default your user name). A person without an active order is refused (E_NOT_FOUND, exit 1).

                Example:
                  checkpointctl quarantine release 13800138000 --note "negative test on 2020-02-10"
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The person: mobile number, resident ID, or other:ID.")
        var person: String

        @Option(help: ArgumentHelp("Why the order ends early.", valueName: "text"))
        var note: String?

        @Option(help: ArgumentHelp("Who releases it (default: your user name).", valueName: "name"))
        var by: String?

        var request: ControlRequest {
            ControlRequest(.quarantineRelease) { arguments in
                arguments[.person] = .string(person)
                arguments.setIfPresent(.note, note)
                arguments.setIfPresent(.by, by)
            }
        }

        /// The daemon answers with the released order (SPEC §4 "the order").
        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            var line = L("released quarantine {1}", Quarantine.summary(result))
            if result.has("released_by") {
                line += L(", by {1}", result.text("released_by"))
            }
            if result.has("released_at") {
                line += L(" at {1}", result.text("released_at"))
            }
            if let others = result["also_released"]?.intValue, others > 0 {
                line += L(" (and {1})", Stats.count(others, "upcoming order"))
            }
            return line + "\n"
        }
    }
}

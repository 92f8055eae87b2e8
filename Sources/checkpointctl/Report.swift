import ArgumentParser
import CheckpointCore
import CheckpointWire

/// `checkpointctl report daily`: the command centre's reports (issue 16 point 4).
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reports for the command centre: the daily report (日报).",
        subcommands: [Daily.self]
    )

    /// `checkpointctl report daily --date YYYY-MM-DD [--grid G] [--format table|csv|json]`.
    struct Daily: RequestCommand {
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table
            case csv
            case json
        }

        static let configuration = CommandConfiguration(
            abstract: "The daily report: a row per checkpoint, a subtotal per grid and the district total.",
            discussion: """
                The day is a local day of the daemon's display zone (display_timezone), from midnight to the next \
                midnight. Each row counts that day's records, distinct people, TEMP/ENTRY/EXIT, fever alerts (and \
                how their re-check ended: CONFIRMED, CLEARED, MISSED), violation cases, quarantine orders that \
                started (NEW ORDERS: arrivals from outside) and orders in force at the end of the day (ACTIVE \
                ORDERS), by the checkpoint whose record opened them, silent spells and missing seqs. Orders an \
                operator added have no checkpoint: they are in the "(no checkpoint)" row and in the total. \
                PEOPLE in a subtotal or the total counts each person once however many checkpoints saw them. \
                docs/operations.md defines every column.

                The report holds counts only, no person, so it needs no reason and is not audited.

                --format csv starts with a UTF-8 byte order mark and ends lines with CRLF, so Excel (on Chinese \
                Windows too) opens it as it is; --format json (or --json) prints the daemon's rows.

                Example:
                  checkpointctl report daily --date yesterday
                  checkpointctl report daily --date 2026-12-05 --grid G7
                  checkpointctl report daily --date 2026-12-05 --format csv > 2026-12-05.csv
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The local day: YYYY-MM-DD, today or yesterday.", valueName: "date"))
        var date: String

        @Option(help: ArgumentHelp("Only this grid's checkpoints and subtotal.", valueName: "id"))
        var grid: String?

        @Option(help: ArgumentHelp("table (default), csv or json.", valueName: "format"))
        var format: Format?

        func validate() throws {
            guard ["today", "yesterday"].contains(date) || LocalDay(date: date) != nil else {
                throw ValidationError("--date must be a day as YYYY-MM-DD (2026-12-05), today or yesterday")
            }
            if let grid {
                try Self.validateIdentifier(grid, "grid")
            }
        }

        var request: ControlRequest {
            ControlRequest(.reportDaily) { arguments in
                arguments[.date] = .string(date)
                arguments.setIfPresent(.grid, grid)
            }
        }

        func run() throws {
            let environment = ProcessEnvironment.current()
            let connection = try ControlConnection(location: global.socketLocation(environment: environment))
            let result = try exchange(over: connection)
            let text: String
            switch global.json ? .json : format ?? .table {
            case .json: text = JSONValue.object(result).serialized() + "\n"
            case .csv: text = Self.csv(result)
            case .table: text = render(result, style: .forStandardOutput(environment: environment))
            }
            try StandardOutput().write(text)
        }

        /// The columns after the row's label, with their result keys.
        static let counted: [(key: String, title: String)] = [
            ("records", "RECORDS"), ("people", "PEOPLE"), ("temp", "TEMP"), ("entry", "ENTRY"), ("exit", "EXIT"),
            ("fevers", "FEVERS"), ("fevers_confirmed", "CONFIRMED"), ("fevers_cleared", "CLEARED"),
            ("fevers_missed", "MISSED"), ("violations", "VIOLATIONS"), ("new_orders", "NEW ORDERS"),
            ("active_orders", "ACTIVE ORDERS"), ("silent_spells", "SILENT"), ("missing_seqs", "MISSING SEQS"),
        ]

        /// GRID, CHECKPOINT and NAME of a row: a subtotal is `(subtotal)` under its grid, then come the orders an
        /// operator added, `(no checkpoint)`, and the district, `(total)`.
        static func labels(_ row: JSONObject) -> [String] {
            switch row.text("level") {
            case "grid": [row.text("grid"), L("(subtotal)"), ""]
            case "no_checkpoint": [row.has("grid") ? row.text("grid") : "", L("(no checkpoint)"), ""]
            case "district": ["", L("(total)"), ""]
            default: [row.text("grid"), row.text("checkpoint"), row.text("name")]
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            var output = L("daily report {1}", result.text("date"))
            if result.has("grid") {
                output += L(", grid {1}", result.text("grid"))
            }
            output += L(": {1} to {2}", result.text("from"), result.text("to")) + "\n"
            let rows = result.items
            guard !rows.isEmpty else { return output + "\n" + L("no checkpoints") + "\n" }
            var table = Table(
                [.init(title: "GRID"), .init(title: "CHECKPOINT"), .init(title: "NAME")]
                    + Self.counted.map { Table.Column(title: $0.title, alignment: .right) })
            for row in rows {
                let cells = Self.labels(row) + Self.counted.map { row.text($0.key) }
                table.append(
                    cells.map { Table.Cell(text: $0) }, attributes: row.text("level") == "checkpoint" ? [] : [.bold])
            }
            return output + "\n" + table.rendered(style: style) + Self.categories(result, style: style)
        }

        /// Issue 19: the day's records and people by roster category, under the table (nothing when no record
        /// was counted in one).
        static func categories(_ result: JSONObject, style: TerminalStyle) -> String {
            let rows = result["per_category"]?.arrayValue?.compactMap(\.objectValue) ?? []
            guard !rows.isEmpty else { return "" }
            let keys: [(key: String, title: String)] = [
                ("records", "RECORDS"), ("people", "PEOPLE"), ("fevers", "FEVERS"), ("visitors", "VISITORS"),
                ("notices", "NOTICES"),
            ]
            var table = Table(
                [.init(title: "CATEGORY")] + keys.map { Table.Column(title: $0.title, alignment: .right) })
            for row in rows {
                table.append(
                    [Table.Cell(text: L.word(row.text("category")))] + keys.map { Table.Cell(text: row.text($0.key)) })
            }
            return "\n" + L("by category:") + "\n" + table.rendered(style: style)
        }

        /// RFC 4180 with a UTF-8 byte order mark and CRLF line ends, the table's columns.
        static func csv(_ result: JSONObject) -> String {
            let header = (["GRID", "CHECKPOINT", "NAME"] + counted.map(\.title)).map(L.word)
            var lines = [header.map(CSVCell.field).joined(separator: ",")]
            for row in result.items {
                let cells = labels(row) + counted.map { row.text($0.key) }
                lines.append(cells.map(CSVCell.field).joined(separator: ","))
            }
            return "\u{FEFF}" + lines.map { $0 + "\r\n" }.joined()
        }
    }
}

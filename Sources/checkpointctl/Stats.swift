import ArgumentParser
import CheckpointWire

/// `checkpointctl stats`: counts of records, fevers and violations, per checkpoint, grid, hour, day or category.
struct Stats: RequestCommand {
    enum Grouping: String, ExpressibleByArgument, CaseIterable {
        case checkpoint
        case grid
        case hour
        /// A row per local day of the daemon's display zone (issue 16).
        case day
        /// A row per category of person: a roster's home, work, new, then visitor and unlisted (issue 19).
        case category
    }

    static let configuration = CommandConfiguration(
        abstract: "Count records, fevers and violations, per checkpoint, grid, hour, day or category of person.",
        discussion: """
            Counts come from hourly totals that are kept for ever, so they cover any period, but a --since inside \
            an hour counts that whole hour, and so does an --until inside an hour (--until is exclusive). Days \
            (--by day) are the local days of the daemon's display zone. The first lines are the totals and what \
            is happening now (open alerts, active quarantine orders, connected stations, records per second over \
            the last minute); \
            the table below is per checkpoint, or per grid, hour, day or category with --by.

            The totals count visitors too (people not on the roster at a compound gate of a grid that has one) and \
            notices (a home resident over the household's outing quota, or out longer than allowed). --by \
            category counts by who was recorded: the roster's home, work and new residents, visitors, and \
            unlisted people (at gates of grids without a roster).

            Example:
              checkpointctl stats --since today
              checkpointctl stats --since 24h --grid G7 --by hour
              checkpointctl stats --since 7d --until today --by day
              checkpointctl stats --since today --grid G7 --by category
              checkpointctl stats --json | jq .fevers
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: TimeHelp.option("Count from this time on (default: everything kept)"))
    var since: String?

    @Option(help: TimeHelp.option("Count up to this time, exclusive (default: now)"))
    var until: String?

    @Option(help: ArgumentHelp("Count only this checkpoint.", valueName: "id"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("Count only the checkpoints of this grid.", valueName: "id"))
    var grid: String?

    @Option(help: ArgumentHelp("The rows of the table (default: checkpoint).", valueName: "grouping"))
    var by: Grouping?

    func validate() throws {
        if checkpoint != nil, grid != nil {
            throw ValidationError("give --checkpoint or --grid, not both")
        }
        if let checkpoint {
            try Self.validateIdentifier(checkpoint, "checkpoint")
        }
        if let grid {
            try Self.validateIdentifier(grid, "grid")
        }
    }

    var request: ControlRequest {
        ControlRequest(.stats) { arguments in
            arguments.setIfPresent(.since, since)
            arguments.setIfPresent(.until, until)
            arguments.setIfPresent(.checkpoint, checkpoint)
            arguments.setIfPresent(.grid, grid)
            arguments.setIfPresent(.by, by?.rawValue)
        }
    }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        var period = result.has("since") ? L("since {1}", result.text("since")) : L("all records kept")
        if result.has("until") {
            period += L(" until {1}", result.text("until"))
        }
        let kinds = result["by_kind"]?.objectValue ?? JSONObject()
        let fevers = result["fevers"]?.intValue ?? 0
        let violations = result["violations"]?.intValue ?? 0
        var output = L(
            "{1}: {2} records (TEMP {3}, ENTRY {4}, EXIT {5}), ", period, result.text("records"), kinds.text("TEMP"),
            kinds.text("ENTRY"), kinds.text("EXIT"))
        output += style.paint(Self.count(fevers, "fever"), fevers > 0 ? [.red] : []) + L(", ")
        output += style.paint(Self.count(violations, "violation"), violations > 0 ? [.red] : [])
        if let visitors = result["visitors"]?.intValue {
            output += L(", ") + Self.count(visitors, "visitor")
        }
        if let notices = result["notices"]?.intValue {
            output += L(", ") + style.paint(Self.count(notices, "notice"), notices > 0 ? [.yellow] : [])
        }
        output += "\n"
        output += L(
            "now: {1}, {2}, {3} connected, {4} records/s over the last minute",
            Self.count(result["open_alerts"]?.intValue ?? 0, "open alert"),
            Self.count(result["active_quarantines"]?.intValue ?? 0, "active quarantine order"),
            Self.count(result["stations_connected"]?.intValue ?? 0, "station"), result.text("rate_1m")) + "\n"

        let (key, title, rows): (String, String, [JSONObject]) =
            switch by {
            case .grid?: ("grid", "GRID", Self.objects(result["per_grid"]))
            case .hour?: ("hour", "HOUR", Self.objects(result["per_hour"]))
            case .day?: ("day", "DAY", Self.objects(result["per_day"]))
            case .category?: ("category", "CATEGORY", Self.objects(result["per_category"]))
            case .checkpoint?, nil: ("checkpoint", "CHECKPOINT", Self.objects(result["per_checkpoint"]))
            }
        guard !rows.isEmpty else {
            return output + "\n" + L("no records in this period") + "\n"
        }
        var columns: [Table.Column] = [.init(title: title)]
        if key == "checkpoint" {
            columns += [.init(title: "NAME"), .init(title: "GRID")]
        }
        columns += ["RECORDS", "TEMP", "ENTRY", "EXIT", "FEVERS", "VIOLATIONS"].map {
            Table.Column(title: $0, alignment: .right)
        }
        let perCategory = key == "category"
        if perCategory {
            columns += [Table.Column(title: "VISITORS", alignment: .right), .init(title: "NOTICES", alignment: .right)]
        }
        var table = Table(columns)
        for row in rows {
            var cells = [Table.Cell(text: perCategory ? L.word(row.text(key)) : row.text(key))]
            if key == "checkpoint" {
                cells += [Table.Cell(text: row.text("name")), Table.Cell(text: row.text("grid"))]
            }
            let rowKinds = row["by_kind"]?.objectValue ?? JSONObject()
            cells += [row.text("records"), rowKinds.text("TEMP"), rowKinds.text("ENTRY"), rowKinds.text("EXIT")].map {
                Table.Cell(text: $0)
            }
            for field in ["fevers", "violations"] {
                let alarming = (row[field]?.intValue ?? 0) > 0
                cells.append(Table.Cell(text: row.text(field), attributes: alarming ? [.red] : []))
            }
            if perCategory {
                let notices = row["notices"]?.intValue ?? 0
                cells += [
                    Table.Cell(text: row.text("visitors")),
                    Table.Cell(text: row.text("notices"), attributes: notices > 0 ? [.yellow] : []),
                ]
            }
            table.append(cells)
        }
        return output + "\n" + table.rendered(style: style)
    }

    /// `1 fever`, `3 fevers`.
    static func count(_ value: Int64, _ noun: String) -> String {
        L.count(value, noun)
    }

    private static func objects(_ value: JSONValue?) -> [JSONObject] {
        (value?.arrayValue ?? []).compactMap(\.objectValue)
    }
}

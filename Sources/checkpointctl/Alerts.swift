import ArgumentParser
import CheckpointWire

/// `checkpointctl alerts`: fever, violation, silent-gate and drift alerts.
struct Alerts: RequestCommand {
    enum State: String, ExpressibleByArgument, CaseIterable {
        case open
        case acked
        case all
    }

    static let configuration = CommandConfiguration(
        abstract: "List alerts: open ones by default.",
        discussion: """
            A fever or a quarantine violation opens an alert; so does a 24h checkpoint that records nothing for a \
            while (SILENT) and a station whose thermometer reads off from the others of its grid (DRIFT). A fever \
            alert waits for a re-check (RECHECK pending, then confirmed, cleared-on-recheck or missed). A \
            violation or confirmed fever not acknowledged in time is escalated (ESCALATED says when). WHERE is \
            the checkpoint and the station. Acknowledge with `checkpointctl ack ID`.

            A person under quarantine with no temperature reading in a follow-up window (followup_times) gets \
            a FOLLOWUP alert at the deadline; it has no checkpoint, WHERE is its order's grid.

            A record at a gate of an enterprise site tagged red raises a SITE alert (one per site and day, COUNT \
            the records); a yellow site whose follow-up inspection date passed with no recheck gets a RECHECK_DUE \
            alert (checkpointctl site).

            A VIOLATION alert is a case: one person's violations of one quarantine order on one day (in the \
            display zone) while it is open. COUNT says how many, LAST when the latest was; each record is still \
            stored as a violation. After `ack`, or on the next day, a new violation opens a new case.

            People are masked (138****8000); --reveal --reason "..." shows them in full (admins; audited).

            On a terminal fevers and violations are red, escalated alerts bold and acknowledged ones dimmed.

            Example:
              checkpointctl alerts
              checkpointctl alerts --state all --type fever --since today
              checkpointctl alerts --json | jq -r '.items[] | select(.escalated_at) | .id'
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Which alerts (default: open).", valueName: "state"))
    var state: State?

    @Option(help: ArgumentHelp("Only alerts of this type.", valueName: "type"))
    var type: AlertTypeOption?

    @Option(help: TimeHelp.option("Only alerts from this time on"))
    var since: String?

    @Option(help: ArgumentHelp("At most this many alerts, newest first (default: 100).", valueName: "n"))
    var limit: Int?

    @OptionGroup var grid: GridOption

    @OptionGroup var disclosure: DisclosureOptions

    func validate() throws {
        try Self.validatePositive(limit, "--limit")
    }

    var request: ControlRequest {
        ControlRequest(.alerts) { arguments in
            arguments.setIfPresent(.state, state?.rawValue)
            arguments.setIfPresent(.type, type?.rawValue)
            arguments.setIfPresent(.since, since)
            arguments.setIfPresent(.limit, limit)
            grid.add(to: &arguments)
            disclosure.add(to: &arguments)
        }
    }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        let rows = result.items
        guard !rows.isEmpty else {
            let which = (state ?? .open) == .all ? "" : L.word((state ?? .open).rawValue) + " "
            let kind = type.map { L.word($0.rawValue) + " " } ?? ""
            return L("no {1}{2}alerts", which, kind) + grid.phrase + (since.map { L(" since {1}", $0) } ?? "") + "\n"
        }
        var table = Table([
            .init(title: "ID", alignment: .right), .init(title: "TYPE"), .init(title: "AT"),
            .init(title: "COUNT", alignment: .right), .init(title: "LAST"), .init(title: "PERSON"),
            .init(title: "WHERE"), .init(title: "STATE"), .init(title: "RECHECK"), .init(title: "ESCALATED"),
            .init(title: "DETAIL"),
        ])
        for row in rows {
            table.append(Self.cells(row), attributes: Self.emphasis(row))
        }
        return table.rendered(style: style)
    }

    static func cells(_ row: JSONObject) -> [Table.Cell] {
        let type = row.text("type")
        return [
            Table.Cell(text: row.text("id")), Table.Cell(text: L.word(type), attributes: Emphasis.alertType(type)),
            Table.Cell(text: row.text("at")), Table.Cell(text: row.text("count")),
            Table.Cell(text: row.text("last_at")), Table.Cell(text: row.text("person")),
            Table.Cell(text: place(row) ?? "-"), Table.Cell(text: stateText(row)),
            Table.Cell(text: L.word(row.text("recheck"))), Table.Cell(text: row.text("escalated_at")),
            Table.Cell(text: AlertDetailText.shown(row)),
        ]
    }

    /// `gate-3/gate-3-a`, `gate-3`, `station gate-3-a`, `grid G7` (a FOLLOWUP alert), or nil when none is known.
    static func place(_ row: JSONObject) -> String? {
        switch (row.has("checkpoint"), row.has("station")) {
        case (true, true): "\(row.text("checkpoint"))/\(row.text("station"))"
        case (true, false): row.text("checkpoint")
        case (false, true): L("station {1}", row.text("station"))
        case (false, false): row.has("grid") ? L("grid {1}", row.text("grid")) : nil
        }
    }

    /// `open`, or `acked by NAME`.
    static func stateText(_ row: JSONObject) -> String {
        let state = row.text("state")
        guard state == "acked", row.has("acked_by") else {
            return L.word(state)
        }
        return L("acked by {1}", row.text("acked_by"))
    }

    /// Acknowledged alerts are dimmed; escalated ones still open are bold.
    static func emphasis(_ row: JSONObject) -> [TerminalStyle.Attribute] {
        if row.text("state") == "acked" {
            return [.dim]
        }
        return row.has("escalated_at") ? [.bold] : []
    }
}

import ArgumentParser
import CheckpointWire

/// `checkpointctl audit`: the accountable lookups (SPEC §9).
struct Audit: RequestCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the audited lookups: every trace and export, with who asked and why.",
        discussion: """
            UID and GID are the caller's, from the control socket's peer credentials. SUBJECT is the person \
            traced, or the time range exported. Refused requests (no reason, bad arguments) are not audited.

            Example:
              checkpointctl audit --since 7d
              checkpointctl audit --json | jq -r '.items[] | select(.cmd == "export") | .reason'
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: TimeHelp.option("Only lookups from this time on"))
    var since: String?

    @Option(help: ArgumentHelp("At most this many rows, newest first (default: 100).", valueName: "n"))
    var limit: Int?

    func validate() throws {
        try Self.validatePositive(limit, "--limit")
    }

    var request: ControlRequest {
        ControlRequest(.audit) { arguments in
            arguments.setIfPresent(.since, since)
            arguments.setIfPresent(.limit, limit)
        }
    }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        let rows = result.items
        guard !rows.isEmpty else {
            return "no audited lookups\(since.map { " since \($0)" } ?? "")\n"
        }
        var table = Table([
            .init(title: "AT"), .init(title: "UID", alignment: .right), .init(title: "GID", alignment: .right),
            .init(title: "CMD"), .init(title: "SUBJECT"), .init(title: "REASON"),
        ])
        for row in rows {
            table.append(
                [row.text("at"), row.text("uid"), row.text("gid"), row.text("cmd"), Self.subject(row),
                 row.text("reason")].map { Table.Cell(text: $0) }
            )
        }
        return table.rendered(style: style)
    }

    /// The person, or `SINCE..UNTIL` (`SINCE..` when open-ended).
    static func subject(_ row: JSONObject) -> String {
        if row.has("person") {
            return row.text("person")
        }
        guard row.has("since") else {
            return "-"
        }
        return row.text("since") + ".." + (row.has("until") ? row.text("until") : "")
    }
}

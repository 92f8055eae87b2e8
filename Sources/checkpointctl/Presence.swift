import ArgumentParser
import CheckpointWire

/// `checkpointctl presence --checkpoint ID | --grid ID`: who is inside, who has been out too long (SPEC §9).
struct Presence: RequestCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count the people inside a compound and list those out for too long.",
        discussion: """
            Looks at ENTRY and EXIT records only. A person whose last passage at the checkpoint (or at any \
            checkpoint of the grid) is an ENTRY counts as inside; one whose last passage is an EXIT older than \
            out_after (default 12 h) is listed.

            Example:
              checkpointctl presence --checkpoint gate-3
              checkpointctl presence --grid G7 --json | jq -r '.items[].person'

            People are masked (138****8000); --reveal --reason "..." shows them in full (admins; audited).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("One checkpoint (one compound gate).", valueName: "id"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("All the checkpoints of a grid.", valueName: "id"))
    var grid: String?

    @OptionGroup var disclosure: DisclosureOptions

    func validate() throws {
        switch (checkpoint, grid) {
        case (let checkpoint?, nil):
            try Self.validateIdentifier(checkpoint, "checkpoint")
        case (nil, let grid?):
            try Self.validateIdentifier(grid, "grid")
        case (nil, nil):
            throw ValidationError(L("give --checkpoint ID or --grid ID"))
        case (_?, _?):
            throw ValidationError(L("give --checkpoint or --grid, not both"))
        }
    }

    var request: ControlRequest {
        ControlRequest(.presence) { arguments in
            arguments.setIfPresent(.checkpoint, checkpoint)
            arguments.setIfPresent(.grid, grid)
            disclosure.add(to: &arguments)
        }
    }

    /// `12h`, `90m`, or ``DurationText`` for anything less round.
    static func duration(_ seconds: Int64) -> String {
        if seconds > 0, seconds % 3_600 == 0 {
            return L("{1}h", String(seconds / 3_600))
        }
        if seconds > 0, seconds % 60 == 0, seconds < 3_600 {
            return L("{1}m", String(seconds / 60))
        }
        return DurationText.seconds(seconds)
    }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        let place = checkpoint.map { L("checkpoint {1}", $0) } ?? L("grid {1}", grid ?? "-")
        let outAfter = result["out_after_s"]?.intValue.map(Self.duration) ?? result.text("out_after_s")
        let rows = result.items
        let out = rows.count == 1 ? L("1 person") : L("{1} people", String(rows.count))
        let output = L("{1}: {2} inside, {3} out for more than {4}", place, result.text("inside"), out, outAfter) + "\n"
        guard !rows.isEmpty else {
            return output
        }
        var table = Table([.init(title: "PERSON"), .init(title: "LAST EXIT"), .init(title: "CHECKPOINT")])
        for row in rows {
            table.append(["person", "exit_at", "checkpoint"].map { Table.Cell(text: row.text($0)) })
        }
        return output + "\n" + table.rendered(style: style)
    }
}

import ArgumentParser
import CheckpointWire

/// `checkpointctl checkpoint add|list|remove`: the gates where readings are taken.
struct Checkpoint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register, list and remove checkpoints.",
        discussion: """
            A checkpoint is a gate where volunteers screen people; stations (their terminals) belong to one. \
            `--staffed 24h` checkpoints raise a SILENT alert when nothing is recorded for a while; `HH:MM-HH:MM` \
            ones are watched only inside those hours.

            Example:
              checkpointctl checkpoint add gate-3 --grid G7 --staffed 07:00-19:00
              checkpointctl checkpoint list
            """,
        subcommands: [Add.self, List.self, Remove.self]
    )

    /// The one-line summary of a checkpoint row, e.g. `gate-3 "North gate" in grid G7, staffed 24h`.
    static func summary(_ row: JSONObject) -> String {
        var text = row.text("id")
        if row.has("name"), row.text("name") != "-" {
            text += " \"\(row.text("name"))\""
        }
        return text + " in grid \(row.text("grid")), staffed \(row.text("staffed"))"
    }
}

extension Checkpoint {
    struct List: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the checkpoints, removed ones included.",
            discussion: """
                STATIONS counts the checkpoint's stations; removed checkpoints are shown with their REMOVED time \
                (dimmed on a terminal).

                Example:
                  checkpointctl checkpoint list
                  checkpointctl checkpoint list --json | jq -r '.items[].id'
                """
        )

        @OptionGroup var global: GlobalOptions

        var request: ControlRequest { ControlRequest(.checkpoints) }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            let rows = result.items
            guard !rows.isEmpty else {
                return "no checkpoints yet: add one with `checkpointctl checkpoint add ID --grid GRID`\n"
            }
            var table = Table([
                .init(title: "ID"), .init(title: "NAME"), .init(title: "GRID"), .init(title: "STAFFED"),
                .init(title: "STATIONS", alignment: .right), .init(title: "CREATED"), .init(title: "REMOVED"),
            ])
            for row in rows {
                table.append(
                    ["id", "name", "grid", "staffed", "stations", "created_at", "removed_at"].map {
                        Table.Cell(text: row.text($0))
                    },
                    attributes: row.has("removed_at") ? [.dim] : []
                )
            }
            return table.rendered(style: style)
        }
    }

    struct Add: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a checkpoint.",
            discussion: """
                The id and the grid are ids of 1-32 letters, digits, `_`, `.` or `-`. Without --staffed the \
                daemon takes the checkpoint as staffed 24h.

                Example:
                  checkpointctl checkpoint add gate-3 --grid G7 --name "North gate"
                  checkpointctl checkpoint add canteen --grid G7 --staffed 06:30-20:00
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The checkpoint's id, e.g. gate-3.")
        var id: String

        @Option(help: ArgumentHelp("The grid the checkpoint belongs to.", valueName: "grid"))
        var grid: String

        @Option(help: ArgumentHelp("A name for people, e.g. \"North gate\".", valueName: "name"))
        var name: String?

        @Option(help: ArgumentHelp("When it is staffed: 24h, or a daily window HH:MM-HH:MM.", valueName: "hours"))
        var staffed: String?

        func validate() throws {
            try Self.validateIdentifier(id, "checkpoint")
            try Self.validateIdentifier(grid, "grid")
        }

        var request: ControlRequest {
            ControlRequest(.checkpointAdd) { arguments in
                arguments[.id] = .string(id)
                arguments[.grid] = .string(grid)
                if let name {
                    arguments[.name] = .string(name)
                }
                if let staffed {
                    arguments[.staffed] = .string(staffed)
                }
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            "checkpoint \(Checkpoint.summary(result)) added\n"
        }
    }

    struct Remove: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a checkpoint.",
            discussion: """
                Its records stay. The daemon refuses (E_CONFLICT, exit 1) while the checkpoint still has \
                stations; revoke them first, or pass --force.

                Example:
                  checkpointctl checkpoint remove gate-3
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The checkpoint's id.")
        var id: String

        @Flag(help: "Remove it even though stations still belong to it.")
        var force = false

        func validate() throws {
            try Self.validateIdentifier(id, "checkpoint")
        }

        var request: ControlRequest {
            ControlRequest(.checkpointRemove) { arguments in
                arguments[.id] = .string(id)
                if force {
                    arguments[.force] = .bool(true)
                }
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            var text = "checkpoint \(result.text("id")) removed"
            if result.has("removed_at") {
                text += " at \(result.text("removed_at"))"
            }
            return text + "\n"
        }
    }
}

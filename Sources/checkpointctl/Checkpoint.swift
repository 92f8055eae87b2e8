import ArgumentParser
import CheckpointWire

/// `checkpointctl checkpoint add|set|list|remove`: the gates where readings are taken.
struct Checkpoint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register, change, list and remove checkpoints.",
        discussion: """
            A checkpoint is a gate where volunteers screen people; stations (their terminals) belong to one. \
            `--staffed 24h` checkpoints raise a SILENT alert when nothing is recorded for a while; `HH:MM-HH:MM` \
            ones are watched only inside those hours.

            Its kind says what is a quarantine violation there: at a `compound` gate (the default) an ENTRY or \
            EXIT of a person under an order; at a `workplace` gate any record of them, a temperature-only one \
            too (they may not start work); at a `visit` (a grid worker's home visit) none. A workplace gate may \
            belong to an enterprise site (--site, see checkpointctl site): its records count for the site's \
            staff health form, and a red site's records raise SITE alerts.

            Example:
              checkpointctl checkpoint add gate-3 --grid G7 --staffed 07:00-19:00
              checkpointctl checkpoint add plant-1 --grid G7 --kind workplace --site F1
              checkpointctl checkpoint set gate-3 --kind workplace
              checkpointctl checkpoint list
            """,
        subcommands: [Add.self, Change.self, List.self, Remove.self]
    )

    /// The one-line summary of a checkpoint row, e.g. `gate-3 "North gate" in grid G7, staffed 24h`, with
    /// `, kind workplace` for a checkpoint that is not a compound gate and `, site F1` for one of a site.
    static func summary(_ row: JSONObject) -> String {
        var text = row.text("id")
        if row.has("name"), row.text("name") != "-" {
            text += " \"\(row.text("name"))\""
        }
        text += L(" in grid {1}, staffed {2}", row.text("grid"), row.text("staffed"))
        if row.has("kind"), row.text("kind") != CheckpointKindOption.compound.rawValue {
            text += L(", kind {1}", L.word(row.text("kind")))
        }
        if row.has("site") {
            text += L(", site {1}", row.text("site"))
        }
        return text
    }
}

/// `--kind`: what a checkpoint is for (it decides what is a quarantine violation there), typed in any case.
enum CheckpointKindOption: String, ExpressibleByArgument, CaseIterable {
    case compound
    case workplace
    case visit

    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    static let help = ArgumentHelp(
        "compound (a residential gate, the default), workplace (an employer's gate: anyone under quarantine may "
            + "not start work) or visit (a grid worker's home visit: never a violation).",
        valueName: "kind")
}

/// `--site` of `checkpoint add` and `checkpoint set` (issue 19).
enum CheckpointSite {
    static let addHelp = ArgumentHelp(
        "The enterprise site this workplace gate belongs to (checkpointctl site add).", valueName: "site")
    static let setHelp = ArgumentHelp(
        "The enterprise site this workplace gate belongs to, or - to detach it from its site.", valueName: "site")
}

extension Checkpoint {
    struct List: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the checkpoints, removed ones included.",
            discussion: """
                KIND is compound, workplace or visit; SITE is the enterprise site a workplace gate belongs to. \
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
                return L("no checkpoints yet: add one with `checkpointctl checkpoint add ID --grid GRID`") + "\n"
            }
            var table = Table([
                .init(title: "ID"), .init(title: "NAME"), .init(title: "GRID"), .init(title: "STAFFED"),
                .init(title: "KIND"), .init(title: "SITE"), .init(title: "STATIONS", alignment: .right),
                .init(title: "CREATED"), .init(title: "REMOVED"),
            ])
            for row in rows {
                table.append(
                    ["id", "name", "grid", "staffed", "kind", "site", "stations", "created_at", "removed_at"].map {
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
                daemon takes the checkpoint as staffed 24h, and without --kind as a compound gate.

                Example:
                  checkpointctl checkpoint add gate-3 --grid G7 --name "North gate"
                  checkpointctl checkpoint add canteen --grid G7 --staffed 06:30-20:00
                  checkpointctl checkpoint add plant-1 --grid G7 --name "Plant 1 gate" --kind workplace --site F1
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

        @Option(help: CheckpointKindOption.help)
        var kind: CheckpointKindOption?

        @Option(help: CheckpointSite.addHelp)
        var site: String?

        func validate() throws {
            try Self.validateIdentifier(id, "checkpoint")
            try Self.validateIdentifier(grid, "grid")
            if let site { try Self.validateIdentifier(site, "site") }
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
                arguments.setIfPresent(.kind, kind?.rawValue)
                arguments.setIfPresent(.site, site)
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            L("checkpoint {1} added", Checkpoint.summary(result)) + "\n"
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
            var text = L("checkpoint {1} removed", result.text("id"))
            if result.has("removed_at") {
                text += L(" at {1}", result.text("removed_at"))
            }
            return text + "\n"
        }
    }
}

import ArgumentParser
import CheckpointWire

/// `checkpointctl records`: stored records, filtered.
struct Records: RequestCommand {
    static let configuration = CommandConfiguration(
        abstract: "List stored records, newest first.",
        discussion: """
            Filters combine: a checkpoint, a person, a kind (TEMP, ENTRY, EXIT) and a time range [since, until). \
            VERDICT is what the station was told (fever and violation in red on a terminal). For a person's full \
            trajectory with its audit trail use `checkpointctl trace`; for bulk data use `checkpointctl export`.

            Example:
              checkpointctl records --checkpoint gate-3 --since 90m
              checkpointctl records --kind exit --since today --until now --limit 500
              checkpointctl records --person 13800138000 --reason "fever alert 12, grid office request"

            People are masked (138****8000) unless the records are one person's (--person, which needs --reason) \
            or --reveal is given (admins, with --reason); both are written to the audit log.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only records taken at this checkpoint.", valueName: "id"))
    var checkpoint: String?

    @OptionGroup var grid: GridOption

    @Option(help: ArgumentHelp("Only this person's records (mobile number, resident ID or other:...).",
                               valueName: "person"))
    var person: String?

    @Option(help: ArgumentHelp("Only records of this kind.", valueName: "kind"))
    var kind: RecordKindOption?

    @Option(help: TimeHelp.option("Only records from this time on"))
    var since: String?

    @Option(help: TimeHelp.option("Only records before this time"))
    var until: String?

    @Option(help: ArgumentHelp("At most this many records (default: 100).", valueName: "n"))
    var limit: Int?

    @OptionGroup var disclosure: DisclosureOptions

    func validate() throws {
        if let checkpoint {
            try Self.validateIdentifier(checkpoint, "checkpoint")
        }
        try Self.validatePositive(limit, "--limit")
    }

    var request: ControlRequest {
        ControlRequest(.records) { arguments in
            arguments.setIfPresent(.checkpoint, checkpoint)
            grid.add(to: &arguments)
            arguments.setIfPresent(.person, person)
            arguments.setIfPresent(.kind, kind?.rawValue)
            arguments.setIfPresent(.since, since)
            arguments.setIfPresent(.until, until)
            arguments.setIfPresent(.limit, limit)
            disclosure.add(to: &arguments)
        }
    }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        let rows = result.items
        guard !rows.isEmpty else {
            return L("no records match") + "\n"
        }
        return Self.table(rows, forTrace: false).rendered(style: style)
    }

    /// The records table, also used by `trace` (`forTrace` adds the checkpoint's name and grid, and leaves out the
    /// person unless `withPerson`: a trace through links shows the records of several of the person's keys).
    static func table(_ rows: [JSONObject], forTrace: Bool, withPerson: Bool? = nil) -> Table {
        let withPerson = withPerson ?? !forTrace
        var columns: [Table.Column] = [.init(title: "ID", alignment: .right), .init(title: "AT"), .init(title: "KIND")]
        if withPerson {
            columns.append(.init(title: "PERSON"))
        }
        columns += [.init(title: "TEMP", alignment: .right), .init(title: "VERDICT"), .init(title: "CHECKPOINT")]
        if forTrace {
            columns += [.init(title: "NAME"), .init(title: "GRID")]
        }
        columns += [.init(title: "STATION"), .init(title: "SEQ", alignment: .right), .init(title: "NOTE")]
        var table = Table(columns)
        for row in rows {
            let verdict = row.text("verdict")
            var cells = [
                Table.Cell(text: row.text("id")), Table.Cell(text: row.text("at")), Table.Cell(text: kindText(row)),
            ]
            if withPerson {
                cells.append(Table.Cell(text: row.text("person")))
            }
            cells += [
                Table.Cell(text: row.text("temp")),
                Table.Cell(text: Records.verdictText(verdict), attributes: Emphasis.verdict(verdict)),
                Table.Cell(text: row.text("checkpoint")),
            ]
            if forTrace {
                cells += [Table.Cell(text: row.text("checkpoint_name")), Table.Cell(text: row.text("grid"))]
            }
            cells += [
                Table.Cell(text: row.text("station")), Table.Cell(text: row.text("seq")),
                Table.Cell(text: row.text("note")),
            ]
            table.append(cells)
        }
        return table
    }

    /// `ENTRY` or, for an arrival from outside the city, `ENTRY(outside)`.
    static func kindText(_ row: JSONObject) -> String {
        let kind = L.word(row.text("kind"))
        return row.text("origin") == "outside" ? L("{1}(outside)", kind) : kind
    }

    /// `pass`, `fever,violation`: each verdict word in the process's language.
    static func verdictText(_ verdict: String) -> String {
        verdict.split(separator: ",").map { L.word(String($0)) }.joined(separator: L(","))
    }
}

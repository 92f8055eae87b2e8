import ArgumentParser
import CheckpointCore
import CheckpointWire

/// `checkpointctl site ...` (issue 19): enterprise sites, their blue/yellow/red tag, staff list and health form.
struct Site: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Enterprise sites: their tag (blue, yellow, red), rechecks, staff list and staff health form.",
        discussion: """
            A site is an enterprise allowed to reopen. Its gates are workplace checkpoints that name it \
            (checkpointctl checkpoint add ID --grid G --kind workplace --site SITE). Its tag says how it stands: \
            blue, approved to reopen (a new site starts blue); yellow, problems found: the boss is talked to, \
            the problems are fixed and a follow-up inspection is due by a date (a RECHECK_DUE alert opens when \
            that date passes without a recheck); red, stopped at once: every record at its gates raises a SITE \
            alert.

            Example:
              checkpointctl site add F1 --name "Hongxing garment factory" --grid G7
              checkpointctl site tag F1 yellow --reason "no temperature log at the gate" --recheck-by 2026-12-10
              checkpointctl site recheck F1 --note "log kept since Monday" --by li
              checkpointctl site list --tag yellow
              checkpointctl site workers import F1 staff.csv
              checkpointctl site health-form F1 --date today --format csv > F1-health.csv
            """,
        subcommands: [List.self, Show.self, Add.self, Tag.self, Recheck.self, Workers.self, HealthForm.self]
    )

    /// A tag as a word in the process's language, coloured as the tag on a terminal.
    static func tag(_ row: JSONObject, _ key: String = "tag", style: TerminalStyle) -> String {
        style.paint(L.word(row.text(key)), colour(row.text(key)))
    }

    static func colour(_ tag: String) -> [TerminalStyle.Attribute] {
        switch tag {
        case "blue": [.blue]
        case "yellow": [.yellow]
        case "red": [.bold, .red]
        default: []
        }
    }

    /// `2026-12-10`, or `2026-12-10 (overdue)` when the daemon says the recheck is due; `-` when there is none.
    static func recheckBy(_ site: JSONObject) -> String {
        guard site.has("recheck_by") else { return "-" }
        return site["recheck_due"] == .bool(true)
            ? L("{1} (overdue)", site.text("recheck_by")) : site.text("recheck_by")
    }

    /// `site F1 "Hongxing" in grid G7: yellow since 2026-12-05 10:00, recheck by 2026-12-10`.
    static func summary(_ site: JSONObject, style: TerminalStyle) -> String {
        var text = L(
            "site {1} \"{2}\" in grid {3}: {4} since {5}", site.text("id"), site.text("name"), site.text("grid"),
            tag(site, style: style), site.text("tag_since"))
        if site.has("recheck_by") {
            let due = site["recheck_due"] == .bool(true)
            text += L(", recheck by {1}", style.paint(recheckBy(site), due ? [.bold, .red] : []))
        }
        return text + "\n"
    }
}

/// A site's tag as typed: `blue`, `yellow` or `red`, in any case.
enum SiteTagOption: String, ExpressibleByArgument, CaseIterable {
    case blue
    case yellow
    case red

    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}

extension Site {
    struct List: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the enterprise sites with their tag, recheck date, workers and open alerts.",
            discussion: """
                TAG is blue, yellow or red (in colour on a terminal) and SINCE when it was given. RECHECK BY is \
                a yellow site's follow-up inspection date, marked overdue when it passed with no recheck. \
                WORKERS is the size of the staff list, SEEN TODAY how many of them passed one of its gates today, \
                OPEN ALERTS its SITE and RECHECK_DUE alerts not yet acknowledged.

                Example:
                  checkpointctl site list
                  checkpointctl site list --grid G7 --tag yellow
                  checkpointctl site list --json | jq -r '.items[] | select(.recheck_due) | .id'
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Only the sites of this grid.", valueName: "grid"))
        var grid: String?

        @Option(help: ArgumentHelp("Only the sites tagged blue, yellow or red.", valueName: "tag"))
        var tag: SiteTagOption?

        func validate() throws {
            if let grid { try Self.validateIdentifier(grid, "grid") }
        }

        var request: ControlRequest {
            ControlRequest(.sites) { arguments in
                arguments.setIfPresent(.grid, grid)
                arguments.setIfPresent(.tag, tag?.rawValue)
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            let rows = result.items
            guard !rows.isEmpty else {
                guard grid == nil, tag == nil else { return L("no sites match") + "\n" }
                return L("no sites yet: add one with `checkpointctl site add ID --name NAME --grid GRID`") + "\n"
            }
            var table = Table([
                .init(title: "ID"), .init(title: "NAME"), .init(title: "GRID"), .init(title: "TAG"),
                .init(title: "SINCE"), .init(title: "RECHECK BY"), .init(title: "WORKERS", alignment: .right),
                .init(title: "SEEN TODAY", alignment: .right), .init(title: "OPEN ALERTS", alignment: .right),
            ])
            for row in rows {
                let due = row["recheck_due"] == .bool(true)
                let alerts = row["open_alerts"]?.intValue ?? 0
                table.append([
                    Table.Cell(text: row.text("id")), Table.Cell(text: row.text("name")),
                    Table.Cell(text: row.text("grid")),
                    Table.Cell(text: L.word(row.text("tag")), attributes: Site.colour(row.text("tag"))),
                    Table.Cell(text: row.text("tag_since")),
                    Table.Cell(text: Site.recheckBy(row), attributes: due ? [.bold, .red] : []),
                    Table.Cell(text: row.text("workers")), Table.Cell(text: row.text("workers_seen_today")),
                    Table.Cell(text: row.text("open_alerts"), attributes: alerts > 0 ? [.red] : []),
                ])
            }
            return table.rendered(style: style)
        }
    }

    struct Add: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an enterprise site, tagged blue (approved to reopen) (admins only).",
            discussion: """
                The id and the grid are ids of 1-32 letters, digits, `_`, `.` or `-`. Then give the site its \
                gates (checkpointctl checkpoint add|set ID --kind workplace --site SITE) and its staff list \
                (checkpointctl site workers import SITE FILE).

                Example:
                  checkpointctl site add F1 --name "Hongxing garment factory" --grid G7
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The site's id, e.g. F1.")
        var id: String

        @Option(help: ArgumentHelp("The enterprise's name.", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("The grid the site is in.", valueName: "grid"))
        var grid: String

        func validate() throws {
            try Self.validateIdentifier(id, "site")
            try Self.validateIdentifier(grid, "grid")
            guard name.contains(where: { !$0.isWhitespace }) else {
                throw ValidationError(L("--name must not be empty: give the enterprise's name"))
            }
        }

        var request: ControlRequest {
            ControlRequest(.siteAdd) { arguments in
                arguments[.id] = .string(id)
                arguments[.name] = .string(name)
                arguments[.grid] = .string(grid)
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            L("site {1} added", result.text("id")) + "\n" + Site.summary(result, style: style)
        }
    }

    struct Recheck: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the follow-up inspection of a site (admins only).",
            discussion: """
                For a yellow site, the recheck stops the RECHECK_DUE alert of its current tag. The tag itself \
                stays: tag the site blue (or red) with checkpointctl site tag when the inspection says so.

                Example:
                  checkpointctl site recheck F1 --note "temperature log kept, masks at the gate" --by li
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The site's id.")
        var id: String

        @Option(help: ArgumentHelp("What the inspection found.", valueName: "text"))
        var note: String

        @Option(help: ArgumentHelp("Who inspected (default: your user name).", valueName: "name"))
        var by: String?

        func validate() throws {
            try Self.validateIdentifier(id, "site")
            guard note.contains(where: { !$0.isWhitespace }) else {
                throw ValidationError(L("--note must say what the inspection found"))
            }
        }

        var request: ControlRequest {
            ControlRequest(.siteRecheck) { arguments in
                arguments[.id] = .string(id)
                arguments[.note] = .string(note)
                arguments.setIfPresent(.by, by)
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            L("recheck of site {1} recorded", result.text("id")) + "\n" + Site.summary(result, style: style)
        }
    }
}

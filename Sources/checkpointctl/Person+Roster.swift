import ArgumentParser
import CheckpointCore
import CheckpointWire

/// `checkpointctl person import|list` (issue 19): the grids' resident rosters.
extension Person {
    struct RosterImport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a resident roster from a CSV file (admins only).",
            discussion: """
                The file is a table with a header row: id, phone, name, grid, checkpoint, home, household, \
                category, in any order, named in English or in Chinese (docs/operations.md lists the Chinese names). \
                Each line is one resident: an ID or a phone (or both: they are then linked, as person link does), a \
                name, the grid whose compound gates know them, and their category: home (stays home, goes out on \
                the household's quota), work or new (arrived recently), or the same words in Chinese. checkpoint, \
                home and household may be empty; household defaults to home.

                Every line is checked here first: if any is wrong, each is listed as "line N: what is wrong" and \
                nothing is sent (exit 1). Otherwise the file goes to checkpointd over one connection and is stored \
                in one transaction, all of it or none. Importing a resident again updates their line.

                With --replace the file is the whole roster of every grid it names: residents of those grids who \
                are not in it are taken off. Grids the file does not name are left as they are.

                Once a grid has a roster, anyone not on it at one of its compound gates is a visitor: the station \
                asks the volunteer to verify whom they visit.

                Example:
                  checkpointctl person import roster-G7.csv
                  checkpointctl person import roster.csv --encoding gbk --replace --reason "weekly roster from the \
                grid office"
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The roster, a CSV file with a header row.", valueName: "file.csv"))
        var file: String

        @Option(help: RosterEncodingOption.help)
        var encoding: RosterEncodingOption?

        @Flag(
            help: "Make the file the whole roster of each grid it names: take off residents of those grids not in it.")
        var replace = false

        @Option(help: ArgumentHelp("Why (written to the audit trail with the file's name).", valueName: "text"))
        var reason: String?

        func run() throws {
            let lines: [RosterFileLine<RosterEntry>]
            switch RosterFile.residents(try RosterUpload.read(file), encoding: encoding?.encoding) {
            case .success(let good): lines = good
            case .failure(let problems): throw RosterUpload.refusal(problems, path: file, what: .roster)
            }
            let upload = RosterUpload(path: file, lines: lines, columns: RosterEntry.columns)
            guard !upload.rows.isEmpty else { throw upload.empty() }
            let requests = upload.requests { rows, final in
                ControlRequest(.personImport) { arguments in
                    arguments[.source] = .string(upload.source)
                    if replace { arguments[.replace] = .bool(true) }
                    arguments.setIfPresent(.reason, reason)
                    arguments[.final] = .bool(final)
                    arguments[.rows] = .array(rows)
                }
            }
            let environment = ProcessEnvironment.current()
            let connection = try ControlConnection(
                location: global.socketLocation(environment: environment),
                timeoutSeconds: RosterUpload.timeoutSeconds)
            let result = try upload.send(requests, over: connection, what: .roster)
            try RosterUpload.write(result, json: global.json) { Self.summary(result, source: upload.source) }
        }

        /// How many residents were imported into which grids, taken off, and phones linked.
        static func summary(_ result: JSONObject, source: String) -> String {
            let grids = (result["grids"]?.arrayValue ?? []).map(\.displayText).joined(separator: ", ")
            let imported = L.count(result["imported"]?.intValue ?? 0, "resident")
            var text = L("imported {1} from {2} into grids {3}", imported, source, grids) + "\n"
            if let removed = result["removed"]?.intValue, removed > 0 {
                text += L("taken off the roster, not in the file: {1} of those grids", L.count(removed, "resident"))
                text += "\n"
            }
            return text + RosterUpload.linkedLine(result)
        }
    }

    /// `--category` of `person list`.
    enum CategoryOption: String, ExpressibleByArgument, CaseIterable {
        case home
        case work
        case new

        init?(argument: String) {
            guard let category = ResidentCategory(spelled: argument) else { return nil }
            self.init(rawValue: category.rawValue)
        }
    }

    struct RosterList: RequestCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List one grid's roster of residents (audited).",
            discussion: """
                A row per resident: their name, the person the roster keys them by (the ID, else the phone), the \
                phone, home, household, category and usual checkpoint; then how many households the grid has. \
                People are shown in full, so a reason is required: the daemon writes it to the audit trail.

                Example:
                  checkpointctl person list --grid G7 --reason "outing quota check, grid office"
                  checkpointctl person list --grid G7 --category new --reason "newcomers' follow-up" --json
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The grid whose roster to list.", valueName: "grid"))
        var grid: String

        @Option(help: ArgumentHelp("Only home, work or new residents (or the Chinese words).", valueName: "category"))
        var category: CategoryOption?

        @Option(help: ArgumentHelp("Why you read the roster; it goes to the audit log.", valueName: "text"))
        var reason: String

        @Option(help: ArgumentHelp("At most this many residents (default: the daemon's).", valueName: "n"))
        var limit: Int?

        func validate() throws {
            try Self.validateIdentifier(grid, "grid")
            try Self.validateReason(reason, audits: "roster read")
            try Self.validatePositive(limit, "--limit")
        }

        var request: ControlRequest {
            ControlRequest(.personList) { arguments in
                arguments[.grid] = .string(grid)
                arguments.setIfPresent(.category, category?.rawValue)
                arguments.setIfPresent(.limit, limit)
                arguments[.reason] = .string(reason)
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            let rows = result.items
            guard !rows.isEmpty else {
                return L("no residents on the roster of grid {1}: import it with `checkpointctl person import FILE`",
                    result.has("grid") ? result.text("grid") : grid) + "\n"
            }
            var table = Table([
                .init(title: "FULL NAME"), .init(title: "PERSON"), .init(title: "PHONE"), .init(title: "HOME"),
                .init(title: "HOUSEHOLD"), .init(title: "CATEGORY"), .init(title: "CHECKPOINT"),
            ])
            for row in rows {
                table.append([
                    Table.Cell(text: row.text("name")), Table.Cell(text: row.text("person")),
                    Table.Cell(text: row.text("phone")), Table.Cell(text: row.text("home")),
                    Table.Cell(text: row.text("household")), Table.Cell(text: L.word(row.text("category"))),
                    Table.Cell(text: row.text("checkpoint")),
                ])
            }
            let count = L(
                "grid {1}: {2} shown, {3}", result.text("grid"), L.count(Int64(rows.count), "resident"),
                L.count(result["households"]?.intValue ?? 0, "household"))
            return table.rendered(style: style) + "\n" + count + "\n"
        }
    }
}

extension Person {
    /// The roster line and the staff lists of `person show`: nothing from a daemon that does not send them.
    static func rosterLines(_ result: JSONObject, style: TerminalStyle) -> String {
        var text = ""
        switch result["roster"] {
        case .object(let row)?:
            text += L(
                "on the roster of grid {1} as {2} ({3}), home {4}, household {5}, checkpoint {6}; imported {7}",
                row.text("grid"), row.text("name"), L.word(row.text("category")), row.text("home"),
                row.text("household"), row.text("checkpoint"), row.text("imported_at")) + "\n"
        case .null?:
            text += L("not on any grid's roster") + "\n"
        default:
            break
        }
        let sites = (result["sites"]?.arrayValue ?? []).compactMap(\.objectValue)
        guard !sites.isEmpty else { return text }
        var table = Table([.init(title: "SITE"), .init(title: "NAME"), .init(title: "DEPARTMENT")])
        for site in sites {
            table.append(["site", "name", "department"].map { Table.Cell(text: site.text($0)) })
        }
        return text + L("on the staff list of {1}", Stats.count(Int64(sites.count), "site")) + "\n"
            + table.rendered(style: style)
    }
}

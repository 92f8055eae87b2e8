import ArgumentParser
import CheckpointCore
import CheckpointWire

extension Site {
    /// `checkpointctl site workers import ID FILE`.
    struct Workers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A site's staff list.",
            subcommands: [WorkersImport.self]
        )
    }

    struct WorkersImport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Replace a site's staff list with the workers of a CSV file (admins only).",
            discussion: """
                The file is a table with a header row: id, phone, name, department, in any order, named in English \
                or in Chinese (docs/operations.md lists the Chinese names). Each line is one worker: an \
                ID or a phone (or both: they are then linked, as person link does), a name, and their department \
                or team (may be empty).

                Every line is checked here first: if any is wrong, each is listed as "line N: what is wrong" and \
                nothing is sent (exit 1). Otherwise the file goes to checkpointd over one connection and replaces \
                the site's staff list in one transaction, all of it or none. The staff list is what the health \
                form (checkpointctl site health-form) is made from.

                Example:
                  checkpointctl site workers import F1 staff.csv
                  checkpointctl site workers import F1 staff-F1.csv --encoding gbk
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The site's id.")
        var id: String

        @Argument(help: ArgumentHelp("The staff list, a CSV file with a header row.", valueName: "file.csv"))
        var file: String

        @Option(help: RosterEncodingOption.help)
        var encoding: RosterEncodingOption?

        func validate() throws {
            try Self.validateIdentifier(id, "site")
        }

        func run() throws {
            let lines: [RosterFileLine<WorkerEntry>]
            switch RosterFile.workers(try RosterUpload.read(file), encoding: encoding?.encoding) {
            case .success(let good): lines = good
            case .failure(let problems): throw RosterUpload.refusal(problems, path: file, what: .staffList)
            }
            let upload = RosterUpload(path: file, lines: lines, columns: WorkerEntry.columns)
            guard !upload.rows.isEmpty else { throw upload.empty() }
            let requests = upload.requests { rows, final in
                ControlRequest(.siteWorkersImport) { arguments in
                    arguments[.id] = .string(id)
                    arguments[.source] = .string(upload.source)
                    arguments[.final] = .bool(final)
                    arguments[.rows] = .array(rows)
                }
            }
            let environment = ProcessEnvironment.current()
            let connection = try ControlConnection(
                location: global.socketLocation(environment: environment),
                timeoutSeconds: RosterUpload.timeoutSeconds)
            let result = try upload.send(requests, over: connection, what: .staffList)
            try RosterUpload.write(result, json: global.json) {
                L("site {1}: the staff list is now {2} from {3} (it had {4})", id,
                    L.count(result["imported"]?.intValue ?? 0, "worker"), upload.source,
                    L.count(result["removed"]?.intValue ?? 0, "worker")) + "\n" + RosterUpload.linkedLine(result)
            }
        }
    }
}

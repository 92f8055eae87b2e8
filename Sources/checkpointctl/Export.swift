import ArgumentParser
import CheckpointWire

/// `checkpointctl export --since T --reason ... > file.csv`: the records of a period, streamed (SPEC §4, §9).
struct Export: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv
        case jsonl
    }

    static let configuration = CommandConfiguration(
        abstract: "Write the records of a period to standard output, as CSV or JSON Lines (audited).",
        discussion: """
            Standard output gets exactly the daemon's rows, so redirect it to a file: for csv (the default) the \
            header line and then one line per record (RFC 4180), for jsonl one JSON object per record (the \
            daemon's {"columns":[...]} header line is left out, so every line is a record). The summary, \
            "exported N rows", goes to standard error; with --json it is the daemon's result, {"rows":N}.

            A reason is required: the daemon writes each export to its audit table and the journal before the \
            first row. If the daemon ends the stream with an error the exit status is 1 and the output is \
            incomplete; if the connection breaks it is 3.

            Example:
              checkpointctl export --since today --reason "daily report to the district office" > today.csv
              checkpointctl export --since 2020-02-07T00:00:00+08:00 --until 2020-02-08T00:00:00+08:00 \\
                --format jsonl --reason "grid G7 review" | gzip > 2020-02-07.jsonl.gz
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: TimeHelp.option("The first record's time, inclusive"))
    var since: String

    @Option(help: TimeHelp.option("The end of the period, exclusive (default: now)"))
    var until: String?

    @Option(help: ArgumentHelp("csv (with a header line) or jsonl (default: csv).", valueName: "format"))
    var format: Format?

    @Option(help: ArgumentHelp("Why you export these records; it goes to the audit log.", valueName: "text"))
    var reason: String

    @OptionGroup var grid: GridOption

    func validate() throws {
        guard reason.contains(where: { !$0.isWhitespace }) else {
            throw ValidationError(L("--reason must say why: every {1} is audited", L.word("export")))
        }
    }

    var request: ControlRequest {
        ControlRequest(.export) { arguments in
            arguments[.since] = .string(since)
            arguments.setIfPresent(.until, until)
            arguments.setIfPresent(.format, format?.rawValue)
            grid.add(to: &arguments)
            arguments[.reason] = .string(reason)
        }
    }

    func run() throws {
        let environment = ProcessEnvironment.current()
        let connection = try ControlConnection(location: global.socketLocation(environment: environment))
        try connection.send(request)
        let output = StandardOutput()
        let result: JSONObject
        do {
            result = try copyRows(from: connection, to: output)
        } catch {
            // Whatever arrived before the failure is kept in the output; the status says it is incomplete.
            try? output.flush()
            throw error
        }
        try output.flush()
        if global.json {
            StandardError.write(JSONValue.object(result).serialized() + "\n")
        } else {
            let rows = result["rows"]?.intValue ?? 0
            StandardError.write(L("exported {1}", Stats.count(rows, "row")) + "\n")
        }
    }

    /// Copies the header and row lines to `output` until the daemon's final reply line, and returns its result.
    private func copyRows(
        from connection: ControlConnection,
        to output: StandardOutput
    ) throws(CtlError) -> JSONObject {
        var lineNumber = 0
        var rowLines = 0
        // A CSV field in quotes may hold a line break; such a continuation line is never the final reply.
        var insideQuotedField = false
        while true {
            guard let line = try connection.readLine() else {
                throw CtlError(
                    .disconnected,
                    L(
                        "checkpointd at {1} closed the connection in the middle of the export, after {2}; the output "
                            + "is incomplete", connection.location.path, Stats.count(Int64(rowLines), "line")),
                    hint: L("see the daemon's log (journalctl -u checkpointd) for why, and export again")
                )
            }
            lineNumber += 1
            if !insideQuotedField, line.hasPrefix(#"{"ok":"#) {
                return try ControlConnection.result(ofReply: line)
            }
            if lineNumber == 1, format == .jsonl, line.hasPrefix(#"{"columns":"#) {
                continue
            }
            if format != .jsonl, line.utf8.reduce(0, { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) }) % 2 == 1 {
                insideQuotedField.toggle()
            }
            try output.writeLine(line)
            rowLines += 1
        }
    }
}

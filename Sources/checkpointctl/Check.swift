import ArgumentParser
import CheckpointWire

/// `checkpointctl check`: `PRAGMA integrity_check` of the live database (issue 13).
struct Check: RequestCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the database for damage while the daemon keeps running.",
        discussion: """
            The daemon runs SQLite's PRAGMA integrity_check on one of its read-only connections, so stations go on \
            being answered meanwhile (on a large database it takes a while). Prints `ok`, or the problems found \
            (at most 100) and exits 1. A damaged database: stop checkpointd, keep the damaged file, and restore the \
            latest backup (see checkpointctl backup).

            Example:
              $ checkpointctl check
              /var/lib/checkpointd/checkpointd.db: ok
            """
    )

    @OptionGroup var global: GlobalOptions

    var request: ControlRequest { ControlRequest(.check) }

    func run() throws {
        let environment = ProcessEnvironment.current()
        let connection = try ControlConnection(location: global.socketLocation(environment: environment))
        let result = try exchange(over: connection)
        let text =
            global.json
            ? JSONValue.object(result).serialized() + "\n"
            : render(result, style: .forStandardOutput(environment: environment))
        try StandardOutput().write(text)
        guard result.text("integrity") == "ok" else {
            throw CtlError(.refused, L("the database is damaged: stop checkpointd and restore the latest backup"))
        }
    }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        let problems = (result["problems"]?.arrayValue ?? []).compactMap(\.stringValue)
        guard result.text("integrity") != "ok" else { return L("{1}: ok", result.text("database")) + "\n" }
        var output = L("{1}: damaged, {2}", result.text("database"), Stats.count(Int64(problems.count), "problem")) + "\n"
        for problem in problems { output += "  \(problem)\n" }
        return output
    }
}

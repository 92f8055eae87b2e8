import ArgumentParser
import CheckpointWire
import Glibc

/// `checkpointctl audit`: the accountable lookups (SPEC §9).
struct Audit: RequestCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the audited lookups: every trace and export, with who asked and why.",
        discussion: """
            UID and GID are the caller's, from the control socket's peer credentials. SUBJECT is the person \
            traced, or the time range exported. Refused requests (no reason, bad arguments) are not audited.

            --verify checks the hash chain over the audit rows instead (each row carries the SHA-256 of the row \
            before and its own content): it prints ok with the number of rows and the head hash, or the first \
            edited or deleted row, and then exits 1. Keep the head hash somewhere else to notice a rewrite of the \
            whole chain.

            Example:
              checkpointctl audit --since 7d
              checkpointctl audit --json | jq -r '.items[] | select(.cmd == "export") | .reason'
              checkpointctl audit --verify
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: TimeHelp.option("Only lookups from this time on"))
    var since: String?

    @Option(help: ArgumentHelp("At most this many rows, newest first (default: 100).", valueName: "n"))
    var limit: Int?

    @Flag(help: "Check the audit trail's hash chain; exit 1 when a row was edited or deleted.")
    var verify = false

    func validate() throws {
        try Self.validatePositive(limit, "--limit")
        if verify && (since != nil || limit != nil) {
            throw ValidationError(L("--verify checks every row: leave out --since and --limit"))
        }
    }

    /// As every command runs, then exit 1 when `--verify` found the chain broken (the report is already out).
    func run() throws {
        let environment = ProcessEnvironment.current()
        let connection = try ControlConnection(location: global.socketLocation(environment: environment))
        let result = try exchange(over: connection)
        let text =
            global.json
            ? JSONValue.object(result).serialized() + "\n"
            : render(result, style: .forStandardOutput(environment: environment))
        try StandardOutput().write(text)
        if verify && result["ok"] != .bool(true) {
            throw CtlError(.broken, L("the audit trail is broken at row {1}", result.text("row_id")))
        }
    }

    var request: ControlRequest {
        if verify { return ControlRequest(.auditVerify) }
        return ControlRequest(.audit) { arguments in
            arguments.setIfPresent(.since, since)
            arguments.setIfPresent(.limit, limit)
        }
    }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        if verify { return Self.verification(result) }
        let rows = result.items
        guard !rows.isEmpty else {
            return L("no audited lookups") + (since.map { L(" since {1}", $0) } ?? "") + "\n"
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

    /// `audit trail ok: 12 rows (3-14), head sha256 …` or `audit trail BROKEN at row 7: …`.
    static func verification(_ result: JSONObject) -> String {
        guard result["ok"] == .bool(true) else {
            return L("audit trail BROKEN at row {1}: {2}", result.text("row_id"), result.text("problem")) + "\n"
        }
        guard result.has("head_id") else {
            let anchored = result.has("anchor_id") ? L(" (rows up to {1} purged)", result.text("anchor_id")) : ""
            return L("audit trail ok: no rows") + anchored + "\n"
        }
        var text = L(
            "audit trail ok: {1} rows ({2}-{3})", result.text("rows"), result.text("first_id"), result.text("head_id"))
        if result.has("anchor_id") { text += L(", anchored after purged row {1}", result.text("anchor_id")) }
        return text + "\n" + L("head sha256 {1}", result.text("head_hash")) + "\n"
    }
}

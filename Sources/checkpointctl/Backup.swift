import ArgumentParser
import CheckpointWire

/// `checkpointctl backup NAME --reason R`: a consistent copy of the database while the daemon runs, into the
/// daemon's `backup_dir` (issue 13).
struct Backup: RequestCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database into the daemon's backup folder while it keeps running (audited).",
        discussion: """
            The daemon writes the copy itself with SQLite's online backup, so ingest goes on meanwhile and the \
            copy is consistent. NAME is a file name, not a path: the copy goes into the daemon's backup_dir \
            (default <state_dir>/backups, e.g. /var/lib/checkpointd/backups), mode 0600, and is checked with \
            PRAGMA quick_check before it counts. A name that exists already is refused (backups never replace a \
            file); copy the file elsewhere yourself afterwards. A backup holds everyone's records: a reason is \
            required and written to the audit log.

            Example:
              checkpointctl backup checkpointd-$(date +%F).db --reason "nightly backup"
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The copy's file name inside the daemon's backup_dir (no '/').")
    var name: String

    @Option(help: ArgumentHelp("Why the whole database is copied; it goes to the audit log.", valueName: "text"))
    var reason: String

    func validate() throws {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw ValidationError(
                L("NAME must be a file name inside the daemon's backup_dir, without '/' and not starting with '.'"))
        }
        guard reason.contains(where: { !$0.isWhitespace }) else {
            throw ValidationError(L("--reason must say why: every backup is audited"))
        }
    }

    var request: ControlRequest {
        ControlRequest(.backup) { arguments in
            arguments[.path] = .string(name)
            arguments[.reason] = .string(reason)
        }
    }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        L("backed up the database to {1} ({2} bytes)", result.text("path"), result.text("bytes")) + "\n"
    }
}

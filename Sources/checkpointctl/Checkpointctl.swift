import ArgumentParser
import Glibc

/// The operator's tool: speaks the control protocol to a running checkpointd (SPEC §4).
///
/// The client is blocking and synchronous (one request, one reply line), so the tree is plain `ParsableCommand`s.
/// `main()` is our own so that exit statuses follow the table in ``ExitStatus``: ArgumentParser would exit 64 for a
/// usage error, we exit 2; `--help` still exits 0.
@main
struct Checkpointctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpointctl",
        abstract: "Operate checkpointd through its control socket.",
        discussion: """
            checkpointctl finds the socket through --socket, then $CHECKPOINTD_CONTROL, then the daemon's default \
            path (/run/checkpointd/control.sock when it exists, else $XDG_RUNTIME_DIR/checkpointd/control.sock or \
            ~/.local/state/checkpointd/run/control.sock).

            Output is tables for people; --json prints the daemon's result as one JSON line for scripts. Colour is \
            used only on a terminal and never when NO_COLOR is set.

            Exit status: 0 done, 1 the daemon said no (its message and code go to stderr), 2 usage error, \
            3 cannot reach the daemon.

            Example:
              checkpointctl status
              checkpointctl stats --since today
              checkpointctl alerts
              checkpointctl checkpoint list --json
              checkpointctl station list --socket /run/cp/control.sock
            """,
        subcommands: [
            Status.self, Stats.self, Alerts.self, Ack.self, Watch.self, Trace.self, ClearanceCheck.self, Records.self,
            Presence.self, Quarantine.self, Export.self, Audit.self, Checkpoint.self, Station.self, Backup.self,
            Check.self, Reload.self, TLS.self, HTTP.self, Person.self, Site.self, Report.self, City.self,
        ]
    )

    static func main() {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exitForArgumentError(error)
        }
        do {
            try command.run()
        } catch let error as CtlError {
            StandardError.write(error.description + "\n")
            Glibc.exit(error.code.exitStatus)
        } catch {
            // A group run without a subcommand asks for its help; anything else from the library is usage.
            exitForArgumentError(error)
        }
        Glibc.exit(ExitStatus.done)
    }

    /// Prints what ArgumentParser would print (help on stdout, errors with usage on stderr) and exits 0 for help,
    /// 2 for every usage error.
    private static func exitForArgumentError(_ error: any Error) -> Never {
        let code = exitCode(for: error)
        let text = fullMessage(for: error)
        if code == .success {
            if !text.isEmpty {
                print(text)
            }
            Glibc.exit(ExitStatus.done)
        }
        if !text.isEmpty {
            StandardError.write(text + "\n")
        }
        Glibc.exit(code == .validationFailure ? ExitStatus.usage : code.rawValue)
    }
}

import ArgumentParser
import CheckpointWire

/// `checkpointctl reload`: re-read the configuration, as SIGHUP does.
struct Reload: RequestCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make the daemon re-read its configuration file.",
        discussion: """
            The same as `systemctl reload checkpointd` (SIGHUP). A bad new file is refused (exit 1, with the \
            file, line and key) and the configuration in force stays. Listener and path changes need a restart.

            Example:
              checkpointctl reload
            """
    )

    @OptionGroup var global: GlobalOptions

    var request: ControlRequest { ControlRequest(.reload) }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        var output = L("configuration reloaded")
        if result.has("summary") {
            output += L(": {1}", result.text("summary"))
        }
        return output + "\n"
    }
}

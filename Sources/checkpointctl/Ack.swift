import ArgumentParser
import CheckpointWire

/// `checkpointctl ack ID`: acknowledge an alert.
struct Ack: RequestCommand {
    static let configuration = CommandConfiguration(
        abstract: "Acknowledge an alert.",
        discussion: """
            Marks the alert acked with a note and who did it (by default your user name, as the daemon sees it \
            on the socket). An acknowledged alert is no longer escalated. Acknowledging it twice is refused \
            (E_CONFLICT, exit 1). Acknowledging a violation case acknowledges every violation it counts; a \
            violation after that opens a new case.

            Example:
              checkpointctl ack 7 --note "re-checked at the gate: 36.8, sent home"
              checkpointctl ack 12 --by "duty officer Li" --note "violation: called the grid office"
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The alert's number (ID in `checkpointctl alerts`).")
    var id: Int64

    @Option(help: ArgumentHelp("What was done about it.", valueName: "text"))
    var note: String?

    @Option(help: ArgumentHelp("Who acknowledges it (default: your user name).", valueName: "name"))
    var by: String?

    func validate() throws {
        guard id > 0 else {
            throw ValidationError(L("the alert id must be 1 or more, not {1}", String(id)))
        }
    }

    var request: ControlRequest {
        ControlRequest(.ack) { arguments in
            arguments[.id] = .int(id)
            arguments.setIfPresent(.note, note)
            arguments.setIfPresent(.by, by)
        }
    }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        var subject = L.word(result.text("type"))
        if result.has("person") {
            subject += " " + result.text("person")
        }
        if result.has("checkpoint") {
            subject += L(" at {1}", result.text("checkpoint"))
        }
        // A violation case that gathered several violations of the day says so: all of them are acknowledged.
        if let count = Int(result.text("count")), count > 1 {
            subject += L(", {1} violations", String(count))
        }
        var output = L("alert {1} ({2}) acknowledged by {3}", result.text("id"), subject, result.text("acked_by"))
        if result.has("acked_at") {
            output += L(" at {1}", result.text("acked_at"))
        }
        output += "\n"
        if result.has("note") {
            output += L("note: {1}", result.text("note")) + "\n"
        }
        return output
    }
}

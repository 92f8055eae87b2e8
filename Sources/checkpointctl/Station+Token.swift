import ArgumentParser
import CheckpointWire

extension Station {
    struct Add: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a station at a checkpoint and print its token once.",
            discussion: """
                The token is shown only this once (the daemon stores a hash): copy it to the terminal now. The \
                station then sends `HELLO station=ID token=TOKEN`, or runs \
                `checkpoint-station --station ID --token-file FILE`.

                Example:
                  checkpointctl station add gate-3-a --checkpoint gate-3
                  checkpointctl station add gate-3-b --checkpoint gate-3 --json | jq -r .token
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The station's id, e.g. gate-3-a.")
        var id: String

        @Option(help: ArgumentHelp("The checkpoint the station belongs to.", valueName: "id"))
        var checkpoint: String

        func validate() throws {
            try Self.validateIdentifier(id, "station")
            try Self.validateIdentifier(checkpoint, "checkpoint")
        }

        var request: ControlRequest {
            ControlRequest(.stationAdd) { arguments in
                arguments[.id] = .string(id)
                arguments[.checkpoint] = .string(checkpoint)
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            L("station {1} added at checkpoint {2}", result.text("id"), result.text("checkpoint")) + "\n"
                + Station.tokenNotice(result, style: style)
        }
    }

    struct Rotate: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a station a new token and print it once.",
            discussion: """
                The old token stops working at once and the station's open sessions are closed; the terminal must \
                reconnect with the new token, which is shown only this once.

                Example:
                  checkpointctl station rotate gate-3-a
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The station's id.")
        var id: String

        func validate() throws {
            try Self.validateIdentifier(id, "station")
        }

        var request: ControlRequest { ControlRequest(.stationRotate) { arguments in arguments[.id] = .string(id) } }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            L("station {1} has a new token; the old one no longer works", result.text("id")) + "\n"
                + Station.tokenNotice(result, style: style)
        }
    }

    /// The token, set apart so it is hard to miss, and how a station uses it.
    static func tokenNotice(_ result: JSONObject, style: TerminalStyle) -> String {
        let id = result.text("id")
        let token = result.text("token")
        return """

                \(L("token:")) \(style.paint(token, .bold, .yellow))

            \(L("This token is shown only once; checkpointd keeps only a hash of it. Give it to the station now:"))
              \(L("the station sends    HELLO station={1} token={2}", id, token))
              \(L("or save it to FILE:  checkpoint-station --station {1} --token-file FILE", id))

            """
    }
}

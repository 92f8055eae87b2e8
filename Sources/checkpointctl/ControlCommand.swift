import ArgumentParser
import CheckpointCore
import CheckpointWire

/// A command that asks checkpointd something over the control socket and shows the answer. Adding a command is
/// one file: a type conforming to this (or to ``RequestCommand``), listed in ``Checkpointctl``'s subcommands.
protocol ControlCommand: ParsableCommand {
    var global: GlobalOptions { get }

    /// Asks the daemon; the object returned is what `--json` prints.
    func exchange(over connection: ControlConnection) throws(CtlError) -> JSONObject

    /// The answer for people, as lines each ending in a newline.
    func render(_ result: JSONObject, style: TerminalStyle) -> String
}

/// A command that is exactly one request and its result.
protocol RequestCommand: ControlCommand {
    var request: ControlRequest { get }
}

extension RequestCommand {
    func exchange(over connection: ControlConnection) throws(CtlError) -> JSONObject {
        try connection.call(request)
    }
}

extension ControlCommand {
    func run() throws {
        let environment = ProcessEnvironment.current()
        let connection = try ControlConnection(location: global.socketLocation(environment: environment))
        let result = try exchange(over: connection)
        let text =
            global.json
            ? JSONValue.object(result).serialized() + "\n"
            : render(result, style: .forStandardOutput(environment: environment))
        try StandardOutput().write(text)
    }
}

extension ParsableArguments {
    /// Refuses an id the daemon would refuse anyway (SPEC §2), before connecting, as a usage error.
    static func validateIdentifier(_ value: String, _ label: String) throws {
        guard Identifier.isValid(value) else {
            throw ValidationError(
                L("{1} '{2}' is not an id: use 1-32 of A-Z a-z 0-9 _ . - starting with a letter or digit",
                  L.word(label), value)
            )
        }
    }
}

import ArgumentParser
import CheckpointConfig

/// The options every command that talks to the daemon takes, shared through `@OptionGroup`.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon's default path).",
            valueName: "path"
        )
    )
    var socket: String?

    @Flag(name: .long, help: "Print the daemon's result as one JSON line, for scripts.")
    var json = false

    /// Read before parsing (``Language/forProcess(arguments:environment:)``); declared here so that it is accepted,
    /// shown in `--help` and a wrong value is refused with the choices.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).",
            valueName: "en|zh"
        )
    )
    var lang: Language?

    /// Where to connect: `--socket`, then `CHECKPOINTD_CONTROL`, then the default path (SPEC §4).
    func socketLocation(environment: [String: String]) -> SocketLocation {
        if let socket, !socket.isEmpty {
            return SocketLocation(path: socket, origin: .flag)
        }
        if let fromEnvironment = environment["CHECKPOINTD_CONTROL"], !fromEnvironment.isEmpty {
            return SocketLocation(path: fromEnvironment, origin: .environment)
        }
        return SocketLocation(path: DefaultPaths.controlSocket(environment: environment), origin: .defaultPath)
    }
}

/// A control socket path and where it came from, so an error can say which setting to change.
struct SocketLocation: Equatable {
    enum Origin: Equatable {
        case flag
        case environment
        case defaultPath

        var phrase: String {
            switch self {
            case .flag: L("from --socket")
            case .environment: L("from CHECKPOINTD_CONTROL")
            case .defaultPath: L("the default path")
            }
        }
    }

    var path: String
    var origin: Origin
}

import ArgumentParser
import Glibc

/// The volunteer's terminal at a checkpoint gate (SPEC §8): prompts for the person and the temperature, shows the
/// verdict at once, and never loses a reading (every record is fsynced to a local spool before it is sent).
///
/// `main()` is our own so that errors print one line after `checkpoint-station: ` and exit with the statuses of
/// `ExitStatus`; ArgumentParser's usage errors keep its 64 (EX_USAGE), in line with the other sysexits codes.
@main
struct CheckpointStation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint-station",
        abstract: "The checkpoint volunteer's terminal: screen people, see the verdict, work offline.",
        discussion: """
            Without a subcommand it runs the interactive screen. Type or scan the person, press Enter, type the \
            temperature (36.6, or 366), press Enter. Keys on an empty person field: i = people coming IN (ENTRY), \
            o = going OUT (EXIT), t = temperature only (TEMP), x = the next person arrives from outside the city, \
            : = start an other: ID (passport). Esc clears, Ctrl-C quits.

            Every record is saved in the spool before it is sent. When checkpointd cannot be reached the screen \
            says "saved offline - not checked" and the records are sent later, in order, without duplicates.

            The token comes from --token-file or $CHECKPOINT_TOKEN, never from the command line. Texts are in \
            Chinese when LC_ALL, LC_MESSAGES or LANG starts with zh, else in English. See docs/station.md.

            Example:
              checkpoint-station --server 10.0.0.5:7117 --station gate3-a --token-file ~/token
              checkpoint-station send --station therm-1 --token-file ~/token readings.csv
            """,
        subcommands: [SendCommand.self]
    )

    @OptionGroup var options: StationOptions

    @Option(
        help: ArgumentHelp(
            "The direction at start: temp (temperature only), in (ENTRY) or out (EXIT); keys t, i, o change it.",
            valueName: "mode"))
    var mode: EntryMode = .temp

    func run() throws {
        let setup = try StationSetup.resolve(options, environment: ProcessEnvironment.current())
        try InteractiveSession.run(setup: setup, mode: mode)
    }

    static func main() {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as StationError {
            StandardStreams.error("checkpoint-station: \(error.description)\n")
            Glibc.exit(error.code.exitStatus)
        } catch {
            exit(withError: error)
        }
        Glibc.exit(ExitStatus.done)
    }
}

extension EntryMode: ExpressibleByArgument {
    init?(argument: String) {
        switch argument.lowercased() {
        case "temp", "t": self = .temp
        case "in", "i", "entry": self = .entry
        case "out", "o", "exit": self = .exit
        default: return nil
        }
    }

    static var allValueStrings: [String] { ["temp", "in", "out"] }
}

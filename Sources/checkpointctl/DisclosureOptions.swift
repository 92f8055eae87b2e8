import ArgumentParser
import CheckpointWire

/// `--reason` and `--reveal` of the commands that list people (issue 13): a read chosen by person, a feed of
/// records and `--reveal` need a reason, which the daemon writes to its audit log; other lists show people
/// masked (`138****8000`) unless `--reveal` (admins) is given.
struct DisclosureOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Why you read these people's data; it goes to the audit log (needed with --person, --reveal and "
            + "for record events).", valueName: "text"))
    var reason: String?

    @Flag(help: "Show people in full instead of masked (admins only; needs --reason; audited).")
    var reveal = false

    func add(to arguments: inout ControlArguments) {
        arguments.setIfPresent(.reason, reason)
        if reveal { arguments[.reveal] = .bool(true) }
    }
}

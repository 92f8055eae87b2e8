import ArgumentParser
import CheckpointWire

/// `checkpointctl trace PERSON --reason ...`: one person's trajectory, audited (SPEC §9).
struct Trace: RequestCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a person's records and quarantine orders over the last days (audited).",
        discussion: """
            Lists every record of the person in time order, with the checkpoint's name and grid, and then their \
            quarantine orders. Links are followed: a phone linked to one resident ID shows that person's records \
            under the phone and the ID (each row names its person); a phone shared by several linked people \
            shows its own records and those of everyone linked to it (checkpointctl person show lists the links). \
            A reason is required: the daemon writes each trace to its audit table (who, when, whom, why) and to \
            the journal before answering; `checkpointctl audit` lists them.

            The person is a mobile number (+86, spaces and dashes are fine), an 18-character resident ID, or \
            other: and a document number. The control socket shows people in full.

            Example:
              checkpointctl trace 13800138000 --reason "contact of case 2020-0147"
              checkpointctl trace "+86 138-0013-8000" --days 3 --reason "fever at gate-3, grid office request"
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The person: mobile number, resident ID, or other:ID.")
    var person: String

    @Option(help: ArgumentHelp("Why you look this person up; it goes to the audit log.", valueName: "text"))
    var reason: String

    @Option(help: ArgumentHelp("How many days back (default: 15).", valueName: "n"))
    var days: Int?

    func validate() throws {
        try Self.validateReason(reason, audits: "trace")
        try Self.validatePositive(days, "--days")
    }

    var request: ControlRequest {
        ControlRequest(.trace) { arguments in
            arguments[.person] = .string(person)
            arguments.setIfPresent(.days, days)
            arguments[.reason] = .string(reason)
        }
    }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        let records = result.items
        let orders = (result["quarantines"]?.arrayValue ?? []).compactMap(\.objectValue)
        let identity = (result["identity"]?.arrayValue ?? []).map(\.displayText)
        var output = L(
            "{1} since {2}: {3}, {4}", result.text("person"), result.text("since"),
            Stats.count(Int64(records.count), "record"), Stats.count(Int64(orders.count), "quarantine order")) + "\n"
        if result["check_id"] == .bool(true) {
            output += "shared phone: its own records and those of everyone linked to it: "
            output += identity.joined(separator: ", ") + "\n共用手机号：含其本身及所有关联人员的记录\n"
        } else if identity.count > 1 {
            output += "one person through links: \(identity.joined(separator: ", ")) / 经关联为同一人\n"
        }
        if !records.isEmpty {
            let table = Records.table(records, forTrace: true, withPerson: identity.count > 1)
            output += "\n" + table.rendered(style: style)
        }
        if !orders.isEmpty {
            output += "\n" + Quarantine.table(orders, withPerson: identity.count > 1).rendered(style: style)
        }
        return output
    }
}

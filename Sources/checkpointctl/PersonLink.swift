import ArgumentParser
import CheckpointCore
import CheckpointWire

/// `checkpointctl person link|unlink|show` (issue 15): one identity per person.
extension Person {
    struct Link: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link a phone number to a resident ID or other: id (admins only, audited).",
            discussion: """
                From then on the phone and the ID are one person: quarantine orders, violations and fever \
                re-checks, LOOKUP, trace, records --person and presence follow the link. Stations link them too, \
                on first sight, when a record carries both (person=PHONE id=ID).

                A phone may be linked to several IDs: the elderly are often registered under a child's number. \
                Such a phone is shared: a record with only that phone gets the verdict check-id (scan the ID card) \
                and opens nothing, and an order opened under the phone no longer applies to anyone. When this link \
                makes a phone shared that has an active order, you are warned: open the order under the right ID \
                (checkpointctl quarantine add ID). Linking never moves stored records or orders.

                Two phones, or two IDs, are never linked directly: link each phone to the person's ID.

                Example:
                  checkpointctl person link 13911112222 500227198501011230 --reason "registered by her son, grid 4"
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var link: LinkArguments

        var request: ControlRequest { link.request(.personLink) }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            var text = "linked \(result.text("person")) to \(result.text("id")) / 已关联\n"
            text += Person.sharedLines(result, style: style)
            return text
        }
    }

    struct Unlink: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove the link between a phone number and an ID (admins only, audited).",
            discussion: """
                The phone and the ID are separate people again from the next record on; what was stored stays \
                where it is.

                Example:
                  checkpointctl person unlink 13911112222 500227198501011230 --reason "scanned the wrong card"
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var link: LinkArguments

        var request: ControlRequest { link.request(.personUnlink) }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            var text = "unlinked \(result.text("person")) from \(result.text("id")) / 已解除关联\n"
            text += Person.sharedLines(result, style: style)
            return text
        }
    }

    struct Show: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show who a phone number or ID is through links, the links, roster and staff lists (audited).",
            discussion: """
                Lists the person's identity (their ID and the phones linked to it alone) and each link with who \
                made it: a station on first sight (with the record) or an operator. For a phone linked to several \
                IDs, lists those IDs: its phone-only records get the verdict check-id. Then the person's line on a \
                grid's roster (checkpointctl person import), if any, and the enterprise sites whose staff lists \
                name them (checkpointctl site workers import). A reason is required, as for trace.

                Example:
                  checkpointctl person show 13911112222 --reason "check-id at gate-3, grid office"
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A mobile number, an 18-character resident ID, or other: and a document number.")
        var person: String

        @Option(help: ArgumentHelp("Why you look this person up; it goes to the audit log.", valueName: "text"))
        var reason: String

        func validate() throws {
            try Self.validateReason(reason, audits: "lookup")
        }

        var request: ControlRequest {
            ControlRequest(.personShow) { arguments in
                arguments[.person] = .string(person)
                arguments[.reason] = .string(reason)
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            var text: String
            if result["check_id"] == .bool(true) {
                let shared = (result["shared_by"]?.arrayValue ?? []).map(\.displayText).joined(separator: ", ")
                text = "\(result.text("person")) is a shared phone of \(shared): "
                text += "its phone-only records are check-id\n"
                text += "共用手机号，仅凭手机号的记录需扫身份证\n"
            } else {
                let identity = (result["identity"]?.arrayValue ?? []).map(\.displayText).joined(separator: ", ")
                text = "\(result.text("person")): one person as \(identity)\n"
            }
            text += Person.rosterLines(result, style: style)
            let links = (result["links"]?.arrayValue ?? []).compactMap(\.objectValue)
            guard !links.isEmpty else { return text + "no links / 无关联\n" }
            var table = Table([
                .init(title: "PHONE"), .init(title: "ID"), .init(title: "LINKED AT"), .init(title: "BY"),
                .init(title: "RECORD", alignment: .right),
            ])
            for link in links {
                table.append([
                    Table.Cell(text: link.text("person")), Table.Cell(text: link.text("id")),
                    Table.Cell(text: link.text("created_at")), Table.Cell(text: link.text("made_by")),
                    Table.Cell(text: link.text("record_id")),
                ])
            }
            return text + "\n" + table.rendered(style: style)
        }
    }
}

/// The phone, the document and the reason of `person link` and `person unlink`, checked before connecting as the
/// daemon would check them: a phone first, a document second, a reason.
struct LinkArguments: ParsableArguments {
    @Argument(help: "The mobile number.")
    var phone: String

    @Argument(help: "The 18-character resident ID, or other: and a document number.")
    var id: String

    @Option(help: ArgumentHelp("Why (written to the audit trail).", valueName: "text"))
    var reason: String

    func validate() throws {
        let first: PersonID
        let second: PersonID
        do throws(CheckpointCore.ValidationError) {
            first = try PersonID(parsing: phone)
        } catch {
            throw ArgumentParser.ValidationError(L("PHONE: {1}", error.message))
        }
        do throws(CheckpointCore.ValidationError) {
            second = try PersonID(parsing: id)
        } catch {
            throw ArgumentParser.ValidationError(L("ID: {1}", error.message))
        }
        guard first.isPhone else {
            throw ArgumentParser.ValidationError(L("PHONE must be a mobile number: person link PHONE ID"))
        }
        guard !second.isPhone else {
            throw ArgumentParser.ValidationError(
                L("ID must be a resident ID or other:ID: two phones are never linked; link each to the person's ID"))
        }
        try Self.validateReason(reason, audits: "link")
    }

    func request(_ spec: ControlCommandSpec) -> ControlRequest {
        ControlRequest(spec) { arguments in
            arguments[.person] = .string(phone)
            arguments[.id] = .string(id)
            arguments[.reason] = .string(reason)
        }
    }
}

extension Person {
    /// What a link change left: the phone's IDs when it is shared, and the warning about an order under it.
    static func sharedLines(_ result: JSONObject, style: TerminalStyle) -> String {
        guard result["shared"] == .bool(true) else { return "" }
        let documents = (result["documents"]?.arrayValue ?? []).map(\.displayText).joined(separator: ", ")
        var text = "\(result.text("person")) is now shared by \(documents): its phone-only records "
        text += "are check-id / 该手机号为多人共用，仅凭手机号的记录需扫身份证\n"
        if result.has("order_until") {
            let warning = """
                warning: \(result.text("person")) has a quarantine order until \(result.text("order_until")) that no \
                longer applies to anyone: open it under the right ID (checkpointctl quarantine add ID)
                警告：该手机号名下的隔离令（至 \(result.text("order_until"))）已不再适用于任何人，请在对应身份证号下重新登记\
                （checkpointctl quarantine add 身份证号）
                """
            text += style.paint(warning, [.yellow]) + "\n"
        }
        return text
    }
}

import ArgumentParser
import CheckpointCore
import CheckpointWire
import Glibc

/// `checkpointctl person erase` (issue 13, point 9), `link|unlink|show` (issue 15, `PersonLink.swift`) and
/// `import|list` (issue 19, `Person+Roster.swift`).
struct Person: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "People: the residents' rosters; link a person's phone numbers and IDs, show them, or erase them.",
        subcommands: [RosterImport.self, RosterList.self, Link.self, Unlink.self, Show.self, Erase.self]
    )
}

extension Person {
    struct Erase: ControlCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase one person's records, alerts, quarantine orders and document number (admins only).",
            discussion: """
                Everything the daemon stores about PERSON is deleted in one transaction: records, alerts, \
                quarantine orders, links to phones or IDs and, for an other: id, the document number itself. \
                Earlier audit rows that name the person show them masked from then on. The erasure is audited \
                (masked) with REASON. Deleted data is overwritten (secure_delete) and the write-ahead log is \
                emptied, so the identifier is no longer in the database files; it is still in backups made before, \
                and in the stations' spools.

                On a terminal you are asked to type the identifier again; from a script, give --yes. Without \
                a terminal and without --yes nothing is erased (exit 2).

                Example:
                  checkpointctl person erase 13800138000 --reason "request 2020-031 under the data protection rules"
                  checkpointctl person erase other:E12345678 --reason "left the district, request 17" --yes
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A mobile number, an 18-character resident ID, or other: and a document number.")
        var person: String

        @Option(help: ArgumentHelp("Why (written to the audit trail).", valueName: "text"))
        var reason: String

        @Flag(help: "Do not ask for confirmation (for scripts).")
        var yes = false

        func validate() throws {
            do throws(CheckpointCore.ValidationError) {
                _ = try PersonID(parsing: person)
            } catch {
                throw ArgumentParser.ValidationError(L("PERSON: {1}", error.message))
            }
            guard !reason.allSatisfy({ $0 == " " || $0 == "\t" }) else {
                throw ArgumentParser.ValidationError(L("--reason must not be empty: every erasure is audited"))
            }
            guard yes || isatty(STDIN_FILENO) == 1 else {
                throw ArgumentParser.ValidationError(
                    L(
                        "person erase asks for confirmation on a terminal and standard input is not one: give --yes "
                            + "to erase from a script"))
            }
        }

        var request: ControlRequest {
            ControlRequest(.personErase) { arguments in
                arguments[.person] = .string(person)
                arguments[.reason] = .string(reason)
            }
        }

        func exchange(over connection: ControlConnection) throws(CtlError) -> JSONObject {
            if !yes { try confirm() }
            return try connection.call(request)
        }

        /// Asks for the identifier again, in both languages; anything else erases nothing.
        private func confirm() throws(CtlError) {
            let masked = (try? PersonID(parsing: person))?.masked ?? "?"
            StandardError.write(
                "This erases everything stored about \(masked): records, alerts, quarantine orders. "
                    + "It cannot be undone.\n将永久删除 \(masked) 的全部记录、警报和隔离令，无法恢复。\n"
                    + "Type the identifier again to confirm / 请再次输入该号码以确认: ")
            let typed = readLine(strippingNewline: true) ?? ""
            guard let again = try? PersonID(parsing: typed), let wanted = try? PersonID(parsing: person),
                again.normalized == wanted.normalized
            else {
                throw CtlError(
                    .declined, "not erased: the identifier typed does not match / 未删除：输入的号码不一致")
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            var text = "erased \(result.text("person")): \(result.text("records")) records, "
            text += "\(result.text("alerts")) alerts, \(result.text("quarantines")) quarantine orders"
            if result.has("links") && result["links"] != .int(0) { text += ", \(result.text("links")) links" }
            if result["people_other"] == .int(1) { text += ", the document number" }
            if let lines = result["roster_lines"]?.intValue, lines > 0 {
                text += ", \(lines) roster and staff-list lines"
            }
            text += "; \(result.text("audit_masked")) earlier audit rows masked\n"
            text += "已删除 \(result.text("person"))：\(result.text("records")) 条记录，\(result.text("alerts")) 条警报，"
            text += "\(result.text("quarantines")) 条隔离令"
            if let lines = result["roster_lines"]?.intValue, lines > 0 { text += "，\(lines) 行名册及员工名单" }
            text += "\n"
            if result["wal_truncated"] != .bool(true) {
                text += "warning: the write-ahead log could not be emptied yet (a reader held it); it is emptied when "
                text += "SQLite next writes it back / 提示：预写日志暂未清空，将在数据库下次写回时清空\n"
            }
            if result["audit_resealed"] == .bool(false) {
                text += "warning: the audit trail did not verify before the erasure and was not resealed: run "
                text += "checkpointctl audit --verify\n"
            }
            return text
        }
    }
}

import CheckpointTestSupport
import Foundation
import Testing

/// Issue 15: `person.link` and `person.unlink` are for admins, audited, masked in logs; every wrong request says
/// what to send instead.
@Suite struct IdentityAccessTests {
    static let phone = IdentityTests.phone
    static let resident = IdentityTests.resident

    @Test func linkAndUnlink_areAuditedOnceForEachPersonNamed_andMaskedInTheLog() throws {
        let centre = try Centre()
        let linked = try centre.control.must(
            "person.link", ["person": Self.phone, "id": Self.resident, "reason": "registered by her son"])
        #expect(linked["documents"] as? [String] == [Self.resident] && linked["shared"] as? Bool == false)
        #expect(linked["order_until"] == nil, "\(linked)")
        let unlinked = try centre.control.ask(
            #"person.unlink person=\#(Self.phone) id=\#(Self.resident) reason="scanned the wrong card""#)
        #expect(unlinked.ok && unlinked["documents"] as? [String] == [], "\(unlinked)")
        let audit = try centre.control.must("audit").items
        #expect(audit.map { $0["cmd"] as? String } == ["person.unlink", "person.unlink", "person.link", "person.link"])
        #expect(audit.map { $0["person"] as? String } == [Self.resident, Self.phone, Self.resident, Self.phone])
        #expect(audit.first?["reason"] as? String == "scanned the wrong card" && audit.first?["uid"] as? Int == 0)
        #expect(try centre.control.must("audit.verify")["ok"] as? Bool == true)
        let log = centre.daemon.stderrText
        #expect(log.contains("person linked") && log.contains("person unlinked"), "\(log)")
        #expect(!log.contains(Self.phone) && !log.contains(Self.resident), "people are masked in the log")
        // Unlinked: separate people again.
        _ = try centre.control.must(
            "quarantine.add",
            ["person": Self.phone, "reason": "contact", "start": String(ago(3 * WallTime.hourMilliseconds))])
        #expect(try centre.send("EXIT", "person=\(Self.resident)")["verdict"] == "pass")
    }

    @Test(arguments: [
        (["person": phone, "id": "13800138000"], "E_ARG", "are both phone numbers"),
        (["person": resident, "id": "500227199003034565"], "E_ARG", "are both documents"),
        (["person": resident, "id": phone], "E_ARG", "give the phone number first"),
        (["person": "1391111222", "id": resident], "E_ARG", "person: "),
        (["person": phone, "id": "500227198501011231"], "E_ARG", "id: resident ID check digit"),
        (["person": phone, "id": resident], "E_ARG", "needs reason"),
    ])
    func link_whenTheRequestIsWrong_saysWhatToSendAndLinksNothing(
        arguments: [String: String], code: String, message: String
    ) throws {
        let centre = try Centre()
        var request: [String: Any] = arguments
        if message != "needs reason" { request["reason"] = "r" }
        let reply = try centre.control.ask("person.link", request)
        #expect(reply.errorCode == code && reply.errorMessage.contains(message), "\(reply)")
        #expect(try SQLiteShell.scalar(centre.daemon.databasePath, "SELECT COUNT(*) FROM person_links") == "0")
        #expect(try centre.control.must("audit").items.isEmpty, "a refused change is not audited")
    }

    @Test func link_twice_isAConflict_andUnlinkOfAMissingLinkIsNotFound() throws {
        let centre = try Centre()
        _ = try IdentityTests.link(centre, Self.phone, Self.resident)
        let again = try centre.control.ask(
            "person.link", ["person": Self.phone, "id": Self.resident, "reason": "again"])
        #expect(again.errorCode == "E_CONFLICT" && again.errorMessage.contains("already linked"), "\(again)")
        let missing = try centre.control.ask(
            "person.unlink", ["person": Self.phone, "id": "500227199003034565", "reason": "cleanup"])
        #expect(missing.errorCode == "E_NOT_FOUND", "\(missing)")
        #expect(missing.errorMessage.contains("not linked; `checkpointctl person show` lists links"), "\(missing)")
        let unknown = try centre.control.ask(
            "person.unlink", ["person": "13700137000", "id": "other:E1234567", "reason": "cleanup"])
        #expect(unknown.errorCode == "E_NOT_FOUND", "never seen: \(unknown)")
        #expect(try centre.control.must("audit").items.count == 2, "only the first link's rows")
    }

    @Test func ctl_link_whenArgumentsAreWrong_isAUsageErrorBeforeConnecting() throws {
        let centre = try Centre()
        for (arguments, message) in [
            (["person", "link", Self.resident, Self.phone, "--reason", "r"], "PHONE must be a mobile number"),
            (["person", "link", Self.phone, "13800138000", "--reason", "r"], "two phones are never linked"),
            (["person", "link", Self.phone, Self.resident, "--reason", " "], "--reason must say why"),
            (["person", "unlink", Self.phone, "12", "--reason", "r"], "ID: "),
        ] {
            let run = try IdentityTests.ctl(centre, arguments)
            #expect(run.status == .exited(2), "\(arguments): \(run.standardError)")
            #expect(run.standardError.contains(message), "\(arguments): \(run.standardError)")
        }
        let show = try IdentityTests.ctl(centre, ["person", "show", Self.phone, "--reason", "who is it"])
        #expect(show.status == .exited(0))
        #expect(
            show.standardOutput
                == "\(Self.phone): one person as \(Self.phone)\nnot on any grid's roster\nno links / 无关联\n")
    }

    @Test func erase_deletesThePersonsLinks() throws {
        let centre = try Centre()
        try centre.send("ENTRY", "person=\(Self.phone) id=\(Self.resident)")
        let erased = try centre.control.must("person.erase", ["person": Self.resident, "reason": "request 9"])
        #expect(erased["links"] as? Int == 1 && erased["records"] as? Int == 1, "\(erased)")
        #expect(try SQLiteShell.scalar(centre.daemon.databasePath, "SELECT COUNT(*) FROM person_links") == "0")
        let shown = try centre.control.must("person.show", ["person": Self.phone, "reason": "after the erasure"])
        #expect(shown["identity"] as? [String] == [Self.phone], "the writer forgot the link too: \(shown)")
        #expect(try centre.send("ENTRY", "person=\(Self.phone)")["verdict"] == "pass")
    }
}

/// The roles of issue 13 applied to the new commands: an operator gets the role error and nothing changes.
@Suite(.enabled(if: OtherUser.unavailable == nil, "needs root, setpriv and socat to send requests as nobody"))
struct IdentityRoleTests {
    @Test func linkAndUnlink_whenCallerIsAnOperator_areDenied_andShowIsAllowed() throws {
        let centre = try AccessTests.centre()
        let socket = centre.daemon.controlSocketPath
        let phone = IdentityTests.phone
        let resident = IdentityTests.resident
        for command in ["person.link", "person.unlink"] {
            let reply = try OtherUser.ask(#"\#(command) person=\#(phone) id=\#(resident) reason=r"#, socket: socket)
            #expect(reply.errorCode == "E_DENIED" && reply.errorMessage.contains("only members of adm"), "\(reply)")
        }
        #expect(try SQLiteShell.scalar(centre.daemon.databasePath, "SELECT COUNT(*) FROM person_links") == "0")
        #expect(try centre.control.must("audit").items.isEmpty, "refused requests are not audited")
        let show = try OtherUser.ask(#"person.show person=\#(phone) reason="check-id at gate 1""#, socket: socket)
        #expect(show.ok && show["identity"] as? [String] == [phone], "\(show)")
        #expect(try centre.control.must("audit").items.first?["uid"] as? Int == OtherUser.uid)
    }
}

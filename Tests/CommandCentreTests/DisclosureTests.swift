import CheckpointTestSupport
import Foundation
import Testing

/// Issue 13 acceptance 4: a read chosen by person (`records person=`, `quarantine.list person=`) and a feed of
/// records (`watch types=record`) need a reason and write an audit row; lists not chosen by person show people
/// masked unless `reveal=true` is asked with a reason (audited). The caller is root, an admin.
@Suite struct DisclosureTests {
    static let person = "13800138000"
    static let masked = "138****8000"

    static func centreWithData() throws -> Centre {
        let centre = try Centre()
        try centre.send("TEMP", "person=\(person) temp=38.4")
        // Out for longer than out_after (12 h), so that presence lists the person.
        try centre.send("EXIT", "person=\(person) ts=\(ago(13 * WallTime.hourMilliseconds))")
        _ = try centre.control.must("quarantine.add", ["person": person, "reason": "contact"])
        return centre
    }

    @Test(arguments: [
        ["cmd": "records", "person": person], ["cmd": "quarantine.list", "person": person],
        ["cmd": "records", "person": person, "reason": " \u{3000} "], ["cmd": "alerts", "reveal": true],
        ["cmd": "presence", "checkpoint": "gate-1", "reveal": true, "reason": ""],
        ["cmd": "records", "checkpoint": "gate-1", "reveal": true],
        ["cmd": "quarantine.list", "reveal": true],
    ] as [[String: any Sendable]])
    func accountableRead_withoutAReason_isEArgSayingToGiveReasonAndIsNotAudited(request: [String: any Sendable])
        throws
    {
        let centre = try Self.centreWithData()
        let reply = try centre.control.ask(jsonLine(request))
        #expect(reply.errorCode == "E_ARG", "\(reply)")
        #expect(reply.errorMessage.contains("--reason"), "\(reply)")
        #expect(!reply.line.contains(Self.person), "\(reply)")
        #expect(try centre.control.must("audit").items.isEmpty)
    }

    @Test func personReads_withAReason_showThePersonAndWriteAnAuditRow() throws {
        let centre = try Self.centreWithData()
        let records = try centre.control.must(
            "records", ["person": Self.person, "reason": "fever alert, grid office", "since": "1d"])
        #expect(records.items.count == 2 && records.items.allSatisfy { $0["person"] as? String == Self.person })
        let orders = try centre.control.must("quarantine.list", ["person": Self.person, "reason": "hotline call"])
        #expect(orders.items.map { $0["person"] as? String } == [Self.person])

        let audit = try centre.control.must("audit").items
        let rows = audit.map { "\($0["cmd"] ?? "") \($0["person"] ?? "") \($0["reason"] ?? "")" }
        #expect(
            Set(rows) == [
                "records \(Self.person) fever alert, grid office", "quarantine.list \(Self.person) hotline call",
            ], "\(audit)")
        let recordsRow = audit.first { $0["cmd"] as? String == "records" }
        #expect(recordsRow?["since"] is String, "the range asked is audited: \(String(describing: recordsRow))")
    }

    @Test func listsNotChosenByPerson_showPeopleMaskedAndAreNotAudited() throws {
        let centre = try Self.centreWithData()
        let lists: [(String, [String: Any])] = [
            ("alerts", [:]), ("quarantine.list", [:]), ("records", ["checkpoint": "gate-1"]), ("records", [:]),
            ("presence", ["checkpoint": "gate-1"]),
        ]
        for (command, arguments) in lists {
            let reply = try centre.control.must(command, arguments)
            #expect(!reply.items.isEmpty, "\(command) \(arguments): \(reply)")
            #expect(reply.items.allSatisfy { $0["person"] as? String == Self.masked }, "\(command): \(reply)")
            #expect(!reply.line.contains(Self.person), "\(command): \(reply)")
        }
        #expect(try centre.control.must("audit").items.isEmpty)
    }

    @Test func reveal_withAReason_showsPeopleInFullAndIsAuditedPerCommand() throws {
        let centre = try Self.centreWithData()
        let reason = "district review 7"
        let lists: [(String, [String: Any])] = [
            ("alerts", [:]), ("quarantine.list", [:]), ("records", ["checkpoint": "gate-1"]),
            ("presence", ["checkpoint": "gate-1"]),
        ]
        for (command, arguments) in lists {
            let reply = try centre.control.must(command, arguments.merging(["reveal": true, "reason": reason]) { $1 })
            #expect(reply.items.allSatisfy { $0["person"] as? String == Self.person }, "\(command): \(reply)")
        }
        let audit = try centre.control.must("audit").items
        #expect(
            Set(audit.compactMap { $0["cmd"] as? String })
                == ["alerts reveal", "quarantine.list reveal", "records reveal", "presence reveal"], "\(audit)")
        #expect(audit.allSatisfy { $0["reason"] as? String == reason && $0["person"] is NSNull })
    }

    @Test(.timeLimit(.minutes(20)))
    func watchRecords_needsAReason_isAuditedAndShowsPeopleMaskedUnlessRevealed() throws {
        let centre = try Self.centreWithData()
        let refused = try centre.control.ask("watch", ["types": "record"])
        #expect(refused.errorCode == "E_ARG" && refused.errorMessage.contains("--reason"), "\(refused)")

        let feed = try centre.daemon.control().connection
        try feed.send(try jsonLine(["cmd": "watch", "types": "alert,record", "reason": "night shift"]))
        #expect(try feed.readLine(timeout: 10)?.contains(#""watching":["alert","record"]"#) == true)
        let snapshot = try feed.readLine(timeout: 10) ?? ""
        #expect(snapshot.contains(Self.masked) && !snapshot.contains(Self.person), "open alerts masked: \(snapshot)")
        let revealed = try centre.daemon.control().connection
        try revealed.send(try jsonLine(["cmd": "watch", "types": "record", "reveal": true, "reason": "fever team"]))
        #expect(try revealed.readLine(timeout: 10)?.contains(#""watching":["record"]"#) == true)

        try centre.send("TEMP", "person=13900139000 temp=36.5")
        let line = try feed.readLine(timeout: 10) ?? ""
        #expect(line.contains(#""event":"record""#) && line.contains("139****9000"), "\(line)")
        #expect(!line.contains("13900139000"), "\(line)")
        let full = try revealed.readLine(timeout: 10) ?? ""
        #expect(full.contains(#""event":"record""#) && full.contains("13900139000"), "\(full)")

        let audit = try centre.control.must("audit").items
        let rows = Set(audit.map { "\($0["cmd"] ?? "") \($0["reason"] ?? "")" })
        #expect(rows == ["watch night shift", "watch reveal fever team"], "\(audit)")
    }

    @Test func alertsWatch_withoutRecordsOrReveal_needsNoReason() throws {
        let centre = try Self.centreWithData()
        let feed = try centre.daemon.control().connection
        try feed.send(#"{"cmd":"watch"}"#)
        #expect(try feed.readLine(timeout: 10) == #"{"ok":true,"result":{"watching":["alert"]}}"#)
        #expect(try centre.control.must("audit").items.isEmpty)
    }

    @Test func ctl_recordsOfAPerson_needsReasonFlagAndRevealShowsPeopleInFull() throws {
        let centre = try Self.centreWithData()
        let socket = ["--socket", centre.daemon.controlSocketPath]
        let refused = try ChildProcess.run(
            try BuiltProduct.checkpointctl(), ["records", "--person", Self.person] + socket)
        #expect(refused.status == .exited(1), "\(refused.standardError)")
        #expect(refused.standardError.contains("--reason") && refused.standardError.contains("E_ARG"))

        let given = try ChildProcess.run(
            try BuiltProduct.checkpointctl(),
            ["records", "--person", Self.person, "--reason", "grid office", "--json"] + socket)
        #expect(given.status == .exited(0) && given.standardOutput.contains(Self.person), "\(given.standardError)")

        let masked = try ChildProcess.run(try BuiltProduct.checkpointctl(), ["alerts", "--json"] + socket)
        #expect(masked.standardOutput.contains(Self.masked) && !masked.standardOutput.contains(Self.person))
        let revealed = try ChildProcess.run(
            try BuiltProduct.checkpointctl(), ["alerts", "--reveal", "--reason", "fever team", "--json"] + socket)
        #expect(revealed.status == .exited(0) && revealed.standardOutput.contains(Self.person))
        let audit = try centre.control.must("audit").items.compactMap { $0["cmd"] as? String }
        #expect(Set(audit) == ["records", "alerts reveal"], "\(audit)")
    }
}

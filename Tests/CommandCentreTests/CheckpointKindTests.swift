import CheckpointTestSupport
import Foundation
import Testing

/// Issue 15, point 2, against the real daemon: `checkpoint.add kind=`, `checkpoint.set`, the kind in lists and in
/// `OK HELLO`, and what it makes a violation.
@Suite struct CheckpointKindTests {
    static let worker = "13800138000"

    /// `worker` under an operator's order that started three hours ago (past the 1 h grace).
    static func quarantine(_ centre: Centre, _ person: String = worker) throws {
        _ = try centre.control.must("quarantine.add", [
            "person": person, "reason": "close contact", "start": String(ago(3 * WallTime.hourMilliseconds)),
        ])
    }

    /// The `OK HELLO` a new session of `station` gets.
    static func hello(_ centre: Centre, _ station: String) throws -> String {
        let client = try centre.daemon.stationTCP()
        defer { client.close() }
        let token = try #require(try centre.control.must("station.rotate", ["id": station])["token"] as? String)
        return try client.request("HELLO station=\(station) token=\(token)")
    }

    @Test func checkpointAdd_withKind_isListedAndHelloAnnouncesIt() throws {
        let centre = try Centre()
        let added = try centre.control.must("checkpoint.add", ["id": "plant-1", "grid": "g1", "kind": "workplace"])
        #expect(added["kind"] as? String == "workplace")
        _ = try centre.control.must("checkpoint.add", ["id": "homes", "grid": "g1", "kind": "VISIT"])
        _ = try centre.station("st-1", checkpoint: "gate-1")
        let listed = try centre.control.must("checkpoints").items.map { "\($0["id"] ?? "")=\($0["kind"] ?? "")" }
        #expect(listed == ["gate-1=compound", "homes=visit", "plant-1=workplace"])

        let token = try centre.daemon.registerStation(checkpoint: "plant-1", station: "plant-1-a")
        let client = try centre.daemon.stationTCP()
        let hello = try client.request("HELLO station=plant-1-a token=\(token)")
        #expect(hello.hasPrefix("OK HELLO station=plant-1-a checkpoint=plant-1 proto=1 "))
        #expect(hello.hasSuffix(" kind=workplace"), "\(hello)")
        #expect(try !Self.hello(centre, "st-1").contains("kind="), "a compound gate's HELLO is as it was")
    }

    @Test(arguments: [
        #"{"cmd":"checkpoint.add","id":"plant-2","grid":"g1","kind":"factory"}"#,
        #"{"cmd":"checkpoint.set","id":"gate-1","kind":"factory"}"#, "checkpoint.set id=gate-1 kind=",
    ])
    func aKindItDoesNotKnow_isRefusedNamingTheThreeChoices(line: String) throws {
        let centre = try Centre()
        _ = try centre.station()
        let reply = try centre.control.ask(line)
        #expect(reply.errorCode == "E_ARG", "\(reply)")
        #expect(reply.errorMessage.contains("kind must be compound, workplace or visit"), "\(reply)")
        #expect(try centre.control.must("checkpoints").items.map { $0["kind"] as? String } == ["compound"])
    }

    @Test func checkpointSet_refusesNothingToChangeUnknownCheckpointsAndBadFields() throws {
        let centre = try Centre()
        _ = try centre.station()
        let nothing = try centre.control.ask("checkpoint.set id=gate-1")
        #expect(nothing.errorCode == "E_ARG" && nothing.errorMessage.contains("at least one of kind, name, grid"))
        let unknown = try centre.control.ask("checkpoint.set id=gate-9 kind=visit")
        #expect(unknown.errorCode == "E_NOT_FOUND" && unknown.errorMessage.contains("checkpoint list"), "\(unknown)")
        #expect(try centre.control.ask("checkpoint.set id=gate-1 staffed=7-19").errorCode == "E_ARG")
        #expect(try centre.control.ask("checkpoint.set id=gate-1 grid=\"a b\"").errorCode == "E_ARG")
        #expect(try centre.control.ask("checkpoint.set id=gate-1 colour=red").errorCode == "E_ARG")
        let again = try centre.control.ask("checkpoint.add id=gate-1 grid=g1 kind=workplace")
        #expect(again.errorCode == "E_CONFLICT" && again.errorMessage.contains("checkpointctl checkpoint set gate-1"))

        let renamed = try centre.control.must("checkpoint.set", [
            "id": "gate-1", "name": "North gate", "grid": "g2", "staffed": "07:00-19:00",
        ])
        #expect(renamed["name"] as? String == "North gate" && renamed["grid"] as? String == "g2")
        #expect(renamed["staffed"] as? String == "07:00-19:00" && renamed["kind"] as? String == "compound")
        #expect(renamed["reconnected"] as? [String] == [], "no new kind: no session is touched")
        #expect(try centre.send("TEMP", "person=13900139000 temp=36.6")["verdict"] == "pass", "still connected")
    }

    /// The background of point 2: a quarantined worker in the terminal's temperature-only mode got `pass` at the
    /// workplace gate. Now TEMP there is a violation; at a compound gate the rules stay as they are.
    @Test func aQuarantinedWorkersTemp_isAViolationAtAWorkplaceAndPassesAtACompoundGate() throws {
        let centre = try Centre()
        _ = try centre.control.must("checkpoint.add", ["id": "plant-1", "grid": "g1", "kind": "workplace"])
        _ = try centre.station("gate", checkpoint: "gate-1")
        _ = try centre.station("plant", checkpoint: "plant-1")
        try Self.quarantine(centre)

        let atHome = try centre.send("TEMP", "person=\(Self.worker) temp=36.6", station: "gate")
        #expect(atHome["verdict"] == "pass" && atHome["alert"] == nil, "\(atHome)")
        let atWork = try centre.send("TEMP", "person=\(Self.worker) temp=36.6", station: "plant")
        #expect(atWork["verdict"] == "violation", "\(atWork)")
        let alert = try centre.alert(of: atWork)
        for verb in ["ENTRY", "EXIT"] {
            let passage = try centre.send(verb, "person=\(Self.worker)", station: "plant")
            #expect(passage["verdict"] == "violation" && passage["alert"] == String(alert), "\(passage)")
        }
        let violations = try centre.control.must("alerts", ["type": "VIOLATION"]).items
        #expect(violations.count == 1 && violations.first?["checkpoint"] as? String == "plant-1")
        #expect(violations.first?["count"] as? Int == 3)
        let someoneElse = try centre.send("TEMP", "person=13900139000 temp=36.6", station: "plant")
        #expect(someoneElse["verdict"] == "pass")
    }

    /// A grid worker's home visit: the reading of a person under an order is expected there; a fever still counts.
    @Test func atAHomeVisit_noRecordIsAViolationButAFeverIsAFever() throws {
        let centre = try Centre()
        _ = try centre.control.must("checkpoint.add", ["id": "visits-g1", "grid": "g1", "kind": "visit"])
        _ = try centre.station("worker-li", checkpoint: "visits-g1")
        try Self.quarantine(centre)
        for (verb, fields) in [("TEMP", "temp=36.6"), ("ENTRY", ""), ("EXIT", "temp=36.8")] {
            let reply = try centre.send(verb, "person=\(Self.worker) \(fields)", station: "worker-li")
            #expect(reply["verdict"] == "pass", "\(verb): \(reply)")
        }
        let fever = try centre.send("TEMP", "person=\(Self.worker) temp=38.4", station: "worker-li")
        #expect(fever["verdict"] == "fever" && fever["alert"] != nil)
        #expect(try centre.control.must("alerts", ["type": "VIOLATION", "state": "all"]).items.isEmpty)
        let stats = try centre.control.must("stats")
        #expect(stats["violations"] as? Int == 0 && stats["fevers"] as? Int == 1)
    }

    /// A new kind reaches the rules at once, and each terminal of the checkpoint is disconnected so that its next
    /// `HELLO` tells it the kind (a terminal shows a workplace violation in words of its own).
    @Test func checkpointSet_kind_reconnectsTheStationsAndAppliesToTheNextRecord() throws {
        let centre = try Centre()
        let gate = try centre.station("st-1", checkpoint: "gate-1")
        let other = try centre.station("st-2", checkpoint: "gate-2")
        try Self.quarantine(centre)
        #expect(try centre.send("TEMP", "person=\(Self.worker) temp=36.6")["verdict"] == "pass")

        let changed = try centre.control.must("checkpoint.set", ["id": "gate-1", "kind": "workplace"])
        #expect(changed["kind"] as? String == "workplace" && changed["reconnected"] as? [String] == ["st-1"])
        #expect(gate.isClosed(within: 5), "the session that was told the old kind is closed")
        #expect(!other.isClosed(within: 0.5), "another checkpoint's session stays")
        #expect(try Self.hello(centre, "st-1").hasSuffix(" kind=workplace"))

        let token = try #require(try centre.control.must("station.rotate", ["id": "st-1"])["token"] as? String)
        let session = try centre.daemon.session(station: "st-1", token: token)
        let reply = try #require(ReplyLine(try session.request("TEMP seq=2 person=\(Self.worker) temp=36.6")))
        #expect(reply["verdict"] == "violation", "\(reply)")
        let listed = try centre.control.must("checkpoints").items.first { $0["id"] as? String == "gate-1" }
        #expect(listed?["kind"] as? String == "workplace")

        _ = try centre.control.must("checkpoint.set", ["id": "gate-1", "kind": "compound"])
        #expect(session.isClosed(within: 5))
        #expect(try !Self.hello(centre, "st-1").contains("kind="))
    }

    /// The kind is stored: a restart keeps it.
    @Test func theKind_survivesARestart() throws {
        let centre = try Centre()
        _ = try centre.control.must("checkpoint.add", ["id": "plant-1", "grid": "g1", "kind": "workplace"])
        _ = try centre.daemon.registerStation(checkpoint: "plant-1", station: "plant-1-a")
        _ = try centre.daemon.terminate()
        try centre.daemon.restart()
        let control = try centre.daemon.control()
        let listed = try control.ask("checkpoints").items.first { $0["id"] as? String == "plant-1" }
        #expect(listed?["kind"] as? String == "workplace")
        let token = try #require(try control.must("station.rotate", ["id": "plant-1-a"])["token"] as? String)
        let hello = try centre.daemon.stationTCP().request("HELLO station=plant-1-a token=\(token)")
        #expect(hello.hasSuffix(" kind=workplace"), "\(hello)")
    }
}

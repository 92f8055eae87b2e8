import CheckpointTestSupport
import Foundation
import Testing

/// SPEC §4/§10 `watch`: `{"ok":true,"result":{"watching":[...]}}`, the open alerts as they are, then alert,
/// escalation and record events as they are committed; many watchers; a slow one is dropped, never waited for.
@Suite struct WatchTests {
    /// One `watch` line: the event's name and its alert or record object.
    struct Event: @unchecked Sendable, CustomStringConvertible {
        // Safe because: the dictionary holds only JSON values and is never mutated.
        let name: String
        let body: [String: Any]
        let line: String

        init(_ line: String?) throws {
            guard let line,
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let name = object["event"] as? String
            else { throw TestSupportError("not a watch event: \(line ?? "end of stream")") }
            self.line = line
            self.name = name
            body = object[name == "record" ? "record" : "alert"] as? [String: Any] ?? [:]
        }

        var id: Int? { body["id"] as? Int }
        var description: String { line }
    }

    /// Issue 13 changed these tests: a watch with record events needs a reason (DisclosureTests covers it).
    static func watcher(_ centre: Centre, _ request: String, expecting types: [String]) throws -> LineClient {
        let client = try centre.daemon.control().connection
        try client.send(request)
        let first = try client.readLine(timeout: 10)
        let quoted = types.map { "\"\($0)\"" }.joined(separator: ",")
        #expect(first == #"{"ok":true,"result":{"watching":[\#(quoted)]}}"#)
        return client
    }

    @Test(.timeLimit(.minutes(20)))
    func watch_startsWithOpenAlertsThenStreamsNewAlertsAndEscalations() throws {
        let centre = try Centre(["--escalate-after", "1s"])
        let acked = try centre.alert(of: try centre.send("TEMP", "person=13600136000 temp=38.0"))
        let open = try centre.alert(of: try centre.send("TEMP", "person=13800138000 temp=38.5"))
        _ = try centre.control.must("ack", ["id": acked])
        let client = try Self.watcher(centre, #"{"cmd":"watch"}"#, expecting: ["alert"])
        let snapshot = try Event(client.readLine(timeout: 10))
        #expect(snapshot.name == "alert" && snapshot.id == open && snapshot.body["state"] as? String == "open")

        let fever = try centre.alert(of: try centre.send("TEMP", "person=13900139000 temp=38.9"))
        let opened = try Event(client.readLine(timeout: 10))
        #expect(opened.name == "alert" && opened.id == fever && opened.body["recheck"] as? String == "pending")
        // Issue 13: watch events show people masked.
        #expect(opened.body["type"] as? String == "FEVER" && opened.body["person"] as? String == "139****9000")
        try centre.send("TEMP", "person=13900139000 temp=38.7")
        let start = String(ago(2 * WallTime.hourMilliseconds))
        _ = try centre.control.must("quarantine.add", ["person": "13700137000", "reason": "contact", "start": start])
        let violation = try centre.alert(of: try centre.send("EXIT", "person=13700137000"))

        // The confirmation, the violation and one escalation of each, in whatever order the sweeps land.
        var events: [Event] = []
        while events.count < 4 { events.append(try Event(client.readLine(timeout: 15))) }
        let confirmed = events.first { $0.name == "alert" && $0.id == fever }
        #expect(confirmed?.body["recheck"] as? String == "confirmed", "\(events)")
        let violated = events.first { $0.name == "alert" && $0.id == violation }
        #expect(violated?.body["type"] as? String == "VIOLATION", "\(events)")
        let escalations = events.filter { $0.name == "escalation" }
        #expect(Set(escalations.compactMap(\.id)) == [fever, violation], "\(events)")
        #expect(escalations.allSatisfy { $0.body["escalated_at"] is String })
        #expect(throws: ReadTimeout.self, "each is escalated once; a pending fever never") {
            try client.readLine(timeout: 4)
        }
        // SPEC §9: a new log entry at a higher priority than the alert's own, the person masked (§2).
        let log = centre.daemon.stderrText.split(separator: "\n")
        let escalated = log.filter { $0.contains("alert \(violation) not acknowledged: escalated") }
        #expect(escalated.count == 1 && escalated.first?.hasPrefix("error") == true, "\(escalated)")
        #expect(log.contains { $0.hasPrefix("warning") && $0.contains("violation alert \(violation)") })
        #expect(!centre.daemon.stderrText.contains("13700137000"), "people are masked in logs")
    }

    @Test func watch_withRecordType_streamsEachCommittedRecordWithItsAlert() throws {
        let centre = try Centre()
        _ = try centre.station()
        let client = try Self.watcher(
            centre, #"watch types=alert,record reason="night shift""#, expecting: ["alert", "record"])
        let pass = try centre.send("TEMP", "person=13800138000 temp=36.6")
        let record = try Event(client.readLine(timeout: 10))
        #expect(record.name == "record" && record.id == Int(pass["id"] ?? ""))
        #expect(record.body["kind"] as? String == "TEMP" && record.body["verdict"] as? String == "pass")
        #expect(record.body["station"] as? String == "st-1" && record.body["checkpoint"] as? String == "gate-1")
        #expect(record.body["seq"] as? Int == 1 && record.body["temp"] as? String == "36.6")

        let fever = try centre.send("ENTRY", "person=13900139000 temp=38.0")
        let pair = [try Event(client.readLine(timeout: 10)), try Event(client.readLine(timeout: 10))]
        let recordID = Int(fever["id"] ?? "")
        #expect(pair.contains { $0.name == "record" && $0.id == recordID && $0.body["verdict"] as? String == "fever" })
        #expect(pair.contains { $0.name == "alert" && $0.body["record_id"] as? Int == recordID }, "\(pair)")

        let records = try Self.watcher(centre, #"watch types=record reason="night shift""#, expecting: ["record"])
        try centre.send("TEMP", "person=13700137000 temp=39.0")
        #expect(try Event(records.readLine(timeout: 10)).name == "record")
        #expect(throws: ReadTimeout.self, "no alert events for types=record") { try records.readLine(timeout: 2) }
        #expect(try centre.control.ask("watch types=alerts").errorCode == "E_ARG")
    }

    /// Issue 15 point 6: `types` is a JSON array or a comma-separated string (SPEC §4); a type named twice counts
    /// once. Anything else is `E_ARG` and nothing is watched.
    @Test func watch_typesGivenAsAJSONArrayOrACommaSeparatedString() throws {
        let centre = try Centre()
        _ = try centre.station()
        let array = try Self.watcher(
            centre, #"{"cmd":"watch","types":["record","alert"],"reason":"night shift"}"#, expecting: ["record", "alert"])
        let string = try Self.watcher(
            centre, #"{"cmd":"watch","types":"alert, record,alert","reason":"night shift"}"#,
            expecting: ["alert", "record"])
        let alerts = try Self.watcher(centre, #"{"cmd":"watch","types":["alert"]}"#, expecting: ["alert"])
        let pass = try centre.send("TEMP", "person=13800138000 temp=36.6")
        for client in [array, string] {
            let event = try Event(client.readLine(timeout: 10))
            #expect(event.name == "record" && event.id == Int(pass["id"] ?? ""), "\(event)")
        }
        #expect(throws: ReadTimeout.self, "no record events for types=[\"alert\"]") { try alerts.readLine(timeout: 2) }

        for bad in [#"[]"#, #"["alerts"]"#, #"["alert",1]"#, #"[["alert"]]"#, "true", "1", #"{"alert":1}"#, #""""#,
                    #""alert,""#, #""alert;record""#] {
            let reply = try centre.control.ask(#"{"cmd":"watch","types":\#(bad),"reason":"night shift"}"#)
            #expect(reply.errorCode == "E_ARG", "types=\(bad): \(reply)")
            #expect(reply.errorMessage.hasPrefix("types must be"), "types=\(bad): \(reply)")
        }
        #expect(try centre.control.must("health")["status"] as? String == "ok")
    }

    @Test func watch_withSeveralWatchers_everyOneGetsTheSameEvents() throws {
        let centre = try Centre()
        _ = try centre.station()
        let watchers = try (0..<3).map { _ in try Self.watcher(centre, "watch", expecting: ["alert"]) }
        var alerts: [Int] = []
        for person in 1...5 {
            alerts.append(try centre.alert(of: try centre.send("TEMP", "person=\(TestPerson.phone(person)) temp=38.1")))
        }
        let seen = try watchers.map { try $0.readLines(5, timeout: 10) }
        #expect(seen.allSatisfy { $0 == seen[0] }, "\(seen)")
        #expect(try seen[0].map { try Event($0).id } == alerts)
    }

    /// A watcher that never reads while thousands of fevers come in: ingest goes on at full speed, the watcher is
    /// dropped, and when it finally reads it finds what was buffered, then a final error line, then nothing.
    @Test(.timeLimit(.minutes(20)))
    func watch_whenAWatcherNeverReads_itIsDroppedAndIngestIsNotSlowed() throws {
        let centre = try Centre()
        let station = try centre.station()
        let slow = try Self.watcher(
            centre, #"watch types=alert,record reason="night shift""#, expecting: ["alert", "record"])
        let count = 12_000
        let lines = (1...count).map { "TEMP seq=\($0) person=\(TestPerson.phone($0)) temp=38.\($0 % 10)" }
        // A watcher that held up the writer would stall this pipeline (the suite's time limit ends it).
        let replies = try pipeline(lines, on: station)
        #expect(replies.count == count && replies.allSatisfy { $0.hasPrefix("OK ") && $0.contains("verdict=fever") })
        #expect(try centre.control.must("health")["status"] as? String == "ok")

        var events = 0
        var final: Reply?
        while final == nil, let line = try slow.readLine(timeout: 30) {
            if line.hasPrefix("{\"ok\":") { final = try Reply(line) } else { events += 1 }
        }
        #expect(final?.ok == false && final?.errorCode != nil, "a final error line: \(String(describing: final))")
        #expect(events > 0 && events < 2 * count, "dropped after \(events) of \(2 * count) events")
        #expect(try station.request("TEMP seq=\(count + 1) person=13800138000 temp=39.1").hasPrefix("OK "))
        #expect(throws: ReadTimeout.self, "the dropped watcher's stream has ended") { try slow.readLine(timeout: 2) }
    }
}

import CheckpointTestSupport
import CheckpointWire
import Testing

/// Issue 13 acceptance 4: `LOOKUP` is rate-limited per station (`lookup_per_minute`) and counted in `health`.
@Suite struct LookupLimitTests {
    @Test func lookup_beyondLookupPerMinute_isBusyForThatStationOnlyAndCounted() throws {
        let daemon = try DaemonProcess.started(["--lookup-per-minute", "3"])
        let first = try daemon.openSession(station: "st-1")
        let second = try daemon.openSession(station: "st-2")
        for number in 0..<3 {
            let reply = try first.request("LOOKUP person=1390000000\(number)")
            #expect(reply.hasPrefix("OK person=139****000\(number) "), "\(reply)")
        }
        let refused = try first.request("LOOKUP person=13900000009")
        expectError(refused, seq: "-", code: "E_BUSY", "the fourth LOOKUP within a minute")
        #expect(refused.contains("lookup_per_minute") && !refused.contains("13900000009"), "\(refused)")
        #expect(try first.request("PING") == "PONG", "the session stays open")
        expectRecordOK(try first.request("TEMP seq=1 person=13800138000 temp=36.6"), seq: 1)
        #expect(try second.request("LOOKUP person=13900000001").hasPrefix("OK person="), "per station")

        let health = try daemon.control().result("health")
        #expect(health["lookups"]?.intValue == 4 && health["lookups_refused"]?.intValue == 1, "\(health)")
    }

    @Test func lookup_afterItsShareOfTheMinute_isAnsweredAgain() throws {
        // 60 a minute: one more every second once the bucket is empty.
        let daemon = try DaemonProcess.started(["--lookup-per-minute", "60"])
        let client = try daemon.openSession()
        let lines = (0..<61).map { "LOOKUP person=1390000\(1000 + $0)" }
        // Pipelined: the daemon takes all 61 from its bucket within milliseconds, long before one refills.
        try client.sendRaw(lines.map { $0 + "\n" }.joined())
        let replies = try client.readLines(61, timeout: 15)
        #expect(replies.prefix(60).allSatisfy { $0.hasPrefix("OK person=") })
        expectError(replies.last, seq: "-", code: "E_BUSY")
        Deadline.sleep(1.2)
        #expect(try client.request("LOOKUP person=13900000099").hasPrefix("OK person="), "refilled")
    }
}

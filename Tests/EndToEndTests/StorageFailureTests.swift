import CheckpointTestSupport
import CheckpointWire
import Testing

/// SPEC §5: when a commit fails (disk full) the daemon answers E_UNAVAILABLE, reports degraded, keeps running,
/// and recovers by itself when the cause goes away.
@Suite struct StorageFailureTests {
    @Test(.enabled(if: TmpfsMount.isPossible, "needs root and permission to mount a tmpfs"))
    func ingest_whenDiskIsFull_repliesUnavailableThenRecovers() throws {
        let directory = try TemporaryDirectory()
        let state = try directory.makeDirectory("state")
        let mount = try TmpfsMount(at: state, size: "3m")
        defer { mount.unmount() }
        let daemon = try DaemonProcess(directory: directory, stateDirectory: state)
        try daemon.start()
        defer { _ = try? daemon.terminate() }
        let client = try daemon.openSession()
        let control = try daemon.control()
        #expect(try control.result("health")["status"]?.stringValue == "ok")

        _ = try mount.fill("filler")
        let note = String(repeating: "n", count: 900)
        var seq = 0
        var unavailableSeq: Int?
        var replies: [String] = []
        while unavailableSeq == nil && seq < 20_000 {
            seq += 1
            let reply = try client.request("TEMP seq=\(seq) person=\(TestPerson.phone(seq)) temp=36.6 note=\(note)")
            if reply.hasPrefix("ERR ") {
                expectError(reply, seq: String(seq), code: "E_UNAVAILABLE")
                unavailableSeq = seq
            } else if !reply.hasPrefix("OK seq=\(seq) ") {
                replies.append(reply)
            }
        }
        #expect(replies.isEmpty, "unexpected replies while filling: \(replies.prefix(3))")
        let failedSeq = try #require(unavailableSeq, "the disk filled up but no record got E_UNAVAILABLE")

        let health = try control.result("health")
        #expect(health["status"]?.stringValue == "degraded", "\(health)")
        #expect(health["db_writable"] == .bool(false), "\(health)")
        expectError(
            try client.request("TEMP seq=\(failedSeq) person=13800138000 temp=36.6"),
            seq: String(failedSeq), code: "E_UNAVAILABLE", "still full"
        )
        #expect(try client.request("PING") == "PONG", "the daemon keeps running")

        try mount.remove("filler")
        var lastReply = ""
        let recovered = Deadline.poll(seconds: 15, interval: 0.2) {
            lastReply = (try? client.request("TEMP seq=\(failedSeq) person=13800138000 temp=36.6")) ?? "EOF"
            return lastReply.hasPrefix("OK ")
        }
        #expect(recovered, "records are accepted again once space is free; last reply: \(lastReply)")
        expectRecordOK(lastReply, seq: failedSeq)
        var healthNow = JSONObject()
        let healthy = Deadline.poll(seconds: 15, interval: 0.2) {
            healthNow = (try? control.result("health")) ?? JSONObject()
            return healthNow["status"]?.stringValue == "ok"
        }
        #expect(healthy, "health returns to ok: \(healthNow)")
        #expect(healthNow["db_writable"] == .bool(true), "\(healthNow)")
    }
}

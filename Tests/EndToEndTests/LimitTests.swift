import CheckpointTestSupport
import Testing

/// SPEC §3 limits: hello timeout, idle timeout, max_inflight backpressure.
@Suite struct LimitTests {
    @Test func helloTimeout_whenClientStaysSilent_sendsAuthErrorThenCloses() throws {
        let daemon = try DaemonProcess.started(["--hello-timeout", "1s"])
        let client = try daemon.stationTCP()
        let (reply, seconds) = try measure { try client.readLine(timeout: 15) }
        expectError(reply, seq: "-", code: "E_AUTH")
        #expect(seconds >= 0.8, "not before the timeout: \(seconds) s")
        #expect(seconds < 8, "the timeout is 1 s: \(seconds) s")
        #expect(client.isClosed(within: 10))
    }

    @Test func helloTimeout_afterHello_doesNotCloseTheSession() throws {
        let daemon = try DaemonProcess.started(["--hello-timeout", "1s"])
        let client = try daemon.openSession()
        #expect(!client.isClosed(within: 2), "a session that said HELLO is not closed by the hello timeout")
        #expect(try client.request("PING") == "PONG")
    }

    @Test func idleTimeout_whenSessionIsQuiet_closesWithoutAReply() throws {
        let daemon = try DaemonProcess.started(["--idle-timeout", "2s"])
        let client = try daemon.openSession()
        let (closed, seconds) = measure { client.isClosed(within: 20) }
        #expect(closed, "an idle session is closed")
        #expect(seconds >= 1.5, "not before the idle timeout: \(seconds) s")
        #expect(client.pendingText.isEmpty, "closed silently, got \(client.pendingText.debugDescription)")
    }

    @Test func idleTimeout_whenPingedEveryHalfSecond_keepsTheSessionOpen() throws {
        let daemon = try DaemonProcess.started(["--idle-timeout", "2s"])
        let client = try daemon.openSession()
        let deadline = Deadline(seconds: 5)
        var pongs = 0
        while !deadline.hasPassed {
            #expect(try client.request("PING") == "PONG")
            pongs += 1
            Deadline.sleep(0.5)
        }
        #expect(pongs >= 8)
        expectRecordOK(try client.request("TEMP seq=1 person=13800138000 temp=36.6"), seq: 1)
    }

    @Test func maxInflight_whenClientPipelinesWithoutReading_answersEveryRecordInOrder() throws {
        let daemon = try DaemonProcess.started(["--max-inflight", "8"])
        let client = try daemon.openSession()
        let count = 5000
        let batch = (1...count).map { passingTemp(seq: $0, person: $0) + "\n" }.joined()
        let writer = BackgroundThread { try client.sendRaw(batch) }
        // Let the daemon hit its limit: the writer either finishes (the kernel buffered it all) or blocks.
        _ = try writer.join(seconds: 3)
        var replies: [String] = []
        while replies.count < count, let reply = try client.readLine(timeout: 60) {
            replies.append(reply)
        }
        #expect(try writer.join(seconds: 60), "every line was sent")
        #expect(replies.count == count)
        let wrong = replies.enumerated().first { !$0.element.hasPrefix("OK seq=\($0.offset + 1) id=") }
        #expect(wrong == nil, "reply \(wrong.map { "\($0.offset): \($0.element)" } ?? "") is out of order")
        #expect(try client.request("PING") == "PONG")
        #expect(try SQLiteShell.scalar(daemon.databasePath, "SELECT COUNT(*) FROM records") == String(count))
        #expect(daemon.exitStatus() == nil, "the daemon is still running")
    }
}

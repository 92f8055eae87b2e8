import CheckpointTestSupport
import CheckpointWire
import Testing

/// SPEC §3 "Session" and the auth rules of §10, over real sockets against the real daemon.
@Suite struct SessionTests {
    @Test func hello_whenTokenMatches_repliesOKHelloWithCheckpointVersionAndThreshold() throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(checkpoint: "gate-1", station: "st-1")
        let version = try daemon.control().result("version")["version"]?.stringValue
        let serverVersion = try #require(version)

        let client = try daemon.stationTCP()
        let reply = try client.request("HELLO station=st-1 token=\(token) proto=1")
        let expected = "OK HELLO station=st-1 checkpoint=gate-1 proto=1 server=checkpointd/\(serverVersion) fever=37.3"
        #expect(reply == expected)

        let second = try daemon.stationTCP()
        #expect(try second.request("HELLO station=st-1 token=\(token)") == reply, "proto= is optional")
    }

    @Test func hello_whenFeverThresholdConfigured_reportsIt() throws {
        let daemon = try DaemonProcess.started(["--fever-threshold", "37.5"])
        let token = try daemon.registerStation(station: "st-1")
        let reply = try daemon.stationTCP().request("HELLO station=st-1 token=\(token)")
        #expect(ReplyLine(reply)?["fever"] == "37.5", "\(reply)")
    }

    @Test func hello_whenTokenIsWrong_repliesAuthErrorAndCloses() throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(station: "st-1")
        let wrong = String(token.reversed())
        let client = try daemon.stationTCP()
        expectError(try client.request("HELLO station=st-1 token=\(wrong)"), seq: "-", code: "E_AUTH")
        #expect(client.isClosed(within: 10), "a wrong token closes the connection")
        #expect(client.pendingText.isEmpty, "nothing after the E_AUTH line")
    }

    @Test func hello_whenStationIsNotRegistered_repliesAuthErrorAndCloses() throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(station: "st-1")
        let client = try daemon.stationTCP()
        expectError(try client.request("HELLO station=st-9 token=\(token)"), seq: "-", code: "E_AUTH")
        #expect(client.isClosed(within: 10))
    }

    @Test func hello_whenTCPHelloHasNoToken_repliesAuthError() throws {
        let daemon = try DaemonProcess.started()
        try daemon.registerStation(station: "st-1")
        let client = try daemon.stationTCP()
        expectError(try client.request("HELLO station=st-1"), seq: "-", code: "E_AUTH")
    }

    @Test func hello_overUnixSocketWithoutToken_repliesOKHello() throws {
        let daemon = try DaemonProcess.started()
        try daemon.registerStation(checkpoint: "gate-2", station: "st-u")
        let client = try daemon.stationUnix()
        let reply = try client.request("HELLO station=st-u")
        #expect(reply.hasPrefix("OK HELLO station=st-u checkpoint=gate-2 proto=1 server=checkpointd/"), "\(reply)")
        expectRecordOK(try client.request("TEMP seq=1 person=\(TestPerson.phone(1)) temp=36.6"), seq: 1)
    }

    @Test func hello_overUnixSocketForUnregisteredStation_repliesAuthErrorAndCloses() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.stationUnix()
        expectError(try client.request("HELLO station=st-none"), seq: "-", code: "E_AUTH")
        #expect(client.isClosed(within: 10))
    }

    @Test func hello_whenStationIDIsMalformed_repliesFieldErrorAndStaysOpen() throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(station: "st-1")
        let client = try daemon.stationTCP()
        expectError(try client.request("HELLO station=-bad token=\(token)"), seq: "-", code: "E_FIELD")
        let tooLong = String(repeating: "a", count: 33)
        expectError(try client.request("HELLO station=\(tooLong) token=\(token)"), seq: "-", code: "E_FIELD")
        let reply = try client.request("HELLO station=st-1 token=\(token)")
        #expect(reply.hasPrefix("OK HELLO station=st-1 "), "the connection stays open: \(reply)")
    }

    @Test func ping_afterHello_repliesPong() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        #expect(try client.request("PING") == "PONG")
        #expect(try client.request("PING") == "PONG")
    }

    @Test func ping_beforeHello_repliesAuthErrorAndStaysOpen() throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(station: "st-1")
        let client = try daemon.stationTCP()
        expectError(try client.request("PING"), seq: "-", code: "E_AUTH")
        #expect(try client.request("HELLO station=st-1 token=\(token)").hasPrefix("OK HELLO "))
    }

    @Test func quit_afterHello_repliesByeAndCloses() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        #expect(try client.request("QUIT") == "BYE")
        #expect(client.isClosed(within: 10), "the daemon closes after BYE")
        #expect(client.pendingText.isEmpty)
    }

    @Test func quit_beforeHello_repliesByeAndCloses() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.stationTCP()
        #expect(try client.request("QUIT") == "BYE")
        #expect(client.isClosed(within: 10))
    }

    @Test func record_beforeHello_repliesAuthErrorEchoingSeqAndStaysOpen() throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(station: "st-1")
        let client = try daemon.stationTCP()
        let record = "TEMP seq=5 person=\(TestPerson.phone(5)) temp=36.6"
        expectError(try client.request(record), seq: "5", code: "E_AUTH", "a valid seq is echoed")
        expectError(try client.request("LOOKUP person=\(TestPerson.phone(5))"), seq: "-", code: "E_AUTH")
        #expect(try client.request("HELLO station=st-1 token=\(token)").hasPrefix("OK HELLO "))
        expectRecordOK(try client.request(record), seq: 5, verb: "OK")
    }

    @Test func unparsableLine_beforeHello_repliesItsOwnCode() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.stationTCP()
        expectError(try client.request(""), seq: "-", code: "E_SYNTAX")
        expectError(try client.request("FROB x=1"), seq: "-", code: "E_VERB")
        let unknownKey = "TEMP seq=7 person=\(TestPerson.phone(1)) temp=36.6 bogus=1"
        expectError(try client.request(unknownKey), seq: "7", code: "E_FIELD")
        #expect(try client.request("QUIT") == "BYE")
    }
}

/// QUIT at the end of a pipelined batch: everything before it is answered, then BYE, then the close.
@Suite struct QuitPipelineTests {
    @Test func quit_afterPipelinedRecords_answersThemAllThenByeAndClose() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        let records = (1...200).map { passingTemp(seq: $0, person: $0) + "\n" }.joined()
        try client.sendRaw(records + "QUIT\n")
        let replies = try client.readLines(201, timeout: 30)
        #expect(replies.count == 201, "200 replies and BYE, got \(replies.count)")
        let wrong = replies.prefix(200).enumerated().first { !$0.element.hasPrefix("OK seq=\($0.offset + 1) id=") }
        #expect(wrong == nil, "\(String(describing: wrong))")
        #expect(replies.last == "BYE")
        #expect(client.isClosed(within: 10))
    }

    @Test func quit_followedByMoreLines_answersEverythingBeforeItAndStoresNothingAfter() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        let count = 5000
        let before = (1...count).map { passingTemp(seq: $0, person: $0) + "\n" }.joined()
        let after = (count + 1...count + 1000).map { passingTemp(seq: $0, person: $0) + "\n" }.joined()
        let writer = BackgroundThread { try? client.sendRaw(before + "QUIT\n" + after) }
        var replies: [String] = []
        while let reply = try client.readLine(timeout: 30) { replies.append(reply) }
        _ = try writer.join(seconds: 60)
        let summary = "got \(replies.count) lines (reset: \(client.wasReset))"
        #expect(replies.count == count + 1, "\(count) replies and BYE before the close: \(summary)")
        #expect(replies.last == "BYE", "\(replies.suffix(2))")
        let stored = try SQLiteShell.scalar(daemon.databasePath, "SELECT COUNT(*) FROM records")
        #expect(stored == String(count), "everything before QUIT is stored, nothing after it")
    }
}

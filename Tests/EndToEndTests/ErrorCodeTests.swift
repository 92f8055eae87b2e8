import CheckpointTestSupport
import CheckpointWire
import Testing

/// Every station error code of SPEC §3 and §10 in its exact form `ERR seq=<n|-> code=E_...`, each followed by
/// proof that the connection is still usable.
@Suite struct ErrorCodeTests {
    struct Case: Sendable, CustomStringConvertible {
        var line: String
        var seq: String
        var code: String
        var description: String { "\(line.debugDescription) -> \(code)" }
    }

    static let phone = "13800138000"

    static let cases: [Case] = [
        Case(line: "", seq: "-", code: "E_SYNTAX"),
        Case(line: "   ", seq: "-", code: "E_SYNTAX"),
        Case(line: #"TEMP person=\#(phone) temp=36.6 note="never closed"#, seq: "-", code: "E_SYNTAX"),
        Case(line: "TEMP person", seq: "-", code: "E_SYNTAX"),
        Case(line: "temp person=\(phone) temp=36.6", seq: "-", code: "E_VERB"),
        Case(line: "Ping", seq: "-", code: "E_VERB"),
        Case(line: "FROB", seq: "-", code: "E_VERB"),
        Case(line: "DELETE person=\(phone)", seq: "-", code: "E_VERB"),
        Case(line: "TEMP seq=11 person=\(phone) temp=36.6 colour=red", seq: "11", code: "E_FIELD"),
        Case(line: "TEMP seq=12 person=\(phone)", seq: "12", code: "E_FIELD"),
        Case(line: "TEMP person=\(phone) temp=36.6", seq: "-", code: "E_FIELD"),
        Case(line: "ENTRY seq=13", seq: "13", code: "E_FIELD"),
        Case(line: "TEMP seq=14 person=\(phone) temp=36.6 temp=36.7", seq: "14", code: "E_FIELD"),
        Case(line: "ENTRY seq=15 person=\(phone) origin=abroad", seq: "15", code: "E_FIELD"),
        Case(line: "ENTRY seq=16 person=\(phone) origin=OUTSIDE", seq: "16", code: "E_FIELD"),
        Case(line: "TEMP seq=17 person=\(phone) temp=36.6 origin=outside", seq: "17", code: "E_FIELD"),
        Case(line: "LOOKUP", seq: "-", code: "E_FIELD"),
        Case(line: "TEMP seq=21 person=1380013800 temp=36.6", seq: "21", code: "E_PERSON"),
        Case(line: "TEMP seq=22 person=138001380001 temp=36.6", seq: "22", code: "E_PERSON"),
        Case(line: "TEMP seq=23 person=23800138000 temp=36.6", seq: "23", code: "E_PERSON"),
        Case(
            line: "TEMP seq=24 person=\(TestPerson.residentIDWithBadCheckDigit("50022719900101123")) temp=36.6",
            seq: "24", code: "E_PERSON"
        ),
        Case(line: "TEMP seq=25 person=other: temp=36.6", seq: "25", code: "E_PERSON"),
        Case(
            line: "TEMP seq=26 person=other:\(String(repeating: "a", count: 33)) temp=36.6",
            seq: "26", code: "E_PERSON"
        ),
        Case(line: "LOOKUP person=12345", seq: "-", code: "E_PERSON"),
        // Issue 15: id= is a resident ID or other: id, beside a phone.
        Case(line: "EXIT seq=27 person=\(phone) id=12345", seq: "27", code: "E_PERSON"),
        Case(line: "EXIT seq=28 person=\(phone) id=13900139000", seq: "28", code: "E_FIELD"),
        Case(line: "EXIT seq=29 person=11010519491231002X id=500227198501011230", seq: "29", code: "E_FIELD"),
        Case(line: "LOOKUP person=\(phone) id=13900139000", seq: "-", code: "E_FIELD"),
        Case(line: "TEMP seq=31 person=\(phone) temp=29.9", seq: "31", code: "E_TEMP"),
        Case(line: "TEMP seq=32 person=\(phone) temp=45.1", seq: "32", code: "E_TEMP"),
        Case(line: "TEMP seq=33 person=\(phone) temp=36.66", seq: "33", code: "E_TEMP"),
        Case(line: "TEMP seq=34 person=\(phone) temp=warm", seq: "34", code: "E_TEMP"),
        Case(line: "ENTRY seq=35 person=\(phone) temp=46", seq: "35", code: "E_TEMP"),
        Case(line: "TEMP seq=0 person=\(phone) temp=36.6", seq: "-", code: "E_SEQ"),
        Case(line: "TEMP seq=-1 person=\(phone) temp=36.6", seq: "-", code: "E_SEQ"),
        Case(line: "TEMP seq=abc person=\(phone) temp=36.6", seq: "-", code: "E_SEQ"),
        Case(line: "TEMP seq=9007199254740992 person=\(phone) temp=36.6", seq: "-", code: "E_SEQ"),
        Case(line: "EXIT seq=1.5 person=\(phone)", seq: "-", code: "E_SEQ"),
    ]

    @Test func everyErrorCode_hasItsExactFormAndLeavesTheConnectionUsable() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        for testCase in Self.cases {
            let reply = try client.request(testCase.line)
            expectError(reply, seq: testCase.seq, code: testCase.code, "\(testCase)")
            expectUsable(client, after: "\(testCase)")
        }
        let stored = try SQLiteShell.scalar(daemon.databasePath, "SELECT COUNT(*) FROM records")
        #expect(stored == "0", "no rejected record is stored")
    }

    @Test func invalidUTF8_repliesSyntaxErrorAndLeavesTheConnectionUsable() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        try client.sendRaw(Array("TEMP seq=1 person=13800138000 temp=36.6 note=".utf8) + [0xFF, 0xFE, 0x0A])
        let reply = try client.readLine()
        #expect(ReplyLine(reply ?? "")?["code"] == "E_SYNTAX", "\(reply ?? "EOF")")
        expectUsable(client, after: "invalid UTF-8")
    }

    @Test func boundaryValues_areAccepted() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        expectRecordOK(try client.request("TEMP seq=1 person=13800138000 temp=30.0"), seq: 1)
        let hottest = try client.request("TEMP seq=2 person=13800138001 temp=45.0")
        expectRecordOK(hottest, seq: 2, verdict: "fever", alert: true)
        expectRecordOK(try client.request("TEMP seq=3 person=13800138002 temp=37"), seq: 3)
        let largest = try client.request("TEMP seq=9007199254740991 person=13800138003 temp=36.6")
        expectRecordOK(largest, seq: 9_007_199_254_740_991)
        let other = "other:" + String(repeating: "a", count: 32)
        expectRecordOK(try client.request("TEMP seq=4 person=\(other) temp=36.6"), seq: 4)
    }

    @Test func lineLongerThanMaxLineBytes_repliesTooLongAndNextLineIsAnswered() throws {
        let daemon = try DaemonProcess.started(["--max-line-bytes", "64"])
        let client = try daemon.openSession()
        let prefix = "TEMP seq=1 person=13800138000 temp=36.6 note="
        let exactly64 = prefix + String(repeating: "n", count: 64 - prefix.utf8.count)
        #expect(exactly64.utf8.count == 64)
        expectRecordOK(try client.request(exactly64), seq: 1)

        let line65 = prefix.replacing("seq=1", with: "seq=2") + String(repeating: "n", count: 65 - prefix.utf8.count)
        #expect(line65.utf8.count == 65)
        expectError(try client.request(line65), seq: "-", code: "E_TOOLONG")
        #expect(try client.request("PING") == "PONG", "the rest of the long line was discarded")

        let huge = "TEMP seq=3 person=13800138000 temp=36.6 note=" + String(repeating: "x", count: 100_000)
        try client.send(huge)
        expectError(try client.readLine(), seq: "-", code: "E_TOOLONG")
        expectRecordOK(try client.request("TEMP seq=2 person=13800138000 temp=36.6"), seq: 2)

        try client.sendRaw("TEMP seq=4" + exactly64.dropFirst("TEMP seq=1".count) + "\r\n")
        expectRecordOK(try client.readLine(), seq: 4, verb: "OK")
        let stored = try SQLiteShell.scalar(daemon.databasePath, "SELECT group_concat(seq) FROM records ORDER BY seq")
        #expect(stored == "1,2,4", "E_TOOLONG stores nothing")
    }

    @Test func connectionBeyondMaxConnections_repliesBusyAndCloses() throws {
        let daemon = try DaemonProcess.started(["--max-connections", "2"])
        try daemon.registerStation(station: "st-2")
        let control = try daemon.control()
        let first = try daemon.openSession(station: "st-1")
        let second = try daemon.unixSession(station: "st-2")

        let third = try daemon.stationTCP()
        expectError(try third.readLine(), seq: "-", code: "E_BUSY", "over TCP")
        #expect(third.isClosed(within: 10))
        let fourth = try daemon.stationUnix()
        expectError(try fourth.readLine(), seq: "-", code: "E_BUSY", "over the Unix socket")
        #expect(fourth.isClosed(within: 10))

        let moreControl = try daemon.control()
        #expect(try moreControl.result("health")["status"] != nil, "control connections are not counted")
        #expect(try control.result("health")["status"] != nil)
        #expect(try first.request("PING") == "PONG")
        #expect(try second.request("PING") == "PONG")

        first.close()
        let token = try daemon.registerStation(station: "st-3")
        var reply = ""
        let admitted = Deadline.poll(seconds: 10, interval: 0.1) {
            guard let client = try? daemon.stationTCP() else { return false }
            reply = (try? client.request("HELLO station=st-3 token=\(token)")) ?? "EOF"
            return reply.hasPrefix("OK HELLO")
        }
        #expect(admitted, "a freed slot is given to the next connection (last reply: \(reply))")
    }
}

import CheckpointTestSupport
import Testing

/// SPEC §3 line form (quotes, tabs, CRLF, pipelining) and the `ts` rules of §2 and §10.
@Suite struct LineFormTests {
    @Test func note_quotedWithSpacesAndEscapes_isStoredUnescaped() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        let line = #"TEMP seq=1 person=13800138000 temp=36.6 note="gate \"B\" back\\door  two spaces""#
        expectRecordOK(try client.request(line), seq: 1)
        expectRecordOK(try client.request(#"TEMP seq=2 person=13800138001 note="" temp=36.6"#), seq: 2)
        let note = try SQLiteShell.scalar(daemon.databasePath, "SELECT note FROM records WHERE seq = 1")
        #expect(note == #"gate "B" back\door  two spaces"#)
    }

    @Test func tokens_separatedByTabsAndRunsOfSpaces_areAccepted() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        expectRecordOK(try client.request("TEMP\tseq=1\tperson=13800138000\ttemp=36.6"), seq: 1)
        let spaced = try client.request("TEMP  seq=2 \t person=13800138000   temp=37.5")
        expectRecordOK(spaced, seq: 2, verdict: "fever", alert: true)
    }

    @Test func lines_endingInCRLF_areAnsweredAsIfLF() throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(station: "st-1")
        let client = try daemon.stationTCP()
        try client.sendRaw("HELLO station=st-1 token=\(token)\r\n")
        #expect(try client.readLine()?.hasPrefix("OK HELLO station=st-1 ") == true)
        try client.sendRaw("PING\r\n")
        #expect(try client.readLine() == "PONG")
        try client.sendRaw("TEMP seq=1 person=13800138000 temp=37.5\r\n")
        expectRecordOK(try client.readLine(), seq: 1, verdict: "fever", alert: true)
        try client.sendRaw("TEMP seq=2 person=13800138000 temp=36.6 note=\"crlf\"\r\n")
        expectRecordOK(try client.readLine(), seq: 2)
    }

    @Test func pipelining_thousandLinesInOneWrite_getsThousandRepliesInOrder() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        let count = 1000
        let batch = (1...count).map { passingTemp(seq: $0, person: $0) + "\n" }.joined()
        try client.sendRaw(batch)
        let replies = try client.readLines(count, timeout: 30)
        #expect(replies.count == count)
        let outOfOrder = replies.enumerated().filter { !$0.element.hasPrefix("OK seq=\($0.offset + 1) id=") }
        let first = outOfOrder.first.map { "\($0.offset): \($0.element)" } ?? ""
        #expect(outOfOrder.isEmpty, "first unexpected reply: \(first)")
        #expect(try client.request("PING") == "PONG")
    }

    @Test func ts_inRFC3339WithOffsetAndInMilliseconds_isStoredAsThatInstant() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        let rfcInstant = WallTime.wholeSecondsAgo(WallTime.dayMilliseconds)
        let rfc = WallTime.rfc3339(rfcInstant, offsetMinutes: 8 * 60)
        #expect(rfc.hasSuffix("+08:00"))
        expectRecordOK(try client.request("TEMP seq=1 person=13800138000 temp=36.6 ts=\(rfc)"), seq: 1)

        let westInstant = WallTime.wholeSecondsAgo(2 * WallTime.dayMilliseconds) + 250
        let west = WallTime.rfc3339(westInstant, offsetMinutes: -(5 * 60 + 30))
        expectRecordOK(try client.request("TEMP seq=2 person=13800138000 temp=36.6 ts=\(west)"), seq: 2)

        let milliseconds = WallTime.nowMilliseconds() - 90_123
        expectRecordOK(try client.request("TEMP seq=3 person=13800138000 temp=36.6 ts=\(milliseconds)"), seq: 3)

        let nearFuture = WallTime.nowMilliseconds() + 4 * WallTime.minuteMilliseconds
        expectRecordOK(try client.request("TEMP seq=4 person=13800138000 temp=36.6 ts=\(nearFuture)"), seq: 4)

        let before = WallTime.nowMilliseconds()
        expectRecordOK(try client.request("TEMP seq=5 person=13800138000 temp=36.6"), seq: 5)
        let after = WallTime.nowMilliseconds()

        let rows = try SQLiteShell.query(daemon.databasePath, "SELECT seq, ts FROM records ORDER BY seq")
        let stored = Dictionary(uniqueKeysWithValues: rows.compactMap { row in
            row.count == 2 ? (Int(row[0]) ?? 0, Int64(row[1]) ?? 0) : nil
        })
        #expect(stored[1] == rfcInstant)
        #expect(stored[2] == westInstant)
        #expect(stored[3] == milliseconds)
        #expect(stored[4] == nearFuture)
        let received = try #require(stored[5])
        #expect(received >= before - 1000 && received <= after + 1000, "no ts means the time of receipt")
    }

    @Test func ts_inTheFutureAsSecondsOrBeyondRetention_repliesTimeError() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        let future = WallTime.nowMilliseconds() + 10 * WallTime.minuteMilliseconds
        let person = "person=13800138000"
        expectError(try client.request("TEMP seq=1 \(person) temp=36.6 ts=\(future)"), seq: "1", code: "E_TIME")
        let futureText = WallTime.rfc3339(future - future % 1000, offsetMinutes: 480)
        expectError(try client.request("ENTRY seq=2 person=13800138000 ts=\(futureText)"), seq: "2", code: "E_TIME")

        let seconds = WallTime.nowMilliseconds() / 1000 - 60
        expectError(try client.request("TEMP seq=3 \(person) temp=36.6 ts=\(seconds)"), seq: "3", code: "E_TIME")

        let old = WallTime.nowMilliseconds() - 31 * WallTime.dayMilliseconds
        expectError(try client.request("EXIT seq=4 person=13800138000 ts=\(old)"), seq: "4", code: "E_TIME")
        expectError(try client.request("TEMP seq=5 \(person) temp=36.6 ts=yesterday"), seq: "5", code: "E_TIME")
        expectUsable(client, after: "E_TIME")

        let withinRetention = WallTime.nowMilliseconds() - 29 * WallTime.dayMilliseconds
        expectRecordOK(try client.request("EXIT seq=4 person=13800138000 ts=\(withinRetention)"), seq: 4)
        let stored = try SQLiteShell.scalar(daemon.databasePath, "SELECT COUNT(*) FROM records")
        #expect(stored == "1", "rejected records are not stored")
    }

    @Test func ts_olderThanConfiguredRetention_repliesTimeError() throws {
        let daemon = try DaemonProcess.started(["--retention-days", "2"])
        let client = try daemon.openSession()
        let old = WallTime.nowMilliseconds() - 3 * WallTime.dayMilliseconds
        expectError(try client.request("TEMP seq=1 person=13800138000 temp=36.6 ts=\(old)"), seq: "1", code: "E_TIME")
        let recent = WallTime.nowMilliseconds() - WallTime.dayMilliseconds
        expectRecordOK(try client.request("TEMP seq=2 person=13800138000 temp=36.6 ts=\(recent)"), seq: 2)
    }

    @Test func lines_arrivingInPieces_areFramedAtTheirLineEnds() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        let text = "PING\n" + passingTemp(seq: 1, person: 1) + "\r\nPING\n" + passingTemp(seq: 2, person: 2) + "\n"
        let bytes = Array(text.utf8)
        var generator = SystemRandomNumberGenerator()
        var index = 0
        while index < bytes.count {
            let size = Int.random(in: 1...7, using: &generator)
            try client.sendRaw(Array(bytes[index..<min(index + size, bytes.count)]))
            index += size
            Deadline.sleep(0.002)
        }
        let replies = try client.readLines(4)
        #expect(replies.count == 4)
        #expect(replies.first == "PONG")
        expectRecordOK(replies.count > 1 ? replies[1] : nil, seq: 1)
        #expect(replies.count > 2 && replies[2] == "PONG")
        expectRecordOK(replies.count > 3 ? replies[3] : nil, seq: 2)
    }

    @Test func emptyLines_withLFOrCRLF_eachGetSyntaxError() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        try client.sendRaw("\n\r\n\t\n")
        for _ in 0..<3 {
            expectError(try client.readLine(), seq: "-", code: "E_SYNTAX")
        }
        expectUsable(client, after: "empty lines")
    }
}

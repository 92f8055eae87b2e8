import CheckpointCore
import CheckpointWire
import Testing

@Suite struct StationReplyTests {
    static let beijing = FixedOffsetZone(seconds: 8 * 3600)
    /// 2020-02-21T00:15:00Z.
    static let until = Timestamp(milliseconds: 1_582_244_100_000)

    private static func verdict(
        _ verdicts: Verdicts, alerts: [Int64] = [], until: Timestamp? = nil
    ) -> RecordReceipt {
        RecordReceipt(id: 42, verdicts: verdicts, alertIDs: alerts, quarantineUntil: until)
    }

    @Test func render_whenHello_listsSessionFields() {
        let reply = StationReply.hello(
            station: "S1", checkpoint: "CP-7", serverVersion: "1.2.3", feverThreshold: Temperature(tenths: 373))
        #expect(reply.render(in: FixedOffsetZone.utc)
            == "OK HELLO station=S1 checkpoint=CP-7 proto=1 server=checkpointd/1.2.3 fever=37.3")
    }

    /// Issue 15: a workplace or a home visit says its kind last; a compound gate's line is the one it always was.
    @Test(arguments: [
        (CheckpointKind.compound, ""), (.workplace, " kind=workplace"), (.visit, " kind=visit"),
    ])
    func render_whenHello_saysTheKindUnlessCompound(kind: CheckpointKind, suffix: String) {
        let reply = StationReply.hello(
            station: "S1", checkpoint: "plant-1", serverVersion: "1.2.3", feverThreshold: Temperature(tenths: 373),
            kind: kind)
        #expect(reply.render(in: FixedOffsetZone.utc)
            == "OK HELLO station=S1 checkpoint=plant-1 proto=1 server=checkpointd/1.2.3 fever=37.3" + suffix)
    }

    @Test func render_whenFeverThresholdIsWhole_keepsOneDecimal() {
        let reply = StationReply.hello(
            station: "S1", checkpoint: "CP", serverVersion: "0.1.0", feverThreshold: Temperature(tenths: 380))
        #expect(reply.render(in: FixedOffsetZone.utc).hasSuffix(" fever=38.0"))
    }

    @Test func render_whenPongOrBye_isTheBareWord() {
        #expect(StationReply.pong.render(in: FixedOffsetZone.utc) == "PONG")
        #expect(StationReply.bye.render(in: FixedOffsetZone.utc) == "BYE")
    }

    static let okLines: [(RecordReceipt, String)] = [
        (verdict([]), "OK seq=5 id=42 verdict=pass"),
        (verdict(.fever, alerts: [7]), "OK seq=5 id=42 verdict=fever alert=7"),
        (verdict([.fever, .violation], alerts: [7, 8]), "OK seq=5 id=42 verdict=fever,violation alert=7,8"),
        (verdict(.quarantine, until: until), "OK seq=5 id=42 verdict=quarantine until=2020-02-21T08:15:00+08:00"),
        (
            verdict([.fever, .quarantine], alerts: [9], until: until),
            "OK seq=5 id=42 verdict=fever,quarantine alert=9 until=2020-02-21T08:15:00+08:00"
        ),
    ]

    @Test(arguments: okLines)
    func render_whenOk_writesVerdictAlertsAndUntilInTheZone(verdict: RecordReceipt, line: String) {
        #expect(StationReply.ok(seq: 5, verdict).render(in: Self.beijing) == line)
    }

    /// Sessions append a batch's replies to one String: each reply goes after what is there, unchanged.
    @Test(arguments: okLines)
    func append_afterOtherReplies_addsExactlyTheLine(verdict: RecordReceipt, line: String) {
        var text = "PONG\n"
        StationReply.ok(seq: 5, verdict).append(to: &text, zone: Self.beijing)
        #expect(text == "PONG\n" + line)
        StationReply.duplicate(seq: 5, verdict).append(to: &text, zone: Self.beijing)
        #expect(text == "PONG\n" + line + "DUP" + line.dropFirst(2))
    }

    @Test func render_whenUntilInUTC_writesPlusZeroOffset() {
        let reply = StationReply.ok(seq: 1, Self.verdict(.quarantine, until: Self.until))
        #expect(reply.render(in: FixedOffsetZone.utc)
            == "OK seq=1 id=42 verdict=quarantine until=2020-02-21T00:15:00+00:00")
    }

    @Test func render_whenDuplicate_repeatsEveryFieldOfTheOk() {
        let verdict = Self.verdict([.violation, .quarantine], alerts: [3], until: Self.until)
        let ok = StationReply.ok(seq: 12, verdict).render(in: Self.beijing)
        let duplicate = StationReply.duplicate(seq: 12, verdict).render(in: Self.beijing)
        #expect(duplicate == "DUP seq=12 id=42 verdict=violation,quarantine alert=3 until=2020-02-21T08:15:00+08:00")
        #expect(duplicate.dropFirst(3) == ok.dropFirst(2))
    }

    @Test func render_whenLookupActive_writesUntilLastTemperatureAndWhyQuarantineWithoutASecondUntil() {
        let reply = StationReply.lookup(
            maskedPerson: "138****8000", quarantineUntil: Self.until, lastTemperature: Temperature(tenths: 366),
            clearance: .quarantine(until: Self.until), checkID: false)
        #expect(reply.render(in: Self.beijing)
            == "OK person=138****8000 quarantine=active until=2020-02-21T08:15:00+08:00 last_temp=36.6 "
            + "clear=no why=quarantine")
    }

    @Test func render_whenLookupOfASharedPhone_addsCheckIDAndReadsItBack() throws {
        let reply = StationReply.lookup(
            maskedPerson: "139****2222", quarantineUntil: nil, lastTemperature: nil, clearance: nil, checkID: true)
        let line = reply.render(in: Self.beijing)
        #expect(line == "OK person=139****2222 quarantine=none last_temp=- check_id=yes")
        #expect(try StationReply(parsing: line) == reply)
        let older = try StationReply(parsing: "OK person=139****2222 quarantine=none last_temp=-")
        #expect(
            older
                == .lookup(
                    maskedPerson: "139****2222", quarantineUntil: nil, lastTemperature: nil, clearance: nil,
                    checkID: false))
        #expect(throws: StationReplyError.self) {
            try StationReply(parsing: "OK person=139****2222 quarantine=none last_temp=- check_id=maybe")
        }
    }

    @Test func parse_whenVerdictIsCheckID_readsTheNewVerdict() throws {
        let reply = try StationReply(parsing: "OK seq=4 id=9 verdict=fever,check-id alert=3")
        guard case .ok(_, let receipt) = reply else {
            Issue.record("not a record reply: \(reply)")
            return
        }
        #expect(receipt.verdicts == [.fever, .checkID])
    }

    @Test func render_whenLookupNone_writesDashForNoTemperatureAndClearYes() {
        let reply = StationReply.lookup(
            maskedPerson: "other:E1******", quarantineUntil: nil, lastTemperature: nil, clearance: .clear,
            checkID: false)
        #expect(reply.render(in: Self.beijing) == "OK person=other:E1****** quarantine=none last_temp=- clear=yes")
    }

    @Test func render_whenLookupFever_writesWhyFeverSinceInTheZone() {
        let reply = StationReply.lookup(
            maskedPerson: "138****8000", quarantineUntil: nil, lastTemperature: Temperature(tenths: 381),
            clearance: .fever(since: Self.until), checkID: false)
        #expect(reply.render(in: Self.beijing)
            == "OK person=138****8000 quarantine=none last_temp=38.1 clear=no why=fever "
            + "since=2020-02-21T08:15:00+08:00")
    }

    /// What a daemon older than issue 15 point 3 wrote (a reply built without a clearance, as a decoder gives one).
    @Test func render_whenLookupHasNoClearance_writesNoClearKey() {
        let reply = StationReply.lookup(
            maskedPerson: "138****8000", quarantineUntil: nil, lastTemperature: nil, clearance: nil, checkID: false)
        #expect(reply.render(in: Self.beijing) == "OK person=138****8000 quarantine=none last_temp=-")
    }

    @Test func render_whenErrorHasSeq_echoesIt() {
        let reply = StationReply.error(seq: 12, WireError(.temperature, "temperature must be between 30.0 and 45.0"))
        #expect(reply.render(in: FixedOffsetZone.utc)
            == #"ERR seq=12 code=E_TEMP msg="temperature must be between 30.0 and 45.0""#)
    }

    @Test func render_whenErrorHasNoSeq_writesDash() {
        let reply = StationReply.error(seq: nil, WireError(.syntax, "empty line"))
        #expect(reply.render(in: FixedOffsetZone.utc) == #"ERR seq=- code=E_SYNTAX msg="empty line""#)
    }

    @Test func render_whenMessageHasQuotesBackslashesAndControlCharacters_escapesAndStaysOnOneInertLine() throws {
        let message = "bad \"note\" in C:\\x\nsecond line\r\nthird\ttab \u{1B}[2J"
        let line = StationReply.error(seq: 3, WireError(.field, message)).render(in: FixedOffsetZone.utc)
        #expect(line == #"ERR seq=3 code=E_FIELD msg="bad \"note\" in C:\\x\\nsecond line\\r\\nthird\\ttab \\x1B[2J""#)
        #expect(!line.unicodeScalars.contains { InertText.isControl($0) })
        let tokens = try LineTokenizer.tokenize(line.utf8)
        #expect(tokens.verb == "ERR")
        #expect(tokens.fields.map(\.key) == ["seq", "code", "msg"])
        #expect(tokens.fields.last?.value == #"bad "note" in C:\x\nsecond line\r\nthird\ttab \x1B[2J"#)
    }

    @Test func parse_whenTheReplyHoldsAControlCharacter_refusesIt() {
        for line in ["ERR seq=1 code=E_FIELD msg=\"\u{1B}[2J\"", "OK seq=1 verdict=pass\u{7F}", "PONG \u{9B}"] {
            #expect(throws: StationReplyError.self, "\(line)") { try StationReply(parsing: line) }
        }
        #expect(throws: Never.self) { try StationReply(parsing: "ERR seq=1 code=E_FIELD msg=\"a\tb\"") }
    }

    @Test(arguments: [
        StationReply.pong, .bye, .ok(seq: 1, verdict([.fever], alerts: [1, 2], until: until)),
        .lookup(
            maskedPerson: "500227********123X", quarantineUntil: until, lastTemperature: Temperature(tenths: 372),
            clearance: .quarantine(until: until), checkID: true),
        .lookup(
            maskedPerson: "138****8000", quarantineUntil: nil, lastTemperature: nil, clearance: .fever(since: until),
            checkID: false),
        .error(seq: 9_007_199_254_740_991, WireError(.unavailable, "disk full; retry later")),
    ])
    func render_always_tokenizesBackAsOneLine(reply: StationReply) throws {
        let line = reply.render(in: Self.beijing)
        #expect(!line.contains("\n"))
        #expect(throws: Never.self) { try LineTokenizer.tokenize(line.utf8) }
    }
}

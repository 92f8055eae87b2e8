import CheckpointCore
import CheckpointWire
import Testing

/// The client half of the station protocol: the exact lines the encoder writes (the bytes terminals and the bench
/// have always sent), and what the decoder does with replies it cannot read.
@Suite struct StationClientCodecTests {
    static let lines: [(StationRequest, String)] = [
        (.hello(station: "S1", token: nil), "HELLO station=S1 proto=1"),
        (.hello(station: "gate-3.b_2", token: "0a1b2c"), "HELLO station=gate-3.b_2 token=0a1b2c proto=1"),
        (.hello(station: "S1", token: "a \"b\""), "HELLO station=S1 token=\"a \\\"b\\\"\" proto=1"),
        (.ping, "PING"),
        (.quit, "QUIT"),
        (.lookup(.resident("11010519491231002X"), document: nil), "LOOKUP person=11010519491231002X"),
        (
            .lookup(.phone("13911112222"), document: .resident("500227198501011230")),
            "LOOKUP person=13911112222 id=500227198501011230"
        ),
        (
            .record(Record(
                kind: .exit, seq: 3, person: .phone("13911112222"), document: .other("E1234567"),
                timestamp: Timestamp(milliseconds: 1_581_034_500_000))),
            "EXIT seq=3 person=13911112222 id=other:E1234567 ts=1581034500000"
        ),
        (
            .record(Record(
                kind: .temp, seq: 5, person: .phone("13800138000"), temperature: Temperature(tenths: 366),
                timestamp: Timestamp(milliseconds: 1_581_034_500_000))),
            "TEMP seq=5 person=13800138000 temp=36.6 ts=1581034500000"
        ),
        (
            .record(Record(
                kind: .entry, seq: 6, person: .other("E1234567"), timestamp: Timestamp(milliseconds: 1_581_034_500_000),
                origin: .outside)),
            "ENTRY seq=6 person=other:E1234567 ts=1581034500000 origin=outside"
        ),
        (
            .record(Record(kind: .exit, seq: 12, person: .phone("13000001999"), temperature: Temperature(tenths: 370))),
            "EXIT seq=12 person=13000001999 temp=37.0"
        ),
        (
            .record(Record(kind: .exit, seq: 1, person: .phone("13800138000"), note: "gate 2")),
            "EXIT seq=1 person=13800138000 note=\"gate 2\""
        ),
        (
            .record(Record(kind: .temp, seq: 1, person: .phone("13800138000"), temperature: Temperature(tenths: 366),
                           timestamp: Timestamp(milliseconds: 0))),
            "TEMP seq=1 person=13800138000 temp=36.6 ts=1970-01-01T00:00:00+00:00"
        ),
    ]

    @Test(arguments: lines)
    func line_whenRequest_isTheTerminalsLine(request: StationRequest, line: String) {
        #expect(request.line == line)
    }

    @Test func append_whenHelloWithoutProtocol_leavesProtoOut() {
        var text = "x"
        StationRequest.hello(station: "gate-1", token: "ab12").append(to: &text, announcingProtocol: false)
        #expect(text == "xHELLO station=gate-1 token=ab12")
    }

    static let malformed: [(String, String)] = [
        ("", "the reply is empty"),
        ("   ", "the reply is empty"),
        ("HELLO station=S1", "unknown reply verb HELLO"),
        ("OK", "OK: expected seq= (a record), person= (a lookup) or HELLO"),
        ("OK seq=5 verdict=pass", "OK: id= is missing"),
        ("OK seq=5 id=1", "OK: verdict= is missing"),
        ("OK seq=0 id=1 verdict=pass", "OK: seq=0 is out of range"),
        ("DUP seq=+5 id=1 verdict=pass", "DUP: seq=+5 is not a whole number"),
        ("OK seq=5 id=1 verdict=pass alert=1,,2", "OK: alert=1,,2 is not a list of ids"),
        ("OK seq=5 seq=6 id=1 verdict=pass", "OK: seq is given twice"),
        ("OK seq=5 id=1 verdict=pass until=soon", "OK: until=soon: "),
        ("OK person=138****8000 quarantine=maybe last_temp=-", "OK: quarantine=maybe is neither active nor none"),
        ("OK person=138****8000 quarantine=active last_temp=-", "OK: quarantine=active needs until="),
        ("OK person=138****8000 quarantine=none last_temp=99.0", "OK: last_temp=99.0: "),
        ("OK person=138****8000 quarantine=none last_temp=- clear=maybe", "OK: clear=maybe is neither yes nor no"),
        ("OK person=138****8000 quarantine=none last_temp=- clear=no", "OK: clear=no needs why="),
        ("OK person=138****8000 quarantine=none last_temp=- clear=yes why=fever", "OK: clear=yes does not take why="),
        (
            "OK person=138****8000 quarantine=none last_temp=- clear=no why=quarantine",
            "OK: why=quarantine needs quarantine=active until="
        ),
        ("OK person=138****8000 quarantine=none last_temp=- clear=no why=fever", "OK: why=fever needs since="),
        (
            "OK person=138****8000 quarantine=none last_temp=- clear=no why=fever since=yesterday",
            "OK: since=yesterday: "
        ),
        ("OK person=138****8000 quarantine=none last_temp=- clear=no why=curfew", "OK: why=curfew is neither"),
        ("ERR seq=- code=SYNTAX msg=\"x\"", "ERR: code=SYNTAX is not an E_ code"),
        ("ERR seq=- code=E_SYNTAX", "ERR: msg= is missing"),
        ("ERR seq=- code=E_SYNTAX msg=\"open", "ERR: in msg=: the quoted value has no closing quote"),
        ("OK HELLO station=S1 checkpoint=C proto=2 server=checkpointd/1 fever=37.3",
         "OK HELLO: the daemon speaks proto=2; this build speaks proto=1"),
        ("OK HELLO station=S1 checkpoint=C proto=1 server=other/1 fever=37.3",
         "OK HELLO: server=other/1 is not checkpointd/<version>"),
    ]

    @Test(arguments: malformed)
    func decode_whenMalformed_saysWhatIsWrong(line: String, message: String) {
        do throws(StationReplyError) {
            let reply = try StationReply(parsing: line)
            Issue.record("expected an error, got \(reply)")
        } catch {
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }

    @Test func decode_whenReplyHasUnknownKeysAndVerdicts_skipsThem() throws {
        let reply = try StationReply(parsing: "OK seq=5 id=9 verdict=fever,curfew colour=red")
        #expect(reply == .ok(seq: 5, RecordReceipt(id: 9, verdicts: .fever)))
    }

    /// Issue 15 point 3: `clear=` and its `why=` are read; a daemon older than them (no `clear=`) still reads, with
    /// no clearance.
    @Test func decode_whenLookupCarriesClearance_readsItAndToleratesItsAbsence() throws {
        let until = Timestamp(milliseconds: 1_582_244_100_000)
        let cases: [(String, StationReply)] = [
            (
                "OK person=138****8000 quarantine=none last_temp=36.6",
                .lookup(
                    maskedPerson: "138****8000", quarantineUntil: nil, lastTemperature: Temperature(tenths: 366),
                    clearance: nil)
            ),
            (
                "OK person=138****8000 quarantine=none last_temp=- clear=yes",
                .lookup(maskedPerson: "138****8000", quarantineUntil: nil, lastTemperature: nil, clearance: .clear)
            ),
            (
                "OK clear=no why=quarantine person=138****8000 quarantine=active until=2020-02-21T08:15:00+08:00 "
                    + "last_temp=-",
                .lookup(
                    maskedPerson: "138****8000", quarantineUntil: until, lastTemperature: nil,
                    clearance: .quarantine(until: until))
            ),
            (
                "OK person=138****8000 quarantine=none last_temp=38.2 clear=no why=fever since=2020-02-21T00:15:00Z",
                .lookup(
                    maskedPerson: "138****8000", quarantineUntil: nil, lastTemperature: Temperature(tenths: 382),
                    clearance: .fever(since: until))
            ),
        ]
        for (line, reply) in cases {
            #expect(try StationReply(parsing: line) == reply, "\(line)")
        }
    }

    /// Issue 15: `kind=` in `OK HELLO`; absent is a compound gate, and a kind this build does not know is shown as
    /// one too (a newer daemon's), rather than the terminal refusing the daemon.
    @Test(arguments: [
        ("", CheckpointKind.compound), (" kind=workplace", .workplace), (" kind=visit", .visit),
        (" kind=compound", .compound), (" kind=hospital", .compound),
    ])
    func decode_whenHelloSaysAKindOrNone_givesIt(suffix: String, kind: CheckpointKind) throws {
        let line = "OK HELLO station=S1 checkpoint=plant-1 proto=1 server=checkpointd/1.2.3 fever=37.3" + suffix
        let reply = try StationReply(parsing: line)
        #expect(
            reply
                == .hello(
                    station: "S1", checkpoint: "plant-1", serverVersion: "1.2.3",
                    feverThreshold: Temperature(tenths: 373), kind: kind))
    }

    @Test func decode_whenErrorCodeIsNewer_keepsItsName() throws {
        let reply = try StationReply(parsing: "ERR seq=3 code=E_LATER msg=\"not yet\"")
        guard case .error(let seq, let error) = reply else {
            Issue.record("expected ERR, got \(reply)")
            return
        }
        #expect(seq == 3)
        #expect(error.code.name == "E_LATER")
        #expect(error.message == "not yet")
    }

    @Test func decode_whenUntilInAnotherOffset_givesTheSameInstant() throws {
        let reply = try StationReply(parsing: "DUP seq=1 id=2 verdict=quarantine until=2020-02-21T08:15:00+08:00")
        #expect(
            reply
                == .duplicate(
                    seq: 1,
                    RecordReceipt(
                        id: 2, verdicts: .quarantine, quarantineUntil: Timestamp(milliseconds: 1_582_244_100_000))))
    }
}

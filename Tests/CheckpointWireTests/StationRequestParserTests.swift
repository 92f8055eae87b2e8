import CheckpointCore
import CheckpointWire
import Testing

/// A line that must be refused: the wire code and the seq the `ERR` must echo (`nil` for `seq=-`).
struct RefusalCase: Sendable, CustomTestStringConvertible {
    var line: String
    var code: WireErrorCode
    var seq: Int64?

    init(_ line: String, _ code: WireErrorCode, seq: Int64? = nil) {
        self.line = line
        self.code = code
        self.seq = seq
    }

    var testDescription: String { "\(line.debugDescription) -> \(code)" }
}

@Suite struct StationRequestParserTests {
    static let phone = People.phone

    // MARK: session verbs

    @Test(arguments: [
        ("HELLO station=S1 token=abc", StationRequest.hello(station: "S1", token: "abc")),
        ("HELLO station=S1", .hello(station: "S1", token: nil)),
        ("HELLO station=S1 token=abc proto=1", .hello(station: "S1", token: "abc")),
        ("HELLO proto=1 token=abc station=gate-3.b_2", .hello(station: "gate-3.b_2", token: "abc")),
        ("HELLO\tstation=S1\t token=\"a b\"", .hello(station: "S1", token: "a b")),
        ("PING", .ping),
        ("  PING\t", .ping),
        ("QUIT", .quit),
        ("LOOKUP person=13800138000", .lookup(.phone("13800138000"), document: nil)),
        (#"LOOKUP person="+86 138-0013-8000""#, .lookup(.phone("13800138000"), document: nil)),
        ("LOOKUP person=11010519491231002x", .lookup(.resident("11010519491231002X"), document: nil)),
        ("LOOKUP person=other:E1234567", .lookup(.other("E1234567"), document: nil)),
        (
            "LOOKUP person=13800138000 id=11010519491231002x",
            .lookup(.phone("13800138000"), document: .resident("11010519491231002X"))
        ),
    ])
    func parse_whenSessionLineIsValid_givesTheRequest(line: String, expected: StationRequest) throws {
        #expect(try parseStation(line) == expected)
    }

    // MARK: records

    @Test func parse_whenTempHasRequiredFields_givesARecord() throws {
        let record = try parseRecord("TEMP seq=1 person=13800138000 temp=36.6")
        #expect(record.kind == .temp)
        #expect(record.seq == 1)
        #expect(record.person == .phone("13800138000"))
        #expect(record.temperature == Temperature(tenths: 366))
        #expect(record.timestamp == nil)
        #expect(record.origin == nil)
        #expect(record.note == nil)
    }

    @Test func parse_whenTempHasEveryField_keepsThemAll() throws {
        let record = try parseRecord(#"TEMP seq=7 person=13800138000 temp=37 ts=1581034500000 note="gate 2""#)
        #expect(record.temperature == Temperature(tenths: 370))
        #expect(record.timestamp == Timestamp(milliseconds: 1_581_034_500_000))
        #expect(record.note == "gate 2")
    }

    @Test func parse_whenEntryHasEveryField_keepsThemAll() throws {
        let record = try parseRecord(
            "ENTRY seq=3 person=other:E1234567 temp=36.5 ts=2020-02-07T08:15:00+08:00 origin=outside note=bus")
        #expect(record.kind == .entry)
        #expect(record.person == .other("E1234567"))
        #expect(record.temperature == Temperature(tenths: 365))
        #expect(record.timestamp == Timestamp(milliseconds: 1_581_034_500_000))
        #expect(record.origin == .outside)
        #expect(record.note == "bus")
    }

    @Test(arguments: [
        ("ENTRY seq=2 person=11010519491231002X", RecordKind.entry, Origin?.none),
        ("ENTRY seq=2 person=11010519491231002X origin=local", .entry, .local),
        ("ENTRY origin=outside person=11010519491231002X seq=2", .entry, .outside),
        ("EXIT seq=2 person=11010519491231002X", .exit, nil),
        ("EXIT seq=2 person=11010519491231002X temp=36.6 ts=1581034500000 note=x", .exit, nil),
    ])
    func parse_whenEntryOrExitIsValid_givesKindAndOrigin(line: String, kind: RecordKind, origin: Origin?) throws {
        let record = try parseRecord(line)
        #expect(record.kind == kind)
        #expect(record.seq == 2)
        #expect(record.person == .resident(People.resident))
        #expect(record.origin == origin)
    }

    @Test func parse_whenFieldsAreInAnyOrder_givesTheSameRecord() throws {
        let first = try parseStation("TEMP seq=1 person=13800138000 temp=36.6 ts=1581034500000")
        let second = try parseStation("TEMP ts=1581034500000 temp=36.6 person=13800138000 seq=1")
        #expect(first == second)
    }

    // MARK: seq

    @Test(arguments: [("1", Int64(1)), ("42", 42), ("9007199254740991", 9_007_199_254_740_991)])
    func parse_whenSeqIsInRange_keepsIt(text: String, seq: Int64) throws {
        #expect(try parseRecord("TEMP seq=\(text) person=13800138000 temp=36.6").seq == seq)
        #expect(StationRequestParser.maximumSeq == 9_007_199_254_740_991)
    }

    @Test(arguments: [
        "0", "-1", "9007199254740992", "9223372036854775807", "99999999999999999999", "abc", "1.0", "+1", "1e3",
        "0x10", "", "١", "1_000", #""1 ""#,
    ])
    func parse_whenSeqIsNotAPositiveIntegerBelow2To53_isESeqWithoutEcho(text: String) throws {
        let error = try #require(stationError("TEMP seq=\(text) person=13800138000 temp=36.6"))
        #expect(error.error.code == .seq)
        #expect(error.seq == nil)
    }

    /// SPEC §3 only says "a positive integer"; leading zeros are read as the same number (documents the choice).
    @Test func parse_whenSeqHasLeadingZeros_readsTheSameNumber() throws {
        #expect(try parseRecord("TEMP seq=01 person=13800138000 temp=36.6").seq == 1)
    }

    // MARK: refusals

    static let refusals: [RefusalCase] = [
        RefusalCase("", .syntax),
        RefusalCase(" \t ", .syntax),
        RefusalCase("ping", .verb),
        RefusalCase("Ping", .verb),
        RefusalCase("hello station=S1", .verb),
        RefusalCase("FOO", .verb),
        RefusalCase("HÉLLO station=S1", .verb),
        RefusalCase("TEMPX seq=5 person=13800138000", .verb, seq: 5),
        RefusalCase("temp seq=3 person=13800138000 temp=36.6", .verb, seq: 3),
        RefusalCase("PING extra=1", .field),
        RefusalCase("PING seq=4", .field, seq: 4),
        RefusalCase("QUIT now", .syntax),
        RefusalCase("HELLO", .field),
        RefusalCase("HELLO token=abc", .field),
        RefusalCase("HELLO station=S1 proto=2", .field),
        RefusalCase("HELLO station=S1 proto=0", .field),
        RefusalCase("HELLO station=S1 station=S2", .field),
        RefusalCase("HELLO station=S1 user=x", .field),
        RefusalCase("HELLO station=-bad", .field),
        RefusalCase("HELLO station=_bad", .field),
        RefusalCase(#"HELLO station="a b""#, .field),
        RefusalCase("HELLO station=", .field),
        RefusalCase("HELLO station=a/b", .field),
        RefusalCase("HELLO station=" + String(repeating: "s", count: 33), .field),
        RefusalCase("LOOKUP", .field),
        RefusalCase("LOOKUP person=123", .person),
        RefusalCase("LOOKUP person=", .person),
        RefusalCase("LOOKUP person=13800138000 seq=6", .field, seq: 6),
        RefusalCase("TEMP person=13800138000 temp=36.6", .field),
        RefusalCase("TEMP seq=1 temp=36.6", .field, seq: 1),
        RefusalCase("TEMP seq=1 person=13800138000", .field, seq: 1),
        RefusalCase("ENTRY seq=1", .field, seq: 1),
        RefusalCase("EXIT", .field),
        RefusalCase("TEMP seq=1 person=13800138000 temp=36.6 origin=outside", .field, seq: 1),
        RefusalCase("EXIT seq=1 person=13800138000 origin=local", .field, seq: 1),
        RefusalCase("ENTRY seq=1 person=13800138000 origin=abroad", .field, seq: 1),
        RefusalCase("ENTRY seq=1 person=13800138000 origin=Outside", .field, seq: 1),
        RefusalCase("ENTRY seq=1 person=13800138000 origin=", .field, seq: 1),
        RefusalCase("TEMP seq=1 seq=2 person=13800138000 temp=36.6", .field, seq: 1),
        RefusalCase("TEMP seq=1 person=13800138000 temp=36.6 temp=37", .field, seq: 1),
        RefusalCase("TEMP seq=1 person=13800138000 temp=36.6 color=red", .field, seq: 1),
        RefusalCase("TEMP seq=1 person=13800138000 temp=36.6 Note=x", .field, seq: 1),
        RefusalCase("TEMP seq=9 person=12345 temp=36.6", .person, seq: 9),
        RefusalCase("ENTRY seq=9 person=11010519491231002 ", .person, seq: 9),
        RefusalCase("ENTRY seq=9 person=110105194912310021", .person, seq: 9),
        RefusalCase("TEMP seq=9 person=13800138000 temp=99", .temperature, seq: 9),
        RefusalCase("TEMP seq=9 person=13800138000 temp=36.66", .temperature, seq: 9),
        RefusalCase("ENTRY seq=9 person=13800138000 temp=", .temperature, seq: 9),
        RefusalCase("TEMP seq=9 person=13800138000 temp=36.6 ts=1581034500", .time, seq: 9),
        RefusalCase("TEMP seq=9 person=13800138000 temp=36.6 ts=yesterday", .time, seq: 9),
        RefusalCase("TEMP seq=9 person=13800138000 temp=36.6 ts=2020-02-07T08:15:00", .time, seq: 9),
        RefusalCase("EXIT seq=9 person=13800138000 ts=", .time, seq: 9),
        RefusalCase(#"TEMP seq=8 person=13800138000 temp=36.6 note="open"#, .syntax, seq: 8),
        RefusalCase("TEMP seq=8 person=13800138000 bare", .syntax, seq: 8),
        RefusalCase(#"TEMP seq=8 note=a"b"#, .syntax, seq: 8),
        RefusalCase(#"TEMP note="x"y seq=8"#, .syntax),
        RefusalCase(#"TEMP note="x seq=8"#, .syntax),
        RefusalCase("TEMP seq=0 person=13800138000 note=\"x", .syntax),
    ]

    @Test(arguments: refusals)
    func parse_whenLineIsRefused_givesTheCodeAndEchoesAValidSeq(testCase: RefusalCase) throws {
        let error = try #require(stationError(testCase.line))
        #expect(error.error.code == testCase.code, "\(error.error.message)")
        #expect(error.seq == testCase.seq)
        #expect(!error.error.message.isEmpty)
    }

    @Test func parse_whenLineIsNotUTF8AfterSeq_isSyntax() throws {
        let error = try #require(throws: StationRequestError.self) {
            try StationRequestParser.parse(Array("TEMP seq=3 note=".utf8) + [0xFF])
        }
        #expect(error.error.code == .syntax)
    }

    @Test(arguments: [
        "TEMP seq=1 person=13800138000 temp=36.6 ts=1581034500",
        "TEMP seq=1 person=13800138000 temp=99",
        "TEMP seq=1 person=23456789012 temp=36.6",
    ])
    func parse_whenValueIsRejected_messageDoesNotRepeatTheInput(line: String) throws {
        let error = try #require(stationError(line))
        for value in ["1581034500", "99", "23456789012"] {
            #expect(!error.error.message.contains(value))
        }
    }

    @Test func parse_whenKeyIsUnknown_namesItAndTheAllowedKeys() throws {
        let error = try #require(stationError("EXIT seq=1 person=13800138000 origin=local"))
        #expect(error.error.message.contains("origin"))
        #expect(error.error.message.contains("note, person, seq, temp, ts"))
    }

    @Test func parse_whenRecordLacksSeveralFields_namesThemAll() throws {
        let error = try #require(stationError("TEMP note=x"))
        #expect(error.error.code == .field)
        #expect(error.error.message.contains("person, seq, temp"))
    }
}

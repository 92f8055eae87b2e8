import CheckpointCore
import CheckpointWire
import Testing

/// Issue 15: `id=` carries the resident ID or `other:` id scanned together with a phone.
@Suite struct StationRequestIDTests {
    @Test(arguments: [
        ("TEMP seq=1 person=13911112222 id=500227198501011230 temp=36.6", PersonID.resident("500227198501011230")),
        ("ENTRY seq=1 id=11010519491231002x person=+8613911112222", .resident("11010519491231002X")),
        ("EXIT seq=1 person=13911112222 id=other:E1234567", .other("E1234567")),
    ])
    func parse_whenIDGoesWithAPhone_keepsBoth(line: String, document: PersonID) throws {
        let request = try StationRequestParser.parse(line.utf8)
        guard case .record(let record) = request else {
            Issue.record("not a record: \(request)")
            return
        }
        #expect(record.person == .phone("13911112222"))
        #expect(record.document == document)
        #expect(record.identifiedPerson == document)
        #expect(StationRequest.record(record).line.contains(" id=\(document.normalized)"))
    }

    @Test(arguments: [
        // The form of id= is E_PERSON, as person='s is.
        ("TEMP seq=5 person=13911112222 id=500227198501011231 temp=36.6", WireErrorCode.person, "id: resident ID"),
        ("EXIT seq=5 person=13911112222 id=12345", .person, "id: "),
        ("EXIT seq=5 person=13911112222 id=", .person, "id: "),
        // A phone in id=: say where the phone goes.
        ("EXIT seq=5 person=13911112222 id=13800138000", .field, "put the phone number in person="),
        // id= beside a document in person=: say what to send.
        ("EXIT seq=5 person=11010519491231002X id=500227198501011230", .field, "send person=PHONE id=ID"),
        ("LOOKUP person=other:E1 id=500227198501011230", .field, "send person=PHONE id=ID"),
        ("EXIT seq=5 person=13911112222 id=500227198501011230 id=500227198501011230", .field, "id is given twice"),
    ])
    func parse_whenIDIsWrong_saysWhatToSend(line: String, code: WireErrorCode, message: String) throws {
        let error = try #require(throws: StationRequestError.self) { try StationRequestParser.parse(line.utf8) }
        #expect(error.error.code == code, "\(error.error.message)")
        #expect(error.error.message.contains(message), "\(error.error.message)")
        #expect(error.seq == (line.hasPrefix("LOOKUP") ? nil : 5))
        #expect(!error.error.message.contains("500227198501011230"), "the message does not repeat the ID")
    }

    @Test func parse_whenPersonIsBadAndIDIsBadToo_reportsThePersonFirst() throws {
        let error = try #require(throws: StationRequestError.self) {
            try StationRequestParser.parse("EXIT seq=5 person=12 id=13800138000".utf8)
        }
        #expect(error.error.code == .person)
        #expect(!error.error.message.hasPrefix("id:"))
    }

    @Test func parse_whenIDIsOnAVerbThatTakesNone_isAnUnknownKey() throws {
        let error = try #require(throws: StationRequestError.self) {
            try StationRequestParser.parse("HELLO station=S1 id=500227198501011230".utf8)
        }
        #expect(error.error.code == .field)
        #expect(error.error.message.contains("unknown key id"))
    }
}

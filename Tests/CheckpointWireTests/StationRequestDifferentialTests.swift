import CheckpointCore
import CheckpointWire
import Testing

/// The byte-level `StationRequestParser` and `LineTokenizer` against the implementations they replaced
/// (`ReferenceStationRequestParser`, `ReferenceLineTokenizer`): for every generated line the same request, or the
/// same error code, message and echoed seq; the same tokens, or the same failure.
@Suite struct StationRequestDifferentialTests {
    static let linesPerSeed = 4_000

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func parse_whenGivenGeneratedLines_matchesTheReferenceParser(seed: UInt64) {
        var generator = StationLineGenerator(seed: seed)
        var mismatches = 0
        for _ in 0..<Self.linesPerSeed {
            let line = generator.line()
            let expected = StationOutcome.reference(line)
            let actual = StationOutcome.library(line)
            if actual != expected {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("\(Array(line)) \(String(decoding: line, as: UTF8.self).debugDescription): \(actual) != \(expected)")
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test(arguments: [UInt64(11), 12])
    func tokenize_whenGivenGeneratedLines_matchesTheReferenceTokenizer(seed: UInt64) {
        var generator = StationLineGenerator(seed: seed)
        var mismatches = 0
        for _ in 0..<Self.linesPerSeed {
            let line = generator.line()
            let expected = TokenOutcome.reference(line)
            let actual = TokenOutcome.library(line)
            if actual != expected {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("\(String(decoding: line, as: UTF8.self).debugDescription): \(actual) != \(expected)")
                }
            }
        }
        #expect(mismatches == 0)
    }

    /// The server hands the parser a `ByteBufferView`; stations and tests arrays, slices and `String.UTF8View`s.
    /// Contiguous or not, offset or not, the result is the same.
    @Test(arguments: [UInt64(21)])
    func parse_whenTheLineIsAnotherCollection_givesTheSameResult(seed: UInt64) {
        var generator = StationLineGenerator(seed: seed)
        for _ in 0..<1_000 {
            let line = generator.line()
            let expected = StationOutcome.library(line)
            let padded = [0x41, 0x20] + line + [0x20, 0x22]
            #expect(StationOutcome.library(padded[2..<(padded.count - 2)]) == expected)
            #expect(StationOutcome.library(NonContiguousBytes(bytes: line)) == expected)
            if let text = String(validating: line, as: UTF8.self) {
                #expect(StationOutcome.library(text.utf8) == expected)
                #expect(StationOutcome.library(("xy" + text).utf8.dropFirst(2)) == expected)
            }
        }
    }

    /// Lines of every length around the 8-byte steps of the scanner, each byte of a record line in turn cut off
    /// or replaced by each byte the grammar cares about.
    @Test func parse_whenARecordLineIsCutOrChangedAtEveryByte_matchesTheReferenceParser() {
        let lines = [
            "TEMP seq=12 person=13800138000 temp=36.6 ts=1581034500000",
            "ENTRY seq=9007199254740991 person=+86 origin=outside note=\"a \\\"b\\\" c\" temp=37",
            "HELLO station=gate-3 token=\"s e\" proto=1",
            "LOOKUP\tperson=11010519491231002x",
        ]
        let replacements: [UInt8] = [0x20, 0x09, 0x22, 0x5C, 0x3D, 0x00, 0x41, 0x31, 0x2E, 0x80, 0xFF]
        for text in lines {
            let line = Array(text.utf8)
            for end in 0...line.count {
                let cut = Array(line[..<end])
                #expect(StationOutcome.library(cut) == StationOutcome.reference(cut), "\(cut)")
            }
            for index in line.indices {
                for byte in replacements {
                    var changed = line
                    changed[index] = byte
                    #expect(StationOutcome.library(changed) == StationOutcome.reference(changed), "\(changed)")
                }
            }
        }
    }
}

/// A collection of bytes without contiguous storage (the parser's fallback path).
struct NonContiguousBytes: Collection {
    var bytes: [UInt8]
    var startIndex: Int { 0 }
    var endIndex: Int { bytes.count }
    func index(after index: Int) -> Int { index + 1 }
    subscript(position: Int) -> UInt8 { bytes[position] }
}

/// What a parser made of a line, compared byte for byte (`String` equality would accept a different but
/// canonically equivalent text).
enum StationOutcome: Equatable, CustomStringConvertible {
    case request(String)
    case refused(code: String, message: [UInt8], seq: Int64?)

    static func library(_ line: some Collection<UInt8>) -> StationOutcome {
        do throws(StationRequestError) {
            return .request(describe(try StationRequestParser.parse(line)))
        } catch {
            return .refused(code: error.error.code.name, message: Array(error.error.message.utf8), seq: error.seq)
        }
    }

    static func reference(_ line: some Collection<UInt8>) -> StationOutcome {
        do throws(ReferenceStationRequestParser.Refusal) {
            return .request(describe(try ReferenceStationRequestParser.parse(line)))
        } catch {
            return .refused(code: error.error.code.name, message: Array(error.error.message.utf8), seq: error.seq)
        }
    }

    static func describe(_ request: StationRequest) -> String {
        switch request {
        case .hello(let station, let token): describeHello(station, token)
        case .ping: "ping"
        case .quit: "quit"
        case .lookup(let person): "lookup \(describe(person))"
        case .record(let record):
            describeRecord(
                record.kind, record.seq, record.person, record.temperature, record.timestamp, record.origin, record.note)
        }
    }

    static func describe(_ request: ReferenceStationRequestParser.Request) -> String {
        switch request {
        case .hello(let station, let token): describeHello(station, token)
        case .ping: "ping"
        case .quit: "quit"
        case .lookup(let person): "lookup \(describe(person))"
        case .record(let record):
            describeRecord(
                record.kind, record.seq, record.person, record.temperature, record.timestamp, record.origin, record.note)
        }
    }

    static func describeHello(_ station: String, _ token: String?) -> String {
        "hello station=\(Array(station.utf8)) token=\(token.map { Array($0.utf8) } as Any)"
    }

    static func describeRecord(
        _ kind: RecordKind, _ seq: Int64, _ person: PersonID, _ temperature: Temperature?, _ timestamp: Timestamp?,
        _ origin: Origin?, _ note: String?
    ) -> String {
        "record \(kind) seq=\(seq) person=\(describe(person)) temp=\(temperature?.tenths as Any) "
            + "ts=\(timestamp?.milliseconds as Any) origin=\(origin as Any) note=\(note.map { Array($0.utf8) } as Any)"
    }

    static func describe(_ person: PersonID) -> String {
        switch person {
        case .phone(let text): "phone:\(Array(text.utf8))"
        case .resident(let text): "resident:\(Array(text.utf8))"
        case .other(let text): "other:\(Array(text.utf8))"
        }
    }

    var description: String {
        switch self {
        case .request(let text): text
        case .refused(let code, let message, let seq): "\(code) seq=\(seq as Any) \(String(decoding: message, as: UTF8.self))"
        }
    }
}

/// What a tokenizer made of a line.
enum TokenOutcome: Equatable {
    case tokens(verb: [UInt8], fields: [[UInt8]])
    case failed(code: String, message: [UInt8], verb: [UInt8]?, fieldsBefore: [[UInt8]])

    static func library(_ line: [UInt8]) -> TokenOutcome {
        do throws(LineTokenizer.Failure) {
            let tokens = try LineTokenizer.tokenize(line)
            return .tokens(verb: Array(tokens.verb.utf8), fields: flatten(tokens.fields))
        } catch {
            return .failed(
                code: error.error.code.name, message: Array(error.error.message.utf8), verb: error.verb.map { Array($0.utf8) },
                fieldsBefore: flatten(error.fieldsBefore))
        }
    }

    static func reference(_ line: [UInt8]) -> TokenOutcome {
        do throws(ReferenceLineTokenizer.Failure) {
            let tokens = try ReferenceLineTokenizer.tokenize(line)
            return .tokens(verb: Array(tokens.verb.utf8), fields: flatten(tokens.fields))
        } catch {
            return .failed(
                code: error.error.code.name, message: Array(error.error.message.utf8), verb: error.verb.map { Array($0.utf8) },
                fieldsBefore: flatten(error.fieldsBefore))
        }
    }

    private static func flatten(_ fields: [(key: String, value: String)]) -> [[UInt8]] {
        fields.flatMap { [Array($0.key.utf8), Array($0.value.utf8)] }
    }
}

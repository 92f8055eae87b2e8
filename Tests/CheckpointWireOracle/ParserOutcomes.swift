import CheckpointCore
import CheckpointWire

// The outcomes the differential tests and the differential fuzz target compare: what the library parser and the
// reference (an independent oracle, labelled as such) make of the same bytes.

/// What a parser made of a line, compared byte for byte (`String` equality would accept a different but
/// canonically equivalent text).
public enum StationOutcome: Equatable, CustomStringConvertible {
    case request(String)
    case refused(code: String, message: [UInt8], seq: Int64?)

    public static func library(_ line: some Collection<UInt8>) -> StationOutcome {
        do throws(StationRequestError) {
            return .request(describe(try StationRequestParser.parse(line)))
        } catch {
            return .refused(code: error.error.code.name, message: Array(error.error.message.utf8), seq: error.seq)
        }
    }

    public static func reference(_ line: some Collection<UInt8>) -> StationOutcome {
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
        case .lookup(let person, let document): "lookup \(describe(person)) id=\(document.map(describe) ?? "-")"
        case .record(let record):
            describeRecord(
                record.kind, record.seq, record.person, record.document, record.temperature, record.timestamp,
                record.origin, record.note)
        }
    }

    static func describe(_ request: ReferenceStationRequestParser.Request) -> String {
        switch request {
        case .hello(let station, let token): describeHello(station, token)
        case .ping: "ping"
        case .quit: "quit"
        case .lookup(let person, let document): "lookup \(describe(person)) id=\(document.map(describe) ?? "-")"
        case .record(let record):
            describeRecord(
                record.kind, record.seq, record.person, record.document, record.temperature, record.timestamp,
                record.origin, record.note)
        }
    }

    static func describeHello(_ station: String, _ token: String?) -> String {
        "hello station=\(Array(station.utf8)) token=\(token.map { Array($0.utf8) } as Any)"
    }

    static func describeRecord(
        _ kind: RecordKind, _ seq: Int64, _ person: PersonID, _ document: PersonID?, _ temperature: Temperature?,
        _ timestamp: Timestamp?, _ origin: Origin?, _ note: String?
    ) -> String {
        "record \(kind) seq=\(seq) person=\(describe(person)) id=\(document.map(describe) ?? "-") temp=\(temperature?.tenths as Any) "
            + "ts=\(timestamp?.milliseconds as Any) origin=\(origin as Any) note=\(note.map { Array($0.utf8) } as Any)"
    }

    static func describe(_ person: PersonID) -> String {
        switch person {
        case .phone(let text): "phone:\(Array(text.utf8))"
        case .resident(let text): "resident:\(Array(text.utf8))"
        case .other(let text): "other:\(Array(text.utf8))"
        }
    }

    public var description: String {
        switch self {
        case .request(let text): text
        case .refused(let code, let message, let seq): "\(code) seq=\(seq as Any) \(String(decoding: message, as: UTF8.self))"
        }
    }
}

/// What a tokenizer made of a line.
public enum TokenOutcome: Equatable {
    case tokens(verb: [UInt8], fields: [[UInt8]])
    case failed(code: String, message: [UInt8], verb: [UInt8]?, fieldsBefore: [[UInt8]])

    public static func library(_ line: [UInt8]) -> TokenOutcome {
        do throws(LineTokenizer.Failure) {
            let tokens = try LineTokenizer.tokenize(line)
            return .tokens(verb: Array(tokens.verb.utf8), fields: flatten(tokens.fields))
        } catch {
            return .failed(
                code: error.error.code.name, message: Array(error.error.message.utf8), verb: error.verb.map { Array($0.utf8) },
                fieldsBefore: flatten(error.fieldsBefore))
        }
    }

    public static func reference(_ line: [UInt8]) -> TokenOutcome {
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

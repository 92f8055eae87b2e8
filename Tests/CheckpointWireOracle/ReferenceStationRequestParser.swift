import CheckpointCore
import CheckpointWire

/// The station line parser as it was before the byte-level rewrite (tokenizer to `[(String, String)]`, a
/// `[String: String]` field table, `Set<String>` key checks), kept verbatim apart from returning test-local types
/// (`Request`, `Record`, `Refusal`: the library's memberwise initialisers are internal). `StationRequestDifferentialTests` requires the library
/// parser to give exactly what this one gives for every line it generates: the request, or the error code, the
/// message and the echoed seq.
enum ReferenceStationRequestParser {
    struct Refusal: Error, Equatable {
        var error: WireError
        var seq: Int64?
    }

    /// `StationRequest`, field for field.
    enum Request {
        case hello(station: String, token: String?)
        case ping
        case quit
        case record(Record)
        case lookup(PersonID, document: PersonID?)
    }

    /// `Record`, field for field.
    struct Record {
        var kind: RecordKind
        var seq: Int64
        var person: PersonID
        var document: PersonID?
        var temperature: Temperature?
        var timestamp: Timestamp?
        var origin: Origin?
        var note: String?
    }

    static let maximumSeq: Int64 = (1 << 53) - 1

    private static let recordKeys: [RecordKind: (required: Set<String>, optional: Set<String>)] = [
        .temp: (["seq", "person", "temp"], ["id", "ts", "note"]),
        .entry: (["seq", "person"], ["id", "temp", "ts", "origin", "note"]),
        .exit: (["seq", "person"], ["id", "temp", "ts", "note"]),
    ]

    static func parse(_ line: some Collection<UInt8>) throws(Refusal) -> Request {
        let tokens: ReferenceLineTokenizer.Tokens
        do throws(ReferenceLineTokenizer.Failure) {
            tokens = try ReferenceLineTokenizer.tokenize(line)
        } catch {
            throw Refusal(error: error.error, seq: validSeq(in: error.fieldsBefore))
        }
        let seq = validSeq(in: tokens.fields)
        do throws(WireError) {
            return try request(from: tokens, seq: seq)
        } catch {
            throw Refusal(error: error, seq: seq)
        }
    }

    private static func request(from tokens: ReferenceLineTokenizer.Tokens, seq: Int64?) throws(WireError) -> Request {
        switch tokens.verb {
        case "HELLO":
            let fields = try fieldTable(tokens, required: ["station"], optional: ["token", "proto"])
            if let proto = fields["proto"], proto != String(WireProtocol.stationVersion) {
                throw WireError(.field, "proto=\(proto) is not supported; this server speaks proto=1")
            }
            let station = fields["station"] ?? ""
            guard Identifier.isValid(station) else {
                throw WireError(.field, "station must be 1-32 of A-Z a-z 0-9 _ . - starting with a letter or digit")
            }
            if let token = fields["token"],
                let control = token.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
            {
                throw WireError(.field, InertText.refusal(field: "token", character: control))
            }
            return .hello(station: station, token: fields["token"])
        case "PING":
            _ = try fieldTable(tokens, required: [], optional: [])
            return .ping
        case "QUIT":
            _ = try fieldTable(tokens, required: [], optional: [])
            return .quit
        case "LOOKUP":
            let fields = try fieldTable(tokens, required: ["person"], optional: ["id"])
            let person = try person(fields["person"] ?? "")
            return .lookup(person, document: try document(fields["id"], with: person))
        case "TEMP", "ENTRY", "EXIT":
            guard let kind = RecordKind(rawValue: tokens.verb), let keys = recordKeys[kind] else {
                throw WireError(.verb, "unknown verb")
            }
            let fields = try fieldTable(tokens, required: [], optional: keys.required.union(keys.optional))
            if fields["seq"] != nil, seq == nil {
                throw WireError(.seq, "seq must be a whole number from 1 to 9007199254740991 (2^53-1)")
            }
            let missing = keys.required.subtracting(fields.keys).sorted()
            guard missing.isEmpty else {
                throw WireError(.field, "\(tokens.verb) needs \(missing.joined(separator: ", "))")
            }
            guard let seq else { throw WireError(.seq, "seq is missing") }
            let person = try person(fields["person"] ?? "")
            var record = Record(
                kind: kind, seq: seq, person: person, document: try document(fields["id"], with: person),
                temperature: nil, timestamp: nil, origin: nil, note: fields["note"])
            if let text = fields["temp"] {
                do throws(ValidationError) {
                    record.temperature = try Temperature(parsing: text)
                } catch {
                    throw WireError(.temperature, error.message)
                }
            }
            if let text = fields["ts"] {
                do throws(ValidationError) {
                    record.timestamp = try Timestamp(wire: text)
                } catch {
                    throw WireError(.time, error.message)
                }
            }
            if let text = fields["origin"] {
                guard let origin = Origin(rawValue: text) else {
                    throw WireError(.field, "origin must be local or outside")
                }
                record.origin = origin
            }
            if let note = record.note,
                let control = note.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
            {
                throw WireError(.field, InertText.refusal(field: "note", character: control))
            }
            return .record(record)
        default:
            if tokens.verb.uppercased() != tokens.verb || tokens.verb.contains(where: { !$0.isASCII }) {
                throw WireError(.verb, """
                    verbs are upper case: HELLO, PING, QUIT, TEMP, ENTRY, EXIT, LOOKUP
                    """)
            }
            throw WireError(.verb, "unknown verb; expected HELLO, PING, QUIT, TEMP, ENTRY, EXIT or LOOKUP")
        }
    }

    private static func fieldTable(
        _ tokens: ReferenceLineTokenizer.Tokens, required: Set<String>, optional: Set<String>
    ) throws(WireError) -> [String: String] {
        var table: [String: String] = [:]
        for (key, value) in tokens.fields {
            guard required.contains(key) || optional.contains(key) else {
                let allowed = required.union(optional).sorted()
                let hint = allowed.isEmpty ? "\(tokens.verb) takes no fields" : "\(tokens.verb) takes \(allowed.joined(separator: ", "))"
                throw WireError(.field, "unknown key \(ReferenceLineTokenizer.quoteIfNeeded(String(key.prefix(32)))): \(hint)")
            }
            guard table[key] == nil else { throw WireError(.field, "\(key) is given twice") }
            table[key] = value
        }
        let missing = required.subtracting(table.keys).sorted()
        guard missing.isEmpty else {
            throw WireError(.field, "\(tokens.verb) needs \(missing.joined(separator: ", "))")
        }
        return table
    }

    private static func person(_ text: String) throws(WireError) -> PersonID {
        do throws(ValidationError) {
            return try PersonID(parsing: text)
        } catch {
            throw WireError(.person, error.message)
        }
    }

    /// Issue 15: `id=` is a resident ID or `other:` id, beside a phone in `person=`.
    private static func document(_ text: String?, with person: PersonID) throws(WireError) -> PersonID? {
        guard let text else { return nil }
        let document: PersonID
        do throws(ValidationError) {
            document = try PersonID(parsing: text)
        } catch {
            throw WireError(.person, "id: \(error.message)")
        }
        if case .phone = document {
            throw WireError(
                .field, "id= takes the resident ID or other:ID scanned with the phone; put the phone number in person=")
        }
        guard case .phone = person else {
            throw WireError(
                .field, "id= goes with a phone number in person=: send person=PHONE id=ID, or the ID alone in person=")
        }
        return document
    }

    static func validSeq(in fields: [(key: String, value: String)]) -> Int64? {
        guard let text = fields.first(where: { $0.key == "seq" })?.value,
              !text.isEmpty, text.utf8.count <= 16, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let value = Int64(text), value >= 1, value <= maximumSeq
        else { return nil }
        return value
    }
}

/// `LineTokenizer` as it was before the byte-level rewrite, kept verbatim for the differential tests.
enum ReferenceLineTokenizer {
    struct Tokens {
        var verb: String
        var fields: [(key: String, value: String)]
    }

    struct Failure: Error {
        var error: WireError
        var verb: String?
        var fieldsBefore: [(key: String, value: String)]
    }

    static func tokenize(_ line: some Collection<UInt8>) throws(Failure) -> Tokens {
        let bytes = Array(line)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Failure(error: WireError(.syntax, "the line is not valid UTF-8"), verb: nil, fieldsBefore: [])
        }
        var index = 0
        skipBlanks(bytes, &index)
        guard index < bytes.count else {
            throw Failure(error: WireError(.syntax, "empty line: send a verb such as PING"), verb: nil, fieldsBefore: [])
        }
        let verbStart = index
        while index < bytes.count && !isBlank(bytes[index]) { index += 1 }
        let verb = string(bytes[verbStart..<index])
        var fields: [(key: String, value: String)] = []
        while true {
            skipBlanks(bytes, &index)
            guard index < bytes.count else { break }
            let keyStart = index
            while index < bytes.count && bytes[index] != UInt8(ascii: "=") && !isBlank(bytes[index]) { index += 1 }
            let key = string(bytes[keyStart..<index])
            guard index < bytes.count, bytes[index] == UInt8(ascii: "="), !key.isEmpty else {
                throw Failure(
                    error: WireError(.syntax, "expected key=value, got a bare word at byte \(keyStart + 1)"),
                    verb: verb, fieldsBefore: fields)
            }
            index += 1
            let value: String
            if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                index += 1
                var unescaped: [UInt8] = []
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: "\"") { closed = true; break }
                    if byte == UInt8(ascii: "\\") {
                        guard index < bytes.count,
                              bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "\\")
                        else {
                            throw Failure(
                                error: WireError(.syntax, "in \(key)=: only \\\" and \\\\ may follow a backslash"),
                                verb: verb, fieldsBefore: fields)
                        }
                        unescaped.append(bytes[index])
                        index += 1
                        continue
                    }
                    unescaped.append(byte)
                }
                guard closed else {
                    throw Failure(
                        error: WireError(.syntax, "in \(key)=: the quoted value has no closing quote"),
                        verb: verb, fieldsBefore: fields)
                }
                guard index == bytes.count || isBlank(bytes[index]) else {
                    throw Failure(
                        error: WireError(.syntax, "in \(key)=: a closing quote must be followed by a space"),
                        verb: verb, fieldsBefore: fields)
                }
                value = string(unescaped[...])
            } else {
                let valueStart = index
                while index < bytes.count && !isBlank(bytes[index]) {
                    if bytes[index] == UInt8(ascii: "\"") {
                        throw Failure(
                            error: WireError(.syntax, "in \(key)=: quote the whole value, not part of it"),
                            verb: verb, fieldsBefore: fields)
                    }
                    index += 1
                }
                value = string(bytes[valueStart..<index])
            }
            fields.append((key, value))
        }
        return Tokens(verb: verb, fields: fields)
    }

    static func quoteIfNeeded(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.utf8.contains {
            isBlank($0) || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "=")
                || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }
        return needsQuotes ? quote(value) : value
    }

    static func quote(_ value: String) -> String {
        var result = "\""
        for character in value.unicodeScalars {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n", "\r": result += " "
            default: result.unicodeScalars.append(character)
            }
        }
        return result + "\""
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func skipBlanks(_ bytes: [UInt8], _ index: inout Int) {
        while index < bytes.count && isBlank(bytes[index]) { index += 1 }
    }

    private static func string(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

public import CheckpointCore

/// One parsed line from a station (SPEC §3).
public enum StationRequest: Sendable, Equatable {
    case hello(station: String, token: String?)
    case ping
    case quit
    case record(RecordRequest)
    case lookup(PersonID)
}

/// A `TEMP`, `ENTRY` or `EXIT` line, validated except for the time rules that need a clock (`resolvedTime`).
public struct RecordRequest: Sendable, Equatable {
    public var kind: RecordKind
    public var seq: Int64
    public var person: PersonID
    public var temperature: Temperature?
    public var timestamp: Timestamp?
    public var origin: Origin?
    public var note: String?

    /// How far ahead of the daemon's clock a `ts` may be (SPEC §3: 5 minutes).
    public static let maximumFutureMilliseconds: Int64 = 5 * 60 * 1000

    /// The record's time: `ts`, or `now` when absent. A `ts` more than 5 minutes ahead, or older than the
    /// retention period (SPEC §10, so idempotency holds for every record kept), is `E_TIME`.
    public func resolvedTime(now: Timestamp, retentionDays: Int) throws(WireError) -> Timestamp {
        guard let timestamp else { return now }
        if timestamp.milliseconds > now.milliseconds + RecordRequest.maximumFutureMilliseconds {
            throw WireError(.time, "ts is more than 5 minutes in the future: check the terminal's clock")
        }
        if timestamp.milliseconds < now.milliseconds - Int64(retentionDays) * 86_400_000 {
            throw WireError(.time, "ts is older than the \(retentionDays)-day retention period; the record cannot be kept")
        }
        return timestamp
    }
}

/// A line that could not be parsed: the error, and the seq to echo when one was read (SPEC §10).
public struct StationRequestError: Error, Sendable, Equatable {
    public var error: WireError
    public var seq: Int64?
}

public enum StationRequestParser {
    /// The most a `seq` may be: 2^53 - 1 (SPEC §3, so it survives JSON doubles).
    public static let maximumSeq: Int64 = (1 << 53) - 1

    private static let recordKeys: [RecordKind: (required: Set<String>, optional: Set<String>)] = [
        .temp: (["seq", "person", "temp"], ["ts", "note"]),
        .entry: (["seq", "person"], ["temp", "ts", "origin", "note"]),
        .exit: (["seq", "person"], ["temp", "ts", "note"]),
    ]

    public static func parse(_ line: some Collection<UInt8>) throws(StationRequestError) -> StationRequest {
        let tokens: TokenizedLine
        do throws(LineTokenizer.Failure) {
            tokens = try LineTokenizer.tokenize(line)
        } catch {
            throw StationRequestError(error: error.error, seq: validSeq(in: error.fieldsBefore))
        }
        let seq = validSeq(in: tokens.fields)
        do throws(WireError) {
            return try request(from: tokens, seq: seq)
        } catch {
            throw StationRequestError(error: error, seq: seq)
        }
    }

    private static func request(from tokens: TokenizedLine, seq: Int64?) throws(WireError) -> StationRequest {
        switch tokens.verb {
        case "HELLO":
            let fields = try fieldTable(tokens, required: ["station"], optional: ["token", "proto"])
            if let proto = fields["proto"], proto != String(WireProtocol.stationVersion) {
                throw WireError(.field, "proto=\(proto) is not supported; this server speaks proto=1")
            }
            // Safe because "station" is required and fieldTable checked it is there.
            let station = fields["station"] ?? ""
            guard Identifier.isValid(station) else {
                throw WireError(.field, "station must be 1-32 of A-Z a-z 0-9 _ . - starting with a letter or digit")
            }
            return .hello(station: station, token: fields["token"])
        case "PING":
            _ = try fieldTable(tokens, required: [], optional: [])
            return .ping
        case "QUIT":
            _ = try fieldTable(tokens, required: [], optional: [])
            return .quit
        case "LOOKUP":
            let fields = try fieldTable(tokens, required: ["person"], optional: [])
            return .lookup(try person(fields["person"] ?? ""))
        case "TEMP", "ENTRY", "EXIT":
            // Safe because the three verbs are exactly RecordKind's raw values.
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
            // Safe because seq is required (checked just above) and was validated.
            guard let seq else { throw WireError(.seq, "seq is missing") }
            var record = RecordRequest(
                kind: kind, seq: seq, person: try person(fields["person"] ?? ""), temperature: nil, timestamp: nil,
                origin: nil, note: fields["note"])
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

    /// The fields as a table: unknown and duplicate keys are `E_FIELD`, missing required ones too.
    private static func fieldTable(
        _ tokens: TokenizedLine, required: Set<String>, optional: Set<String>
    ) throws(WireError) -> [String: String] {
        var table: [String: String] = [:]
        for (key, value) in tokens.fields {
            guard required.contains(key) || optional.contains(key) else {
                let allowed = required.union(optional).sorted()
                let hint = allowed.isEmpty ? "\(tokens.verb) takes no fields" : "\(tokens.verb) takes \(allowed.joined(separator: ", "))"
                throw WireError(.field, "unknown key \(LineTokenizer.quoteIfNeeded(String(key.prefix(32)))): \(hint)")
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

    /// The seq to echo in `ERR`: the first `seq=` field, if it is a valid one.
    static func validSeq(in fields: [(key: String, value: String)]) -> Int64? {
        guard let text = fields.first(where: { $0.key == "seq" })?.value,
              !text.isEmpty, text.utf8.count <= 16, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let value = Int64(text), value >= 1, value <= maximumSeq
        else { return nil }
        return value
    }
}

/// Checkpoint, station and grid ids (SPEC §2): `[A-Za-z0-9][A-Za-z0-9_.-]{0,31}`.
public enum Identifier {
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= 32, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
            || $0 == UInt8(ascii: "-") }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }
}

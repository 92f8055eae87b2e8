public import CheckpointCore

/// One parsed line from a station (SPEC §3).
public enum StationRequest: Sendable, Equatable {
    case hello(station: String, token: String?)
    case ping
    case quit
    /// A `TEMP`, `ENTRY` or `EXIT` line.
    case record(Record)
    /// `LOOKUP person=<p> [id=<document>]`: with `id=`, the document's person is looked up (issue 15).
    case lookup(PersonID, document: PersonID?)
}

/// The time rules Wire applies to a record.
extension Record {
    /// How far ahead of the daemon's clock a `ts` may be (SPEC §3: 5 minutes).
    public static let maximumFutureMilliseconds: Int64 = 5 * Timestamp.millisecondsPerMinute

    /// The record's time: `ts`, or `now` when absent. A `ts` more than 5 minutes ahead, or older than the
    /// retention period (SPEC §10, so idempotency holds for every record kept), is `E_TIME`.
    public func resolvedTime(now: Timestamp, retentionDays: Int) throws(WireError) -> Timestamp {
        guard let timestamp else { return now }
        if timestamp.milliseconds > now.milliseconds + Record.maximumFutureMilliseconds {
            throw WireError(.time, "ts is more than 5 minutes in the future: check the terminal's clock")
        }
        if timestamp.milliseconds < now.milliseconds - Int64(retentionDays) * Timestamp.millisecondsPerDay {
            throw WireError(
                .time, "ts is older than the \(retentionDays)-day retention period; the record cannot be kept")
        }
        return timestamp
    }
}

/// A line that could not be parsed: the error, and the seq to echo when one was read (SPEC §10).
public struct StationRequestError: Error, Sendable, Equatable {
    public var error: WireError
    public var seq: Int64?
}

/// Reads station lines (SPEC §3) in one pass over the bytes: the verb and each key are recognised by their bytes,
/// values stay positions in the line until a part of the request needs them, and `seq`, common temperatures,
/// 13-digit `ts` and 11-digit mobile numbers are read straight from the bytes. Anything less common goes through
/// the same CheckpointCore parsers as before (`PersonID(parsing:)`, `Temperature(parsing:)`, `Timestamp(wire:)`),
/// so results and messages are the same either way.
///
/// What is reported when a line has several problems (tests pin it):
/// 1. invalid UTF-8 anywhere (`E_SYNTAX`), then an empty line, then the first malformed field (`E_SYNTAX`);
/// 2. an unknown verb (`E_VERB`);
/// 3. the first unknown or repeated key, in field order (`E_FIELD`);
/// 4. for `HELLO` and `LOOKUP` a missing key, then their values (`proto`, then `station`; `person`, then `id`);
///    for records an invalid `seq` (`E_SEQ`), the missing keys (`E_FIELD`, all named), then `person`, `id`,
///    `temp`, `ts` and `origin`, in that order.
/// Every error echoes the first `seq=` field of the line when it is valid, even on a verb that takes none; after
/// a syntax error, only a `seq=` field read before the malformed one counts.
public enum StationRequestParser {
    /// The most a `seq` may be: 2^53 - 1 (SPEC §3, so it survives JSON doubles).
    public static let maximumSeq: Int64 = (1 << 53) - 1

    public static func parse(_ line: some Collection<UInt8>) throws(StationRequestError) -> StationRequest {
        let result =
            line.withContiguousStorageIfAvailable(parse(bytes:))
            ?? Array(line).withUnsafeBufferPointer(parse(bytes:))
        return try result.get()
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Result<StationRequest, StationRequestError> {
        guard LineScanner.isValidUTF8(bytes) else {
            return .failure(StationRequestError(error: LineScanner.notUTF8, seq: nil))
        }
        var scanner = LineScanner(bytes)
        guard let verbRange = scanner.verb() else {
            return .failure(StationRequestError(error: LineScanner.emptyLine, seq: nil))
        }
        // Built in place (the fields are a few hundred bytes: no copies of them per line).
        var line = StationLine(bytes: bytes, verbRange: verbRange, verb: StationVerb(bytes, verbRange))
        while true {
            let field: LineScanner.Field?
            do throws(LineScanner.Failure) {
                field = try scanner.nextField()
            } catch {
                return .failure(StationRequestError(error: error.wireError(in: bytes), seq: line.fields.echoSeq(bytes)))
            }
            guard let field else { break }
            line.fields.add(field, bytes)
        }
        let seq = line.fields.echoSeq(bytes)
        line.seq = seq
        do throws(WireError) {
            return .success(try line.request())
        } catch {
            return .failure(StationRequestError(error: error, seq: seq))
        }
    }
}

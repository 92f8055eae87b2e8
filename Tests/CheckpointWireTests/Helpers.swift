import CheckpointCore
import CheckpointWire
import Testing

/// Parses a station line given as text (the framing has already removed the line end).
func parseStation(_ line: String) throws(StationRequestError) -> StationRequest {
    try StationRequestParser.parse(line.utf8)
}

/// The error a station line is refused with, or `nil` (recorded as an issue) when it parses.
func stationError(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> StationRequestError? {
    do throws(StationRequestError) {
        let request = try parseStation(line)
        Issue.record("expected an error, got \(request)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// The record a `TEMP`/`ENTRY`/`EXIT` line parses to; any other outcome is a failure.
func parseRecord(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Record {
    guard case .record(let record) = try parseStation(line) else {
        Issue.record("expected a record from \(line)", sourceLocation: sourceLocation)
        throw RecordExpected()
    }
    return record
}

struct RecordExpected: Error {}

/// The `WireError` `body` throws, or `nil` (recorded as an issue) when it returns normally.
func wireError<Value>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(WireError) -> Value
) -> WireError? {
    do throws(WireError) {
        let value = try body()
        Issue.record("expected a WireError, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// A well-formed mobile number and a resident ID with a valid GB 11643 check character.
enum People {
    static let phone = "13800138000"
    static let resident = "11010519491231002X"
}
